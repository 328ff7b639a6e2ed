package org.kvmlocking.kernel;

/**
 * struct rcuwait: a single-waiter wait queue (include/linux/rcuwait.h).
 *
 * <p>KVM's mn_memslots_update_rcuwait has at most one waiter because memslot updaters are
 * serialised by slots_lock; a second concurrent waiter is an error here.
 */
public final class RcuWait {
    /**
     * The waiting task or null. Written by the waiter (prepare/finish, in KVM under
     * mn_invalidate_lock); read by {@link #rcuwaitWakeUp()} with no lock at all, because the
     * kernel's waker calls rcuwait_wake_up after spin_unlock(mn_invalidate_lock) and reads the
     * pointer with rcu_dereference after an smp_mb(). volatile gives that read the same
     * guarantees in Java: it sees the most recent prepare/finish and cannot be hoisted above the
     * waker's preceding unlock.
     */
    private volatile Task task;

    /** prepare_to_rcuwait(w): publishes {@code current} as the waiter. */
    public void prepareToRcuwait(Task current) {
        if (task != null) {
            throw new IllegalStateException("rcuwait: second waiter " + current + " while " + task + " waits");
        }
        task = current;
    }

    /** finish_rcuwait(w): removes the waiter and sets it TASK_RUNNING. */
    public void finishRcuwait(Task current) {
        task = null;
        current.setCurrentState(TaskState.TASK_RUNNING);
    }

    /** rcuwait_wake_up(w): wakes the waiter if there is one; returns whether a task was woken. */
    public boolean rcuwaitWakeUp() {
        Task t = task;
        if (t != null) {
            return t.wakeUpProcess();
        }
        return false;
    }

    /** The current waiter or null (for invariant checks and tests). */
    public Task waiter() {
        return task;
    }
}
