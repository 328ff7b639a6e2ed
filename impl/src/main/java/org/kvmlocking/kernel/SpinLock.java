package org.kvmlocking.kernel;

/**
 * spin_lock/spin_unlock (and mutex_lock/mutex_unlock) on a Java monitor.
 *
 * <p>Used for mn_invalidate_lock, mmu_lock and slots_lock. Whether the kernel spins or sleeps
 * makes no difference to the protocol, so one class serves both; waiting is done with
 * {@code wait()} rather than spinning because both Java PathFinder and Lincheck explore monitors
 * and neither handles busy loops well (see CHECKERS.md). The lock is explicit (lock()/unlock())
 * rather than a {@code synchronized} block so that the code keeps the kernel's shape, in
 * particular the "unlock, sleep, lock again" inside install_new_memslots' wait loop.
 *
 * <p>Not reentrant: a second lock() by the owner is a self-deadlock in the kernel, reported here
 * as an {@link IllegalStateException}; so is an unlock by a thread that does not own the lock.
 */
public final class SpinLock {
    private final String name;
    /** Guarded by this monitor. */
    private Thread owner;

    public SpinLock(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** spin_lock / mutex_lock. Uninterruptible, like the kernel's. */
    public void lock() {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (owner == me) {
                throw new IllegalStateException(name + ": recursive lock by " + me.getName() + " (self-deadlock)");
            }
            boolean interrupted = false;
            while (owner != null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            owner = me;
            if (interrupted) {
                me.interrupt();
            }
        }
    }

    /** spin_unlock / mutex_unlock. Only the owner may unlock. */
    public synchronized void unlock() {
        Thread me = Thread.currentThread();
        if (owner != me) {
            throw new IllegalStateException(name + ": unlock by " + me.getName() + " but owner is "
                    + (owner == null ? "nobody" : owner.getName()));
        }
        owner = null;
        notifyAll();
    }

    public synchronized boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    public synchronized boolean isLocked() {
        return owner != null;
    }

    @Override
    public String toString() {
        return name;
    }
}
