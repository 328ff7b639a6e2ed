package org.kvmlocking.kvm;

import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;

/**
 * The adopted design (Linux 5.15, commits 52ac8b358b0c and 071064f14d87): memslot updates wait,
 * with an open-coded rcuwait loop under mn_invalidate_lock, until no invalidation is between
 * range_start and range_end. Invalidations never wait for the updater ("a deliberately unfair
 * rwsem"), so the lockdep cycle of the rwsem version cannot form.
 */
public final class Kvm extends ActiveCountKvm {
    public Kvm(Mm mm, boolean checks) {
        super(mm, checks);
    }

    public Kvm(Mm mm) {
        this(mm, false);
    }

    /**
     * The wait-and-publish part of install_new_memslots.
     *
     * <p>Spec: InstallLockMn, InstallPrepareRcuwait, InstallWaitTest, InstallSetState,
     * InstallUnlockMnToSleep, InstallSchedule, InstallRelockMn, InstallFinishRcuwait,
     * InstallPublish, InstallUnlockMn.
     */
    @Override
    protected void waitAndPublish(Memslots slots) {
        Task current = new Task("install_new_memslots:" + Thread.currentThread().getName());
        mnInvalidateLock.lock();
        traceStep("InstallLockMn");
        action("InstallLockMn");
        // Published under the lock, so an end that drops the count to 0 after we test it finds us.
        traceEnter();
        mnMemslotsUpdateRcuwait.prepareToRcuwait(current);
        traceExit("InstallPrepareRcuwait", "");
        action("InstallPrepareRcuwait");
        // while, not if: between the wake-up and the relock another invalidation may start.
        while (activeInvalidations()) {
            // Before the unlock: a wake-up between unlock and schedule() then leaves us
            // TASK_RUNNING and schedule() returns at once instead of sleeping forever.
            traceEnter();
            current.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
            traceExit("InstallSetState", "");
            action("InstallSetState");
            traceStep("InstallUnlockMnToSleep");
            mnInvalidateLock.unlock();
            action("InstallUnlockMnToSleep");
            schedule(current);
            mnInvalidateLock.lock();
            traceStep("InstallRelockMn");
            action("InstallRelockMn");
        }
        traceEnter();
        mnMemslotsUpdateRcuwait.finishRcuwait(current);
        traceExit("InstallFinishRcuwait", "");
        action("InstallFinishRcuwait");
        publish(slots);
        traceStep("InstallUnlockMn");
        mnInvalidateLock.unlock();
        action("InstallUnlockMn");
    }
}
