package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.GpcStep;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design read_lock_invalidate_gpc_618): gfn_to_pfn_cache_invalidate_start clears
 * gpc-&gt;valid under the read lock ("one flag store, no need to upgrade"). The read lock does not
 * wait for the users that hold it: the invalidation goes on, and the primary MMU replaces the
 * page while a user between kvm_gpc_check and read_unlock still accesses it. Caught by
 * GpcCoherent.
 */
public final class ReadLockInvalidate extends KvmGpc {
    public ReadLockInvalidate(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start, valid = false under read_lock. Spec: GpcInvReadCheck. */
    @Override
    protected boolean invalidateReadCheck(GfnToPfnCache gpc, int start, int end) {
        gpcReadLock(gpc);
        boolean hit = needsInvalidation(gpc, start, end);
        if (hit) {
            storeValidFalse(gpc);
        }
        gpcReadUnlock(gpc);
        step(GpcStep.GpcInvReadCheck, hit ? 1 : 0);
        return false;
    }
}
