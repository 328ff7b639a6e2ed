package org.kvmlocking.kernel;

/**
 * A reader-writer semaphore (struct rw_semaphore) on a monitor, for the rejected design.
 *
 * <p>Fair: a queued writer blocks new readers, as the kernel's rwsem does to avoid writer
 * starvation; this is what closes the lockdep cycle of the seed commit. Non-fair: readers wait
 * only for an active writer, never for a queued one ("recursive readers" in lockdep terms), which
 * breaks the cycle but lets a stream of readers starve the writer.
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
    public synchronized void downRead() {
        boolean interrupted = false;
        while (writer != null || (fair && queuedWriters > 0)) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        readers++;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** up_read. */
    public synchronized void upRead() {
        if (readers <= 0) {
            throw new IllegalStateException(name + ": up_read without down_read");
        }
        readers--;
        if (readers == 0) {
            notifyAll();
        }
    }

    /** down_write. */
    public synchronized void downWrite() {
        Thread me = Thread.currentThread();
        if (writer == me) {
            throw new IllegalStateException(name + ": recursive down_write (self-deadlock)");
        }
        boolean interrupted = false;
        queuedWriters++;
        while (writer != null || readers > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queuedWriters--;
        writer = me;
        if (interrupted) {
            me.interrupt();
        }
    }

    /** up_write. */
    public synchronized void upWrite() {
        if (writer != Thread.currentThread()) {
            throw new IllegalStateException(name + ": up_write by a thread that does not hold it for write");
        }
        writer = null;
        notifyAll();
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
