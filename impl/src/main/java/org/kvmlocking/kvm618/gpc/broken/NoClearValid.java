package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design no_clear_valid_gpc_618): hva_to_pfn_retry does not mark the cache invalid before
 * dropping gpc-&gt;lock ("the retry loop sets valid once it has the new page"). When the uhva
 * changed (a re-activation at another hva, or a gpa whose memslot moved), __kvm_gpc_refresh has
 * already written the new uhva: while the lock is dropped, kvm_gpc_check accepts a cache whose
 * pfn is the old uhva's page. Caught by GpcCoherent.
 */
public final class NoClearValid extends KvmGpc {
    public NoClearValid(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: hva_to_pfn_retry without gpc->valid = false. Spec: RetryClearValid. */
    @Override
    protected void retryClearValid(GfnToPfnCache gpc) {
    }
}
