package org.kvmlocking.kvm;

/**
 * Sees the protocol's steps: the trace recorder of trace/, the per-step invariant checks
 * ({@link StepChecks}), tests and drivers that widen a race window or list the steps. Subscribe
 * with {@link KvmStruct#addStepObserver} (which also observes the mm's steps) before any
 * thread uses the KVM; with nobody subscribed a step costs one null test.
 *
 * <p>{@link #step} runs on the acting thread right after the step's effect: with the step's lock
 * still held for a step under a lock, after the unlock for an unlock step. A step whose effect no
 * kernel lock orders (a lockless read or write, an unlock) is bracketed: {@link #enter} runs just
 * before the effect and {@link #step} just after, so an observer that serialises enter..step
 * (the trace recorder) sees the steps in an order that is a linearization of the run. An
 * observer must not take a kernel lock that the acting thread may hold, nor call back into the
 * protocol; it may read the KVM's state through its lock-aware accessors
 * ({@link KvmStruct#mmuNotifierCount()} and the like).
 */
@FunctionalInterface
public interface StepObserver {
    /** Just before the effect of a step that no kernel lock orders. */
    default void enter(Step step) {
    }

    /** The step happened; value is what {@link Step} names for it, or null. */
    void step(Step step, Object value);

    /**
     * A step whose value is an int (a gfn, a pfn): boxed for {@link #step(Step, Object)} unless
     * overridden. The per-step checks override it: under JPF every boxed Integer is a new object
     * in every stored state (measured: 3x the allocations, 1.3x the time of a run).
     */
    default void step(Step step, int value) {
        step(step, (Object) Integer.valueOf(value));
    }

    /** Both observers, first then second, in each call. */
    static StepObserver both(StepObserver first, StepObserver second) {
        if (first == null) {
            return second;
        }
        return new StepObserver() {
            @Override
            public void enter(Step step) {
                first.enter(step);
                second.enter(step);
            }

            @Override
            public void step(Step step, Object value) {
                first.step(step, value);
                second.step(step, value);
            }

            @Override
            public void step(Step step, int value) {
                first.step(step, value);
                second.step(step, value);
            }
        };
    }
}
