package org.kvmlocking.kvm.broken;

import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;
import org.kvmlocking.kvm.ActiveCountKvm;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;

/**
 * BROKEN (lost wake-up, hang): the updater sets TASK_UNINTERRUPTIBLE after dropping
 * mn_invalidate_lock. An end that drops the count to 0 in between wakes a task that is still
 * running (no effect); the updater then sleeps with the count at 0 and nobody left to wake it.
 */
public final class LostWakeUp extends ActiveCountKvm {
    public LostWakeUp(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /** Spec: as Kvm, but InstallUnlockMnToSleep before InstallSetState. */
    @Override
    protected void waitAndPublish(Memslots slots) {
        Task current = new Task("install_new_memslots:" + Thread.currentThread().getName());
        mnInvalidateLock.lock();
        traceStep("InstallLockMn");
        action("InstallLockMn");
        traceEnter();
        mnMemslotsUpdateRcuwait.prepareToRcuwait(current);
        traceExit("InstallPrepareRcuwait", "");
        action("InstallPrepareRcuwait");
        while (activeInvalidations()) {
            traceStep("InstallUnlockMnToSleep");
            mnInvalidateLock.unlock();
            action("InstallUnlockMnToSleep");
            // THE BUG: too late, a wake-up may already have come and gone.
            traceEnter();
            current.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
            traceExit("InstallSetState", "");
            action("InstallSetState");
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
