package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A second invalidation source (a writer of mmu_notifier_count that is not the MMU notifier)
 * written in its own file, as CONTRIBUTING.md's "Adding a new caller" says: its own body on the
 * shared kernel functions of {@link NotifierCount}, no shared class changed, no design
 * overridden. The example is the shape of 5.15's kvm_zap_gfn_range (arch/x86/kvm/mmu/mmu.c):
 * write_lock(mmu_lock); kvm_inc_notifier_count; zap; kvm_dec_notifier_count; write_unlock. A real
 * caller also takes its own {@link Step}s (named as its spec actions) where this test uses the
 * bare lock.
 */
class NewCallerTest {
    private static final int N = 16;

    /** The example caller: its own body. */
    static final class ExampleZap {
        private ExampleZap() {}

        /** Zaps the SPTEs of the slots' part of the hva range; dec false is a caller that forgets its decrement. */
        static void zap(KvmStruct kvm, HvaRange range, boolean dec) {
            NotifierCount.callerBegin(kvm, range);
            kvm.mmuLock.lock();
            NotifierCount.kvmIncNotifierCount(kvm, range);
            Memslots slots = kvm.memslots;
            for (int i = 0; i < slots.size(); i++) {
                Memslot s = slots.get(i);
                for (int hva = Math.max(range.start(), s.userspaceAddr()); hva < Math.min(range.end(), s.hvaEnd()); hva++) {
                    kvm.spte[s.baseGfn() + (hva - s.userspaceAddr())] = Mm.NO_PAGE;
                }
            }
            if (dec) {
                NotifierCount.kvmDecNotifierCount(kvm, range);
            }
            kvm.mmuLock.unlock();
            NotifierCount.callerEnd(kvm, range);
        }
    }

    @Test
    void aCallerInItsOwnFileKeepsTheInvariants() {
        Kvm kvm = new Kvm(new Mm(N), true);
        kvm.createMemslot(0, 2, 4, 8, 0); // gfn [2,6) -> hva [8,12)
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(3));
        assertNotEquals(Mm.NO_PAGE, kvm.spte(3));
        long seq = kvm.mmuNotifierSeq();
        ExampleZap.zap(kvm, new HvaRange(8, 12), true);
        assertEquals(Mm.NO_PAGE, kvm.spte(3));
        assertEquals(seq + 1, kvm.mmuNotifierSeq(), "the decrement moves mmu_notifier_seq: a fault in between retries");
        assertEquals(0, kvm.mmuNotifierCount());
        assertEquals(0, kvm.inFlightInvalidations());
        kvm.checkInvariants();
    }

    @Test
    void aCallerThatForgetsItsDecrementBreaksBalance() {
        Kvm kvm = new Kvm(new Mm(N), true);
        kvm.createMemslot(0, 2, 4, 8, 0);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> {
            ExampleZap.zap(kvm, new HvaRange(8, 12), false);
            kvm.checkInvariants();
        });
        assertEquals("Balance", v.invariant());
    }

    /**
     * The caller is not between range_start and range_end: mn_active_invalidate_count does not
     * count it, so a memslot swap during its window is the kernel's behaviour, not a
     * MutualExclusion violation (the ghost knew only notifier invalidations before).
     */
    @Test
    void aMemslotSwapDuringACallersWindowIsNotMutualExclusion() {
        Kvm kvm = new Kvm(new Mm(N), true);
        HvaRange r = new HvaRange(8, 12);
        NotifierCount.callerBegin(kvm, r);
        kvm.createMemslot(0, 2, 4, 8, 0);
        NotifierCount.callerEnd(kvm, r);
        kvm.checkInvariants();
    }
}
