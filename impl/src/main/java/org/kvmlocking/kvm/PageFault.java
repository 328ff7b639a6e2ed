package org.kvmlocking.kvm;

import static org.kvmlocking.kvm.Step.FaultBegin;
import static org.kvmlocking.kvm.Step.FaultGup;
import static org.kvmlocking.kvm.Step.FaultInstallSpte;
import static org.kvmlocking.kvm.Step.FaultLockMmu;
import static org.kvmlocking.kvm.Step.FaultLookup;
import static org.kvmlocking.kvm.Step.FaultRetryCheck;
import static org.kvmlocking.kvm.Step.FaultUnlockMmu;

/**
 * The vCPU page fault: the reader side of mmu_notifier_seq and mmu_notifier_count, which makes a
 * fault that raced with an invalidation retry instead of mapping a page the primary MMU is
 * changing.
 */
final class PageFault {
    private PageFault() {
    }

    /**
     * One attempt of the fault on gfn; the caller retries as the guest would.
     * Kernel: arch/x86/kvm/mmu/mmu.c: direct_page_fault (Linux 5.15).
     * Spec: FaultBegin, FaultLookup, FaultGup, FaultLockMmu, FaultRetryCheck, FaultInstallSpte, FaultUnlockMmu.
     */
    static FaultResult directPageFault(KvmStruct kvm, int gfn) {
        kvm.checkGfn(gfn);
        // Read before the lookup and gup: an invalidation that ends after this bumps the seq.
        kvm.enter(FaultBegin);
        long mmuSeq = kvm.mmuNotifierSeq;
        kvm.step(FaultBegin, gfn);
        // Held up to the SPTE install, so synchronize_srcu in a delete/move waits for this fault
        // before kvm_arch_flush_shadow_memslot zaps the slot.
        int idx = kvm.srcu.readLock();
        kvm.enter(FaultLookup);
        Memslot slot = kvm.memslots.byGfn(gfn);
        kvm.step(FaultLookup, slot != null && !slot.invalid());
        if (slot == null || slot.invalid()) {
            kvm.srcu.readUnlock(idx);
            return FaultResult.NO_SLOT;
        }
        int hva = slot.gfnToHva(gfn);
        // Bracketed: get_user_pages reads the primary page table without KVM's locks.
        kvm.enter(FaultGup);
        int pfn = kvm.mm.getUserPage(hva);
        kvm.step(FaultGup, pfn);
        if (pfn == Mm.NO_PAGE) {
            kvm.srcu.readUnlock(idx);
            return FaultResult.NO_PAGE;
        }
        kvm.lock(kvm.mmuLock, FaultLockMmu);
        boolean retry = mmuNotifierRetryHva(kvm, mmuSeq, hva);
        kvm.step(FaultRetryCheck, retry);
        if (retry) {
            kvm.unlock(kvm.mmuLock, FaultUnlockMmu);
            kvm.srcu.readUnlock(idx);
            return FaultResult.RETRY;
        }
        kvm.spte[gfn] = pfn;
        kvm.step(FaultInstallSpte, gfn);
        kvm.unlock(kvm.mmuLock, FaultUnlockMmu);
        kvm.srcu.readUnlock(idx);
        return FaultResult.INSTALLED;
    }

    /** Kernel: include/linux/kvm_host.h: mmu_notifier_retry_hva (Linux 5.15). mmu_lock held. Spec: MmuNotifierRetryHva. */
    private static boolean mmuNotifierRetryHva(KvmStruct kvm, long mmuSeq, int hva) {
        if (kvm.mmuNotifierCount != 0 && hva >= kvm.mmuNotifierRangeStart && hva < kvm.mmuNotifierRangeEnd) {
            return true;
        }
        return kvm.mmuNotifierSeq != mmuSeq;
    }
}
