package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GpcStep;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design in_progress_gpc_618): mmu_notifier_retry_cache tests mmu_invalidate_in_progress,
 * as the fault path's mmu_invalidate_retry does, instead of mn_active_invalidate_count ("for all
 * intents and purposes like mmu_invalidate_in_progress here"). But range_start invalidates the
 * caches before kvm_mmu_invalidate_begin raises in_progress: a refresh that looked the page up
 * before the PTE change and re-checks between the cache invalidation and the begin sees
 * in_progress 0 and an unchanged seq, and validates the page the primary MMU is about to replace.
 * Caught by GpcCoherent.
 */
public final class InProgress extends KvmGpc {
    public InProgress(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: mmu_notifier_retry_cache reading in_progress. Spec: RetryCheckCount, RetryCheckSeq. */
    @Override
    protected boolean mmuNotifierRetryCache(long mmuSeq) {
        if (kvm().mmuInvalidateInProgress() != 0) {
            step(GpcStep.RetryCheckCount, 1);
            return true;
        }
        step(GpcStep.RetryCheckCount, 0);
        if (kvm().mmuInvalidateSeq() != mmuSeq) {
            step(GpcStep.RetryCheckSeq, 1);
            return true;
        }
        return false;
    }
}
