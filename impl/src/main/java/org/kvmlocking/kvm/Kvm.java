package org.kvmlocking.kvm;

import static org.kvmlocking.kvm.Step.InstallFinishRcuwait;
import static org.kvmlocking.kvm.Step.InstallLockMn;
import static org.kvmlocking.kvm.Step.InstallPrepareRcuwait;
import static org.kvmlocking.kvm.Step.InstallRelockMn;
import static org.kvmlocking.kvm.Step.InstallSetState;
import static org.kvmlocking.kvm.Step.InstallUnlockMn;
import static org.kvmlocking.kvm.Step.InstallUnlockMnToSleep;

import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;

/**
 * The adopted design (Linux 5.15, commits 52ac8b358b0c and 071064f14d87): memslot updates wait,
 * with an open-coded rcuwait loop under mn_invalidate_lock, until no invalidation is between
 * range_start and range_end. Invalidations never wait for the updater ("a deliberately unfair
 * rwsem"), so the lockdep cycle of the rwsem version cannot form.
 *
 * <p>Not final only so that a variant of the start side (broken.LateCount, broken.RacyCount) can
 * keep this wait exactly: the wait itself is final. Variants of the wait extend ActiveCountKvm.
 */
public class Kvm extends ActiveCountKvm {
    public Kvm(Mm mm, boolean checks) {
        super(mm, checks);
    }

    public Kvm(Mm mm) {
        this(mm, false);
    }

    /**
     * The wait-and-publish part of install_new_memslots.
     * Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15).
     * Spec: InstallLockMn, InstallPrepareRcuwait, InstallWaitTest, InstallSetState,
     * InstallUnlockMnToSleep, InstallSchedule, InstallRelockMn, InstallFinishRcuwait,
     * InstallPublish, InstallUnlockMn.
     */
    @Override
    protected final void waitAndPublish(Memslots slots) {
        Task current = new Task("install_new_memslots:" + Thread.currentThread().getName());
        lock(mnInvalidateLock, InstallLockMn);
        // Published under the lock, so an end that drops the count to 0 after we test it finds us.
        enter(InstallPrepareRcuwait);
        mnMemslotsUpdateRcuwait.prepareToRcuwait(current);
        step(InstallPrepareRcuwait);
        // while, not if: between the wake-up and the relock another invalidation may start.
        while (activeInvalidations()) {
            // Before the unlock: a wake-up between unlock and schedule() then leaves us
            // TASK_RUNNING and schedule() returns at once instead of sleeping forever.
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
