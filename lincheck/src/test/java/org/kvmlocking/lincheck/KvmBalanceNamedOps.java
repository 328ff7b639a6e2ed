package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Validate;
import org.kvmlocking.kvm.InvariantViolation;

/**
 * Hand-written scenarios validated by Balance, reported with every invariant the run broke:
 * a run that breaks Balance fails, and its row names the first invariant it broke and lists the
 * others (e.g. MutualExclusion+Balance, where MutualExclusion broke first and would mask it).
 */
public class KvmBalanceNamedOps extends KvmStepOps {
    @Validate
    public void checkBalanceNamingAll() {
        try {
            kvm.checkBalance();
        } catch (InvariantViolation v) {
            kvm.checkInvariants(); // throws the first invariant broken, listing Balance with the others
            throw v;
        }
    }
}
