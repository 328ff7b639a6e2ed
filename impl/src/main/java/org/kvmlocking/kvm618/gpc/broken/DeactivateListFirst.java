package org.kvmlocking.kvm618.gpc.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.GpcStep;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * MUTANT (design deactivate_list_first_gpc_618): kvm_gpc_deactivate takes the cache off gpc_list
 * before clearing it under its write lock (the mirror image of activate's order). An invalidation
 * in between no longer sees the cache, which is still active and valid: the primary MMU replaces
 * the page and a user's kvm_gpc_check accepts the cache until the clear. Caught by GpcCoherent.
 */
public final class DeactivateListFirst extends KvmGpc {
    public DeactivateListFirst(Kvm618 kvm, boolean checks) {
        super(kvm, checks);
    }

    /** Kernel (mutated): virt/kvm/pfncache.c: kvm_gpc_deactivate with list_del first. Spec: DeactivateListDel, DeactivateClear. */
    @Override
    protected void kvmGpcDeactivateActive(GfnToPfnCache gpc) {
        gpcListDel(gpc);
        step(GpcStep.DeactivateListDel, gpc.index());
        deactivateClear(gpc);
    }
}
