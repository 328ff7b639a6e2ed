package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Validate;

/** Hand-written scenarios validated by Coherence only (see {@link KvmBalanceOps}). */
public class KvmCoherenceOps extends KvmStepOps {
    /** Outside in-flight ranges every SPTE maps the frame the primary MMU maps. */
    @Validate
    public void checkCoherence() {
        kvm.checkCoherence();
    }
}
