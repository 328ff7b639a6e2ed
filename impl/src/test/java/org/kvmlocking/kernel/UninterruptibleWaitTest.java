package org.kvmlocking.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The kernel's sleeps here are uninterruptible (spin_lock, down_read/down_write,
 * synchronize_srcu, schedule() in TASK_UNINTERRUPTIBLE): a Java interrupt must neither end the
 * wait early nor be swallowed. The waiter keeps waiting, gets what it waited for, and returns
 * with its interrupt flag set again, so the caller (a JPF or Lincheck driver, a test) still sees it.
 */
class UninterruptibleWaitTest {

    /** Runs body on a thread, interrupts it once it waits, lets release end the wait; returns whether the flag was kept. */
    private static boolean interruptWhileWaiting(Runnable body, Runnable release, AtomicBoolean done) {
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread t = Threads.start("waiter", () -> {
            body.run();
            done.set(true);
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        Threads.awaitWaiting(t);
        // The interrupt alone must not end the wait.
        Threads.interruptAndAwaitRewait(t);
        assertFalse(done.get(), "the interrupt ended an uninterruptible wait");
        release.run();
        Threads.joinOrFail(t);
        assertTrue(done.get());
        return flagKept.get();
    }

    @Test
    void spinLockWaiterKeepsItsInterrupt() {
        SpinLock l = new SpinLock("l");
        l.lock();
        AtomicBoolean done = new AtomicBoolean();
        assertTrue(interruptWhileWaiting(() -> {
            l.lock();
            l.unlock();
        }, l::unlock, done));
    }

    @Test
    void downReadWaiterKeepsItsInterrupt() {
        RwSemaphore s = new RwSemaphore("s", false);
        s.downWrite();
        AtomicBoolean done = new AtomicBoolean();
        assertTrue(interruptWhileWaiting(() -> {
            s.downRead();
            s.upRead();
        }, s::upWrite, done));
    }

    @Test
    void downWriteWaiterKeepsItsInterrupt() {
        RwSemaphore s = new RwSemaphore("s", false);
        s.downRead();
        AtomicBoolean done = new AtomicBoolean();
        assertTrue(interruptWhileWaiting(() -> {
            s.downWrite();
            s.upWrite();
        }, s::upRead, done));
    }

    @Test
    void uncontendedDownWriteDoesNotInterruptTheCaller() {
        RwSemaphore s = new RwSemaphore("s", true);
        s.downWrite();
        // Thread.interrupted() also clears the flag, so a failure here does not leak into other tests.
        assertFalse(Thread.interrupted(), "down_write set the caller's interrupt flag without any interrupt");
        assertTrue(s.writeLocked());
        s.upWrite();
    }

    @Test
    void synchronizeSrcuWaiterKeepsItsInterrupt() {
        Srcu srcu = new Srcu();
        int idx = srcu.readLock();
        AtomicBoolean done = new AtomicBoolean();
        assertTrue(interruptWhileWaiting(srcu::synchronize, () -> srcu.readUnlock(idx), done));
        assertEquals(0, srcu.activeReaders());
    }

    @Test
    void uninterruptibleScheduleKeepsTheInterrupt() {
        Task[] task = new Task[1];
        AtomicBoolean flagKept = new AtomicBoolean();
        AtomicBoolean done = new AtomicBoolean();
        Thread t = Threads.start("sleeper", () -> {
            Task me = new Task("sleeper");
            me.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
            synchronized (task) {
                task[0] = me;
            }
            me.schedule();
            done.set(true);
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        Threads.awaitWaiting(t);
        Threads.interruptAndAwaitRewait(t);
        assertFalse(done.get(), "an interrupt woke a TASK_UNINTERRUPTIBLE task");
        Task sleeper;
        synchronized (task) {
            sleeper = task[0];
        }
        assertTrue(sleeper.wakeUpProcess());
        Threads.joinOrFail(t);
        assertTrue(flagKept.get());
    }
}
