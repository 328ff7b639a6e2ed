package org.kvmlocking.kernel;

/**
 * rwlock_t (read_lock_irq / read_unlock_irq / write_lock_irq / write_unlock_irq) on a Java
 * monitor, for the gfn-to-pfn cache's {@code gpc->lock}.
 *
 * <p>Readers share the lock, a writer has it alone. There is no upgrade: pfncache.c's
 * gfn_to_pfn_cache_invalidate_start drops the read lock and takes the write lock, and in the
 * window between the two anything may happen (which is why it re-checks); callers do exactly
 * that with {@link #readUnlock()} then {@link #writeLock()}. Waiting is {@code wait()} on this
 * monitor, as in {@link SpinLock}: both Java PathFinder and Lincheck explore monitors (see
 * CHECKERS.md), neither handles busy loops well.
 *
 * <p>Waiting readers go first: a writer does not take the lock while a reader waits for it.
 * The kernel's qrwlock queues waiters in arrival order, so a writer never overtakes a reader that
 * queued before it; that much is kept. What is left out: a reader does not queue behind a waiting
 * writer (qrwlock makes a process-context reader do so), which only adds interleavings, so a
 * safety property checked with this lock holds with qrwlock too. Why it matters: with a lock
 * that lets a writer re-take it at once, hva_to_pfn_retry's loop (write_unlock ... write_lock)
 * can keep an invalidation's read_lock waiting for ever under an unfair schedule, which Lincheck
 * reports as a hang that no kernel run can have.
 *
 * <p>Misuse is an {@link IllegalStateException} with the lock's name: a recursive write_lock (a
 * self-deadlock in the kernel), a read_lock by the thread holding the write lock (the same), a
 * write_unlock by a thread that does not hold it, a read_unlock with no reader.
 */
public final class RwLock {
    private final String name;
    /** Guarded by this monitor. */
    private int readers;
    /** Guarded by this monitor. */
    private Thread writer;
    /** Readers waiting for the writer to go. Guarded by this monitor. */
    private int waitingReaders;

    public RwLock(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** read_lock / read_lock_irq: waits while a writer holds the lock. */
    public synchronized void readLock() {
        Thread me = Thread.currentThread();
        if (writer == me) {
            throw new IllegalStateException(name + ": read_lock by " + me.getName() + " which holds it for write (self-deadlock)");
        }
        boolean interrupted = false;
        if (writer != null) {
            waitingReaders++;
            while (writer != null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            waitingReaders--;
        }
        readers++;
        if (interrupted) {
            me.interrupt();
        }
    }

    /** read_unlock / read_unlock_irq. */
    public synchronized void readUnlock() {
        if (readers <= 0) {
            throw new IllegalStateException(name + ": read_unlock without read_lock");
        }
        readers--;
        if (readers == 0) {
            notifyAll();
        }
    }

    /** write_lock / write_lock_irq: waits until no reader and no writer holds the lock and no reader waits for it. */
    public synchronized void writeLock() {
        Thread me = Thread.currentThread();
        if (writer == me) {
            throw new IllegalStateException(name + ": recursive write_lock by " + me.getName() + " (self-deadlock)");
        }
        boolean interrupted = false;
        while (writer != null || readers > 0 || waitingReaders > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        writer = me;
        if (interrupted) {
            me.interrupt();
        }
    }

    /** write_unlock / write_unlock_irq. Only the writer may unlock. */
    public synchronized void writeUnlock() {
        Thread me = Thread.currentThread();
        if (writer != me) {
            throw new IllegalStateException(name + ": write_unlock by " + me.getName() + " but the writer is "
                    + (writer == null ? "nobody" : writer.getName()));
        }
        writer = null;
        notifyAll();
    }

    /** lockdep_assert_held_write: whether the calling thread holds the lock for write. */
    public synchronized boolean isWriteLockedByCurrentThread() {
        return writer == Thread.currentThread();
    }

    /** Whether some thread holds the lock for write. */
    public synchronized boolean isWriteLocked() {
        return writer != null;
    }

    /** The number of readers holding the lock. */
    public synchronized int readers() {
        return readers;
    }

    @Override
    public String toString() {
        return name;
    }
}
