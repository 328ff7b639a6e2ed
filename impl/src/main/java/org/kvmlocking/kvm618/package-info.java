/**
 * The Linux 6.18 memslot-blocking protocol in Java (issue 25, item 4), beside the 5.15 code of
 * org.kvmlocking.kvm and on the same monitor-based kernel primitives (org.kvmlocking.kernel:
 * SpinLock, Task, RcuWait, Srcu), so that Java PathFinder (jpf/config/*618*.jpf, Driver618) and
 * Lincheck (Lincheck618Test) explore it. Every step is one {@link org.kvmlocking.kvm618.Step618}
 * named as the action of the 6.18 TLA+ spec (spec/Kvm618Mmu.tla, spec/Kvm618.tla).
 *
 * <h2>Spec actions -&gt; Java</h2>
 * <table>
 * <caption>where each action is taken</caption>
 * <tr><th>Spec actions</th><th>Java (kernel function)</th></tr>
 * <tr><td>InvBegin, PrimaryChangePte, InvEnd, MmuNotifierRegister</td><td>Mm618.remap/unmap (the primary MMU),
 *   Kvm618.mmuNotifierRegister (kvm_init_mmu_notifier)</td></tr>
 * <tr><td>StartLockMn, StartIncActive, StartUnlockMn</td><td>Kvm618.invalidateRangeStart (kvm_mmu_notifier_invalidate_range_start)</td></tr>
 * <tr><td>StartHvaRange, StartLockMmu, StartInvalidateBegin, StartRangeAdd, StartUnmapGfnRange, StartUnlockMmu;
 *   EndHvaRange, EndLockMmu, EndInvalidateEnd, EndUnlockMmu</td><td>Kvm618.kvmHandleHvaRange (kvm_handle_hva_range),
 *   kvmMmuInvalidateBegin, kvmMmuUnmapGfnRange, kvmMmuInvalidateRangeAdd, kvmUnmapGfnRange, kvmMmuInvalidateEnd</td></tr>
 * <tr><td>EndLockMn, EndDecActive, EndUnlockMn, EndWakeUp</td><td>Kvm618.invalidateRangeEnd, mnActiveInvalidateCountDec
 *   (kvm_mmu_notifier_invalidate_range_end)</td></tr>
 * <tr><td>SetMemoryRegion, InvalidateMemslotCopy, ActivateReplace, SetMemoryRegionDone</td><td>SetMemoryRegion.setUserMemoryRegion,
 *   kvmSetMemslot, swapInInvalidCopy; Kvm618.kvmInvalidateMemslot (kvm_set_memory_region, kvm_set_memslot,
 *   kvm_invalidate_memslot, kvm_activate_memslot)</td></tr>
 * <tr><td>SwapLockMn, SwapPrepareRcuwait, SwapWaitTest, SwapFinishRcuwait, SwapPublish, SwapUnlockMn, SwapSynchronizeSrcu;
 *   SwapSetState, SwapUnlockMnToSleep, SwapSchedule, SwapRelockMn</td><td>SetMemoryRegion.kvmSwapActiveMemslots;
 *   Kvm618.kvmSwapSleep, schedule (kvm_swap_active_memslots)</td></tr>
 * <tr><td>FlushShadowLockMmu, FlushShadowZap, FlushShadowUnlockMmu</td><td>SetMemoryRegion.kvmArchFlushShadowMemslot
 *   (kvm_arch_flush_shadow_memslot -&gt; kvm_mmu_zap_memslot)</td></tr>
 * <tr><td>FaultBegin, FaultSnapshotSeq, FaultCheckSlot, FaultRetryUnsafeBefore, FaultGetPfn, FaultRetryUnsafeAfter,
 *   FaultLockMmu, FaultIsStale, FaultMap, FaultUnlockMmu</td><td>PageFault.kvmMmuPageFault (kvm_mmu_do_page_fault,
 *   kvm_mmu_faultin_pfn, direct_page_fault), Kvm618.faultCheckInvalidSlot, mmuInvalidateRetryGfnUnsafe,
 *   isPageFaultStale, mmuInvalidateRetryGfn</td></tr>
 * <tr><td>ZapCallerUpdate, ZapLockMmu, ZapInvalidateBegin, ZapRangeAdd, ZapLeafs, ZapInvalidateEnd, ZapUnlockMmu</td>
 *   <td>Kvm618.zapCaller, kvmZapGfnRange, kvmZapGfnRangeBody (kvm_zap_gfn_range)</td></tr>
 * <tr><td>DestroyUnregister, DestroyCheckRcuwait, DestroyCheckCount</td><td>Kvm618.kvmDestroyVm (kvm_destroy_vm)</td></tr>
 * </table>
 *
 * <h2>Invariants -&gt; Java checks (Invariants618)</h2>
 * <table>
 * <caption>where each property is checked with per-step checks on</caption>
 * <tr><th>Property</th><th>Checked</th></tr>
 * <tr><td>InProgressNonNegative</td><td>KVM_BUG_ON in kvm_mmu_invalidate_end (always on); checkInvariants</td></tr>
 * <tr><td>InProgressBalanced</td><td>at each kvm_mmu_invalidate_end (ghost: tasks between begin and end); checkIdle at rest</td></tr>
 * <tr><td>RangeAddedUnderLock</td><td>before mmu_lock is dropped by range_start's walk and by kvm_zap_gfn_range</td></tr>
 * <tr><td>ActiveCountNonNegative</td><td>at EndDecActive; checkInvariants</td></tr>
 * <tr><td>Coherence (per address space and gfn; deleted and moved slots; the zap's attribute)</td><td>at FaultMap (that gfn);
 *   after each invalidation's end returned, each zap caller, each memslot update (all gfns); checkInvariants</td></tr>
 * <tr><td>NoMappingOfInvalidSlot</td><td>with Coherence (ghost: slots flushed until the final swap)</td></tr>
 * <tr><td>MutualExclusion</td><td>at SwapPublish (ghost: threads counted in mn_active_invalidate_count)</td></tr>
 * <tr><td>NoLostWakeUp</td><td>before the updater's schedule()</td></tr>
 * <tr><td>NoDanglingInvalidationAtDestroy</td><td>kvm_destroy_vm's WARNs</td></tr>
 * </table>
 *
 * <h2>Mutants (org.kvmlocking.kvm618.broken), each one kernel function of Kvm618 overridden</h2>
 * The eleven 6.18 designs of spec618 all have Java: range_add_hva_618 (RangeAddInHva),
 * one_range_add_618 (OneRangeAdd), unmap_no_range_add_618 (UnmapNoRangeAdd),
 * no_unpaired_check_618 (NoUnpairedCheck), unsafe_only_618 (UnsafeOnly), no_invalid_check_618
 * (NoInvalidCheck), flush_before_invalid_618 (FlushBeforeInvalid), zap_no_begin_end_618
 * (ZapNoBeginEnd), zap_early_return_618 (ZapEarlyReturn), lost_wakeup_618 (LostWakeUp618);
 * {@link org.kvmlocking.kvm618.Designs618} creates each by its designs.tsv name or class name.
 *
 * <p>Simplifications (each named where it is made): mmu_lock is exclusive (the shadow MMU's
 * write lock; the TDP MMU's read-locked fault is not modelled); no pfn caches, guest_memfd or
 * memory attributes; kvm_prepare/commit_memory_region never fail and have no arch effect;
 * generations are kept per address space beside the immutable memslot sets; one page per hva
 * and per gfn.
 */
package org.kvmlocking.kvm618;
