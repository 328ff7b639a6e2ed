package org.kvmlocking.kvm.seeded;

import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Kvm;
import org.kvmlocking.kvm.Mm;

/**
 * SEEDED MUTANT, not a design (checked by the Java checkers' tests only): a bookkeeping mistake
 * with two concurrent invalidations. kvm_inc_notifier_count sets mmu_notifier_range_start/end to
 * the newest invalidation's range instead of widening them to the union. A vCPU fault on a page
 * that only the older invalidation covers then passes mmu_notifier_retry_hva (the count is
 * non-zero but the hva is outside the recorded range, and mmu_notifier_seq moves only at an
 * end), maps the frame the primary MMU is about to replace, and keeps it after that
 * invalidation's end: Coherence. Reached only with two invalidations of different ranges in
 * flight and a fault on a page only the first covers.
 */
public final class NarrowNotifierRange extends Kvm {
    public NarrowNotifierRange(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /** Kernel: virt/kvm/kvm_main.c: kvm_inc_notifier_count (Linux 5.15), with the union replaced. */
    @Override
    protected void widenNotifierRange(HvaRange range) {
        setNotifierRange(range); // THE BUG: the first invalidation's range is forgotten
    }
}
