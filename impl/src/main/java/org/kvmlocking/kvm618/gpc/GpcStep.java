package org.kvmlocking.kvm618.gpc;

/**
 * Every step of the gfn-to-pfn cache (virt/kvm/pfncache.c, Linux 6.18) as the Java code takes
 * it, one per kernel statement, named as the action of the cache's TLA+ spec. The comment of
 * each constant names the kernel function and statement, and the value the step hands to
 * observers (the cache's index unless said).
 */
public enum GpcStep {
    // ---- gfn_to_pfn_cache_invalidate_start, from kvm_mmu_notifier_invalidate_range_start after
    // mn_active_invalidate_count++ and before kvm_handle_hva_range (so before mmu_lock)
    /** spin_lock(&kvm->gpc_lock) (value: hva start of the range). */
    InvalLockGpcList,
    /** list_for_each_entry: read_lock_irq(&gpc->lock). */
    InvalReadLock,
    /** if (gpc->valid && !is_error_noslot_pfn(gpc->pfn) && uhva in [start, end)); read_unlock_irq (value: 1 = needs invalidation). */
    InvalReadCheck,
    /** write_lock_irq(&gpc->lock). */
    InvalWriteLock,
    /** the re-check under the write lock; gpc->valid = false (value: 1 = invalidated). */
    InvalClearValid,
    /** write_unlock_irq(&gpc->lock). */
    InvalWriteUnlock,
    /** spin_unlock(&kvm->gpc_lock) (value: hva start of the range). */
    InvalUnlockGpcList,

    // ---- kvm_gpc_refresh / __kvm_gpc_refresh
    /** guard(mutex)(&gpc->refresh_lock). */
    RefreshLock,
    /** write_lock_irq(&gpc->lock); if (!gpc->active) -EINVAL; the gpa =&gt; uhva translation and the memslot generation (value: uhva, -1 = error). */
    RefreshWriteLock,
    /** write_unlock_irq(&gpc->lock); gpc_unmap(old) if the pfn changed (value: 0 = success, else the errno). */
    RefreshWriteUnlock,
    /** the refresh_lock guard ends: mutex_unlock(&gpc->refresh_lock). */
    RefreshUnlock,

    // ---- hva_to_pfn_retry (refresh_lock held, gpc->lock held for write on entry and exit)
    /** gpc->valid = false, before gpc->lock is dropped. */
    RetryClearValid,
    /** mmu_seq = kvm->mmu_invalidate_seq; smp_rmb(); write_unlock_irq(&gpc->lock) (value: mmu_seq). */
    RetrySnapshotSeq,
    /** new_pfn = hva_to_pfn(&kfp); new_khva = gpc_map(new_pfn), gpc->lock not held (value: new_pfn). */
    RetryHvaToPfn,
    /** write_lock_irq(&gpc->lock); WARN_ON_ONCE(gpc->valid). */
    RetryWriteLock,
    /** mmu_notifier_retry_cache: if (kvm->mn_active_invalidate_count) return true; smp_rmb() (value: 1 = retry). */
    RetryCacheCount,
    /** mmu_notifier_retry_cache: return kvm->mmu_invalidate_seq != mmu_seq (value: 1 = retry). */
    RetryCacheSeq,
    /** gpc->valid = true; gpc->pfn = new_pfn; gpc->khva = new_khva (value: pfn). */
    RetrySetValid,

    // ---- a user of the cache (e.g. arch/x86/kvm/xen.c: kvm_xen_update_runstate_guest)
    /** read_lock_irqsave(&gpc->lock). */
    UseReadLock,
    /** kvm_gpc_check(gpc, len): active, generation, uhva, length, valid (value: 1 = usable). */
    UseCheck,
    /** the access through gpc->khva, read lock held (value: the frame accessed). */
    UseAccess,
    /** read_unlock_irqrestore(&gpc->lock). */
    UseReadUnlock,

    // ---- kvm_gpc_activate / kvm_gpc_activate_hva (__kvm_gpc_activate)
    /** guard(mutex)(&gpc->refresh_lock). */
    ActivateLock,
    /** spin_lock(&kvm->gpc_lock); list_add(&gpc->list, &kvm->gpc_list); spin_unlock. */
    ActivateListAdd,
    /** write_lock_irq(&gpc->lock); gpc->active = true; write_unlock_irq. */
    ActivateSetActive,

    // ---- kvm_gpc_deactivate
    /** guard(mutex)(&gpc->refresh_lock). */
    DeactivateLock,
    /** write_lock_irq(&gpc->lock); active = valid = false; khva = NULL; pfn = KVM_PFN_ERR_FAULT; write_unlock_irq. */
    DeactivateClear,
    /** spin_lock(&kvm->gpc_lock); list_del(&gpc->list); spin_unlock. */
    DeactivateListDel,
    /** gpc_unmap(old_pfn, old_khva); the refresh_lock guard ends. */
    DeactivateUnlock
}
