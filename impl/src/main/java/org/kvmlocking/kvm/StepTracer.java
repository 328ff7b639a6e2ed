package org.kvmlocking.kvm;

/**
 * Trace recording for trace validation (trace/ checks recorded runs against the TLA+ spec).
 *
 * <p>Off unless set ({@link AbstractKvm#setStepTracer}, {@link Mm#setStepTracer}, before any
 * thread starts): every call site tests the field for null first and builds no strings
 * otherwise. A step is recorded as {@link #enter()} .. {@link #exit(String, String)}: the
 * implementation holds one global lock in between, so records are totally ordered. Lock order:
 * the rwsem's monitor (its in-monitor hooks record), then the tracer's lock, then the mm, Task
 * and ghost monitors; nothing takes a kernel lock or the rwsem while holding the tracer's. The
 * protocol code puts inside that window every access to shared state that no kernel lock orders
 * (the memslots pointer, mmu_notifier_seq, the primary page table, the rcuwait and the task
 * state); steps under a kernel lock are recorded while that lock is held (an unlock is recorded
 * just before the unlock). So the record order is a linearization of the steps.
 */
public interface StepTracer {
    /** Begins a step: takes the tracer's lock. Never called with the tracer's lock held. */
    void enter();

    /** Ends the step begun by {@link #enter()}: records it with its values and releases the lock. */
    void exit(String specAction, String values);
}
