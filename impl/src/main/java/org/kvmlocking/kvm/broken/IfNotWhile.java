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
 * BROKEN (MutualExclusion): the wait is an {@code if}. After the wake-up the updater does not
 * re-test the count, so an invalidation that started between the wake-up and the relock is in
 * flight when the new layout is published; its end then sees another layout than its start.
 */
public final class IfNotWhile extends ActiveCountKvm {
    public IfNotWhile(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /** Spec: as Kvm, with the loop taken at most once. */
    @Override
    protected void waitAndPublish(Memslots slots) {
        Task current = new Task("install_new_memslots:" + Thread.currentThread().getName());
        lock(mnInvalidateLock, InstallLockMn);
        enter(InstallPrepareRcuwait);
        mnMemslotsUpdateRcuwait.prepareToRcuwait(current);
        step(InstallPrepareRcuwait);
        if (activeInvalidations()) { // THE BUG: if, not while
            enter(InstallSetState);
            current.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
            step(InstallSetState);
            unlock(mnInvalidateLock, InstallUnlockMnToSleep);
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
