package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kvmlocking.kvm.broken.ElisionOnly;
import org.kvmlocking.kvm.broken.RwsemFair;
import org.kvmlocking.kvm.broken.IfNotWhile;
import org.kvmlocking.kvm.broken.LateCount;
import org.kvmlocking.kvm.broken.LostWakeUp;
import org.kvmlocking.kvm.broken.NoWaitLoop;

/**
 * The interleaving that matters for each broken design, forced with latches on the action
 * listener, run against the broken design (caught) and the adopted one (correct).
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ScenarioTest {
    private static final int N = 16;
    private static final HvaRange R = new HvaRange(2, 4);
    private static final HvaRange R2 = new HvaRange(3, 5);

    /** A daemon thread recording what it throws. */
    private static final class Worker {
        final Thread thread;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Worker(String name, Runnable r) {
            thread = new Thread(() -> {
                try {
                    r.run();
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        boolean finishes(long millis) throws InterruptedException {
            thread.join(millis);
            return !thread.isAlive();
        }
    }

    private static void await(CountDownLatch l) {
        try {
            if (!l.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("scenario step timed out");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean threadIs(String name) {
        return Thread.currentThread().getName().equals(name);
    }

    // ------------------------------------------------------------ blocking across start..end

    @Test
    void adoptedUpdateWaitsForTheInvalidation() throws InterruptedException {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        kvm.invalidateRangeStart(R); // no slot yet: elided
        Worker updater = new Worker("updater", () -> kvm.createMemslot(0, 0, 8, 0, 0));
        assertFalse(updater.finishes(300), "the update must wait for the in-flight invalidation");
        assertEquals(0, kvm.memslots().size());
        kvm.invalidateRangeEnd(R); // same layout as the start saw: elided again, balanced
        assertTrue(updater.finishes(5000));
        assertNull(updater.failure.get());
        assertEquals(1, kvm.memslots().size());
        assertEquals(0, kvm.mmuNotifierCount());
        kvm.checkInvariants();
    }

    @Test
    void noWaitLoopPublishesDuringAnInvalidation() throws InterruptedException {
        Mm mm = new Mm(N);
        NoWaitLoop kvm = new NoWaitLoop(mm, true);
        kvm.invalidateRangeStart(R);
        Worker updater = new Worker("updater", () -> kvm.createMemslot(0, 0, 8, 0, 0));
        assertTrue(updater.finishes(5000));
        InvariantViolation v = assertInstanceOf(InvariantViolation.class, updater.failure.get());
        assertEquals("MutualExclusion", v.invariant());
        assertTrue(v.getMessage().startsWith("MutualExclusion: "), v.getMessage());
    }

    // ------------------------------------------------------------ ElisionOnly

    @Test
    void elisionWithoutBlockingDecrementsBelowZeroAndLeavesAStaleMapping() {
        Mm mm = new Mm(N);
        ElisionOnly kvm = new ElisionOnly(mm, false);
        kvm.invalidateRangeStart(R); // no slot: no increment, no zap
        kvm.createMemslot(0, 0, 8, 0, 0); // not blocked
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(2)); // count 0, seq unchanged: maps the old page
        int stale = kvm.spte(2);
        mm.replacePtes(R); // PrimaryChangePte
        InvariantViolation bug = assertThrows(InvariantViolation.class, () -> kvm.invalidateRangeEnd(R));
        assertEquals("NotifierCountNonNegative", bug.invariant());
        assertEquals(-1, kvm.mmuNotifierCount());
        assertEquals(stale, kvm.spte(2));
        assertNotEquals(mm.pte(2), stale);
        InvariantViolation c = assertThrows(InvariantViolation.class, kvm::checkCoherence);
        assertEquals("Coherence", c.invariant());
        assertTrue(c.getMessage().startsWith("Coherence: KVM maps gfn 2"), c.getMessage());
    }

    @Test
    void elisionWithoutBlockingLeavesTheCountStuck() {
        Mm mm = new Mm(N);
        ElisionOnly kvm = new ElisionOnly(mm, false);
        kvm.createMemslot(0, 0, 8, 0, 0);
        kvm.createMemslot(1, 8, 8, 8, 0);
        kvm.invalidateRangeStart(R); // increments
        kvm.deleteMemslot(0); // not blocked
        mm.replacePtes(R);
        kvm.invalidateRangeEnd(R); // no slot now: skips the decrement
        assertEquals(1, kvm.mmuNotifierCount());
        assertEquals(0, kvm.inFlightInvalidations());
        InvariantViolation v = assertThrows(InvariantViolation.class, kvm::checkBalance);
        assertEquals("Balance", v.invariant());
        kvm.createMemslot(0, 0, 8, 0, 0);
        assertEquals(FaultResult.RETRY, kvm.pageFault(3), "every fault in the stale range retries forever");
        assertEquals(FaultResult.RETRY, kvm.pageFault(3));
        assertThrows(InvariantViolation.class, kvm::checkInvariants);
    }

    @Test
    void elisionWithoutBlockingWithPerStepChecksFailsAtThePublish() {
        Mm mm = new Mm(N);
        ElisionOnly kvm = new ElisionOnly(mm, true);
        kvm.invalidateRangeStart(R);
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> kvm.createMemslot(0, 0, 8, 0, 0));
        assertEquals("MutualExclusion", v.invariant());
    }

    // ------------------------------------------------------------ LateCount

    @Test
    void lateCountLetsAnUpdateInBetweenTheOverlapTestAndTheCount() throws InterruptedException {
        Mm mm = new Mm(N);
        LateCount kvm = new LateCount(mm, false);
        CountDownLatch tested = new CountDownLatch(1);
        CountDownLatch published = new CountDownLatch(1);
        kvm.addStepObserver((a, value) -> {
            if (a == Step.StartHvaRange && threadIs("invalidation") && tested.getCount() > 0) {
                tested.countDown();
                await(published);
            } else if (a == Step.InstallPublish) {
                published.countDown(); // before synchronize_srcu, which waits for the invalidation
            }
        });
        Worker inv = new Worker("invalidation", () -> {
            kvm.invalidateRangeStart(R); // no slot: elided, then counted
            mm.replacePtes(R);
            kvm.invalidateRangeEnd(R); // the new slot: decrements what the start never incremented
        });
        await(tested);
        kvm.createMemslot(0, 0, 8, 0, 0); // the count is still 0: not blocked
        assertTrue(inv.finishes(5000));
        InvariantViolation bug = assertInstanceOf(InvariantViolation.class, inv.failure.get());
        assertEquals("NotifierCountNonNegative", bug.invariant());
        assertEquals(-1, kvm.mmuNotifierCount());
    }

    // ------------------------------------------------------------ lost wake-up

    /**
     * The invalidation ends (count 0, wake-up) exactly between the updater's unlock of
     * mn_invalidate_lock and its set_current_state. Returns the updater.
     */
    private static Worker lostWakeUpScenario(ActiveCountKvm kvm) throws InterruptedException {
        CountDownLatch updaterUnlocked = new CountDownLatch(1);
        CountDownLatch wokenUp = new CountDownLatch(1);
        kvm.addStepObserver((a, value) -> {
            if (a == Step.InstallUnlockMnToSleep && threadIs("updater") && updaterUnlocked.getCount() > 0) {
                updaterUnlocked.countDown();
                await(wokenUp);
            } else if (a == Step.EndWakeUp) {
                wokenUp.countDown();
            }
        });
        kvm.invalidateRangeStart(R);
        Worker updater = new Worker("updater", () -> kvm.createMemslot(0, 0, 8, 0, 0));
        await(updaterUnlocked);
        kvm.invalidateRangeEnd(R);
        return updater;
    }

    @Test
    void lostWakeUpHangs() throws InterruptedException {
        LostWakeUp kvm = new LostWakeUp(new Mm(N), false);
        Worker updater = lostWakeUpScenario(kvm);
        assertFalse(updater.finishes(1000), "HANG expected: the updater sleeps after its wake-up was lost");
        assertEquals(0, kvm.mnActiveInvalidateCount());
        InvariantViolation v = assertThrows(InvariantViolation.class, kvm::checkNoLostWakeUp);
        assertEquals("NoLostWakeUp", v.invariant());
    }

    @Test
    void lostWakeUpCaughtByPerStepCheck() throws InterruptedException {
        LostWakeUp kvm = new LostWakeUp(new Mm(N), true);
        Worker updater = lostWakeUpScenario(kvm);
        assertTrue(updater.finishes(5000));
        InvariantViolation v = assertInstanceOf(InvariantViolation.class, updater.failure.get());
        assertEquals("NoLostWakeUp", v.invariant());
    }

    @Test
    void adoptedSurvivesTheLostWakeUpInterleaving() throws InterruptedException {
        Kvm kvm = new Kvm(new Mm(N), true);
        Worker updater = lostWakeUpScenario(kvm);
        assertTrue(updater.finishes(5000), "set_current_state before the unlock: schedule() returns at once");
        assertNull(updater.failure.get());
        assertEquals(1, kvm.memslots().size());
        kvm.checkInvariants();
    }

    // ------------------------------------------------------------ if instead of while

    /**
     * Invalidation 1 ends and wakes the updater; before the updater relocks, invalidation 2
     * starts. Returns {updater, second invalidator}.
     */
    private static Worker[] ifInsteadOfWhileScenario(ActiveCountKvm kvm) throws InterruptedException {
        CountDownLatch updaterSleeping = new CountDownLatch(1);
        CountDownLatch updaterWoken = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        CountDownLatch updaterRetested = new CountDownLatch(1);
        kvm.addStepObserver((a, value) -> {
            if (threadIs("updater")) {
                if (a == Step.InstallUnlockMnToSleep && updaterSleeping.getCount() > 0) {
                    updaterSleeping.countDown();
                } else if (a == Step.InstallSchedule && updaterWoken.getCount() > 0) {
                    updaterWoken.countDown();
                    await(secondStarted);
                } else if (a == Step.InstallWaitTest && updaterWoken.getCount() == 0) {
                    updaterRetested.countDown();
                }
            }
        });
        kvm.invalidateRangeStart(R);
        Worker updater = new Worker("updater", () -> kvm.createMemslot(0, 0, 8, 0, 0));
        await(updaterSleeping);
        Worker second = new Worker("invalidator-2", () -> {
            await(updaterWoken);
            kvm.invalidateRangeStart(R2);
            secondStarted.countDown();
            try {
                updaterRetested.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            kvm.invalidateRangeEnd(R2);
        });
        kvm.invalidateRangeEnd(R);
        return new Worker[] {updater, second};
    }

    @Test
    void ifInsteadOfWhilePublishesDuringTheSecondInvalidation() throws InterruptedException {
        IfNotWhile kvm = new IfNotWhile(new Mm(N), true);
        Worker[] w = ifInsteadOfWhileScenario(kvm);
        assertTrue(w[0].finishes(5000));
        InvariantViolation v = assertInstanceOf(InvariantViolation.class, w[0].failure.get());
        assertEquals("MutualExclusion", v.invariant());
        assertTrue(v.getMessage().contains(R2.toString()), v.getMessage());
    }

    @Test
    void adoptedRetestsAfterTheWakeUp() throws InterruptedException {
        Kvm kvm = new Kvm(new Mm(N), true);
        Worker[] w = ifInsteadOfWhileScenario(kvm);
        assertTrue(w[0].finishes(5000) && w[1].finishes(5000));
        assertNull(w[0].failure.get());
        assertNull(w[1].failure.get());
        assertEquals(1, kvm.memslots().size());
        kvm.checkInvariants();
    }

    // ------------------------------------------------------------ the rwsem of the seed

    /**
     * The seed's cycle: A read-holds the rwsem between start and end; the updater queues for
     * write; B's start takes the pseudo-lock and then down_read; A's end needs the pseudo-lock.
     */
    private static Worker[] seedScenario(RwsemKvm kvm) throws InterruptedException {
        CountDownLatch aStarted = new CountDownLatch(1);
        CountDownLatch aMayEnd = new CountDownLatch(1);
        Worker a = new Worker("invalidator-A", () -> {
            kvm.invalidateRangeStart(R);
            aStarted.countDown();
            await(aMayEnd);
            kvm.invalidateRangeEnd(R);
        });
        await(aStarted);
        Worker updater = new Worker("updater", () -> kvm.createMemslot(0, 0, 8, 0, 0));
        long t0 = System.currentTimeMillis();
        while (kvm.rwsem().queuedWriters() == 0 && System.currentTimeMillis() - t0 < 5000) {
            Thread.sleep(1);
        }
        assertEquals(1, kvm.rwsem().queuedWriters());
        Worker b = new Worker("invalidator-B", () -> {
            kvm.invalidateRangeStart(R2);
            kvm.invalidateRangeEnd(R2);
        });
        Thread.sleep(100); // B holds the pseudo-lock, and waits in down_read iff the rwsem is fair
        aMayEnd.countDown();
        return new Worker[] {a, updater, b};
    }

    @Test
    void fairRwsemWithPseudoLockDeadlocks() throws InterruptedException {
        RwsemFair kvm = new RwsemFair(new Mm(N), true);
        Worker[] w = seedScenario(kvm);
        boolean anyFinished = false;
        for (Worker x : w) {
            anyFinished |= x.finishes(400);
        }
        assertFalse(anyFinished, "HANG expected: B waits for the queued writer, the writer for A, A for the pseudo-lock");
        assertEquals(1, kvm.rwsem().readers());
        assertEquals(1, kvm.rwsem().queuedWriters());
    }

    @Test
    void recursiveReaderRwsemDoesNotDeadlock() throws InterruptedException {
        RwsemUnfair kvm = new RwsemUnfair(new Mm(N), true);
        Worker[] w = seedScenario(kvm);
        for (Worker x : w) {
            assertTrue(x.finishes(5000), x.thread.getName() + " did not finish");
            assertNull(x.failure.get());
        }
        assertEquals(1, kvm.memslots().size());
        kvm.checkInvariants();
    }

    @Test
    void invariantMessagesStartWithTheSpecName() {
        InvariantViolation v = new InvariantViolation("Balance", "x");
        assertEquals("Balance: x", v.getMessage());
        assertSame("Balance", v.invariant());
    }
}
