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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The page fault, the memslot update and the accessors at their edges: SRCU released on every
 * way out of a fault, the retry window's exact bounds, a flush that zaps only its slot, an
 * update that waits for SRCU readers, the API's address-space bounds.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultAndUpdateEdgeTest {
    private static final int N = 16;

    @Test
    void everyWayOutOfAFaultReleasesSrcu() {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(0));
        assertEquals(0, kvm.srcu.activeReaders());
        kvm.createMemslot(0, 0, 4, 0, 0);
        mm.unmap(new HvaRange(0, 1));
        assertEquals(FaultResult.NO_PAGE, kvm.pageFault(0));
        assertEquals(0, kvm.srcu.activeReaders(), "a fault that found no page kept srcu_read_lock");
        HvaRange r = new HvaRange(1, 2);
        kvm.invalidateRangeStart(r);
        assertEquals(FaultResult.RETRY, kvm.pageFault(1));
        assertEquals(0, kvm.srcu.activeReaders(), "a fault told to retry kept srcu_read_lock");
        kvm.invalidateRangeEnd(r);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        assertEquals(0, kvm.srcu.activeReaders());
        // A leaked reader would make this delete's synchronize_srcu wait forever.
        kvm.deleteMemslot(0);
        assertEquals(0, kvm.memslots().size());
    }

    @Test
    void faultRetriesExactlyInsideTheInvalidatedRange() {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        kvm.createMemslot(0, 0, 8, 0, 0); // gfn == hva
        HvaRange r = new HvaRange(3, 5);
        kvm.invalidateRangeStart(r);
        assertEquals(3, kvm.mmuNotifierRangeStart());
        assertEquals(5, kvm.mmuNotifierRangeEnd());
        assertEquals(1, kvm.inFlightInvalidations());
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(2));
        assertEquals(FaultResult.RETRY, kvm.pageFault(3), "first page of the range");
        assertEquals(FaultResult.RETRY, kvm.pageFault(4), "last page of the range");
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(5), "end is exclusive");
        kvm.invalidateRangeEnd(r);
        assertEquals(0, kvm.inFlightInvalidations());
        kvm.checkInvariants();
    }

    @Test
    void flushOfADeletedSlotZapsOnlyThatSlot() {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        kvm.createMemslot(0, 0, 2, 0, 0); // gfn [0,2)
        kvm.createMemslot(1, 2, 2, 8, 0); // gfn [2,4), adjacent
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(2));
        kvm.deleteMemslot(0);
        assertEquals(Mm.NO_PAGE, kvm.spte(1));
        assertEquals(mm.pte(8), kvm.spte(2), "the neighbour's first SPTE was zapped too");
        kvm.checkInvariants();
    }

    @Test
    void updateWaitsForSrcuReadersBeforeItCompletes() throws InterruptedException {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        List<Step> steps = new ArrayList<>();
        kvm.addStepObserver((step, value) -> {
            synchronized (steps) {
                steps.add(step);
            }
        });
        int idx = kvm.srcu.readLock(); // a vCPU between its lookup and its SPTE install
        Thread updater = new Thread(() -> kvm.createMemslot(0, 0, 4, 0, 0), "updater");
        updater.setDaemon(true);
        updater.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (updater.getState() != Thread.State.WAITING && updater.isAlive()) {
            assertTrue(System.nanoTime() < deadline, "updater neither blocked nor ended");
            Thread.onSpinWait();
        }
        assertTrue(updater.isAlive(), "the update completed while an SRCU reader was still inside");
        assertEquals(1, kvm.memslots().size(), "published, then waiting in synchronize_srcu");
        synchronized (steps) {
            assertFalse(steps.contains(Step.InstallSynchronizeSrcu));
        }
        kvm.srcu.readUnlock(idx);
        updater.join(5_000);
        assertFalse(updater.isAlive());
        assertEquals(1, kvm.memslots().generation());
    }

    @Test
    void installNewMemslotsReturnsTheLayoutItReplaced() {
        Kvm kvm = new Kvm(new Mm(N), true);
        Memslots before = kvm.memslots();
        kvm.slotsLock().lock();
        try {
            Memslots old = kvm.installNewMemslots(before.with(new Memslot(0, 0, 1, 0, 0)));
            assertSame(before, old);
        } finally {
            kvm.slotsLock().unlock();
        }
        assertEquals(1, kvm.memslots().size());
    }

    @Test
    void accessorsWorkFromAStepObserverUnderMmuLock() {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        AtomicReference<int[]> seen = new AtomicReference<>();
        // FaultInstallSpte is taken with mmu_lock held: the accessors must not take it again.
        kvm.addStepObserver((step, value) -> {
            if (step == Step.FaultInstallSpte) {
                int gfn = (Integer) value;
                seen.set(new int[] {gfn, kvm.spte(gfn), kvm.mmuNotifierRangeStart(), kvm.mmuNotifierRangeEnd()});
            }
        });
        kvm.createMemslot(0, 0, 4, 0, 0);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(2));
        assertEquals(2, seen.get()[0]);
        assertEquals(mm.pte(2), seen.get()[1]);
        assertSame(mm, kvm.mm());
    }

    @Test
    void spteOutsideTheGfnSpaceIsRefused() {
        Kvm kvm = new Kvm(new Mm(N), true);
        assertThrows(IllegalArgumentException.class, () -> kvm.spte(-1));
        assertThrows(IllegalArgumentException.class, () -> kvm.spte(N));
        assertEquals(Mm.NO_PAGE, kvm.spte(N - 1));
    }

    @Test
    void slotsMayReachTheEndOfBothAddressSpaces() {
        Kvm kvm = new Kvm(new Mm(N), true);
        kvm.createMemslot(0, N - 4, 4, N - 4, 0); // gfn [12,16) -> hva [12,16)
        assertEquals(N, kvm.memslots().byId(0).gfnEnd());
        kvm.deleteMemslot(0);
        // One slot over all of guest memory, through the byte-address API.
        kvm.setUserMemoryRegion(1, 0, 0, (long) N * AbstractKvm.PAGE_SIZE, 0);
        assertEquals(N, kvm.memslots().byId(1).npages());
        assertThrows(IllegalArgumentException.class,
                () -> kvm.setUserMemoryRegion(2, 0, 0, (long) (N + 1) * AbstractKvm.PAGE_SIZE, 0));
    }

    @Test
    void moveToGuestFrameZeroIsAllowed() {
        Kvm kvm = new Kvm(new Mm(N), true);
        kvm.createMemslot(0, 4, 2, 0, 0);
        kvm.moveMemslot(0, 0);
        assertEquals(0, kvm.memslots().byId(0).baseGfn());
        assertThrows(IllegalArgumentException.class, () -> kvm.moveMemslot(0, -1));
    }

    @Test
    void deleteByZeroSizeIgnoresWhereItsAddressesPoint() {
        Kvm kvm = new Kvm(new Mm(N), true);
        long end = (long) N * AbstractKvm.PAGE_SIZE;
        kvm.createMemslot(0, 0, 2, 0, 0);
        // memory_size 0 deletes; guest_phys_addr and userspace_addr at the end of their spaces are still in range.
        kvm.setUserMemoryRegion(0, 0, end, 0, end);
        assertNull(kvm.memslots().byId(0));
        assertThrows(IllegalArgumentException.class, () -> kvm.setUserMemoryRegion(0, 0, end + AbstractKvm.PAGE_SIZE, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> kvm.setUserMemoryRegion(0, 0, 0, 0, end + AbstractKvm.PAGE_SIZE));
    }

    @Test
    void rwsemDesignReleasesTheWriterAfterEveryPublish() throws InterruptedException {
        Mm mm = new Mm(N);
        RwsemUnfair kvm = new RwsemUnfair(mm, true);
        Thread t = new Thread(() -> {
            kvm.createMemslot(0, 0, 4, 0, 0);
            kvm.createMemslot(1, 4, 4, 4, 0); // down_write again
            mm.unmap(new HvaRange(1, 2)); // down_read
        }, "rwsem-user");
        t.setDaemon(true);
        t.start();
        t.join(5_000);
        assertFalse(t.isAlive(), "the rwsem was never released for write");
        assertNotEquals(0, kvm.mmuNotifierSeq());
        assertFalse(kvm.rwsem().writeLocked());
    }
}
