package org.kvmlocking.kvm;

import org.kvmlocking.kernel.RcuWait;
import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;

/**
 * The designs that count in-flight invalidations in mn_active_invalidate_count under
 * mn_invalidate_lock and wake the updater through mn_memslots_update_rcuwait (commit
 * 52ac8b358b0c). The invalidation side is fixed here; subclasses write the updater's wait:
 * {@link Kvm} as the kernel does, the broken variants with one mistake each.
 */
public abstract class ActiveCountKvm extends AbstractKvm {
    /** kvm->mn_invalidate_lock. */
    protected final SpinLock mnInvalidateLock = new SpinLock("mn_invalidate_lock");
    /** kvm->mn_active_invalidate_count. Guarded by mn_invalidate_lock. */
    protected int mnActiveInvalidateCount;
    /** kvm->mn_memslots_update_rcuwait. Waiter set and cleared under mn_invalidate_lock. */
    protected final RcuWait mnMemslotsUpdateRcuwait = new RcuWait();

    protected ActiveCountKvm(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /**
     * kvm_mmu_notifier_invalidate_range_start.
     *
     * <p>Spec: StartBegin, StartIncActive, StartUnlockMn, then StartHvaRange, StartLockMmu,
     * StartIncNotifierCount, StartUnmap, StartUnlockMmu.
     */
    @Override
    public final void invalidateRangeStart(HvaRange range) {
        checkRange(range);
        if (tracer != null) {
            traceStep("StartBegin", "range=" + range.start() + "," + range.end());
        }
        mnInvalidateLock.lock();
        traceStep("StartLockMn");
        action("StartBegin");
        // Counted before the memslots are read below: from here on no layout can be published
        // until the matching end, so start and end see the same slots (same elision decision).
        mnActiveInvalidateCount++;
        ghostBegin(range);
        if (tracer != null) {
            traceStep("StartIncActive", "active=" + mnActiveInvalidateCount);
        }
        action("StartIncActive");
        traceStep("StartUnlockMn");
        mnInvalidateLock.unlock();
        action("StartUnlockMn");
        handleHvaRangeStart(range);
    }

    /**
     * kvm_mmu_notifier_invalidate_range_end.
     *
     * <p>Spec: EndHvaRange, EndLockMmu, EndDecNotifierCount, EndUnlockMmu, EndLockMn,
     * EndDecActive, EndUnlockMn, EndWakeUp.
     */
    @Override
    public final void invalidateRangeEnd(HvaRange range) {
        checkEndRange(range);
        handleHvaRangeEnd(range);
        mnInvalidateLock.lock();
        traceStep("EndLockMn");
        action("EndLockMn");
        // Decremented only after the notifier count: the updater must not publish while this
        // invalidation could still take the elision decision against the old layout.
        boolean wake = --mnActiveInvalidateCount == 0;
        ghostEnd(range);
        if (wake) {
            ghostWakeUpPending();
        }
        if (tracer != null) {
            traceStep("EndDecActive", "active=" + mnActiveInvalidateCount + " wake=" + bit(wake));
        }
        action("EndDecActive");
        traceStep("EndUnlockMn");
        mnInvalidateLock.unlock();
        action("EndUnlockMn");
        if (wake) {
            // After the unlock, as the kernel does; safe because the waiter set its task state
            // before dropping the lock, so either it sees the count at 0 or this wakes it.
            // In the trace window: the waiter pointer and the task state change without a lock.
            traceEnter();
            boolean waiter = tracer != null && mnMemslotsUpdateRcuwait.waiter() != null;
            mnMemslotsUpdateRcuwait.rcuwaitWakeUp();
            if (tracer != null) {
                traceExit("EndWakeUp", "waiter=" + bit(waiter));
            }
            ghostWakeUpDone();
            action("EndWakeUp");
        }
        bugOnNegativeNotifierCount();
        stepCheckCoherence();
    }

    /** The wait loop's test, mn_invalidate_lock held. Spec: InstallWaitTest. */
    protected final boolean activeInvalidations() {
        boolean busy = mnActiveInvalidateCount != 0;
        if (tracer != null) {
            traceStep("InstallWaitTest", "busy=" + bit(busy));
        }
        action("InstallWaitTest");
        return busy;
    }

    /** schedule() of the updater, with the per-step NoLostWakeUp check first. Spec: InstallSchedule. */
    protected final void schedule(Task current) {
        if (checks) {
            checkNoLostWakeUp();
        }
        current.schedule();
        traceStep("InstallSchedule");
        action("InstallSchedule");
    }

    /** The current mn_active_invalidate_count (takes mn_invalidate_lock). */
    public final int mnActiveInvalidateCount() {
        mnInvalidateLock.lock();
        try {
            return mnActiveInvalidateCount;
        } finally {
            mnInvalidateLock.unlock();
        }
    }

    /**
     * NoLostWakeUp: the updater never sleeps (TASK_UNINTERRUPTIBLE, registered in the rcuwait)
     * while mn_active_invalidate_count is 0 with no wake-up on its way.
     */
    public final void checkNoLostWakeUp() {
        mnInvalidateLock.lock();
        try {
            // Order matters: the waker sets the task running without mn_invalidate_lock and only
            // then clears its pending mark, so read the pending count before the task state.
            // With the lock held no new pending wake-up can appear between the two reads.
            int pending = ghostPendingWakeUps();
            Task t = mnMemslotsUpdateRcuwait.waiter();
            if (mnActiveInvalidateCount == 0 && pending == 0 && t != null
                    && t.state() == TaskState.TASK_UNINTERRUPTIBLE) {
                throw new InvariantViolation("NoLostWakeUp", "the memslot updater " + t
                        + " sleeps with mn_active_invalidate_count = 0 and no wake-up pending");
            }
        } finally {
            mnInvalidateLock.unlock();
        }
    }

    @Override
    protected final void checkDesignInvariants() {
        checkNoLostWakeUp();
    }
}
