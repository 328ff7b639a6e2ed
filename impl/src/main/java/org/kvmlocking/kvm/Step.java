package org.kvmlocking.kvm;

/**
 * Every step of the protocol, named as the TLA+ action it implements (spec/KvmMmu.tla,
 * spec/KvmMemslots.tla, spec/KvmMemslotsRwsem.tla), with the kernel function it mirrors (Linux
 * 5.15 unless marked). Grep a name to find the spec action, the Java line that takes the step
 * ({@code step(StartIncActive)}) and the tests that wait for it.
 *
 * <p>The value a step hands its observers ({@link StepObserver#step}) is named in the comment
 * of the step where there is one: only what the state does not show (a local decision or a value
 * read without a lock). Everything else an observer reads from the KVM and the mm, which are
 * quiescent for it (see {@link StepObserver}).
 */
public enum Step {
    // ---------------------------------------------------------------- invalidate_range_start
    /** Entry of range_start. Value: the {@link HvaRange}. */
    @Kernel(Kernel.RANGE_START)
    StartBegin,
    /** spin_lock(&kvm->mn_invalidate_lock). */
    @Kernel(Kernel.RANGE_START)
    StartLockMn,
    /** kvm->mn_active_invalidate_count++. */
    @Kernel(Kernel.RANGE_START)
    StartIncActive,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    @Kernel(Kernel.RANGE_START)
    StartUnlockMn,
    /** The memslot overlap test of __kvm_handle_hva_range (lock elision). Value: overlap (Boolean). */
    @Kernel(Kernel.HANDLE_HVA_RANGE)
    StartHvaRange,
    /** KVM_MMU_LOCK(kvm) in __kvm_handle_hva_range. */
    @Kernel(Kernel.HANDLE_HVA_RANGE)
    StartLockMmu,
    /** on_lock = kvm_inc_notifier_count. */
    @Kernel("virt/kvm/kvm_main.c: kvm_inc_notifier_count" + Kernel.V515)
    StartIncNotifierCount,
    /** handler = kvm_unmap_gfn_range, for each slot the range overlaps. */
    @Kernel("arch/x86/kvm/mmu/mmu.c: kvm_unmap_gfn_range" + Kernel.V515)
    StartUnmap,
    /** KVM_MMU_UNLOCK(kvm) in __kvm_handle_hva_range. */
    @Kernel(Kernel.HANDLE_HVA_RANGE)
    StartUnlockMmu,

    // ---------------------------------------------------------------- the primary MMU
    /** The PTE change between the two callbacks (zap_page_range, migration, COW). */
    @Kernel("none (modelling step: the primary MMU's PTE change, outside KVM)")
    PrimaryChangePte,

    // ---------------------------------------------------------------- invalidate_range_end
    /** The memslot overlap test of __kvm_handle_hva_range. Value: overlap (Boolean). */
    @Kernel(Kernel.HANDLE_HVA_RANGE)
    EndHvaRange,
    /** KVM_MMU_LOCK(kvm). */
    @Kernel(Kernel.HANDLE_HVA_RANGE)
    EndLockMmu,
    /** on_lock = kvm_dec_notifier_count: mmu_notifier_seq++, then mmu_notifier_count--. */
    @Kernel("virt/kvm/kvm_main.c: kvm_dec_notifier_count" + Kernel.V515)
    EndDecNotifierCount,
    /** KVM_MMU_UNLOCK(kvm). */
    @Kernel(Kernel.HANDLE_HVA_RANGE)
    EndUnlockMmu,
    /** spin_lock(&kvm->mn_invalidate_lock). */
    @Kernel(Kernel.RANGE_END)
    EndLockMn,
    /** wake = !--kvm->mn_active_invalidate_count. Value: wake (Boolean). */
    @Kernel(Kernel.RANGE_END)
    EndDecActive,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    @Kernel(Kernel.RANGE_END)
    EndUnlockMn,
    /** rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait). */
    @Kernel("kernel/exit.c: rcuwait_wake_up" + Kernel.V515)
    EndWakeUp,

