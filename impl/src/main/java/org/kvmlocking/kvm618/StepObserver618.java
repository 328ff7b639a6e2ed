package org.kvmlocking.kvm618;

/**
 * Sees every step of the 6.18 protocol (per-step checks of tests, printing drivers, trace
 * recorders). {@link #step} runs on the acting thread right after the step's effect, with the
 * step's lock still held (an unlock step: after the unlock). A step whose effect no kernel lock
 * orders (a lockless read, an unlock) is bracketed by {@link #enter} just before the effect.
 * An observer must not take a kernel lock nor call back into the protocol. Subscribe with
 * {@link Kvm618#addStepObserver} before any thread uses the KVM.
 */
@FunctionalInterface
public interface StepObserver618 {
    /** Just before the effect of a step that no kernel lock orders. */
    default void enter(Step618 step) {
    }

    /** The step happened; value is what {@link Step618} names for it (a gfn, a pfn, a flag), or 0. */
    void step(Step618 step, int value);

    /** Both observers, first then second. */
    static StepObserver618 both(StepObserver618 first, StepObserver618 second) {
        if (first == null) {
            return second;
        }
        return new StepObserver618() {
            @Override
            public void enter(Step618 step) {
                first.enter(step);
                second.enter(step);
            }

            @Override
            public void step(Step618 step, int value) {
                first.step(step, value);
                second.step(step, value);
            }
        };
    }
}
