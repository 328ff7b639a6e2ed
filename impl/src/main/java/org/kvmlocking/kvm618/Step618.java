package org.kvmlocking.kvm618;

/**
 * Every step of the Linux 6.18 protocol as the Java code takes it, one per kernel statement,
 * named exactly as the action of the 6.18 TLA+ spec (spec/Kvm618Mmu.tla, spec/Kvm618.tla; the
 * actions as of 2026-12-06). The comment of each constant names the kernel
 * function and statement, and the value the step hands to observers (0 if none). Statements the
 * spec folds into a neighbouring action (slots_arch_lock, the generation) are part of that step.
 */
public enum Step618 {
    // ---- the primary MMU (mm/mmu_notifier.c) and the environment
    /** The primary MMU calls invalidate_range_start; KVM's callback runs only if registered (value: 1 if delivered). */
    InvBegin,
    /** The primary MMU changes the PTEs of the range (value: hva start). */
    PrimaryChangePte,
    /** The primary MMU calls invalidate_range_end; KVM's callback runs only if registered now (value: 1 if delivered). */
    InvEnd,
    /** kvm_create_vm -> kvm_init_mmu_notifier: mmu_notifier_register (late registration; no memslots yet). */
    MmuNotifierRegister,

    // ---- kvm_mmu_notifier_invalidate_range_start (virt/kvm/kvm_main.c)
    /** spin_lock(&kvm->mn_invalidate_lock). */
    StartLockMn,
    /** kvm->mn_active_invalidate_count++. */
    StartIncActive,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    StartUnlockMn,
    /** kvm_handle_hva_range: srcu_read_lock; kvm_for_each_memslot_in_hva_range of each address space (value: as_id * 1000 + slot id of an overlapping slot; -1 = the walk of one address space begins). */
    StartHvaRange,
    /** kvm_handle_hva_range: KVM_MMU_LOCK at the first overlapping memslot. */
    StartLockMmu,
    /** on_lock = kvm_mmu_invalidate_begin: in_progress++; at 1 range_start = range_end = INVALID_GPA. */
    StartInvalidateBegin,
    /** kvm_mmu_unmap_gfn_range -> kvm_mmu_invalidate_range_add(gfn_range.start, .end) (value: the start added). */
    StartRangeAdd,
    /** kvm_mmu_unmap_gfn_range -> kvm_unmap_gfn_range: this slot's SPTEs zapped (value: gfn start). */
    StartUnmapGfnRange,
    /** kvm_handle_hva_range: KVM_MMU_UNLOCK; srcu_read_unlock. */
    StartUnlockMmu,

    // ---- kvm_mmu_notifier_invalidate_range_end
    /** kvm_handle_hva_range: srcu_read_lock; the walk (value as StartHvaRange). */
    EndHvaRange,
    /** kvm_handle_hva_range: KVM_MMU_LOCK. */
    EndLockMmu,
    /** on_lock = kvm_mmu_invalidate_end: seq++; smp_wmb(); in_progress--; KVM_BUG_ON(&lt; 0); WARN_ON_ONCE(range_start == INVALID_GPA). */
    EndInvalidateEnd,
    /** kvm_handle_hva_range: KVM_MMU_UNLOCK (null handler: goto mmu_unlock); srcu_read_unlock. */
    EndUnlockMmu,
    /** spin_lock(&kvm->mn_invalidate_lock). */
    EndLockMn,
    /** if (!WARN_ON_ONCE(!count)) --count; wake = !count (value: wake ? 1 : 0). */
    EndDecActive,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    EndUnlockMn,
    /** kernel/exit.c: rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait). */
    EndWakeUp,

