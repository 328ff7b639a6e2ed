package org.kvmlocking.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KernelPrimitivesTest {
    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void spinLockRecordsOwnerAndRejectsForeignUnlock() throws InterruptedException {
        SpinLock l = new SpinLock("mmu_lock");
        assertThrows(IllegalStateException.class, l::unlock);
        l.lock();
        assertTrue(l.isHeldByCurrentThread());
        assertThrows(IllegalStateException.class, l::lock, "recursive lock is a self-deadlock");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread t = daemon("other", () -> {
            try {
                l.unlock();
            } catch (Throwable e) {
                seen.set(e);
            }
        });
        t.join();
        assertTrue(seen.get() instanceof IllegalStateException);
        assertTrue(seen.get().getMessage().startsWith("mmu_lock: unlock by other"), seen.get().getMessage());
        assertTrue(l.isHeldByCurrentThread(), "no state change");
        l.unlock();
        assertFalse(l.isLocked());
    }

    @Test
    void spinLockExcludes() throws InterruptedException {
        SpinLock l = new SpinLock("x");
        l.lock();
        Thread t = daemon("waiter", () -> {
            l.lock();
            l.unlock();
        });
        t.join(200);
        assertTrue(t.isAlive());
        l.unlock();
        t.join(5000);
        assertFalse(t.isAlive());
    }

    @Test
    void scheduleReturnsAtOnceWhenRunningAndSleepsUntilWoken() throws InterruptedException {
        Task me = new Task("me");
        me.schedule(); // TASK_RUNNING: returns
        AtomicReference<Task> task = new AtomicReference<>();
        Thread t = daemon("sleeper", () -> {
            Task self = new Task("sleeper");
            self.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
            task.set(self);
            self.schedule();
        });
        while (task.get() == null) {
            Thread.sleep(1);
        }
        t.join(200);
        assertTrue(t.isAlive(), "sleeps while TASK_UNINTERRUPTIBLE");
        assertTrue(task.get().wakeUpProcess());
        t.join(5000);
        assertFalse(t.isAlive());
        assertFalse(task.get().wakeUpProcess(), "already running");
        assertThrows(IllegalStateException.class, () -> task.get().setCurrentState(TaskState.TASK_RUNNING),
                "only the task sets its own state");
    }

    @Test
    void rcuwaitSingleWaiter() {
        RcuWait w = new RcuWait();
        assertFalse(w.rcuwaitWakeUp(), "no waiter");
        Task me = new Task("me");
        w.prepareToRcuwait(me);
        assertSame(me, w.waiter());
        assertThrows(IllegalStateException.class, () -> w.prepareToRcuwait(new Task("second")));
        me.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
        assertTrue(w.rcuwaitWakeUp());
        assertEquals(TaskState.TASK_RUNNING, me.state());
        w.finishRcuwait(me);
        assertNull(w.waiter());
    }

    private static Thread blockedReaderBehindQueuedWriter(RwSemaphore s) throws InterruptedException {
        s.downRead();
        Thread writer = daemon("writer", () -> {
            s.downWrite();
            s.upWrite();
        });
        while (s.queuedWriters() == 0) {
            Thread.sleep(1);
        }
        Thread reader = daemon("reader", () -> {
            s.downRead();
            s.upRead();
        });
        reader.join(200);
        return reader;
    }

    @Test
    void fairRwsemQueuedWriterBlocksNewReaders() throws InterruptedException {
        RwSemaphore s = new RwSemaphore("rw", true);
        Thread reader = blockedReaderBehindQueuedWriter(s);
        assertTrue(reader.isAlive(), "fair: the new reader waits behind the queued writer");
        s.upRead();
        reader.join(5000);
        assertFalse(reader.isAlive());
    }

    @Test
    void nonFairRwsemReadersIgnoreQueuedWriter() throws InterruptedException {
        RwSemaphore s = new RwSemaphore("rw", false);
        Thread reader = blockedReaderBehindQueuedWriter(s);
        assertFalse(reader.isAlive(), "recursive readers do not wait for a queued writer");
        s.upRead();
        assertThrows(IllegalStateException.class, s::upRead);
        assertThrows(IllegalStateException.class, s::upWrite);
    }

    /** Trace recording relies on this: each hook runs in the monitor, right after its change. */
    @Test
    void rwsemHooksRunInsideTheMonitorAfterTheirChange() {
        RwSemaphore s = new RwSemaphore("rw", true);
        java.util.List<String> seen = new java.util.ArrayList<>();
        s.downRead(() -> seen.add("granted-read " + Thread.holdsLock(s) + " " + s.readers()));
        s.upRead(() -> seen.add("released-read " + Thread.holdsLock(s) + " " + s.readers()));
        s.downWrite(() -> seen.add("queued " + Thread.holdsLock(s) + " " + s.queuedWriters()),
                () -> seen.add("granted-write " + Thread.holdsLock(s) + " " + s.writeLocked()));
        s.upWrite(() -> seen.add("released-write " + Thread.holdsLock(s) + " " + s.writeLocked()));
        assertEquals(java.util.List.of("granted-read true 1", "released-read true 0", "queued true 1",
                "granted-write true true", "released-write true false"), seen);
    }

    @Test
    void srcuSynchronizeWaitsForOlderReadersOnly() throws InterruptedException {
        Srcu srcu = new Srcu();
        int idx = srcu.readLock();
        Thread sync = daemon("sync", srcu::synchronize);
        sync.join(200);
        assertTrue(sync.isAlive(), "waits for the reader that started before it");
        int later = srcu.readLock(); // a new reader does not block and is not waited for
        srcu.readUnlock(idx);
        sync.join(5000);
        assertFalse(sync.isAlive());
        srcu.readUnlock(later);
        assertEquals(0, srcu.activeReaders());
        assertThrows(IllegalStateException.class, () -> srcu.readUnlock(0));
    }

    @Test
    void pseudoLockIsExclusive() throws InterruptedException {
        PseudoLock p = new PseudoLock("map");
        p.acquire();
        Thread t = daemon("other", () -> {
            p.acquire();
            p.release();
        });
        t.join(200);
        assertTrue(t.isAlive());
        p.release();
        t.join(5000);
        assertFalse(t.isAlive());
    }
}
