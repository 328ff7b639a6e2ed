package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design no_refresh_lock_gpc_618): kvm_gpc_refresh without refresh_lock ("gpc-&gt;lock
 * already protects the cache"). Two
 * refreshes of one cache then interleave in hva_to_pfn_retry, each dropping gpc-&gt;lock while it
 * looks up its page. Caught by RefreshSerialised.
 */
public final class NoRefreshLock extends KvmGpc {
    public NoRefreshLock(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: kvm_gpc_refresh without guard(mutex)(&gpc->refresh_lock). */
    @Override
    protected int kvmGpcRefreshLocked(GfnToPfnCache gpc) {
        return kvmGpcRefreshArgs(gpc);
    }
}
