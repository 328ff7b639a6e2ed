package org.kvmlocking.kvm618;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm.InvariantViolation;

/**
 * Each seeded mutant in the one interleaving that shows its bug, driven on one thread by a step
 * observer (the racing operation runs inside the step of the other), against the adopted code in
 * the same interleaving. Layout: slot 0 of address space 0 maps gfn [4, 6) to hva [0, 2).
 */
class Kvm618MutantTest {
    private static Kvm618 kvm(String design, Mm618 mm, boolean checks) {
        Kvm618 k = Designs618.create(design, mm, 8, checks);
        k.createMemslot(0, 0, 4, 2, 0);
        return k;
    }

    /** A fault on gfn 4 at the invalidation's StartUnlockMmu (counted, zapped, PTE not yet replaced). */
    private static FaultResult faultInsideStart(Kvm618 k, Mm618 mm) {
        FaultResult[] r = new FaultResult[1];
        k.addStepObserver((s, v) -> {
            if (s == Step618.StartUnlockMmu && r[0] == null) {
                r[0] = k.pageFault(0, 4);
            }
        });
        mm.remap(new HvaRange(0, 2));
        return r[0];
    }

    @Test
    void adoptedRetriesAFaultInsideTheTrackedGfnRange() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("adopted_618", mm, true);
        assertEquals(FaultResult.RETRY, faultInsideStart(k, mm));
        k.checkInvariants();
    }

    @Test
    void rangeAddInHvaTracksTheWrongUnitAndMapsTheReplacedPage() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("range_add_hva_618", mm, true);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> faultInsideStart(k, mm));
        assertEquals("Coherence", v.invariant(), v.getMessage());
        assertArrayEquals(new int[] {0, 2}, k.mmuInvalidateRange(), "hva [0, 2) tracked as if gfns");
    }

    /** A fault on gfn 4 whose whole invalidation (start, PTE change, end) runs after its second _unsafe check. */
    private static FaultResult invalidationAfterUnsafeChecks(Kvm618 k, Mm618 mm) {
        FaultResult[] r = new FaultResult[1];
        boolean[] done = new boolean[1];
        k.addStepObserver((s, v) -> {
            if (s == Step618.FaultRetryUnsafeAfter && !done[0]) {
                done[0] = true;
                mm.remap(new HvaRange(0, 2));
            }
        });
        r[0] = k.pageFault(0, 4);
        return r[0];
    }

    @Test
    void adoptedLockedCheckSeesTheSeqMove() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("adopted_618", mm, true);
        assertEquals(FaultResult.RETRY, invalidationAfterUnsafeChecks(k, mm));
        k.checkInvariants();
    }

    @Test
    void unsafeOnlyMapsTheReplacedPage() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("unsafe_only_618", mm, true);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> invalidationAfterUnsafeChecks(k, mm));
        assertEquals("Coherence", v.invariant(), v.getMessage());
    }

    @Test
    void noUnpairedCheckUnderflowsTheCount() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = new org.kvmlocking.kvm618.broken.NoUnpairedCheck(mm, 8, true, false);
        k.addStepObserver((s, v) -> {
            if (s == Step618.PrimaryChangePte) {
                k.mmuNotifierRegister();
            }
        });
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> mm.remap(new HvaRange(0, 2)));
        assertEquals("ActiveCountNonNegative", v.invariant(), v.getMessage());
    }

    @Test
    void noUnpairedCheckWithChecksOffLetsASwapRunInsideTheNextInvalidation() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = new org.kvmlocking.kvm618.broken.NoUnpairedCheck(mm, 8, false, false);
        boolean[] registered = new boolean[1];
        k.addStepObserver((s, v) -> {
            if (s == Step618.PrimaryChangePte && !registered[0]) {
                registered[0] = true;
                k.mmuNotifierRegister();
            }
        });
        mm.remap(new HvaRange(0, 2)); // count -1
        assertEquals(-1, k.mnActiveInvalidateCount());
        // The next invalidation counts 0; a create inside it passes the wait loop.
        boolean[] created = new boolean[1];
        k.addStepObserver((s, v) -> {
            if (s == Step618.StartUnlockMn && !created[0]) {
                created[0] = true;
                k.createMemslot(0, 0, 4, 2, 0);
            }
        });
        mm.remap(new HvaRange(0, 2));
        InvariantViolation v = assertThrows(InvariantViolation.class, k::checkInvariants);
        assertEquals("ActiveCountNonNegative", v.invariant(), v.getMessage());
        assertTrue(k.mnActiveInvalidateCount() < 0);
    }

    /** A fault on gfn 4 right after kvm_arch_flush_shadow_memslot of a delete of slot 0 (the INVALID copy still active). */
    private static FaultResult faultAfterTheFlush(Kvm618 k) {
        FaultResult[] r = new FaultResult[1];
        k.addStepObserver((s, v) -> {
            if (s == Step618.FlushShadowUnlockMmu && r[0] == null) {
                r[0] = k.pageFault(0, 4);
            }
        });
        k.deleteMemslot(0, 0);
        return r[0];
    }

    @Test
    void adoptedRetriesOnTheInvalidCopy() {
        Kvm618 k = kvm("adopted_618", new Mm618(8), true);
        assertEquals(FaultResult.RETRY, faultAfterTheFlush(k));
        k.checkInvariants();
    }

    @Test
    void noInvalidCheckMapsTheFlushedSlot() {
        Kvm618 k = kvm("no_invalid_check_618", new Mm618(8), true);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> faultAfterTheFlush(k));
        assertEquals("NoMappingOfInvalidSlot", v.invariant(), v.getMessage());
    }

    @Test
    void flushBeforeInvalidLeavesAMappingOfTheDeletedSlot() {
        Kvm618 k = kvm("flush_before_invalid_618", new Mm618(8), true);
        // Here the flush comes first: the fault at its end still sees the valid slot and maps it.
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> faultAfterTheFlush(k));
        assertEquals("Coherence", v.invariant(), v.getMessage());
        assertTrue(v.getMessage().contains("no memslot covers"), v.getMessage());
    }

    @Test
    void unmapNoRangeAddDropsMmuLockWithNoRange() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("unmap_no_range_add_618", mm, true);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> mm.remap(new HvaRange(0, 2)));
        assertEquals("RangeAddedUnderLock", v.invariant(), v.getMessage());
    }

    /**
     * A create of slot 1 (hva [2, 4)) while an invalidation of hva [2, 4) on another thread is
     * between start and end; that invalidation ends exactly at the updater's SwapUnlockMnToSleep.
     */
    private static void endAtTheUnlockBeforeSleep(Kvm618 k, Mm618 mm) throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread inv = new Thread(() -> mm.remap(new HvaRange(2, 4)), "invalidator");
        Thread[] updater = new Thread[1];
        k.addStepObserver((s, v) -> {
            Thread me = Thread.currentThread();
            if (s == Step618.PrimaryChangePte && me == inv) {
                inside.countDown();
                await(release);
            }
            if (s == Step618.SwapUnlockMnToSleep && me == updater[0]) {
                release.countDown();
                join(inv);
            }
        });
        inv.start();
        inside.await();
        updater[0] = Thread.currentThread();
        k.createMemslot(0, 1, 6, 2, 2);
    }

    private static void await(java.util.concurrent.CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void adoptedUpdaterIsWokenByTheEnd() throws Exception {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("adopted_618", mm, true);
        k.createMemslot(0, 2, 0, 2, 2); // something at hva [2, 4), so the invalidation takes mmu_lock
        endAtTheUnlockBeforeSleep(k, mm);
        assertEquals(2, k.memslots(0).size() - 1);
        k.checkInvariants();
    }

    @Test
    void lostWakeUpSleepsWithTheCountAtZero() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("lost_wakeup_618", mm, true);
        k.createMemslot(0, 2, 0, 2, 2);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> endAtTheUnlockBeforeSleep(k, mm));
        assertEquals("NoLostWakeUp", v.invariant(), v.getMessage());
    }

    /** A fault on gfn 4 whose zap caller (attribute change, kvm_zap_gfn_range) runs entirely after its second _unsafe check. */
    private static FaultResult zapAfterUnsafeChecks(Kvm618 k) {
        boolean[] done = new boolean[1];
        k.addStepObserver((s, v) -> {
            if (s == Step618.FaultRetryUnsafeAfter && !done[0]) {
                done[0] = true;
                k.zapCaller(4, 5);
            }
        });
        return k.pageFault(0, 4);
    }

    @Test
    void adoptedFaultRetriesAfterAZap() {
        Kvm618 k = kvm("adopted_618", new Mm618(8), true);
        assertEquals(FaultResult.RETRY, zapAfterUnsafeChecks(k));
        k.checkInvariants();
    }

    @Test
    void zapNoBeginEndMapsTheOldAttribute() {
        Kvm618 k = kvm("zap_no_begin_end_618", new Mm618(8), true);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> zapAfterUnsafeChecks(k));
        assertEquals("Coherence", v.invariant(), v.getMessage());
        assertTrue(v.getMessage().contains("attribute"), v.getMessage());
    }

    @Test
    void zapEarlyReturnLeavesTheBeginCounted() {
        Kvm618 k = kvm("zap_early_return_618", new Mm618(8), true);
        k.zapCaller(4, 5); // nothing mapped: nothing zapped, early return
        assertEquals(1, k.mmuInvalidateInProgress());
        InvariantViolation v = assertThrows(InvariantViolation.class, k::checkIdle);
        assertEquals("InProgressBalanced", v.invariant(), v.getMessage());
        InvariantViolation d = assertThrows(InvariantViolation.class, k::kvmDestroyVm);
        assertEquals("NoDanglingInvalidationAtDestroy", d.invariant(), d.getMessage());
    }

    /** Slot 0 of address space 1 aliases hva [0, 2) at gfn [0, 2); a fault on its gfn 0 at the invalidation's StartUnlockMmu. */
    private static FaultResult smmFaultInsideStart(Kvm618 k, Mm618 mm) {
        k.createMemslot(1, 0, 0, 2, 0);
        FaultResult[] r = new FaultResult[1];
        k.addStepObserver((s, v) -> {
            if (s == Step618.StartUnlockMmu && r[0] == null) {
                r[0] = k.pageFault(1, 0);
            }
        });
        mm.remap(new HvaRange(0, 2));
        return r[0];
    }

    @Test
    void adoptedTracksBothAliases() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("adopted_618", mm, true);
        assertEquals(FaultResult.RETRY, smmFaultInsideStart(k, mm));
        assertArrayEquals(new int[] {0, 6}, k.mmuInvalidateRange());
        k.checkInvariants();
    }

    @Test
    void oneRangeAddMissesTheSmmAlias() {
        Mm618 mm = new Mm618(8);
        Kvm618 k = kvm("one_range_add_618", mm, true);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> smmFaultInsideStart(k, mm));
        assertEquals("Coherence", v.invariant(), v.getMessage());
        assertArrayEquals(new int[] {4, 6}, k.mmuInvalidateRange(), "only the first slot's gfns");
    }

    @Test
    void designsAreCreatedByNameOrClass() {
        for (int i = 0; i < Designs618.NAMES.length; i++) {
            Kvm618 a = Designs618.create(Designs618.NAMES[i], new Mm618(2), 2, false);
            Kvm618 b = Designs618.create(Designs618.CLASSES[i], new Mm618(2), 2, false);
            assertEquals(Designs618.CLASSES[i], a.getClass().getName());
            assertEquals(a.getClass(), b.getClass());
        }
    }
}
