package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GpcStep;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design no_seq_gpc_618, Java only): mmu_notifier_retry_cache tests only
 * mn_active_invalidate_count ("the count covers every invalidation in flight"). An invalidation
 * that starts and ends entirely while the refresh has dropped gpc-&gt;lock leaves the count 0 again
 * by the re-check; only the moved mmu_invalidate_seq shows that the page looked up was replaced.
 * Caught by GpcCoherent.
 */
public final class NoSeq extends KvmGpc {
    public NoSeq(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: mmu_notifier_retry_cache without the seq test. Spec: RetryCheckCount. */
    @Override
    protected boolean mmuNotifierRetryCache(long mmuSeq) {
        boolean retry = kvm().mnActiveInvalidateCount() != 0;
        step(GpcStep.RetryCheckCount, retry ? 1 : 0);
        return retry;
    }
}
