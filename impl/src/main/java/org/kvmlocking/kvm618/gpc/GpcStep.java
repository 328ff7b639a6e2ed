package org.kvmlocking.kvm618.gpc;

/**
 * Every step of the gfn-to-pfn cache (virt/kvm/pfncache.c, Linux 6.18) as the Java code takes
 * it, named exactly as the action of the cache's TLA+ spec (spec/KvmGpc618.tla; the actions as
 * of /work/handoff/gpc-actions.md, 2026-12-06). A step covers the kernel statements its action
 * covers; it is reported after its last statement (an unlock: after the unlock). The comment
 * names the statements and the value the step hands to observers. The invalidation's other
 * steps (StartIncActive, StartHvaRange, PrimaryChangePte, EndHvaRange, EndDecActive) and the
 * memslot swap's are {@link org.kvmlocking.kvm618.Step618}s of the Kvm618 beneath.
 */
public enum GpcStep {
    // ---- gfn_to_pfn_cache_invalidate_start, from kvm_mmu_notifier_invalidate_range_start after
    // mn_active_invalidate_count++ and before kvm_handle_hva_range (so before mmu_lock)
    /** spin_lock(&kvm->gpc_lock); list_for_each_entry (value: hva start of the range). */
    GpcInvLockList,
    /** read_lock_irq(&gpc->lock); if (valid &amp;&amp; !is_error_noslot_pfn(pfn) &amp;&amp; uhva in [start, end)); read_unlock_irq (value: 1 = needs invalidation). */
    GpcInvReadCheck,
    /** write_lock_irq(&gpc->lock); the re-check; gpc->valid = false; write_unlock_irq (value: 1 = invalidated). */
    GpcInvWriteInvalidate,
    /** spin_unlock(&kvm->gpc_lock) (value: hva start of the range). */
    GpcInvUnlockList,

    // ---- __kvm_gpc_activate (kvm_gpc_activate, kvm_gpc_activate_hva)
    /** guard(mutex)(&gpc->refresh_lock); if (!gpc->active) (value: the cache). */
    GpcActivate,
    /** spin_lock(&kvm->gpc_lock); list_add(&gpc->list, &kvm->gpc_list); spin_unlock (value: the cache). */
    GpcActivateListAdd,
    /** write_lock_irq(&gpc->lock); gpc->active = true; write_unlock_irq (value: the cache). */
    GpcActivateSetActive,

    // ---- kvm_gpc_refresh, __kvm_gpc_refresh, hva_to_pfn_retry (refresh_lock held)
    /** kvm_gpc_refresh: guard(mutex)(&gpc->refresh_lock) (value: the cache). */
    GpcRefresh,
    /** __kvm_gpc_refresh: write_lock_irq; !active: -EINVAL; the gpa =&gt; uhva translation and the generation; valid and same uhva: out_unlock; else hva_to_pfn_retry's gpc->valid = false (value: uhva, -1 = none). */
    RefreshStart,
    /** hva_to_pfn_retry: mmu_seq = kvm->mmu_invalidate_seq; smp_rmb(); write_unlock_irq (value: mmu_seq). */
    RetrySnapshot,
    /** hva_to_pfn_retry: new_pfn = hva_to_pfn(&kfp); new_khva = gpc_map(new_pfn), no lock held (value: new_pfn). */
    RetryHvaToPfn,
    /** write_lock_irq; WARN_ON_ONCE(gpc->valid); mmu_notifier_retry_cache: if (kvm->mn_active_invalidate_count) retry (value: 1 = retry). */
    RetryCheckCount,
    /** smp_rmb(); mmu_invalidate_seq != mmu_seq: retry; else valid = true, pfn, khva; write_unlock_irq; mutex_unlock (value: 1 = retry, 0 = validated). */
    RetryCheckSeq,

    // ---- kvm_gpc_deactivate (value: the cache)
    /** guard(mutex)(&gpc->refresh_lock); if (gpc->active): only then a step. */
    GpcDeactivate,
    /** write_lock_irq; active = valid = false; khva = NULL; pfn = KVM_PFN_ERR_FAULT; write_unlock_irq. */
    DeactivateClear,
    /** spin_lock(&kvm->gpc_lock); list_del; spin_unlock; gpc_unmap; the mutex released. */
    DeactivateListDel,

    // ---- a user of the cache (arch/x86/kvm/x86.c: kvm_setup_guest_pvclock's shape)
    /** read_lock_irqsave(&gpc->lock); kvm_gpc_check succeeded (a failed check is no step) (value: the cache). */
    GpcCheck,
    /** the access through gpc->khva; read_unlock_irqrestore (value: the frame accessed). */
    GpcUse
}
