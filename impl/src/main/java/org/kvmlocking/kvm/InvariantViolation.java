package org.kvmlocking.kvm;

/**
 * A violated invariant of the spec. The message starts with the invariant's name exactly as in
 * the TLA+ spec: Balance, NotifierCountNonNegative, MutualExclusion, Coherence, NoLostWakeUp.
 */
public final class InvariantViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Where the message lists the other invariants the same run broke: "... [also broke: A+B]". */
    public static final String ALSO = " [also broke: ";
    private final String invariant;
    private final String also;

    public InvariantViolation(String invariant, String detail) {
        this(invariant, detail, "");
    }

    /**
     * The first invariant the run broke, and the others it broke too ("A+B", or ""), so that a
     * property which the first one masks (Balance behind MutualExclusion) is still named.
     */
    public InvariantViolation(String invariant, String detail, String also) {
        super(invariant + ": " + detail + (also.isEmpty() ? "" : ALSO + also + "]"));
        this.invariant = invariant;
        this.also = also;
    }

    /** The spec name of the violated invariant. */
    public String invariant() {
        return invariant;
    }

    /** The other invariants the same run broke, "+"-separated in the order they broke; "" if none. */
    public String also() {
        return also;
    }

    /** "Invariant" or "Invariant+Other+...": the first invariant, then the others. */
    public String invariants() {
        return also.isEmpty() ? invariant : invariant + "+" + also;
    }
}
