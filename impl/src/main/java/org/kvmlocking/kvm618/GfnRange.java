package org.kvmlocking.kvm618;

/**
 * A range [start, end) of guest frame numbers (struct kvm_gfn_range's start and end), the unit of
 * mmu_invalidate_range_start/end since Linux 6.8 (8569992d64b8). Immutable; equals, hashCode and
 * toString written out for Java PathFinder (see {@link HvaRange}).
 */
public record GfnRange(int start, int end) {
    public GfnRange {
        if (start < 0) {
            throw new IllegalArgumentException("invalid gfn range [" + start + ", " + end + "): negative start");
        }
        if (start >= end) {
            throw new IllegalArgumentException("invalid gfn range [" + start + ", " + end + "): start >= end");
        }
    }

    public boolean contains(int gfn) {
        return gfn >= start && gfn < end;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GfnRange)) {
            return false;
        }
        GfnRange r = (GfnRange) o;
        return r.start == start && r.end == end;
    }

    @Override
    public int hashCode() {
        return 31 * start + end;
    }

    @Override
    public String toString() {
        return "gfn [" + start + ", " + end + ")";
    }
}
