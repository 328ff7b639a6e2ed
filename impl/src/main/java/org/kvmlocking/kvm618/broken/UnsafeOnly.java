package org.kvmlocking.kvm618.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design unsafe_only_618): the fault trusts its two lock-free
 * mmu_invalidate_retry_gfn_unsafe checks and drops the locked mmu_invalidate_retry_gfn from
 * is_page_fault_stale ("we already checked twice"). The _unsafe checks can miss an invalidation
 * that starts after the second one: it zaps nothing (no SPTE yet), the primary MMU replaces the
 * page, and the fault then installs the old frame under mmu_lock. Caught by Coherence.
 */
public final class UnsafeOnly extends Kvm618 {
    public UnsafeOnly(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public UnsafeOnly(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /** Kernel (mutated): arch/x86/kvm/mmu/mmu.c: is_page_fault_stale without mmu_invalidate_retry_gfn. Spec: FaultIsStale. */
    @Override
    protected boolean isPageFaultStale(long mmuSeq, int gfn) {
        return false;
    }
}
