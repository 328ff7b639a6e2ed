package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Validate;

/** Random scenarios: the operations of {@link KvmOpsBase}, the invariants checked after every scenario. */
public class KvmOps extends KvmOpsBase {
    /** Balance, NotifierCountNonNegative, Coherence, NoLostWakeUp, and any recorded MutualExclusion/Balance. */
    @Validate
    public void checkInvariants() {
        kvm.checkInvariants();
    }
}
