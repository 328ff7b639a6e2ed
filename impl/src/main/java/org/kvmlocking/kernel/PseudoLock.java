package org.kvmlocking.kernel;

/**
 * A lockdep map such as __mmu_notifier_invalidate_range_start_map, held as an exclusive lock.
 *
 * <p>In the kernel, lock_map_acquire/lock_map_release only inform lockdep; nothing waits. Lockdep
 * treats the map as an exclusive lock, and a cycle through it is a real deadlock as soon as
 * something real (like the rwsem of the rejected design) sits on the cycle. Modelling it as a real
 * exclusive lock makes that cycle an actual Java deadlock that tests and checkers can observe.
 */
public final class PseudoLock {
    private final SpinLock lock;

    public PseudoLock(String name) {
        this.lock = new SpinLock(name);
    }

    /** lock_map_acquire. */
    public void acquire() {
        lock.lock();
    }

    /** lock_map_release. */
    public void release() {
        lock.unlock();
    }

    public boolean isHeld() {
        return lock.isLocked();
    }
}
