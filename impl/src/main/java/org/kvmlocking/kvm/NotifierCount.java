package org.kvmlocking.kvm;

/**
 * The writers of mmu_notifier_count (with mmu_notifier_seq and mmu_notifier_range): the
 * extension point for a caller. range_start and range_end reach them through
 * {@link HandleHvaRange} (on_lock = kvm_inc_notifier_count / kvm_dec_notifier_count); another
 * invalidation source of Linux 5.15 (kvm_zap_gfn_range in arch/x86/kvm/mmu/mmu.c, or a writer
 * you add) calls them from its own file, as its own kernel function does, with mmu_lock held and
 * its own {@link Step}s around them (CONTRIBUTING.md, "Adding a new caller"). Such a caller
 * brackets its window with {@link #callerBegin} and {@link #callerEnd}: the ghost then counts its
 * increment for Balance and its range for Coherence, but not for MutualExclusion, which is about
 * the window between range_start and range_end that mn_active_invalidate_count guards (a caller
 * that is not the MMU notifier does not enter it in the kernel, so a memslot swap during it is
 * not a violation).
 */
final class NotifierCount {
    private NotifierCount() {}

    /**
     * kvm_inc_notifier_count, mmu_lock held (the function is HandleHvaRange's, where range_start's
     * walk calls it: this class is loaded only by a caller, so the explored notifier code runs
     * exactly as before). Kernel: virt/kvm/kvm_main.c: kvm_inc_notifier_count (Linux 5.15).
     */
    static void kvmIncNotifierCount(KvmStruct kvm, HvaRange range) {
        HandleHvaRange.kvmIncNotifierCount(kvm, range);
    }

    /** kvm_dec_notifier_count, mmu_lock held. Kernel: virt/kvm/kvm_main.c: kvm_dec_notifier_count (Linux 5.15). */
    static void kvmDecNotifierCount(KvmStruct kvm, HvaRange range) {
        HandleHvaRange.kvmDecNotifierCount(kvm, range);
    }

    /** Ghost: this thread's caller (not the MMU notifier) of range begins its window, before it increments. */
    static void callerBegin(KvmStruct kvm, HvaRange range) {
        kvm.ghost.beginCaller(range);
    }

    /** Ghost: this thread's caller of range ends its window, after it decremented; Balance if it still holds an increment. */
    static void callerEnd(KvmStruct kvm, HvaRange range) {
        if (kvm.ghost.end(range)) {
            kvm.invariants.violation("Balance", "the caller of " + range + " returned but mmu_notifier_count still holds its increment");
        }
    }
}
