package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GpcStep;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design seq_before_count_gpc_618): mmu_notifier_retry_cache without its smp_rmb(), so
 * the seq may be read before the count (here: is). An invalidation that ends between the two
 * reads is seen by neither: the seq read before its end is unchanged, the count read after it is
 * 0 again. Caught by GpcCoherent.
 */
public final class SeqBeforeCount extends KvmGpc {
    public SeqBeforeCount(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: mmu_notifier_retry_cache, the seq read first. Spec: RetryCheckCount, RetryCheckSeq. */
    @Override
    protected boolean mmuNotifierRetryCache(long mmuSeq) {
        boolean seqMoved = kvm().mmuInvalidateSeq() != mmuSeq;
        if (kvm().mnActiveInvalidateCount() != 0) {
            step(GpcStep.RetryCheckCount, 1);
            return true;
        }
        step(GpcStep.RetryCheckCount, 0);
        if (seqMoved) {
            step(GpcStep.RetryCheckSeq, 1);
            return true;
        }
        return false;
    }
}