    // ---------------------------------------------------------------- memslot update
    /** kvm_set_memslot under slots_lock: the layouts to install. Value: {first install, final layout} (Memslots[]). */
    @Kernel("virt/kvm/kvm_main.c: kvm_set_memory_region" + Kernel.V515)
    UpdateBegin,
    /** spin_lock(&kvm->mn_invalidate_lock). */
    @Kernel(Kernel.INSTALL)
    InstallLockMn,
    /** prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait). */
    @Kernel("include/linux/rcuwait.h: prepare_to_rcuwait" + Kernel.V515)
    InstallPrepareRcuwait,
    /** while (kvm->mn_active_invalidate_count). Value: busy (Boolean). */
    @Kernel(Kernel.INSTALL)
    InstallWaitTest,
    /** set_current_state(TASK_UNINTERRUPTIBLE). */
    @Kernel(Kernel.INSTALL)
    InstallSetState,
    /** spin_unlock(&kvm->mn_invalidate_lock) before schedule(). */
    @Kernel(Kernel.INSTALL)
    InstallUnlockMnToSleep,
    /** schedule() returns (the updater was woken, or was still TASK_RUNNING). */
    @Kernel(Kernel.INSTALL)
    InstallSchedule,
    /** spin_lock(&kvm->mn_invalidate_lock) after schedule(). */
    @Kernel(Kernel.INSTALL)
    InstallRelockMn,
    /** finish_rcuwait(&kvm->mn_memslots_update_rcuwait). */
    @Kernel("include/linux/rcuwait.h: finish_rcuwait" + Kernel.V515)
    InstallFinishRcuwait,
    /** rcu_assign_pointer(kvm->memslots[as_id], slots). */
    @Kernel(Kernel.INSTALL)
    InstallPublish,
    /** spin_unlock(&kvm->mn_invalidate_lock). */
    @Kernel(Kernel.INSTALL)
    InstallUnlockMn,
    /** synchronize_srcu_expedited(&kvm->srcu) returns. */
    @Kernel(Kernel.INSTALL)
    InstallSynchronizeSrcu,
    /** The new generation, KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS cleared. */
    @Kernel(Kernel.INSTALL)
    InstallGenerationDone,
    /** KVM_MMU_LOCK(kvm) in the flush of a deleted or moved slot. */
    @Kernel(Kernel.ZAP)
    FlushShadowLockMmu,
    /** Zap every SPTE of the slot. */
    @Kernel(Kernel.ZAP)
    FlushShadowZap,
    /** KVM_MMU_UNLOCK(kvm). */
    @Kernel(Kernel.ZAP)
    FlushShadowUnlockMmu,
    /** mutex_unlock(&kvm->slots_lock). */
    @Kernel("virt/kvm/kvm_main.c: kvm_set_memory_region" + Kernel.V515)
    UpdateEnd,

    // ---------------------------------------------------------------- vCPU page fault
    /** mmu_seq = kvm->mmu_notifier_seq; smp_rmb(). Value: the gfn (Integer). */
    @Kernel(Kernel.FAULT)
    FaultBegin,
    /** kvm_vcpu_gfn_to_memslot under srcu. Value: a valid slot was found (Boolean). */
    @Kernel("arch/x86/kvm/mmu/mmu.c: kvm_faultin_pfn" + Kernel.V515)
    FaultLookup,
    /** get_user_pages through the slot's hva. Value: the pfn (Integer). */
    @Kernel("virt/kvm/kvm_main.c: __gfn_to_pfn_memslot" + Kernel.V515)
    FaultGup,
    /** write_lock(&vcpu->kvm->mmu_lock). */
    @Kernel(Kernel.FAULT)
    FaultLockMmu,
    /** mmu_notifier_retry_hva(kvm, mmu_seq, hva). Value: retry (Boolean). */
    @Kernel("include/linux/kvm_host.h: mmu_notifier_retry_hva" + Kernel.V515)
    FaultRetryCheck,
    /** The SPTE is installed. Value: the gfn (Integer). */
    @Kernel("arch/x86/kvm/mmu/mmu.c: __direct_map" + Kernel.V515)
    FaultInstallSpte,
    /** write_unlock(&vcpu->kvm->mmu_lock). */
    @Kernel(Kernel.FAULT)
    FaultUnlockMmu,

    // ---------------------------------------------------------------- the rejected rwsem design
    /** lock_map_acquire(&__mmu_notifier_invalidate_range_start_map) (lockdep's pseudo-lock). */
    @Kernel(Kernel.PSEUDO_START)
    StartPseudoAcquire,
    /** down_read(&kvm->mmu_notifier_slots_lock) returns. */
    @Kernel(Kernel.RWSEM_START)
    StartDownRead,
    /** lock_map_release(&__mmu_notifier_invalidate_range_start_map). */
    @Kernel(Kernel.PSEUDO_START)
    StartPseudoRelease,
    /** lock_map_acquire in __mmu_notifier_invalidate_range_end. */
    @Kernel(Kernel.PSEUDO_END)
    EndPseudoAcquire,
    /** up_read(&kvm->mmu_notifier_slots_lock). */
    @Kernel(Kernel.RWSEM_END)
    EndUpRead,
    /** lock_map_release in __mmu_notifier_invalidate_range_end. */
    @Kernel(Kernel.PSEUDO_END)
    EndPseudoRelease,
    /** down_write(&kvm->mmu_notifier_slots_lock): the writer queues (a fair rwsem admits no new reader now). */
    @Kernel(Kernel.RWSEM_INSTALL)
    InstallDownWrite,
    /** down_write returns: the readers are gone and the writer holds the lock. */
    @Kernel(Kernel.RWSEM_INSTALL)
    InstallDownWriteWait,
    /** up_write(&kvm->mmu_notifier_slots_lock). */
    @Kernel(Kernel.RWSEM_INSTALL)
    InstallUpWrite;

    /** The kernel function the step mirrors, as "path: function (version)": its {@link Kernel} annotation. */
    public String kernel() {
        try {
            return Step.class.getField(name()).getAnnotation(Kernel.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }
}
