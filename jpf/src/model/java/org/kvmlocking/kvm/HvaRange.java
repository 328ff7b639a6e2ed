package org.kvmlocking.kvm;

/**
 * JPF MODEL CLASS, used only under Java PathFinder (jpf/check.sh puts it before impl's classes on
 * JPF's classpath). It replaces the record {@code org.kvmlocking.kvm.HvaRange} of impl/ by a plain
 * final class with the same constructor, accessors and methods, and equals/hashCode written out.
 *
 * <p>Why: in the jpf-core build used here (branch java-17, commit 7ea25de) a record's implicit
 * equals/hashCode/toString (an invokedynamic to java.lang.runtime.ObjectMethods.bootstrap)
 * silently ends the execution path: no error, no end state ("end=0"), nothing after it runs.
 * impl's Ghost calls {@code HvaRange.equals} in every invalidate_range_end, so without this model
 * JPF never explores past the first end and reports "no errors detected" for every design (this
 * is why an ad-hoc run missed the lost wake-up). See jpf/README.md.
 *
 * <p>Keep in sync with impl/src/main/java/org/kvmlocking/kvm/HvaRange.java (check.sh compares the
 * public API with javap before each run).
 */
public final class HvaRange {
    private final int start;
    private final int end;

    public HvaRange(int start, int end) {
        if (start < 0) {
            throw new IllegalArgumentException("invalid hva range [" + start + ", " + end + "): negative start");
        }
        if (start >= end) {
            throw new IllegalArgumentException("invalid hva range [" + start + ", " + end + "): start >= end");
        }
        this.start = start;
        this.end = end;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public boolean contains(int hva) {
        return hva >= start && hva < end;
    }

    /** Whether [start, end) intersects [otherStart, otherEnd). */
    public boolean overlaps(int otherStart, int otherEnd) {
        return start < otherEnd && otherStart < end;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof HvaRange)) {
            return false;
        }
        HvaRange r = (HvaRange) o;
        return r.start == start && r.end == end;
    }

    @Override
    public final int hashCode() {
        return 31 * start + end;
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + ")";
    }
}
