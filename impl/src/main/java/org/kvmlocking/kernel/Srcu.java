package org.kvmlocking.kernel;

/**
 * Sleepable RCU (kvm->srcu) on a monitor: readers never wait, synchronize_srcu waits for the
 * readers that started before it.
 *
 * <p>Two reader counters indexed by an epoch bit, as the kernel's srcu_struct has; a reader
 * unlocks the counter it locked. synchronize flips the epoch and waits until the old counter
 * drains. Concurrent synchronizers are serialised (KVM's already are, by slots_lock).
 */
public final class Srcu {
    /** Guarded by this monitor. */
    private final int[] readers = new int[2];
    /** Guarded by this monitor. */
    private int idx;
    /** Guarded by this monitor. */
    private boolean synchronizing;

    /** srcu_read_lock: returns the index to pass to {@link #readUnlock(int)}. */
    public synchronized int readLock() {
        readers[idx]++;
        return idx;
    }

    /** srcu_read_unlock. */
    public synchronized void readUnlock(int index) {
        if (index < 0 || index > 1 || readers[index] <= 0) {
            throw new IllegalStateException("srcu_read_unlock(" + index + ") without srcu_read_lock");
        }
        readers[index]--;
        if (readers[index] == 0) {
            notifyAll();
        }
    }

    /** synchronize_srcu(_expedited): returns once every reader that started before it has ended. */
    public synchronized void synchronize() {
        boolean interrupted = false;
        while (synchronizing) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronizing = true;
        int old = idx;
        idx = old ^ 1;
        while (readers[old] != 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronizing = false;
        notifyAll();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Number of readers currently inside a read-side critical section. */
    public synchronized int activeReaders() {
        return readers[0] + readers[1];
    }
}
