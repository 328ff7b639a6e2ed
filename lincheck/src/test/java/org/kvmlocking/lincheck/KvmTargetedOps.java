package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Validate;

/** Hand-written scenarios with start and end as separate steps, the invariants checked after every scenario. */
public class KvmTargetedOps extends KvmStepOps {
    /** Balance, NotifierCountNonNegative, Coherence, NoLostWakeUp, and any recorded MutualExclusion/Balance. */
    @Validate
    public void checkInvariants() {
        kvm.checkInvariants();
    }
}
