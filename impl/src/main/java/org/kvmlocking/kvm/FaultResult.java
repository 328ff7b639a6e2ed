package org.kvmlocking.kvm;

/** Outcome of one attempt of the vCPU page fault. */
public enum FaultResult {
    /** The SPTE was installed (FaultInstallSpte). */
    INSTALLED,
    /** No memslot, or a KVM_MEMSLOT_INVALID one, covers the gfn: the guest retries (FaultLookup). */
    NO_SLOT,
    /** The primary MMU maps no page at the hva: get_user_pages fails (-EFAULT to userspace). */
    NO_PAGE,
    /** mmu_notifier_retry_hva said retry: an invalidation is in progress or completed meanwhile. */
    RETRY
}
