package org.kvmlocking.kvm;

/**
 * Every step of the protocol, named as the TLA+ action it implements (spec/KvmMmu.tla,
 * spec/KvmMemslots.tla, spec/KvmMemslotsRwsem.tla). Grep a name to find the spec action (whose
 * "Kernel:" comment cites the kernel function it mirrors, Linux 5.15), the Java line that takes
 * the step ({@code step(StartIncActive)}) and the tests that wait for it.
 *
 * <p>The value a step hands its observers ({@link StepObserver#step}) is named in the comment
 * of the step where there is one: only what the state does not show (a local decision or a value
 * read without a lock). Everything else an observer reads from the KVM and the mm, which are
 * quiescent for it (see {@link StepObserver}).
 */
public enum Step {
    // ---------------------------------------------------------------- invalidate_range_start
    /** Entry of range_start. Value: the {@link HvaRange}. */
    StartBegin,
    /** spin_lock(&kvm->mn_invalidate_lock). */
    StartLockMn,
    /** kvm->mn_active_invalidate_count++. */
    StartIncActive,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    StartUnlockMn,
    /** The memslot overlap test of __kvm_handle_hva_range (lock elision). Value: overlap (Boolean). */
    StartHvaRange,
    /** KVM_MMU_LOCK(kvm) in __kvm_handle_hva_range. */
    StartLockMmu,
    /** on_lock = kvm_inc_notifier_count. */
    StartIncNotifierCount,
    /** handler = kvm_unmap_gfn_range, for each slot the range overlaps. */
    StartUnmap,
    /** KVM_MMU_UNLOCK(kvm) in __kvm_handle_hva_range. */
    StartUnlockMmu,

    // ---------------------------------------------------------------- the primary MMU
    /** The PTE change between the two callbacks (zap_page_range, migration, COW). */
    PrimaryChangePte,

    // ---------------------------------------------------------------- invalidate_range_end
    /** The memslot overlap test of __kvm_handle_hva_range. Value: overlap (Boolean). */
    EndHvaRange,
    /** KVM_MMU_LOCK(kvm). */
    EndLockMmu,
    /** on_lock = kvm_dec_notifier_count: mmu_notifier_seq++, then mmu_notifier_count--. */
    EndDecNotifierCount,
    /** KVM_MMU_UNLOCK(kvm). */
    EndUnlockMmu,
    /** spin_lock(&kvm->mn_invalidate_lock). */
    EndLockMn,
    /** wake = !--kvm->mn_active_invalidate_count. Value: wake (Boolean). */
    EndDecActive,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    EndUnlockMn,
    /** rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait). */
    EndWakeUp,

    // ---------------------------------------------------------------- memslot update
    /** kvm_set_memslot under slots_lock: the layouts to install. Value: {first install, final layout} (Memslots[]). */
    UpdateBegin,
    /** spin_lock(&kvm->mn_invalidate_lock). */
    InstallLockMn,
    /** prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait). */
    InstallPrepareRcuwait,
    /** while (kvm->mn_active_invalidate_count). Value: busy (Boolean). */
    InstallWaitTest,
    /** set_current_state(TASK_UNINTERRUPTIBLE). */
    InstallSetState,
    /** spin_unlock(&kvm->mn_invalidate_lock) before schedule(). */
    InstallUnlockMnToSleep,
    /** schedule() returns (the updater was woken, or was still TASK_RUNNING). */
    InstallSchedule,
    /** spin_lock(&kvm->mn_invalidate_lock) after schedule(). */
    InstallRelockMn,
    /** finish_rcuwait(&kvm->mn_memslots_update_rcuwait). */
    InstallFinishRcuwait,
    /** rcu_assign_pointer(kvm->memslots[as_id], slots). */
    InstallPublish,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    InstallUnlockMn,
    /** synchronize_srcu_expedited(&kvm->srcu) returns. */
    InstallSynchronizeSrcu,
    /** The new generation, KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS cleared. */
    InstallGenerationDone,
    /** KVM_MMU_LOCK(kvm) in the flush of a deleted or moved slot. */
    FlushShadowLockMmu,
    /** Zap every SPTE of the slot. */
    FlushShadowZap,
    /** KVM_MMU_UNLOCK(kvm). */
    FlushShadowUnlockMmu,
    /** mutex_unlock(&kvm->slots_lock). */
    UpdateEnd,

    // ---------------------------------------------------------------- vCPU page fault
    /** mmu_seq = kvm->mmu_notifier_seq; smp_rmb(). Value: the gfn (Integer). */
    FaultBegin,
    /** kvm_vcpu_gfn_to_memslot under srcu. Value: a valid slot was found (Boolean). */
    FaultLookup,
    /** get_user_pages through the slot's hva. Value: the pfn (Integer). */
    FaultGup,
    /** write_lock(&vcpu->kvm->mmu_lock). */
    FaultLockMmu,
    /** mmu_notifier_retry_hva(kvm, mmu_seq, hva). Value: retry (Boolean). */
    FaultRetryCheck,
    /** The SPTE is installed. Value: the gfn (Integer). */
    FaultInstallSpte,
    /** write_unlock(&vcpu->kvm->mmu_lock). */
    FaultUnlockMmu,

    // ---------------------------------------------------------------- the rejected rwsem design
    /** lock_map_acquire(&__mmu_notifier_invalidate_range_start_map) (lockdep's pseudo-lock). */
    StartPseudoAcquire,
    /** down_read(&kvm->mmu_notifier_slots_lock) returns. */
    StartDownRead,
    /** lock_map_release(&__mmu_notifier_invalidate_range_start_map). */
    StartPseudoRelease,
    /** lock_map_acquire in __mmu_notifier_invalidate_range_end. */
    EndPseudoAcquire,
    /** up_read(&kvm->mmu_notifier_slots_lock). */
    EndUpRead,
    /** lock_map_release in __mmu_notifier_invalidate_range_end. */
    EndPseudoRelease,
    /** down_write(&kvm->mmu_notifier_slots_lock): the writer queues (a fair rwsem admits no new reader now). */
    InstallDownWrite,
    /** down_write returns: the readers are gone and the writer holds the lock. */
    InstallDownWriteWait,
    /** up_write(&kvm->mmu_notifier_slots_lock). */
    InstallUpWrite
}
