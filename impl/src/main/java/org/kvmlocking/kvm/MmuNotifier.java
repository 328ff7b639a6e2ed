package org.kvmlocking.kvm;

/** The two mmu_notifier_ops callbacks of the protocol (struct mmu_notifier_ops). */
public interface MmuNotifier {
    /** .invalidate_range_start: called by the primary MMU before it changes the PTEs of the range. */
    void invalidateRangeStart(HvaRange range);

    /** .invalidate_range_end: called by the primary MMU after it changed them, on the same thread. */
    void invalidateRangeEnd(HvaRange range);
}
