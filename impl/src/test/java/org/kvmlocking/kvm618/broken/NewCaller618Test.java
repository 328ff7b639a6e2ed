package org.kvmlocking.kvm618.broken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm.InvariantViolation;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;
import org.kvmlocking.kvm618.Step618;

/**
 * A 6.18 caller of the shape CONTRIBUTING.md ("Adding a new caller", step 5) describes, written
 * in kvm618/broken as a caller's mutant is: it compiles only if every helper such a body needs
 * is reachable from another package (lockMmu/unlockMmu, the shared begin/range_add/unmap/end,
 * the per-step checks, the ghost window). It borrows kvm_zap_gfn_range's Step618 names; a real
 * caller has its own. Layout: slot 0 of address space 0 maps gfn [4, 6) to hva [0, 2).
 */
class NewCaller618Test {
    /** kvm_zap_gfn_range's body over address space 0, with or without its range_add. */
    static final class Caller extends Kvm618 {
        private final boolean rangeAdd;

        Caller(Mm618 mm, boolean rangeAdd) {
            super(mm, 8, true);
            this.rangeAdd = rangeAdd;
        }

        /** Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18), one address space. */
        void call(int start, int end) {
            ghostCaller(start, end, 1);
            lockMmu(Step618.ZapLockMmu);
            kvmMmuInvalidateBegin(Step618.ZapInvalidateBegin);
            if (rangeAdd) {
                kvmMmuInvalidateRangeAdd(start, end, Step618.ZapRangeAdd);
            }
            kvmUnmapGfnRange(0, start, end, Step618.ZapLeafs);
            checkRangeAddedUnderLock();
            kvmMmuInvalidateEnd(Step618.ZapInvalidateEnd);
            unlockMmu(Step618.ZapUnlockMmu);
            ghostCaller(start, end, -1);
            stepCheckCoherence();
        }
    }

    private static Caller caller(boolean rangeAdd) {
        Caller c = new Caller(new Mm618(8), rangeAdd);
        c.createMemslot(0, 0, 4, 2, 0);
        return c;
    }

    @Test
    void theCallerWithItsRangeAddHoldsItsChecks() {
        Caller c = caller(true);
        c.call(4, 6);
        c.checkInvariants();
    }

    @Test
    void theCallerWithoutItsRangeAddIsCaughtBeforeItDropsMmuLock() {
        Caller c = caller(false);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> c.call(4, 6));
        assertEquals("RangeAddedUnderLock", v.invariant(), v.getMessage());
    }
}
