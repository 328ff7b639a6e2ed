package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Step618;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design invalidate_before_count_gpc_618): range_start calls
 * gfn_to_pfn_cache_invalidate_start before {@code mn_active_invalidate_count++} ("invalidate the
 * caches first, then announce the invalidation"). A refresh that looked the page up and re-checks
 * between the two sees the count 0 and the seq unchanged while the cache invalidation has
 * already passed it by: the page the primary MMU replaces next stays in a valid cache. Caught by
 * GpcCoherent.
 */
public final class InvalidateBeforeCount extends KvmGpc {
    public InvalidateBeforeCount(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /**
     * Kernel (mutated): virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start with the cache
     * invalidation first: at InvBegin (value 1: the call reaches KVM), before StartLockMn.
     */
    @Override
    protected boolean invalidatesHere(Step618 s, int value) {
        return s == Step618.InvBegin && value == 1;
    }
}
