package org.kvmlocking.kvm;

import static org.kvmlocking.kvm.Step.EndDecNotifierCount;
import static org.kvmlocking.kvm.Step.EndHvaRange;
import static org.kvmlocking.kvm.Step.EndLockMmu;
import static org.kvmlocking.kvm.Step.EndUnlockMmu;
import static org.kvmlocking.kvm.Step.StartHvaRange;
import static org.kvmlocking.kvm.Step.StartIncNotifierCount;
import static org.kvmlocking.kvm.Step.StartLockMmu;
import static org.kvmlocking.kvm.Step.StartUnlockMmu;
import static org.kvmlocking.kvm.Step.StartUnmap;

/**
 * __kvm_handle_hva_range with the lock elision of 071064f14d87, and the callbacks it runs
 * for the notifier: kvm_inc_notifier_count, kvm_dec_notifier_count, kvm_unmap_gfn_range.
 * mmu_lock and the count update happen only if the range overlaps a slot of the current layout;
 * this is why the layout must not change between a start and its end.
 */
final class HandleHvaRange {
    private HandleHvaRange() {
    }

    /**
     * struct kvm_hva_range of the two notifier callbacks: the steps each takes, its on_lock
     * (kvm_inc_notifier_count or kvm_dec_notifier_count) and whether it has a handler
     * (kvm_unmap_gfn_range for the start, none for the end).
     */
    enum Callbacks {
        START(true, StartHvaRange, StartLockMmu, StartIncNotifierCount, StartUnlockMmu),
        END(false, EndHvaRange, EndLockMmu, EndDecNotifierCount, EndUnlockMmu);

        /** A final instance field, not a comparison with START: JPF interleaves at static reads. */
        final boolean start;
        final Step test;
        final Step lock;
        final Step onLock;
        final Step unlock;

        Callbacks(boolean start, Step test, Step lock, Step onLock, Step unlock) {
            this.start = start;
            this.test = test;
            this.lock = lock;
            this.onLock = onLock;
            this.unlock = unlock;
        }
    }

    /**
     * __kvm_handle_hva_range: if the range overlaps a memslot of the current layout, take
     * mmu_lock, run on_lock and the handler, drop it; otherwise do nothing (the elision).
     * Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15).
     * Spec: StartHvaRange, StartLockMmu, StartIncNotifierCount, StartUnmap, StartUnlockMmu, and
     * EndHvaRange, EndLockMmu, EndDecNotifierCount, EndUnlockMmu.
     *
     * @return whether mmu_lock was taken (and the count updated)
     */
    static boolean kvmHandleHvaRange(KvmStruct kvm, HvaRange range, Callbacks cb) {
        int idx = kvm.srcu.readLock();
        kvm.enter(cb.test);
        Memslots slots = kvm.memslots;
        boolean overlaps = slots.overlapsHva(range);
        kvm.step(cb.test, overlaps);
        if (!overlaps) {
            kvm.srcu.readUnlock(idx);
            if (!cb.start && kvm.ghost.isIncremented(range)) {
                // The start saw a slot here and incremented; the layout changed since.
                kvm.invariants.violation("Balance", "invalidate_range_end of " + range + " skipped the decrement although its"
                        + " start incremented mmu_notifier_count (the memslots changed between start and end)");
            }
            return false;
        }
        kvm.lock(kvm.mmuLock, cb.lock);
        // Bracketed: FaultBegin reads mmu_notifier_seq without mmu_lock.
        kvm.enter(cb.onLock);
        if (cb.start) {
            kvmIncNotifierCount(kvm, range);
        } else {
            kvmDecNotifierCount(kvm, range);
        }
        kvm.step(cb.onLock);
        if (cb.start) {
            for (int i = 0; i < slots.size(); i++) {
                kvmUnmapGfnRange(kvm, slots.get(i), range);
            }
            kvm.step(StartUnmap);
        }
        kvm.unlock(kvm.mmuLock, cb.unlock);
        kvm.srcu.readUnlock(idx);
        return true;
    }

    /**
     * Kernel: virt/kvm/kvm_main.c: kvm_inc_notifier_count (Linux 5.15). mmu_lock held. Spec: StartIncNotifierCount.
     * Package-private: another caller reaches it through {@link NotifierCount}.
     */
    static void kvmIncNotifierCount(KvmStruct kvm, HvaRange range) {
        kvm.mmuNotifierCount++;
        if (kvm.mmuNotifierCount == 1) {
            kvm.mmuNotifierRangeStart = range.start();
            kvm.mmuNotifierRangeEnd = range.end();
        } else {
            kvm.widenNotifierRange(range);
        }
        // Shadows the count: same lock, same step.
        kvm.ghost.markIncremented(range);
    }

    /** Kernel: virt/kvm/kvm_main.c: kvm_dec_notifier_count (Linux 5.15). mmu_lock held. Spec: EndDecNotifierCount. */
    static void kvmDecNotifierCount(KvmStruct kvm, HvaRange range) {
        // seq first: a fault that sees the count drop must also see the seq change (smp_wmb).
        kvm.mmuNotifierSeq++;
        kvm.mmuNotifierCount--;
        if (!kvm.ghost.markDecremented(range)) {
            kvm.invariants.violation("Balance", "invalidate_range_end of " + range + " decremented mmu_notifier_count (now "
                    + kvm.mmuNotifierCount + ") but its start did not increment it (the memslots changed between start and end)");
        }
    }

    /**
     * Zaps the SPTEs of the slot's part of the range; mmu_lock held.
     * Kernel: arch/x86/kvm/mmu/mmu.c: kvm_unmap_gfn_range (Linux 5.15). Spec: StartUnmap.
     */
    private static void kvmUnmapGfnRange(KvmStruct kvm, Memslot slot, HvaRange range) {
        int start = Math.max(range.start(), slot.userspaceAddr());
        int end = Math.min(range.end(), slot.hvaEnd());
        for (int hva = start; hva < end; hva++) {
            kvm.spte[slot.baseGfn() + (hva - slot.userspaceAddr())] = Mm.NO_PAGE;
        }
    }
}
