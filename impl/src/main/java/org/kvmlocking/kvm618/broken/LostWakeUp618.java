package org.kvmlocking.kvm618.broken;

import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design lost_wakeup_618): kvm_swap_active_memslots' wait loop with set_current_state
 * after spin_unlock (a "tidy-up" that moves the state change next to schedule()). An end that
 * drops the count to 0 between the unlock and set_current_state finds the updater still
 * TASK_RUNNING, its wake-up is a no-op, and the updater then sleeps for good. Caught by
 * NoLostWakeUp (per-step checks on) and as a deadlock (checks off).
 */
public final class LostWakeUp618 extends Kvm618 {
    public LostWakeUp618(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public LostWakeUp618(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /**
     * Kernel (mutated): virt/kvm/kvm_main.c: kvm_swap_active_memslots with
     * {@code spin_unlock(...); set_current_state(TASK_UNINTERRUPTIBLE); schedule();}.
     * Spec: SwapUnlockMnToSleep, SwapSetState, SwapSchedule, SwapRelockMn.
     */
    @Override
    protected void kvmSwapSleep(Task current) {
        unlockMnToSleep();
        setCurrentState(current, TaskState.TASK_UNINTERRUPTIBLE);
        schedule(current);
        relockMn();
    }
}
