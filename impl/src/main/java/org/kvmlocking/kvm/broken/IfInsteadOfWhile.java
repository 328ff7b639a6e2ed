package org.kvmlocking.kvm.broken;

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
public final class IfInsteadOfWhile extends ActiveCountKvm {
    public IfInsteadOfWhile(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /** Spec: as Kvm, with the loop taken at most once. */
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
        if (activeInvalidations()) { // THE BUG: if, not while
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
