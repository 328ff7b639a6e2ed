package org.kvmlocking.kvm.broken;

import static org.kvmlocking.kvm.Step.StartIncActive;
import static org.kvmlocking.kvm.Step.StartLockMn;
import static org.kvmlocking.kvm.Step.StartUnlockMn;

import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Kvm;
import org.kvmlocking.kvm.Mm;

/**
 * BROKEN (Balance, NotifierCountNonNegative, Coherence, MutualExclusion): range_start counts
 * itself in mn_active_invalidate_count only after __kvm_handle_hva_range, not before it. The
 * updater, seeing the count at 0, may publish new memslots between the start's overlap test and
 * its increment, so start and end take different lock-elision decisions: a start that saw no
 * slot skips kvm_inc_notifier_count and its end, seeing the new slot, decrements (the kernel's
 * BUG_ON; meanwhile a vCPU may map the page the primary MMU is replacing), or a start increments
 * and its end, the slot gone, never decrements.
 */
public final class LateCount extends Kvm {
    public LateCount(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /**
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15), with
     * the count moved after the hva walk.
     * Spec: StartHvaRange .. StartUnlockMmu, then StartLockMn, StartIncActive, StartUnlockMn
     * (Variant = "late_count"). The window in which start and end must see the same memslots
     * begins before the overlap test (the spec's Active(t)), so the ghost begins there.
     */
    @Override
    protected void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
        ghostBegin(range);
        handleHvaRangeStart(range); // THE BUG: the memslots are read before the count below
        lock(mnInvalidateLock, StartLockMn);
        mnActiveInvalidateCount++;
        step(StartIncActive);
        unlock(mnInvalidateLock, StartUnlockMn);
    }
}