    // ---- the memslot updater (virt/kvm/kvm_main.c, slots_lock held)
    /** kvm_vm_ioctl_set_memory_region: mutex_lock(slots_lock); the change chosen; kvm_set_memslot: mutex_lock(slots_arch_lock) (value: KvmMrChange ordinal). */
    SetMemoryRegion,
    /** kvm_invalidate_memslot: kvm_copy_memslot; flags |= KVM_MEMSLOT_INVALID; kvm_replace_memslot (DELETE, MOVE). */
    InvalidateMemslotCopy,
    /** kvm_swap_active_memslots: slots->generation = gen | UPDATE_IN_PROGRESS; spin_lock(&kvm->mn_invalidate_lock). */
    SwapLockMn,
    /** prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait). */
    SwapPrepareRcuwait,
    /** while (kvm->mn_active_invalidate_count) (value: 1 if non-zero). */
    SwapWaitTest,
    /** set_current_state(TASK_UNINTERRUPTIBLE). */
    SwapSetState,
    /** spin_unlock(&kvm->mn_invalidate_lock) before schedule(). */
    SwapUnlockMnToSleep,
    /** schedule() returned. */
    SwapSchedule,
    /** spin_lock(&kvm->mn_invalidate_lock) after schedule(). */
    SwapRelockMn,
    /** finish_rcuwait(&kvm->mn_memslots_update_rcuwait). */
    SwapFinishRcuwait,
    /** rcu_assign_pointer(kvm->memslots[as_id], slots) (value: as_id). */
    SwapPublish,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    SwapUnlockMn,
    /** mutex_unlock(slots_arch_lock); synchronize_srcu_expedited(&kvm->srcu); the new generation. */
    SwapSynchronizeSrcu,
    /** kvm_arch_flush_shadow_memslot (x86: kvm_mmu_zap_memslot): write_lock(&kvm->mmu_lock). */
    FlushShadowLockMmu,
    /** kvm_arch_flush_shadow_memslot: the old slot's SPTEs zapped (value: base gfn). */
    FlushShadowZap,
    /** kvm_arch_flush_shadow_memslot: write_unlock(&kvm->mmu_lock); then kvm_invalidate_memslot's mutex_lock(slots_arch_lock). */
    FlushShadowUnlockMmu,
    /** kvm_create/delete/move/update_flags_memslot: kvm_replace_memslot in the inactive set, then kvm_activate_memslot's swap. */
    ActivateReplace,
    /** kvm_set_memslot: kvm_commit_memory_region (not modelled); mutex_unlock(slots_lock) (value: KvmMrChange ordinal). */
    SetMemoryRegionDone,

    // ---- the vCPU fault (arch/x86/kvm/mmu/mmu.c unless said)
    /** mmu_internal.h: kvm_mmu_do_page_fault: fault.slot = kvm_vcpu_gfn_to_memslot(vcpu, gfn) (value: slot id, -1 if none). */
    FaultBegin,
    /** kvm_mmu_faultin_pfn: fault->mmu_seq = kvm->mmu_invalidate_seq; smp_rmb(). */
    FaultSnapshotSeq,
    /** kvm_mmu_faultin_pfn: if (!slot) noslot; if (slot->flags & KVM_MEMSLOT_INVALID) return RET_PF_RETRY (value: 1 = retry). */
    FaultCheckSlot,
    /** kvm_mmu_faultin_pfn: mmu_invalidate_retry_gfn_unsafe before the pfn lookup (value: 1 = retry). */
    FaultRetryUnsafeBefore,
    /** __kvm_mmu_faultin_pfn: the pfn of the hva, and what the SPTE derives from (value: pfn). */
    FaultGetPfn,
    /** kvm_mmu_faultin_pfn: mmu_invalidate_retry_gfn_unsafe after the pfn lookup (value: 1 = retry). */
    FaultRetryUnsafeAfter,
    /** direct_page_fault: write_lock(&vcpu->kvm->mmu_lock). */
    FaultLockMmu,
    /** is_page_fault_stale -> mmu_invalidate_retry_gfn (value: 1 = retry). */
    FaultIsStale,
    /** direct_map: the SPTE installed (value: gfn). */
    FaultMap,
    /** kvm_mmu_finish_page_fault; write_unlock(&vcpu->kvm->mmu_lock). */
    FaultUnlockMmu,

    // ---- a kvm_zap_gfn_range caller (arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range)
    /** arch/x86/kvm/x86.c: __kvm_set_or_clear_apicv_inhibit (or another caller): what the SPTEs of the range derive from changes (value: gfn start). */
    ZapCallerUpdate,
    /** write_lock(&kvm->mmu_lock). */
    ZapLockMmu,
    /** kvm_mmu_invalidate_begin(kvm). */
    ZapInvalidateBegin,
    /** kvm_mmu_invalidate_range_add(kvm, gfn_start, gfn_end) (value: gfn start). */
    ZapRangeAdd,
    /** kvm_rmap_zap_gfn_range / kvm_tdp_mmu_zap_leafs, every address space; flush (value: gfn start). */
    ZapLeafs,
    /** kvm_mmu_invalidate_end(kvm). */
    ZapInvalidateEnd,
    /** write_unlock(&kvm->mmu_lock). */
    ZapUnlockMmu,

    // ---- kvm_destroy_vm (virt/kvm/kvm_main.c)
    /** mmu_notifier_unregister(&kvm->mmu_notifier, kvm->mm). */
    DestroyUnregister,
    /** WARN_ON(rcuwait_active(&kvm->mn_memslots_update_rcuwait)). */
    DestroyCheckRcuwait,
    /** if (kvm->mn_active_invalidate_count) count = 0; else WARN_ON(kvm->mmu_invalidate_in_progress). */
    DestroyCheckCount
}
