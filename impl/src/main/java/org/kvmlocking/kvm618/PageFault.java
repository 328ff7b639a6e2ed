package org.kvmlocking.kvm618;

import static org.kvmlocking.kvm618.Step618.FaultGetPfn;
import static org.kvmlocking.kvm618.Step618.FaultMap;
import static org.kvmlocking.kvm618.Step618.FaultCheckSlot;
import static org.kvmlocking.kvm618.Step618.FaultLockMmu;
import static org.kvmlocking.kvm618.Step618.FaultIsStale;
import static org.kvmlocking.kvm618.Step618.FaultBegin;
import static org.kvmlocking.kvm618.Step618.FaultSnapshotSeq;
import static org.kvmlocking.kvm618.Step618.FaultUnlockMmu;
import static org.kvmlocking.kvm618.Step618.FaultRetryUnsafeBefore;
import static org.kvmlocking.kvm618.Step618.FaultRetryUnsafeAfter;

import org.kvmlocking.kvm.FaultResult;

/**
 * The x86 vCPU page fault of Linux 6.18 (direct MMU): the reader side of mmu_invalidate_seq,
 * mmu_invalidate_in_progress and the tracked gfn range.
 */
final class PageFault {
    private PageFault() {
    }

    /**
     * One attempt of the fault on gfn of address space asId; the caller retries as the guest does.
     * The vCPU holds kvm->srcu throughout (kvm_vcpu_srcu_read_lock in vcpu_run), so the
     * synchronize_srcu of a swap waits for this fault before the flush of a DELETE or MOVE.
     * Kernel: arch/x86/kvm/mmu/mmu_internal.h: kvm_mmu_do_page_fault (fault.slot);
     * arch/x86/kvm/mmu/mmu.c: kvm_mmu_faultin_pfn (the snapshot, the INVALID-slot retry, the two
     * mmu_invalidate_retry_gfn_unsafe around __kvm_mmu_faultin_pfn), direct_page_fault
     * (write_lock, is_page_fault_stale, direct_map) (Linux 6.18).
     * Spec: FaultBegin, FaultSnapshotSeq, FaultCheckSlot, FaultRetryUnsafeBefore, FaultGetPfn,
     * FaultRetryUnsafeAfter, FaultLockMmu, FaultIsStale, FaultMap, FaultUnlockMmu.
     */
    static FaultResult kvmMmuPageFault(Kvm618 kvm, int asId, int gfn) {
        kvm.checkAsId(asId);
        kvm.checkGfn(gfn);
        int idx = kvm.srcu.readLock();
        try {
            // fault.slot = kvm_vcpu_gfn_to_memslot(vcpu, fault.gfn): an SRCU-protected read.
            kvm.enter(FaultBegin);
            Memslot slot = kvm.memslots[asId].byGfn(gfn);
            kvm.step(FaultBegin, slot == null ? -1 : slot.id());
            // fault->mmu_seq = kvm->mmu_invalidate_seq; smp_rmb(): before anything it protects.
            kvm.enter(FaultSnapshotSeq);
            long mmuSeq = kvm.mmuInvalidateSeq;
            kvm.step(FaultSnapshotSeq);
            if (slot == null) {
                // kvm_handle_noslot_fault: emulated MMIO, no SPTE for guest memory.
                kvm.step(FaultCheckSlot, 0);
                return FaultResult.NO_SLOT;
            }
            if (kvm.faultCheckInvalidSlot(slot)) {
                // A slot being deleted or moved: its SPTEs are about to be zapped; map nothing.
                kvm.step(FaultCheckSlot, 1);
                return FaultResult.RETRY;
            }
            kvm.step(FaultCheckSlot, 0);
            // Lock-free pre-check, only to avoid contending mmu_lock.
            kvm.enter(FaultRetryUnsafeBefore);
            boolean retry = kvm.mmuInvalidateRetryGfnUnsafe(mmuSeq, gfn);
            kvm.step(FaultRetryUnsafeBefore, retry ? 1 : 0);
            if (retry) {
                return FaultResult.RETRY;
            }
            // __kvm_mmu_faultin_pfn -> hva_to_pfn: the primary page table, no KVM lock.
            kvm.enter(FaultGetPfn);
            int pfn = kvm.mm.getUserPage(slot.gfnToHva(gfn));
            // What else the SPTE derives from (x86: the APICv/memtype state of the gfn).
            int attr = kvm.gfnAttr[gfn];
            kvm.step(FaultGetPfn, pfn);
            if (pfn == Mm618.NO_PAGE) {
                // kvm_handle_error_pfn: -EFAULT to userspace.
                return FaultResult.NO_PAGE;
            }
            // Again, "purely to avoid contending mmu_lock" (kvm_release_pfn on retry).
            kvm.enter(FaultRetryUnsafeAfter);
            retry = kvm.mmuInvalidateRetryGfnUnsafe(mmuSeq, gfn);
            kvm.step(FaultRetryUnsafeAfter, retry ? 1 : 0);
            if (retry) {
                return FaultResult.RETRY;
            }
            kvm.lock(kvm.mmuLock, FaultLockMmu);
            try {
                // The real check: the _unsafe ones can miss an invalidation (false negatives).
                boolean stale = kvm.isPageFaultStale(mmuSeq, gfn);
                kvm.step(FaultIsStale, stale ? 1 : 0);
                if (stale) {
                    return FaultResult.RETRY;
                }
                kvm.spte[asId][gfn] = pfn;
                kvm.spteAttr[asId][gfn] = attr;
                kvm.step(FaultMap, gfn);
                if (kvm.checks) {
                    kvm.invariants.stepCheckCoherenceLocked(asId, gfn);
                }
                return FaultResult.INSTALLED;
            } finally {
                kvm.unlock(kvm.mmuLock, FaultUnlockMmu);
            }
        } finally {
            kvm.srcu.readUnlock(idx);
        }
    }
}
