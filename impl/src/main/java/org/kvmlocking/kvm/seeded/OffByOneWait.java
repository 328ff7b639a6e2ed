package org.kvmlocking.kvm.seeded;

import static org.kvmlocking.kvm.Step.InstallFinishRcuwait;
import static org.kvmlocking.kvm.Step.InstallLockMn;
import static org.kvmlocking.kvm.Step.InstallPrepareRcuwait;
import static org.kvmlocking.kvm.Step.InstallRelockMn;
import static org.kvmlocking.kvm.Step.InstallSetState;
import static org.kvmlocking.kvm.Step.InstallUnlockMn;
import static org.kvmlocking.kvm.Step.InstallUnlockMnToSleep;
import static org.kvmlocking.kvm.Step.InstallWaitTest;

import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;
import org.kvmlocking.kvm.ActiveCountKvm;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;

/**
 * SEEDED MUTANT, not a design (checked by the Java checkers' tests only): install_new_memslots
 * waits only while more than one invalidation is in flight (an off-by-one, as if the count
 * included the updater). With one invalidation between its start and its end, the updater
 * publishes at once: MutualExclusion, at the publish, with mn_invalidate_lock held (with
 * per-step checks on, the throw leaves it held and the invalidation's end hangs on it). When the
 * update deletes the slot that invalidation's start counted in mmu_notifier_count, the end,
 * finding no slot, skips the decrement: Balance, which MutualExclusion (broken first) masks.
 */
public final class OffByOneWait extends ActiveCountKvm {
    public OffByOneWait(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /** Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15), with the test off by one. */
    @Override
    protected void waitAndPublish(Memslots slots) {
        Task current = new Task("install_new_memslots:" + Thread.currentThread().getName());
        lock(mnInvalidateLock, InstallLockMn);
        enter(InstallPrepareRcuwait);
        mnMemslotsUpdateRcuwait.prepareToRcuwait(current);
        step(InstallPrepareRcuwait);
        while (busy()) {
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

    /** The loop's test, mn_invalidate_lock held. Spec: InstallWaitTest. */
    private boolean busy() {
        boolean busy = mnActiveInvalidateCount > 1; // THE BUG: should be != 0
        step(InstallWaitTest, busy);
        return busy;
    }
}
