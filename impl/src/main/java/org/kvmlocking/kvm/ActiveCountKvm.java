package org.kvmlocking.kvm;

import static org.kvmlocking.kvm.Step.EndDecActive;
import static org.kvmlocking.kvm.Step.EndLockMn;
import static org.kvmlocking.kvm.Step.EndUnlockMn;
import static org.kvmlocking.kvm.Step.EndWakeUp;
import static org.kvmlocking.kvm.Step.InstallSchedule;
import static org.kvmlocking.kvm.Step.InstallWaitTest;
import static org.kvmlocking.kvm.Step.StartIncActive;
import static org.kvmlocking.kvm.Step.StartLockMn;
import static org.kvmlocking.kvm.Step.StartUnlockMn;

import org.kvmlocking.kernel.RcuWait;
import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;

/**
 * The designs that count in-flight invalidations in mn_active_invalidate_count under
 * mn_invalidate_lock and wake the updater through mn_memslots_update_rcuwait (commit
 * 52ac8b358b0c). The invalidation side is written here; subclasses write the updater's wait:
 * {@link Kvm} as the kernel does, the broken variants with one mistake each. The end side is
 * fixed; the start side may be overridden by a broken variant of it (e.g. LateCount), never by
 * {@link Kvm} (a final class).
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
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15).
     * Spec: StartLockMn, StartIncActive, StartUnlockMn, then StartHvaRange .. StartUnlockMmu.
     * Not final only so that a broken variant of the start side can override it, with the same
     * steps in another order (org.kvmlocking.kvm.broken.LateCount).
     */
    @Override
    protected void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
        lock(mnInvalidateLock, StartLockMn);
        // Counted before the memslots are read below: from here on no layout can be published
        // until the matching end, so start and end see the same slots (same elision decision).
        mnActiveInvalidateCount++;
        ghostBegin(range);
        step(StartIncActive);
        unlock(mnInvalidateLock, StartUnlockMn);
        handleHvaRangeStart(range);
    }

    /**
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15).
     * Spec: EndHvaRange .. EndUnlockMmu, then EndLockMn, EndDecActive, EndUnlockMn, EndWakeUp.
     */
    @Override
    protected final void kvmMmuNotifierInvalidateRangeEnd(HvaRange range) {
        handleHvaRangeEnd(range);
        lock(mnInvalidateLock, EndLockMn);
        // Decremented only after the notifier count: the updater must not publish while this
        // invalidation could still take the elision decision against the old layout.
        boolean wake = --mnActiveInvalidateCount == 0;
        ghostEnd(range);
        if (wake) {
            ghostWakeUp(true);
        }
        step(EndDecActive, wake);
        unlock(mnInvalidateLock, EndUnlockMn);
        if (wake) {
            // After the unlock, as the kernel does; safe because the waiter set its task state
            // before dropping the lock, so either it sees the count at 0 or this wakes it.
            // Bracketed: the waiter pointer and the task state change without a lock.
            enter(EndWakeUp);
            mnMemslotsUpdateRcuwait.rcuwaitWakeUp();
            // The ghost first: an observer of the step may let the woken updater run its check.
            ghostWakeUp(false);
            step(EndWakeUp);
        }
    }

    /** The wait loop's test, mn_invalidate_lock held. Kernel: install_new_memslots. Spec: InstallWaitTest. */
    protected final boolean activeInvalidations() {
        boolean busy = mnActiveInvalidateCount != 0;
        step(InstallWaitTest, busy);
        return busy;
    }

    /**
     * schedule() of the updater, with the per-step NoLostWakeUp check first (with checks on).
     * Kernel: kernel/sched/core.c: schedule (Linux 5.15). Spec: InstallSchedule (its return).
     */
    protected final void schedule(Task current) {
        if (checks) {
            try {
                checkNoLostWakeUp();
            } catch (InvariantViolation v) {
                // Recorded too: the updater never reaches its unlock, so the run hangs.
                throw invariants.recordAndList(v);
            }
        }
        current.schedule();
        step(InstallSchedule);
    }

    /** The current mn_active_invalidate_count; takes mn_invalidate_lock unless the caller holds it. */
    public final int mnActiveInvalidateCount() {
        return readLocked(mnInvalidateLock, () -> mnActiveInvalidateCount);
    }

    /** The task registered in mn_memslots_update_rcuwait, or null. */
    public final Task rcuwaitWaiter() {
        return mnMemslotsUpdateRcuwait.waiter();
    }

    /**
     * Spec: NoLostWakeUp. The updater never sleeps (TASK_UNINTERRUPTIBLE, registered in the
     * rcuwait) while mn_active_invalidate_count is 0 with no wake-up on its way.
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
