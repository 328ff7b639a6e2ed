/**
 * The gfn-to-pfn cache of Linux 6.18 (virt/kvm/pfncache.c) in Java (issue 26, item 3), over the
 * 6.18 KVM of org.kvmlocking.kvm618 and on the monitor-based kernel primitives (a new
 * {@link org.kvmlocking.kernel.RwLock} for gpc-&gt;lock; SpinLock for gpc_lock and refresh_lock),
 * so that Java PathFinder (jpf/config/*gpc*.jpf, DriverGpc618) and Lincheck
 * (LincheckGpc618Test) explore it. Every step is one {@link org.kvmlocking.kvm618.gpc.GpcStep}
 * named as the action of spec/KvmGpc618.tla.
 *
 * <h2>Spec actions -&gt; Java</h2>
 * <table>
 * <caption>where each action is taken</caption>
 * <tr><th>Spec actions</th><th>Java (kernel function)</th></tr>
 * <tr><td>InvBegin, StartIncActive, StartHvaRange, PrimaryChangePte, EndHvaRange, EndDecActive</td>
 *   <td>Mm618 and Kvm618 (their Step618s), reached through KvmGpc.remap/unmap</td></tr>
 * <tr><td>GpcInvLockList, GpcInvReadCheck, GpcInvWriteInvalidate, GpcInvUnlockList</td>
 *   <td>KvmGpc.gfnToPfnCacheInvalidateStart, invalidateReadCheck, invalidateUnderWriteLock
 *   (gfn_to_pfn_cache_invalidate_start), run at Kvm618's StartUnlockMn</td></tr>
 * <tr><td>GpcActivate, GpcActivateListAdd, GpcActivateSetActive</td><td>KvmGpc.kvmGpcActivate,
 *   kvmGpcActivateHva, kvmGpcActivateInner, gpcListAdd (kvm_gpc_activate(_hva), __kvm_gpc_activate)</td></tr>
 * <tr><td>GpcRefresh, RefreshStart, RetrySnapshot, RetryHvaToPfn, RetryCheckCount, RetryCheckSeq</td>
 *   <td>KvmGpc.kvmGpcRefresh, kvmGpcRefreshLocked, kvmGpcRefreshInner, hvaToPfnRetry, retryClearValid,
 *   mmuNotifierRetryCache (kvm_gpc_refresh, __kvm_gpc_refresh, hva_to_pfn_retry, mmu_notifier_retry_cache)</td></tr>
 * <tr><td>GpcDeactivate, DeactivateClear, DeactivateListDel</td><td>KvmGpc.kvmGpcDeactivate,
 *   kvmGpcDeactivateActive, deactivateClear, gpcListDel (kvm_gpc_deactivate)</td></tr>
 * <tr><td>GpcCheck, GpcUse</td><td>KvmGpc.kvmGpcUse, kvmGpcCheck, generationCurrent (kvm_gpc_check
 *   and a user of kvm_setup_guest_pvclock's shape)</td></tr>
 * <tr><td>SwapPublish, SwapNewGeneration</td><td>Kvm618's memslot update (SetMemoryRegion); the
 *   generation is the identity of the published MemslotSet</td></tr>
 * </table>
 *
 * <h2>Properties -&gt; Java checks (GpcInvariants)</h2>
 * GpcCoherent: at GpcCheck and again before the user's read_unlock, when hva_to_pfn_retry
 * validates, and at rest. GpcSlotCurrent: at GpcCheck (against the memslot set kvm_gpc_check
 * read) and at rest. RefreshSerialised: at the entry of __kvm_gpc_refresh (ghost count under
 * gpc-&gt;lock) and at rest. Deadlock freedom: JPF's NotDeadlockedProperty, Lincheck's hang.
 *
 * <h2>Designs (GpcDesigns618; mutants in org.kvmlocking.kvm618.gpc.broken)</h2>
 * adopted_gpc_618 (KvmGpc); in_progress, seq_before_count, invalidate_before_count, no_seq
 * (mmu_notifier_retry_cache and its caller); read_lock_invalidate, no_recheck (a harmless
 * variant); deactivate_list_first, deactivate_nested; no_generation_check; no_refresh_lock;
 * no_clear_valid (all with the suffix _gpc_618).
 *
 * <p>Simplifications: one page per cache, no offsets or len; a frame number is a pfn and khva
 * the frame the kernel mapping maps; gpc_map/gpc_unmap and page references have no effect; the
 * generation's KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS value is not modelled; gpc-&gt;lock is not
 * taken with interrupts disabled (no interrupt context here).
 */
package org.kvmlocking.kvm618.gpc;
