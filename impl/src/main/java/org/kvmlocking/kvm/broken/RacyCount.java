package org.kvmlocking.kvm.broken;

import static org.kvmlocking.kvm.Step.StartIncActive;

import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Kvm;
import org.kvmlocking.kvm.Mm;

/**
 * BROKEN (a data race; MutualExclusion, mn_active_invalidate_count below 0): range_start does
 * {@code kvm->mn_active_invalidate_count++} without taking mn_invalidate_lock. The increment is
 * a load and a store: two concurrent starts can both load the same value and store the same
 * value + 1, losing one increment. The first of the two ends then brings the count to 0 and
 * wakes the updater, which publishes new memslots while the second invalidation is still
 * between its start and its end; the second end brings the count to -1.
 */
public final class RacyCount extends Kvm {
    public RacyCount(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /**
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15), with
     * the spin_lock/spin_unlock of mn_invalidate_lock around the increment deleted.
     * Spec: StartReadActive, StartWriteActive (Variant = "racy_count"), then StartHvaRange ..
     * StartUnlockMmu. The Java step of the store is StartIncActive.
     */
    @Override
    protected void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
        // THE BUG: no lock(mnInvalidateLock, StartLockMn) around the read-modify-write.
        int loaded = mnActiveInvalidateCount;
        mnActiveInvalidateCount = loaded + 1;
        ghostBegin(range);
        step(StartIncActive);
        handleHvaRangeStart(range);
    }
}
