package org.kvmlocking.kernel;

/**
 * The part of a kernel task_struct that sleeping and waking need: the task state.
 *
 * <p>The state lives on this object's monitor, which plays the role of the scheduler's run-queue
 * and pi_lock. {@link #schedule()} returns at once when the state is already TASK_RUNNING (a
 * wake-up came between set_current_state and schedule: the reason the kernel sets the state
 * <em>before</em> dropping the lock that protects the condition), otherwise it waits until
 * {@link #wakeUpProcess()} makes the task runnable. No spurious wake-ups are generated here, so
 * a lost wake-up really hangs, which is what the checkers must see.
 */
public final class Task {
    private final String name;
    private final Thread thread;
    /** Guarded by this monitor. */
    private TaskState state = TaskState.TASK_RUNNING;

    /** Creates the task standing for {@code current}, i.e. the calling thread. */
    public Task(String name) {
        this.name = name;
        this.thread = Thread.currentThread();
    }

    public String name() {
        return name;
    }

    /** The thread this task stands for. */
    public Thread thread() {
        return thread;
    }

    /** set_current_state(state): only the task itself sets its own state. */
    public void setCurrentState(TaskState newState) {
        requireCurrent("setCurrentState");
        synchronized (this) {
            state = newState;
        }
    }

    /** schedule(): sleeps while the state is not TASK_RUNNING. Uninterruptible. */
    public void schedule() {
        requireCurrent("schedule");
        synchronized (this) {
            boolean interrupted = false;
            while (state != TaskState.TASK_RUNNING) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                thread.interrupt();
            }
        }
    }

    /** wake_up_process(p): makes the task runnable; returns whether it was not already running. */
    public synchronized boolean wakeUpProcess() {
        if (state == TaskState.TASK_RUNNING) {
            return false;
        }
        state = TaskState.TASK_RUNNING;
        notifyAll();
        return true;
    }

    public synchronized TaskState state() {
        return state;
    }

    private void requireCurrent(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(what + " of task " + name + " called by another thread "
                    + Thread.currentThread().getName());
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
