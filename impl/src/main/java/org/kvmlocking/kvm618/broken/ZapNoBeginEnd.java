package org.kvmlocking.kvm618.broken;

import static org.kvmlocking.kvm618.Step618.ZapLeafs;
import static org.kvmlocking.kvm618.Step618.ZapLockMmu;
import static org.kvmlocking.kvm618.Step618.ZapUnlockMmu;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design zap_no_begin_end_618): kvm_zap_gfn_range zaps under mmu_lock without
 * kvm_mmu_invalidate_begin / range_add / end ("we hold mmu_lock, nothing can map meanwhile"). A
 * fault that read the old attribute before the zap (its pfn lookup runs without mmu_lock) maps it
 * after the zap: no seq move, no range, so mmu_invalidate_retry_gfn does not retry. Caught by
 * Coherence (the SPTE's attribute).
 */
public final class ZapNoBeginEnd extends Kvm618 {
    public ZapNoBeginEnd(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public ZapNoBeginEnd(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /** Kernel (mutated): arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range without begin/range_add/end. Spec: ZapLockMmu, ZapLeafs, ZapUnlockMmu. */
    @Override
    protected void kvmZapGfnRangeBody(int gfnStart, int gfnEnd) {
        lockMmu(ZapLockMmu);
        for (int as = 0; as < KVM_ADDRESS_SPACE_NUM; as++) {
            kvmUnmapGfnRange(as, gfnStart, gfnEnd, ZapLeafs);
        }
        unlockMmu(ZapUnlockMmu);
    }
}
