package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Validate;

/**
 * Hand-written scenarios validated by Balance (and NotifierCountNonNegative) only: for the rows
 * that name Balance, so that the row reports that property or nothing, whatever else the mutant
 * breaks. (Lincheck runs the test class's @Validate functions, not a scenario's own.)
 */
public class KvmBalanceOps extends KvmStepOps {
    /** mmu_notifier_count >= 0 and = the in-flight invalidations whose start incremented it. */
    @Validate
    public void checkBalance() {
        kvm.checkBalance();
    }
}
