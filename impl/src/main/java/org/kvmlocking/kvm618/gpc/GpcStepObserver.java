package org.kvmlocking.kvm618.gpc;

/**
 * Sees every step of the gfn-to-pfn cache (printing drivers, tests). {@link #step} runs on the
 * acting thread right after the step's effect, with the step's lock still held (an unlock step:
 * after the unlock). An observer must not take a kernel lock nor call back into the cache.
 * Subscribe with {@link KvmGpc#addStepObserver} before any thread uses the cache.
 */
@FunctionalInterface
public interface GpcStepObserver {
    /** The step happened; value is what {@link GpcStep} names for it. */
    void step(GpcStep step, int value);
}
