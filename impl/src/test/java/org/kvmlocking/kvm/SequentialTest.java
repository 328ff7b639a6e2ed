package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Single-threaded behaviour of the adopted design, the memslot API and bad input. */
class SequentialTest {
    private static final int N = 16;
    private Mm mm;
    private Kvm kvm;
    private final List<String> actions = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mm = new Mm(N);
        kvm = new Kvm(mm, true);
        kvm.addStepObserver((step, value) -> actions.add(step.name()));
    }

    @Test
    void initialState() {
        assertEquals(0, kvm.memslots().size());
        assertEquals(0, kvm.memslots().generation());
        assertEquals(0, kvm.mmuNotifierCount());
        assertEquals(0, kvm.mmuNotifierSeq());
        assertEquals(0, kvm.mnActiveInvalidateCount());
        assertEquals(N, kvm.gfnSpace());
        for (int h = 0; h < N; h++) {
            assertNotEquals(Mm.NO_PAGE, mm.pte(h));
            assertEquals(Mm.NO_PAGE, kvm.spte(h));
        }
        kvm.checkInvariants();
    }

    @Test
    void createThenFaultMapsThePrimaryPage() {
        kvm.createMemslot(0, 2, 4, 8, 0); // gfn [2,6) -> hva [8,12)
        Memslots s = kvm.memslots();
        assertEquals(1, s.size());
        assertEquals(new Memslot(0, 2, 4, 8, 0), s.byId(0));
        assertEquals(1, s.generation(), "one install: generation advanced by KVM_ADDRESS_SPACE_NUM, bit cleared");
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(3));
        assertEquals(mm.pte(9), kvm.spte(3));
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(7));
        assertEquals(Mm.NO_PAGE, kvm.spte(7));
        kvm.checkInvariants();
        assertEquals(List.of("UpdateBegin", "InstallLockMn", "InstallPrepareRcuwait", "InstallWaitTest",
                "InstallFinishRcuwait", "InstallPublish", "InstallUnlockMn", "InstallSynchronizeSrcu",
                "InstallGenerationDone", "UpdateEnd", "FaultBegin", "FaultLookup", "FaultGup", "FaultLockMmu",
                "FaultRetryCheck", "FaultInstallSpte", "FaultUnlockMmu", "FaultBegin", "FaultLookup"), actions);
    }

    @Test
    void remapOverASlotZapsBumpsSeqAndBalances() {
        kvm.createMemslot(0, 0, 4, 4, 0);
        for (int g = 0; g < 4; g++) {
            assertEquals(FaultResult.INSTALLED, kvm.pageFault(g));
        }
        int oldFrame = mm.pte(5);
        actions.clear();
        mm.remap(new HvaRange(5, 7));
        assertEquals(List.of("StartBegin", "StartLockMn", "StartIncActive", "StartUnlockMn", "StartHvaRange", "StartLockMmu",
                "StartIncNotifierCount", "StartUnmap", "StartUnlockMmu", "PrimaryChangePte", "EndHvaRange",
                "EndLockMmu", "EndDecNotifierCount", "EndUnlockMmu", "EndLockMn", "EndDecActive", "EndUnlockMn",
                "EndWakeUp"), actions);
        assertNotEquals(oldFrame, mm.pte(5));
        assertEquals(Mm.NO_PAGE, kvm.spte(1));
        assertEquals(Mm.NO_PAGE, kvm.spte(2));
        assertEquals(mm.pte(4), kvm.spte(0), "outside the range the mapping stays");
        assertEquals(mm.pte(7), kvm.spte(3));
        assertEquals(1, kvm.mmuNotifierSeq());
        assertEquals(0, kvm.mmuNotifierCount());
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        assertEquals(mm.pte(5), kvm.spte(1));
        kvm.checkInvariants();
    }

    @Test
    void rangeOutsideSlotsIsElided() {
        kvm.createMemslot(0, 0, 4, 0, 0);
        actions.clear();
        mm.remap(new HvaRange(8, 12));
        assertEquals(List.of("StartBegin", "StartLockMn", "StartIncActive", "StartUnlockMn", "StartHvaRange", "PrimaryChangePte",
                "EndHvaRange", "EndLockMn", "EndDecActive", "EndUnlockMn", "EndWakeUp"), actions);
        assertEquals(0, kvm.mmuNotifierSeq(), "no mmu_lock, no seq bump");
        kvm.checkInvariants();
    }

    @Test
    void unmapThenPopulate() {
        kvm.createMemslot(1, 4, 2, 10, 0);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(4));
        mm.unmap(new HvaRange(10, 12));
        assertEquals(Mm.NO_PAGE, kvm.spte(4));
        assertEquals(FaultResult.NO_PAGE, kvm.pageFault(4));
        mm.populate(new HvaRange(10, 12));
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(5));
        assertEquals(mm.pte(11), kvm.spte(5));
        kvm.checkInvariants();
    }

    @Test
    void concurrentRangesWidenAndFaultsInsideRetry() {
        kvm.createMemslot(0, 0, 16, 0, 0);
        HvaRange a = new HvaRange(2, 4);
        HvaRange b = new HvaRange(8, 10);
        kvm.invalidateRangeStart(a);
        kvm.invalidateRangeStart(b);
        assertEquals(2, kvm.mmuNotifierCount());
        assertEquals(2, kvm.mmuNotifierRangeStart());
        assertEquals(10, kvm.mmuNotifierRangeEnd());
        assertEquals(2, kvm.mnActiveInvalidateCount());
        kvm.checkInvariants();
        assertEquals(FaultResult.RETRY, kvm.pageFault(6), "inside the union of the ranges");
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(12));
        kvm.invalidateRangeEnd(a);
        assertEquals(1, kvm.mmuNotifierCount());
        kvm.invalidateRangeEnd(b);
        assertEquals(0, kvm.mmuNotifierCount());
        assertEquals(2, kvm.mmuNotifierSeq());
        assertEquals(0, kvm.mnActiveInvalidateCount());
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(6));
        kvm.checkInvariants();
    }

    @Test
    void faultRetriesWhenAnInvalidationCompletesAfterItsSeqRead() {
        kvm.createMemslot(0, 0, 8, 0, 0);
        boolean[] once = {true};
        kvm.addStepObserver((a, value) -> {
            if (a == Step.FaultGup && once[0]) {
                once[0] = false;
                mm.remap(new HvaRange(3, 4)); // completes between gup and the retry check
            }
        });
        assertEquals(FaultResult.RETRY, kvm.pageFault(3));
        assertEquals(Mm.NO_PAGE, kvm.spte(3));
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(3));
        assertEquals(mm.pte(3), kvm.spte(3));
        kvm.checkInvariants();
    }

    @Test
    void deleteInstallsInvalidCopyFlushesThenRemoves() {
        kvm.createMemslot(0, 0, 4, 0, 0);
        kvm.createMemslot(1, 4, 4, 4, 0);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(5));
        long gen = kvm.memslots().generation();
        actions.clear();
        kvm.deleteMemslot(0);
        assertNull(kvm.memslots().byId(0));
        assertEquals(gen + 2, kvm.memslots().generation(), "two installs");
        assertEquals(Mm.NO_PAGE, kvm.spte(1));
        assertEquals(mm.pte(5), kvm.spte(5), "other slot untouched");
        int firstPublish = actions.indexOf("InstallPublish");
        int flush = actions.indexOf("FlushShadowZap");
        int lastPublish = actions.lastIndexOf("InstallPublish");
        assertTrue(firstPublish < flush && flush < lastPublish, actions.toString());
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(1));
        kvm.checkInvariants();
    }

    @Test
    void invalidCopyStopsFaults() {
        kvm.createMemslot(0, 0, 4, 0, 0);
        FaultResult[] seen = new FaultResult[1];
        kvm.addStepObserver((a, value) -> {
            if (a == Step.FlushShadowZap) {
                seen[0] = kvm.pageFault(2); // the INVALID copy is published, the final layout not yet
            }
        });
        kvm.deleteMemslot(0);
        assertEquals(FaultResult.NO_SLOT, seen[0]);
    }

    @Test
    void moveZapsOldGfnsAndMapsNewOnes() {
        kvm.createMemslot(0, 0, 4, 8, Memslot.KVM_MEM_LOG_DIRTY_PAGES);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        kvm.moveMemslot(0, 10);
        assertEquals(new Memslot(0, 10, 4, 8, Memslot.KVM_MEM_LOG_DIRTY_PAGES), kvm.memslots().byId(0));
        assertEquals(Mm.NO_PAGE, kvm.spte(1));
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(1));
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(11));
        assertEquals(mm.pte(9), kvm.spte(11));
        assertEquals(3, kvm.memslots().generation());
        kvm.checkInvariants();
    }

    @Test
    void flagsOnlyKeepsMappings() {
        kvm.createMemslot(0, 0, 4, 0, 0);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        kvm.setMemslotFlags(0, Memslot.KVM_MEM_LOG_DIRTY_PAGES);
        assertEquals(Memslot.KVM_MEM_LOG_DIRTY_PAGES, kvm.memslots().byId(0).flags());
        assertEquals(2, kvm.memslots().generation());
        assertEquals(mm.pte(1), kvm.spte(1));
        kvm.checkInvariants();
    }

    @Test
    void userMemoryRegionApi() {
        int p = AbstractKvm.PAGE_SIZE;
        kvm.setUserMemoryRegion(3, 0, 2L * p, 4L * p, 8L * p);
        assertEquals(new Memslot(3, 2, 4, 8, 0), kvm.memslots().byId(3));
        kvm.setUserMemoryRegion(3, Memslot.KVM_MEM_LOG_DIRTY_PAGES, 2L * p, 4L * p, 8L * p);
        assertEquals(Memslot.KVM_MEM_LOG_DIRTY_PAGES, kvm.memslots().byId(3).flags());
        kvm.setUserMemoryRegion(3, Memslot.KVM_MEM_LOG_DIRTY_PAGES, 6L * p, 4L * p, 8L * p);
        assertEquals(6, kvm.memslots().byId(3).baseGfn());
        long gen = kvm.memslots().generation();
        kvm.setUserMemoryRegion(3, Memslot.KVM_MEM_LOG_DIRTY_PAGES, 6L * p, 4L * p, 8L * p);
        assertEquals(gen, kvm.memslots().generation(), "no change, no install");
        kvm.setUserMemoryRegion(3, 0, 0, 0, 0);
        assertNull(kvm.memslots().byId(3));
        kvm.checkInvariants();
    }

    // ---------------------------------------------------------------- bad input

    private void assertRejected(Executable e, String messagePart) {
        Memslots before = kvm.memslots();
        long gen = before.generation();
        long seq = kvm.mmuNotifierSeq();
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(messagePart), ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), "one-line message");
        assertSame(before, kvm.memslots(), "no state change");
        assertEquals(gen, kvm.memslots().generation());
        assertEquals(seq, kvm.mmuNotifierSeq());
        assertEquals(0, kvm.mmuNotifierCount());
        assertEquals(0, kvm.mnActiveInvalidateCount());
        assertEquals(0, kvm.inFlightInvalidations());
        assertFalse(kvm.slotsLock().isLocked());
        kvm.checkInvariants();
    }

    @Test
    void badRanges() {
        kvm.createMemslot(0, 0, 4, 0, 0);
        assertRejected(() -> new HvaRange(3, 3), "start >= end");
        assertRejected(() -> new HvaRange(5, 2), "start >= end");
        assertRejected(() -> new HvaRange(-1, 2), "negative");
        assertRejected(() -> kvm.invalidateRangeStart(new HvaRange(0, N + 1)), "exceeds the hva space");
        assertRejected(() -> kvm.invalidateRangeEnd(new HvaRange(10, N + 5)), "exceeds the hva space");
        assertRejected(() -> kvm.invalidateRangeStart(null), "null");
        assertRejected(() -> mm.remap(new HvaRange(0, N + 1)), "exceeds the hva space");
        assertRejected(() -> mm.unmap(new HvaRange(N, N + 1)), "exceeds the hva space");
        assertRejected(() -> kvm.pageFault(-1), "gfn -1");
        assertRejected(() -> kvm.pageFault(N), "gfn " + N);
        assertRejected(() -> mm.pte(N), "hva " + N);
    }

    @Test
    void badSlots() {
        kvm.createMemslot(0, 0, 4, 0, 0);
        assertRejected(() -> kvm.createMemslot(1, 2, 4, 8, 0), "overlaps");
        assertRejected(() -> kvm.createMemslot(0, 8, 2, 8, 0), "already exists");
        assertRejected(() -> kvm.createMemslot(1, 8, 0, 8, 0), "malformed");
        assertRejected(() -> kvm.createMemslot(1, -1, 2, 8, 0), "malformed");
        assertRejected(() -> kvm.createMemslot(1, 14, 4, 0, 0), "gfn space");
        assertRejected(() -> kvm.createMemslot(1, 8, 4, 14, 0), "hva space");
        assertRejected(() -> kvm.createMemslot(AbstractKvm.KVM_USER_MEM_SLOTS, 8, 2, 8, 0), "invalid slot id");
        assertRejected(() -> kvm.createMemslot(-1, 8, 2, 8, 0), "invalid slot id");
        assertRejected(() -> kvm.createMemslot(1, 8, 2, 8, Memslot.KVM_MEMSLOT_INVALID), "invalid memslot flags");
        assertRejected(() -> kvm.deleteMemslot(5), "unknown slot id 5");
        assertRejected(() -> kvm.moveMemslot(5, 8), "unknown slot id 5");
        assertRejected(() -> kvm.setMemslotFlags(5, 0), "unknown slot id 5");
        kvm.createMemslot(1, 8, 2, 8, 0);
        assertRejected(() -> kvm.moveMemslot(1, 3), "overlaps");
        assertRejected(() -> kvm.moveMemslot(1, 15), "gfn space");
        assertRejected(() -> kvm.setMemslotFlags(1, Memslot.KVM_MEM_READONLY), "READONLY");
    }

    @Test
    void badUserMemoryRegion() {
        int p = AbstractKvm.PAGE_SIZE;
        kvm.setUserMemoryRegion(0, 0, 0, 4L * p, 0);
        assertRejected(() -> kvm.setUserMemoryRegion(1, 0, 8L * p, 4L * p + 1, 8L * p), "memory_size");
        assertRejected(() -> kvm.setUserMemoryRegion(1, 0, 8L * p + 12, 4L * p, 8L * p), "guest_phys_addr");
        assertRejected(() -> kvm.setUserMemoryRegion(1, 0, 8L * p, 4L * p, 8L * p + 100), "userspace_addr");
        assertRejected(() -> kvm.setUserMemoryRegion(1, 0, 2L * p, 4L * p, 8L * p), "overlaps");
        assertRejected(() -> kvm.setUserMemoryRegion(1, 0, 0, 0, 0), "unknown slot id 1");
        assertRejected(() -> kvm.setUserMemoryRegion(0, 0, 0, 2L * p, 0), "cannot change");
        assertRejected(() -> kvm.setUserMemoryRegion(0, 0, 0, 4L * p, 4L * p), "cannot change");
        assertRejected(() -> kvm.setUserMemoryRegion(1, 0, 8L * p, 64L * p, 0), "outside");
    }

    @Test
    void installNeedsSlotsLock() {
        assertThrows(IllegalStateException.class, () -> kvm.installNewMemslots(Memslots.empty()));
    }

    @Test
    void endWithoutStartIsRejected() {
        assertThrows(IllegalStateException.class, () -> kvm.invalidateRangeEnd(new HvaRange(0, 2)));
        assertEquals(0, kvm.mnActiveInvalidateCount(), "no state change");
        kvm.createMemslot(0, 0, 2, 0, 0); // mn_invalidate_lock was not left held
        kvm.checkInvariants();
    }
}
