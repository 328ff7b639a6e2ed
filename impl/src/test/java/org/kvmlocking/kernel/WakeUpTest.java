package org.kvmlocking.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Every release that can unblock a waiter wakes it, and the small state the protocol reads is right. */
class WakeUpTest {

    @Test
    void upWriteWakesABlockedReader() {
        RwSemaphore s = new RwSemaphore("s", false);
        s.downWrite();
        Thread reader = Threads.start("reader", () -> {
            s.downRead();
            s.upRead();
        });
        Threads.awaitWaiting(reader);
        s.upWrite();
        Threads.joinOrFail(reader);
        assertEquals(0, s.readers());
    }

    /**
     * Two synchronize_srcu callers: the second waits for the first to finish its grace period,
     * and the first one's end must wake it. The reader's leaving wakes both; on HotSpot the
     * longest waiter gets the monitor first, so the first caller would finish before the second
     * re-checks and the end's wake-up would never be needed. An interrupt makes the first
     * caller wait again behind the second: then the second re-checks first, sees the grace
     * period still running, waits again, and only the first one's end can wake it. (Measured
     * with a copy of Srcu without that wake-up: hung in 20 of 20 rounds this way, 0 of 20 without
     * the interrupt.)
     */
    @Test
    void secondSynchronizeSrcuCallerIsWokenByTheFirstOnesEnd() {
        for (int round = 0; round < 5; round++) {
            Srcu srcu = new Srcu();
            int idx = srcu.readLock();
            Thread first = Threads.start("first", srcu::synchronize);
            Threads.awaitWaiting(first);
            Thread second = Threads.start("second", srcu::synchronize);
            Threads.awaitWaiting(second);
            Threads.interruptAndAwaitRewait(first);
            srcu.readUnlock(idx);
            Threads.joinOrFail(first);
            Threads.joinOrFail(second);
        }
    }

    @Test
    void activeReadersCountsBothSrcuIndexes() {
        Srcu srcu = new Srcu();
        int old = srcu.readLock();
        srcu.readUnlock(old);
        srcu.synchronize(); // flips the index: new readers count on the other one
        int a = srcu.readLock();
        assertEquals(1 - old, a);
        assertEquals(1, srcu.activeReaders());
        int b = srcu.readLock();
        assertEquals(2, srcu.activeReaders());
        srcu.readUnlock(a);
        srcu.readUnlock(b);
        assertEquals(0, srcu.activeReaders());
    }

    @Test
    void finishRcuwaitLeavesTheTaskRunning() {
        RcuWait w = new RcuWait();
        Task me = new Task("updater");
        w.prepareToRcuwait(me);
        assertSame(me, w.waiter());
        me.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
        w.finishRcuwait(me);
        assertNull(w.waiter());
        assertEquals(TaskState.TASK_RUNNING, me.state());
    }

    @Test
    void rcuwaitWakeUpReportsWhetherItWokeATask() {
        RcuWait w = new RcuWait();
        assertFalse(w.rcuwaitWakeUp(), "no waiter: nothing woken");
        Task me = new Task("updater");
        w.prepareToRcuwait(me);
        assertFalse(w.rcuwaitWakeUp(), "the waiter is TASK_RUNNING: nothing to wake");
        me.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
        assertTrue(w.rcuwaitWakeUp());
        assertEquals(TaskState.TASK_RUNNING, me.state());
    }

    @Test
    void scheduleOfAnotherThreadsTaskIsRefused() throws InterruptedException {
        Task other = new Task("other");
        AtomicBoolean refused = new AtomicBoolean();
        Thread t = Threads.start("intruder", () -> {
            try {
                other.schedule();
            } catch (IllegalStateException e) {
                refused.set(true);
            }
        });
        Threads.joinOrFail(t);
        assertTrue(refused.get(), "schedule() must run on the task's own thread");
    }

    @Test
    void namesAndOwnersAreKept() {
        Task task = new Task("vcpu0");
        assertEquals("vcpu0", task.name());
        assertEquals("vcpu0", task.toString());
        assertSame(Thread.currentThread(), task.thread());
        SpinLock l = new SpinLock("mmu_lock");
        assertEquals("mmu_lock", l.name());
        assertEquals("mmu_lock", l.toString());
        assertTrue(new RwSemaphore("fair", true).isFair());
        assertFalse(new RwSemaphore("unfair", false).isFair());
    }

    @Test
    void pseudoLockIsHeldBetweenAcquireAndRelease() {
        PseudoLock p = new PseudoLock("map");
        assertFalse(p.isHeld());
        p.acquire();
        assertTrue(p.isHeld());
        p.release();
        assertFalse(p.isHeld());
        assertThrows(IllegalStateException.class, p::release);
    }
}
