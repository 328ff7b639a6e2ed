package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Validate;
import org.kvmlocking.kvm.InvariantViolation;

/**
 * Hand-written scenarios validated by Coherence, reported with every invariant the run broke
 * (see {@link KvmBalanceNamedOps}): Lincheck looks for a run that breaks Coherence, and the row
 * names the first invariant that run broke and lists the others.
 */
public class KvmCoherenceNamedOps extends KvmStepOps {
    @Validate
    public void checkCoherenceNamingAll() {
        try {
            kvm.checkCoherence();
        } catch (InvariantViolation v) {
            kvm.checkInvariants(); // throws the first invariant broken, listing Coherence with the others
            throw v;
        }
    }
}
