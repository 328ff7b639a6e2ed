package org.kvmlocking.kvm618;

/**
 * A range [start, end) of host virtual addresses, in pages (struct mmu_notifier_range's start
 * and end, one unit per page). Immutable.
 *
 * <p>A record whose equals, hashCode and toString are written out: the implicit ones are an
 * invokedynamic to ObjectMethods.bootstrap, which silently ends the execution path under the
 * jpf-core build this project uses (jpf/README.md, "Records"). Explicit methods keep JPF exploring.
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

    /** Whether [start, end) intersects [otherStart, otherEnd). */
    public boolean overlaps(int otherStart, int otherEnd) {
        return start < otherEnd && otherStart < end;
    }

    public boolean contains(int hva) {
        return hva >= start && hva < end;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HvaRange)) {
            return false;
        }
        HvaRange r = (HvaRange) o;
        return r.start == start && r.end == end;
    }

    @Override
    public int hashCode() {
        return 31 * start + end;
    }

    @Override
    public String toString() {
        return "hva [" + start + ", " + end + ")";
    }
}
