package org.kvmlocking.kvm;

/**
 * A violated invariant of the spec. The message starts with the invariant's name exactly as in
 * the TLA+ spec: Balance, NotifierCountNonNegative, MutualExclusion, Coherence, NoLostWakeUp.
 */
public final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String invariant;

    public InvariantViolation(String invariant, String detail) {
        super(invariant + ": " + detail);
        this.invariant = invariant;
    }

    /** The spec name of the violated invariant. */
    public String invariant() {
        return invariant;
    }
}
