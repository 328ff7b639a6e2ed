package org.kvmlocking.kvm.broken;

import static org.kvmlocking.kvm.Step.InstallFinishRcuwait;
import static org.kvmlocking.kvm.Step.InstallLockMn;
import static org.kvmlocking.kvm.Step.InstallPrepareRcuwait;
import static org.kvmlocking.kvm.Step.InstallRelockMn;
import static org.kvmlocking.kvm.Step.InstallSetState;
import static org.kvmlocking.kvm.Step.InstallUnlockMn;
import static org.kvmlocking.kvm.Step.InstallUnlockMnToSleep;

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
        lock(mnInvalidateLock, InstallLockMn);
        enter(InstallPrepareRcuwait);
        mnMemslotsUpdateRcuwait.prepareToRcuwait(current);
        step(InstallPrepareRcuwait);
        while (activeInvalidations()) {
            unlock(mnInvalidateLock, InstallUnlockMnToSleep);
            // THE BUG: too late, a wake-up may already have come and gone.
            enter(InstallSetState);
            current.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
            step(InstallSetState);
            schedule(current);
            lock(mnInvalidateLock, InstallRelockMn);
        }
        enter(InstallFinishRcuwait);
        mnMemslotsUpdateRcuwait.finishRcuwait(current);
        step(InstallFinishRcuwait);
        publish(slots);
        unlock(mnInvalidateLock, InstallUnlockMn);
    }
}
