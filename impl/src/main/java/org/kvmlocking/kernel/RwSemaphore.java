package org.kvmlocking.kernel;

/**
 * A reader-writer semaphore (struct rw_semaphore) on a monitor, for the rejected design.
 *
 * <p>Fair: a queued writer blocks new readers, as the kernel's rwsem does to avoid writer
 * starvation; this is what closes the lockdep cycle of the seed commit. Non-fair: readers wait
 * only for an active writer, never for a queued one ("recursive readers" in lockdep terms), which
 * breaks the cycle but lets a stream of readers starve the writer.
 *
 * <p>Each operation has a variant taking hooks ({@code granted}, {@code queued},
 * {@code released}; null = none) that run inside the monitor right after the state change they
 * name. Trace recording uses them: a grant or a
 * release and its record are then one atomic step, so the recorded order of rwsem steps (and the
 * reader counts recorded with them) is the real one. Recording outside the monitor would let
 * another thread's grant slip between a release and its record.
 */
public final class RwSemaphore {
    private final String name;
    private final boolean fair;
    /** Guarded by this monitor. */
    private int readers;
    /** Guarded by this monitor. */
    private Thread writer;
    /** Guarded by this monitor. */
    private int queuedWriters;

    public RwSemaphore(String name, boolean fair) {
        this.name = name;
        this.fair = fair;
    }

    public boolean isFair() {
        return fair;
    }

    /** down_read. */
    public void downRead() {
        downRead(null);
    }

    /** down_read; {@code granted} runs in the monitor once the read lock is held. */
    public synchronized void downRead(Runnable granted) {
        boolean interrupted = false;
        while (writer != null || (fair && queuedWriters > 0)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        readers++;
        run(granted);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** up_read. */
    public void upRead() {
        upRead(null);
    }

    /** up_read; {@code released} runs in the monitor once the read lock is dropped. */
    public synchronized void upRead(Runnable released) {
        if (readers <= 0) {
            throw new IllegalStateException(name + ": up_read without down_read");
        }
        readers--;
        run(released);
        if (readers == 0) {
            notifyAll();
        }
    }

    /** down_write. */
    public void downWrite() {
        downWrite(null, null);
    }

    /**
     * down_write; {@code queued} runs in the monitor once this writer is queued (from then on a
     * fair rwsem admits no new reader), {@code granted} once it holds the lock.
     */
    public synchronized void downWrite(Runnable queued, Runnable granted) {
        Thread me = Thread.currentThread();
        if (writer == me) {
            throw new IllegalStateException(name + ": recursive down_write (self-deadlock)");
        }
        boolean interrupted = false;
        queuedWriters++;
        run(queued);
        while (writer != null || readers > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queuedWriters--;
        writer = me;
        run(granted);
        if (interrupted) {
            me.interrupt();
        }
    }

    /** up_write. */
    public void upWrite() {
        upWrite(null);
    }

    /** up_write; {@code released} runs in the monitor once the write lock is dropped. */
    public synchronized void upWrite(Runnable released) {
        if (writer != Thread.currentThread()) {
            throw new IllegalStateException(name + ": up_write by a thread that does not hold it for write");
        }
        writer = null;
        run(released);
        notifyAll();
    }

    private static void run(Runnable step) {
        if (step != null) {
            step.run();
        }
    }

    public synchronized int readers() {
        return readers;
    }

    public synchronized int queuedWriters() {
        return queuedWriters;
    }

    public synchronized boolean writeLocked() {
        return writer != null;
    }
}
