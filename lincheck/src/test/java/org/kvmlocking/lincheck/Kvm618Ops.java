package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Validate;

/** {@link Kvm618StepOps} with the validation function run after every scenario. */
public class Kvm618Ops extends Kvm618StepOps {
    /**
     * Every invariant on the final state and the first violation recorded during the scenario
     * (with throwOnly: only a recorded violation of that invariant), then InProgressBalanced at
     * rest (in_progress and mn_active_invalidate_count 0).
     */
    @Validate
    public void checkInvariants() {
        if (throwOnly != null) {
            kvm.checkRecordedOnly();
            return;
        }
        kvm.checkInvariants();
        kvm.checkIdle();
    }
}
