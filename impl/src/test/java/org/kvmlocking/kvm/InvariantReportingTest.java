package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;

/**
 * The checks that live in the protocol code itself (AbstractKvm, HandleHvaRange,
 * ActiveCountKvm) report the violation the kernel would suffer, named as the spec names it and
 * at the step where it happens. The designs here are test doubles, smaller than the ones in
 * kvm/broken: each leaves out one thing, so one check is all that can catch it.
 */
class InvariantReportingTest {
    private static final int N = 16;

    /** No exclusion at all: publishes at once, even between an invalidation's start and end. Records what __kvm_handle_hva_range returned. */
    static class NoExclusion extends AbstractKvm {
        Boolean startTookMmuLock;
        Boolean endTookMmuLock;

        NoExclusion(Mm mm, boolean checks) {
            super(mm, checks);
        }

        @Override
        protected void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
            ghostBegin(range);
            startTookMmuLock = handleHvaRangeStart(range);
        }

        @Override
        protected void kvmMmuNotifierInvalidateRangeEnd(HvaRange range) {
            endTookMmuLock = handleHvaRangeEnd(range);
            ghostEnd(range);
        }

        /** rcu_assign_pointer alone: not through {@link #publish}, whose MutualExclusion check would be the first report. */
        @Override
        protected void waitAndPublish(Memslots slots) {
            memslots = slots;
        }
    }

    /** A KVM that registers the notifier but ignores it: no zap, no count. */
    static final class IgnoresNotifier extends NoExclusion {
        IgnoresNotifier(Mm mm, boolean checks) {
            super(mm, checks);
        }

        @Override
        protected void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
            ghostBegin(range);
        }

        @Override
        protected void kvmMmuNotifierInvalidateRangeEnd(HvaRange range) {
            ghostEnd(range);
        }
    }

    /** Counts at start as the kernel does, but its end forgets __kvm_handle_hva_range. */
    static final class EndSkipsDecrement extends NoExclusion {
        EndSkipsDecrement(Mm mm, boolean checks) {
            super(mm, checks);
        }

        @Override
        protected void kvmMmuNotifierInvalidateRangeEnd(HvaRange range) {
            ghostEnd(range);
        }
    }

    @Test
    void handleHvaRangeSaysWhetherItTookMmuLock() {
        Mm mm = new Mm(N);
        NoExclusion kvm = new NoExclusion(mm, true);
        kvm.createMemslot(0, 0, 4, 0, 0);
        mm.unmap(new HvaRange(1, 2));
        assertTrue(kvm.startTookMmuLock);
        assertTrue(kvm.endTookMmuLock);
        assertEquals(1, kvm.mmuNotifierSeq());
        mm.unmap(new HvaRange(8, 9)); // no slot there: elided on both sides
        assertFalse(kvm.startTookMmuLock);
        assertFalse(kvm.endTookMmuLock);
        assertEquals(1, kvm.mmuNotifierSeq(), "an elided end does not bump mmu_notifier_seq");
        kvm.checkInvariants();
    }

    // These two run with checks off: each violation is recorded (the first one is kept) and
    // only the BUG_ON throws, so the test sees which check reported first.

    @Test
    void endThatSkipsTheDecrementItsStartMadeIsBalanceAtThatEnd() {
        Mm mm = new Mm(N);
        NoExclusion kvm = new NoExclusion(mm, false);
        kvm.createMemslot(0, 0, 4, 0, 0);
        HvaRange r = new HvaRange(1, 2);
        kvm.invalidateRangeStart(r); // overlaps: count 1
        kvm.deleteMemslot(0); // nothing keeps the update out
        kvm.invalidateRangeEnd(r); // no slot now: elided, the count stays 1
        InvariantViolation first = kvm.ghost.recorded();
        assertEquals("Balance", first.invariant());
        assertTrue(first.getMessage().contains("skipped the decrement"), "reported by the end's elision: " + first.getMessage());
        assertEquals(1, kvm.mmuNotifierCount());
    }

    @Test
    void endThatDecrementsWhatItsStartNeverIncrementedIsBalanceBeforeTheBugOn() {
        Mm mm = new Mm(N);
        NoExclusion kvm = new NoExclusion(mm, false);
        HvaRange r = new HvaRange(1, 2);
        kvm.invalidateRangeStart(r); // no slot: elided
        kvm.createMemslot(0, 0, 4, 0, 0);
        InvariantViolation bugOn = assertThrows(InvariantViolation.class, () -> kvm.invalidateRangeEnd(r));
        assertEquals("NotifierCountNonNegative", bugOn.invariant());
        // The decrement itself is the first wrong step; the BUG_ON (count -1) comes after it.
        InvariantViolation first = kvm.ghost.recorded();
        assertEquals("Balance", first.invariant());
        assertTrue(first.getMessage().contains("did not increment"), first.getMessage());
    }

    @Test
    void invalidationEndingWithItsIncrementStillCountedIsBalance() {
        Mm mm = new Mm(N);
        EndSkipsDecrement kvm = new EndSkipsDecrement(mm, true);
        kvm.createMemslot(0, 0, 4, 0, 0);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> mm.unmap(new HvaRange(1, 2)));
        assertEquals("Balance", v.invariant());
        assertTrue(v.getMessage().contains("still holds its increment"), v.getMessage());
    }

    @Test
    void staleSpteAfterTheEndIsCoherenceAtTheEndWithChecksOn() {
        Mm mm = new Mm(N);
        IgnoresNotifier kvm = new IgnoresNotifier(mm, true);
        kvm.createMemslot(0, 0, 4, 0, 0);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        // The SPTE still maps the old frame once the range is no longer in flight.
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> mm.remap(new HvaRange(1, 2)));
        assertEquals("Coherence", v.invariant());
    }

    @Test
    void withChecksOffTheEndDoesNotCheckCoherenceButCheckInvariantsDoes() {
        Mm mm = new Mm(N);
        IgnoresNotifier kvm = new IgnoresNotifier(mm, false);
        kvm.createMemslot(0, 0, 4, 0, 0);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        mm.remap(new HvaRange(1, 2)); // no per-step check: returns
        InvariantViolation v = assertThrows(InvariantViolation.class, kvm::checkInvariants);
        assertEquals("Coherence", v.invariant());
        assertFalse(kvm.checksEnabled());
        assertTrue(new IgnoresNotifier(new Mm(N), true).checksEnabled());
    }

    @Test
    void updaterAsleepWithNoInvalidationAndNoWakeUpIsALostWakeUp() {
        Kvm kvm = new Kvm(new Mm(N), false);
        kvm.checkInvariants();
        // The state lost_wakeup reaches: registered, TASK_UNINTERRUPTIBLE, count 0, nobody to wake it.
        Task updater = new Task("updater");
        kvm.mnMemslotsUpdateRcuwait.prepareToRcuwait(updater);
        updater.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
        InvariantViolation v = assertThrows(InvariantViolation.class, kvm::checkInvariants);
        assertEquals("NoLostWakeUp", v.invariant());
        kvm.mnMemslotsUpdateRcuwait.finishRcuwait(updater);
        kvm.checkInvariants();
    }

    @Test
    void wakeUpOnItsWayIsNotALostWakeUp() throws InterruptedException {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, false);
        HvaRange r = new HvaRange(2, 4);
        Thread main = Thread.currentThread();
        AssertionHolder checked = new AssertionHolder();
        // Between the end's unlock and its rcuwait_wake_up the count is 0 and the updater still
        // sleeps: the pending wake-up is what makes that state legal.
        kvm.addStepObserver((step, value) -> {
            if (step == Step.EndUnlockMn && Thread.currentThread() == main) {
                try {
                    kvm.checkNoLostWakeUp();
                } catch (Throwable t) {
                    checked.failure = t;
                }
                checked.sawSleeper = kvm.rcuwaitWaiter() != null
                        && kvm.rcuwaitWaiter().state() == TaskState.TASK_UNINTERRUPTIBLE;
            }
        });
        kvm.invalidateRangeStart(r);
        Thread updater = new Thread(() -> kvm.createMemslot(0, 0, 8, 0, 0), "updater");
        updater.setDaemon(true);
        updater.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (kvm.rcuwaitWaiter() == null || kvm.rcuwaitWaiter().state() != TaskState.TASK_UNINTERRUPTIBLE
                || updater.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the updater never slept");
            Thread.onSpinWait();
        }
        kvm.invalidateRangeEnd(r);
        updater.join(5_000);
        assertFalse(updater.isAlive());
        assertTrue(checked.sawSleeper, "the updater was asleep at the end's unlock");
        assertNull(checked.failure, () -> "NoLostWakeUp reported with a wake-up pending: " + checked.failure);
        kvm.checkInvariants();
    }

    private static final class AssertionHolder {
        volatile Throwable failure;
        volatile boolean sawSleeper;
    }
}
