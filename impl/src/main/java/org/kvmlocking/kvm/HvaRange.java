package org.kvmlocking.kvm;

/**
 * A range [start, end) of host virtual addresses, in pages (one page per hva, as in the spec).
 * Bounds against the hva space are checked by the {@link Mm} and the KVM that receive it.
 */
public record HvaRange(int start, int end) {
    public HvaRange {
        if (start < 0) {
            throw new IllegalArgumentException("invalid hva range [" + start + ", " + end + "): negative start");
        }
        if (start >= end) {
            throw new IllegalArgumentException("invalid hva range [" + start + ", " + end + "): start >= end");
        }
    }

    public boolean contains(int hva) {
        return hva >= start && hva < end;
    }

    /** Whether [start, end) intersects [otherStart, otherEnd). */
    public boolean overlaps(int otherStart, int otherEnd) {
        return start < otherEnd && otherStart < end;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
