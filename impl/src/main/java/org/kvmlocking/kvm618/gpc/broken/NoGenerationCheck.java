package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.MemslotSet;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design no_generation_check_gpc_618): kvm_gpc_check without the memslot generation test
 * ("the mmu_notifier invalidates the cache when its page goes"). A memslot change that moves the
 * gpa to another hva invalidates no hva: the cache stays valid for the old hva, and the check
 * accepts a GPA-based cache whose uhva the memslots no longer give its gpa. Caught by
 * GpcSlotCurrent.
 */
public final class NoGenerationCheck extends KvmGpc {
    public NoGenerationCheck(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: kvm_gpc_check without the generation test. Spec: GpcCheck. */
    @Override
    protected boolean generationCurrent(GfnToPfnCache gpc, MemslotSet slots) {
        return true;
    }
}
