package org.kvmlocking.kvm;

/**
 * The per-step invariant checks (constructor flag {@code checks}): each invariant is checked at
 * the steps that can break it, on the acting thread, and a violation is thrown right there as an
 * {@link InvariantViolation} named after the spec's invariant. The event invariants
 * (MutualExclusion at InstallPublish, Balance at an end), Coherence after an end and NoLostWakeUp
 * just before the updater's schedule() are checked by the protocol code itself
 * ({@link Invariants#violation}, {@link ActiveCountKvm#schedule}), because they need its locals
 * or its position (the step after which schedule() comes differs between designs).
 */
final class StepChecks implements StepObserver {
    private final KvmStruct kvm;

    StepChecks(KvmStruct kvm) {
        this.kvm = kvm;
    }

    /** Comparisons, not a switch: a switch on an enum reads a shared array, which JPF would interleave. */
    @Override
    public void step(Step step, Object value) {
        if (step == Step.StartIncNotifierCount || step == Step.EndDecNotifierCount) {
            // mmu_lock held: the count and the ghost's increments must agree.
            kvm.invariants.stepCheckBalanceLocked();
        }
    }

    /** Not boxed: see {@link StepObserver#step(Step, int)}. */
    @Override
    public void step(Step step, int value) {
        if (step == Step.FaultInstallSpte) {
            // mmu_lock held: the SPTE just installed (value: its gfn) must map what the primary MMU maps.
            kvm.invariants.stepCheckCoherenceLocked(value);
        }
    }
}
