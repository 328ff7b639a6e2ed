package org.kvmlocking.kvm618.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design no_invalid_check_618): the fault does not test KVM_MEMSLOT_INVALID (as if the
 * check were dropped when kvm_faultin_pfn was reworked into kvm_mmu_faultin_pfn). A fault that
 * sees the INVALID copy after the swap's synchronize_srcu has begun is not waited for, and maps
 * the slot after kvm_arch_flush_shadow_memslot zapped it. Caught by NoMappingOfInvalidSlot (or,
 * after the final swap, Coherence: a mapping of a deleted slot).
 */
public final class NoInvalidCheck extends Kvm618 {
    public NoInvalidCheck(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public NoInvalidCheck(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /** Kernel (mutated): arch/x86/kvm/mmu/mmu.c: kvm_mmu_faultin_pfn without the KVM_MEMSLOT_INVALID retry. Spec: FaultCheckSlot. */
    @Override
    protected boolean faultCheckInvalidSlot(Memslot slot) {
        return false;
    }
}
