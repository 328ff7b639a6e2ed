package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * VARIANT (design no_recheck_gpc_618): gfn_to_pfn_cache_invalidate_start clears gpc-&gt;valid under
 * the write lock without checking again what it saw under the read lock. Expected harmless: no
 * path makes a cache valid while mn_active_invalidate_count is raised (hva_to_pfn_retry retries
 * on it), and it is raised before this hook runs, so in the window between read_unlock and
 * write_lock the cache can only become invalid, never valid again; the re-check only saves a
 * redundant store. Checked to hold, not a red partner.
 */
public final class NoRecheck extends KvmGpc {
    public NoRecheck(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (varied): virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start without the re-check. Spec: InvalClearValid. */
    @Override
    protected boolean invalidateUnderWriteLock(GfnToPfnCache gpc, int start, int end) {
        storeValidFalse(gpc);
        return true;
    }
}
