package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.GpcStep;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design deactivate_nested_gpc_618): kvm_gpc_deactivate does the list_del while it still
 * holds gpc-&gt;lock for write ("one critical section"). gpc_lock is then taken inside gpc-&gt;lock,
 * while gfn_to_pfn_cache_invalidate_start takes gpc-&gt;lock inside gpc_lock: an ABBA deadlock with
 * a concurrent invalidation. Caught as a deadlock.
 */
public final class DeactivateNested extends KvmGpc {
    public DeactivateNested(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: kvm_gpc_deactivate, list_del under write_lock. Spec: DeactivateClear, DeactivateListDel. */
    @Override
    protected void kvmGpcDeactivateActive(GfnToPfnCache gpc) {
        gpcWriteLock(gpc);
        deactivateStores(gpc);
        step(GpcStep.DeactivateClear, gpc.index());
        gpcListDel(gpc);
        gpcWriteUnlock(gpc);
        step(GpcStep.DeactivateListDel, gpc.index());
    }
}
