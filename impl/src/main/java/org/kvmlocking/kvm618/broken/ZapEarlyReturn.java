package org.kvmlocking.kvm618.broken;

import static org.kvmlocking.kvm618.Step618.ZapInvalidateBegin;
import static org.kvmlocking.kvm618.Step618.ZapInvalidateEnd;
import static org.kvmlocking.kvm618.Step618.ZapLeafs;
import static org.kvmlocking.kvm618.Step618.ZapLockMmu;
import static org.kvmlocking.kvm618.Step618.ZapRangeAdd;
import static org.kvmlocking.kvm618.Step618.ZapUnlockMmu;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design zap_early_return_618): kvm_zap_gfn_range unlocks and returns before
 * kvm_mmu_invalidate_end when it zapped nothing (an "optimisation": no flush needed). The begin
 * stays counted: mmu_invalidate_in_progress never returns to 0 and every later fault in the range
 * retries. Caught by InProgressBalanced (nothing in flight, in_progress 1) and, at
 * kvm_destroy_vm, NoDanglingInvalidationAtDestroy.
 */
public final class ZapEarlyReturn extends Kvm618 {
    public ZapEarlyReturn(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public ZapEarlyReturn(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /**
     * Kernel (mutated): arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range with {@code if (!flush) {
     * write_unlock(&kvm->mmu_lock); return; }} before kvm_mmu_invalidate_end.
     * Spec: ZapLockMmu, ZapInvalidateBegin, ZapRangeAdd, ZapLeafs, (ZapInvalidateEnd,) ZapUnlockMmu.
     */
    @Override
    protected void kvmZapGfnRangeBody(int gfnStart, int gfnEnd) {
        lockMmu(ZapLockMmu);
        kvmMmuInvalidateBegin(ZapInvalidateBegin);
        kvmMmuInvalidateRangeAdd(gfnStart, gfnEnd, ZapRangeAdd);
        boolean flush = false;
        for (int as = 0; as < KVM_ADDRESS_SPACE_NUM; as++) {
            flush |= kvmUnmapGfnRange(as, gfnStart, gfnEnd, ZapLeafs);
        }
        if (!flush) {
            unlockMmu(ZapUnlockMmu);
            return;
        }
        kvmMmuInvalidateEnd(ZapInvalidateEnd);
        unlockMmu(ZapUnlockMmu);
    }
}
