-------------------------------- MODULE Kvm618 --------------------------------
(***************************************************************************)
(* Linux 6.18: the memslot-blocking protocol of commit 52ac8b358b0c as it  *)
(* stands today, on the MMU side of Kvm618Mmu.  The MMU notifier's         *)
(* range_start/range_end count themselves in mn_active_invalidate_count    *)
(* and walk every address space in kvm_handle_hva_range(), adding one gfn  *)
(* range per overlapping memslot; range_end survives an end without a      *)
(* start (6.9: d489ec956583), which the environment causes here by         *)
(* registering the notifier between a primary-MMU start() and end();       *)
(* kvm_swap_active_memslots() (5.17; 5.15's install_new_memslots) waits    *)
(* for the count with the 5.15 loop; DELETE and MOVE swap twice, first an  *)
(* INVALID copy (kvm_invalidate_memslot), then kvm_arch_flush_shadow_memslot, *)
(* then the final set (kvm_activate_memslot); kvm_destroy_vm checks what   *)
(* is left.                                                                *)
(*                                                                         *)
(* Variant is adopted_618 (the kernel) or a seeded mutant a kernel         *)
(* developer could plausibly write; every line a mutant changes ends in    *)
(* \* MUTANT, here or in Kvm618Mmu:                                        *)
(*   range_add_hva_618      kvm_mmu_unmap_gfn_range() adds the notifier's  *)
(*                          hva range, not the slot's gfn range            *)
(*   one_range_add_618      range_add only for the first overlapping slot  *)
(*                          (inside the found_memslot block, with on_lock) *)
(*   unmap_no_range_add_618 the start handler is kvm_unmap_gfn_range():    *)
(*                          begin..end adds no range                       *)
(*   no_unpaired_check_618  range_end decrements mn_active_invalidate_count *)
(*                          without 6.9's WARN_ON_ONCE(!count) guard        *)
(*   unsafe_only_618        the fault maps without the locked              *)
(*                          mmu_invalidate_retry_gfn(), relying on the     *)
(*                          lock-free _unsafe checks                       *)
(*   no_invalid_check_618   the fault does not retry on KVM_MEMSLOT_INVALID *)
(*   flush_before_invalid_618 DELETE/MOVE flush the slot's SPTEs before    *)
(*                          swapping in the INVALID copy                   *)
(*   zap_no_begin_end_618   kvm_zap_gfn_range() zaps without               *)
(*                          kvm_mmu_invalidate_begin/_range_add/_end       *)
(*   zap_early_return_618   kvm_zap_gfn_range() unlocks and returns before *)
(*                          kvm_mmu_invalidate_end() when it zapped nothing *)
(*   lost_wakeup_618        set_current_state() after spin_unlock() in the *)
(*                          swap's wait loop                               *)
(***************************************************************************)
EXTENDS Kvm618Mmu

Variants == {"adopted_618", "range_add_hva_618", "one_range_add_618",
             "unmap_no_range_add_618", "no_unpaired_check_618", "unsafe_only_618",
             "no_invalid_check_618", "flush_before_invalid_618", "zap_no_begin_end_618",
             "zap_early_return_618", "lost_wakeup_618"}
ASSUME VariantOK ==
    Assert(Variant \in Variants,
           "Variant must be one of adopted_618, range_add_hva_618, one_range_add_618, unmap_no_range_add_618, no_unpaired_check_618, unsafe_only_618, no_invalid_check_618, flush_before_invalid_618, zap_no_begin_end_618, zap_early_return_618, lost_wakeup_618")

VARIABLES
    mn_invalidate_lock,         \* holder of kvm->mn_invalidate_lock, or NoTask
    mn_active_invalidate_count, \* a long: an unguarded -- goes below 0
    rcuwait_task,               \* kvm->mn_memslots_update_rcuwait.task
    task_state,                 \* the updater's task state
    ipc,                        \* per primary-MMU task: where it is
    irange,                     \* per task: its hva range [start, end)
    iwalk,                      \* per task: <<slot id, slot>> still to handle in this walk
    iwake,                      \* per task: range_end's local `wake`
    iphase,                     \* ghost, per task: out / in / past / owed (as for 5.15)
    ibegun,                     \* ghost, per task: between its begin and its end
    upc,                        \* the updater: where it is
    uslot,                      \* the slot id of this KVM_SET_USER_MEMORY_REGION
    uchange,                    \* enum kvm_mr_change
    unew,                       \* the slot going into the inactive set for the next swap
    ufinal,                     \* the slot the update ends with (NoSlot: DELETE)
    ustage,                     \* which swap: "invalidate" (the INVALID copy) or "activate"
    flushed                     \* ghost: slot ids whose INVALID copy's SPTEs were flushed

mnVars  == <<mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task, task_state>>
invVars == <<ipc, irange, iwalk, iwake, iphase, ibegun>>
updVars == <<upc, uslot, uchange, unew, ufinal, ustage, flushed>>
vars == <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars, invVars, updVars>>

HvaRanges == {r \in [start : Hvas, end : Hvas \cup {MaxHva + 1}] : r.start < r.end}
HvasOf(r) == {h \in Hvas : r.start <= h /\ h < r.end}
Phases == {"out", "in", "past", "owed"}
IPcs == {"idle", "start_lock_mn", "start_inc_active", "start_unlock_mn", "start_hva_range",
         "start_lock_mmu", "start_begin", "start_range_add", "start_unmap",
         "start_unlock_mmu", "primary_pte_change", "inv_end", "end_hva_range", "end_lock_mmu",
         "end_invalidate_end", "end_unlock_mmu", "end_lock_mn", "end_dec_active",
         "end_unlock_mn", "end_wake"}
UPcs == {"idle", "invalidate_copy", "activate_replace", "swap_lock_mn",
         "swap_prepare_rcuwait", "swap_wait_test", "swap_set_state", "swap_unlock_to_sleep",
         "swap_schedule", "swap_relock", "swap_finish_rcuwait", "swap_publish",
         "swap_unlock_mn", "swap_synchronize_srcu", "flush_lock_mmu", "flush_zap",
         "flush_unlock_mmu", "done"}
\* Primary-MMU positions outside KVM's callbacks (mmu_notifier_unregister()
\* waits for the callbacks in flight, not for these).
OutsideKvm == {"idle", "primary_pte_change", "inv_end"}

TypeOK ==
    /\ MmuTypeOK
    /\ mn_invalidate_lock \in Tasks \cup {NoTask}
    /\ mn_active_invalidate_count \in Nat
    /\ rcuwait_task \in {Updater, NoTask}
    /\ task_state \in {"TASK_RUNNING", "TASK_UNINTERRUPTIBLE"}
    /\ ipc \in [Inv -> IPcs]
    /\ irange \in [Inv -> HvaRanges]
    /\ iwalk \in [Inv -> SUBSET (Slots \X SlotRecs)]
    /\ iwake \in [Inv -> BOOLEAN]
    /\ iphase \in [Inv -> Phases]
    /\ ibegun \in [Inv -> BOOLEAN]
    /\ upc \in UPcs
    /\ uslot \in Slots
    /\ uchange \in {"NONE", "CREATE", "DELETE", "MOVE", "FLAGS_ONLY"}
    /\ unew \in SlotRecs \cup {NoSlot}
    /\ ufinal \in SlotRecs \cup {NoSlot}
    /\ ustage \in {"invalidate", "activate"}
    /\ flushed \subseteq Slots

FullRange == [start |-> HvaBase, end |-> MaxHva + 1]

Init ==
    /\ MmuInit
    /\ mn_invalidate_lock = NoTask
    /\ mn_active_invalidate_count = 0
    /\ rcuwait_task = NoTask
    /\ task_state = "TASK_RUNNING"
    /\ ipc = [t \in Inv |-> "idle"]
    /\ irange = [t \in Inv |-> FullRange]
    /\ iwalk = [t \in Inv |-> {}]
    /\ iwake = [t \in Inv |-> FALSE]
    /\ iphase = [t \in Inv |-> "out"]
    /\ ibegun = [t \in Inv |-> FALSE]
    /\ upc = "idle"
    /\ uslot = 1
    /\ uchange = "NONE"
    /\ unew = NoSlot
    /\ ufinal = NoSlot
    /\ ustage = "activate"
    /\ flushed = {}

\* The memslots overlapping hva range r, each with the slot as the walk
\* reads it (kvm_for_each_memslot_in_hva_range over every address space;
\* KVM_MEMSLOT_INVALID slots are in the tree and are walked too).  One
\* step: the walk reads SRCU-protected sets that no swap can change while
\* the task is counted in mn_active_invalidate_count (MutualExclusion).
Overlapping(ms, r) ==
    {<<k, ms[k]>> : k \in {j \in Slots : ms[j].present /\ SlotHva(j) \in HvasOf(r)}}
\* The walk's order: address space 0 first, then by slot.
Order(e) == SlotAs(e[1]) * NSlots + e[1]
NextSlot(W) == CHOOSE e \in W : \A f \in W : Order(e) <= Order(f)

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_start()                              *)

\* The primary MMU calls mmu_notifier_invalidate_range_start() for hva
\* range r; KVM's callback runs only if its notifier is registered.
\* Kernel: none (modelling step: mm/mmu_notifier.c calls the registered notifiers)
InvBegin(t) ==
    /\ ipc[t] = "idle"
    /\ MayBegin(t)
    /\ \E r \in HvaRanges : irange' = [irange EXCEPT ![t] = r]
    /\ ipc' = [ipc EXCEPT ![t] = IF registered THEN "start_lock_mn" ELSE "primary_pte_change"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars,
                   iwalk, iwake, iphase, ibegun, updVars>>

\* spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 6.18)
StartLockMn(t) ==
    /\ ipc[t] = "start_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "start_inc_active"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* kvm->mn_active_invalidate_count++;  From here until range_end's
\* decrement no memslots can be swapped in.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 6.18)
StartIncActive(t) ==
    /\ ipc[t] = "start_inc_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count + 1
    /\ iphase' = [iphase EXCEPT ![t] = "in"]
    /\ ipc' = [ipc EXCEPT ![t] = "start_unlock_mn"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state,
                   irange, iwalk, iwake, ibegun, updVars>>

\* spin_unlock(&kvm->mn_invalidate_lock);  (then
\* gfn_to_pfn_cache_invalidate_start(): no pfn caches in this model)
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 6.18)
StartUnlockMn(t) ==
    /\ ipc[t] = "start_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = "start_hva_range"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* idx = srcu_read_lock(&kvm->srcu); for each address space i,
\* kvm_for_each_memslot_in_hva_range(...): no overlapping slot, no
\* mmu_lock (the elision of 071064f14d87).
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
StartHvaRange(t) ==
    /\ ipc[t] = "start_hva_range"
    /\ LET W == Overlapping(memslots, irange[t]) IN
         /\ iwalk' = [iwalk EXCEPT ![t] = W]
         /\ ipc' = [ipc EXCEPT ![t] = IF W = {} THEN "primary_pte_change" ELSE "start_lock_mmu"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwake, iphase, ibegun, updVars>>

\* if (!r.found_memslot) { r.found_memslot = true; KVM_MMU_LOCK(kvm); ...
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
StartLockMmu(t) ==
    /\ ipc[t] = "start_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "start_begin"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* ... range->on_lock(kvm) = kvm_mmu_invalidate_begin(kvm);
\* unmap_no_range_add_618: the handler that follows is kvm_unmap_gfn_range().
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_begin (Linux 6.18)
StartInvalidateBegin(t) ==
    /\ ipc[t] = "start_begin"
    /\ InvalidateBegin
    /\ ibegun' = [ibegun EXCEPT ![t] = TRUE]
    /\ ipc' = [ipc EXCEPT ![t] = IF Variant = "unmap_no_range_add_618" THEN "start_unmap" \* MUTANT
                                 ELSE "start_range_add"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, updVars>>

\* r.ret |= range->handler(kvm, &gfn_range): kvm_mmu_unmap_gfn_range() ->
\* kvm_mmu_invalidate_range_add(kvm, range->start, range->end), the gfns of
\* this slot's part of the hva range (hva_to_gfn_memslot()).
\* range_add_hva_618: the hva range of the notifier instead.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_unmap_gfn_range (Linux 6.18)
StartRangeAdd(t) ==
    /\ ipc[t] = "start_range_add"
    /\ LET e == NextSlot(iwalk[t]) IN
         IF Variant = "range_add_hva_618"                                   \* MUTANT
         THEN InvalidateRangeAdd(irange[t].start, irange[t].end)            \* MUTANT
         ELSE InvalidateRangeAdd(e[2].gfn, e[2].gfn + 1)
    /\ ipc' = [ipc EXCEPT ![t] = "start_unmap"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* ... return kvm_unmap_gfn_range(kvm, range): zap this slot's SPTEs of
\* the gfn range; then the next overlapping slot (in any address space).
\* one_range_add_618: range_add sits in the found_memslot block, so only
\* the first slot adds its range.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_unmap_gfn_range (Linux 6.18)
StartUnmapGfnRange(t) ==
    /\ ipc[t] = "start_unmap"
    /\ LET e == NextSlot(iwalk[t])
           rest == iwalk[t] \ {e} IN
         /\ spte' = [spte EXCEPT ![<<SlotAs(e[1]), e[2].gfn>>] = NoMap]
         /\ iwalk' = [iwalk EXCEPT ![t] = rest]
         /\ ipc' = [ipc EXCEPT ![t] =
                      IF rest = {} THEN "start_unlock_mmu"
                      ELSE IF Variant \in {"one_range_add_618",             \* MUTANT
                                           "unmap_no_range_add_618"}        \* MUTANT
                      THEN "start_unmap"                                    \* MUTANT
                      ELSE "start_range_add"]
    /\ UNCHANGED <<pte, gfn_attr, memslots, mmu_lock, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwake, iphase, ibegun, updVars>>

\* if (range->flush_on_ret && r.ret) kvm_flush_remote_tlbs(kvm);
\* KVM_MMU_UNLOCK(kvm); srcu_read_unlock(&kvm->srcu, idx);
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
StartUnlockMmu(t) ==
    /\ ipc[t] = "start_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = "primary_pte_change"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* Between start and end the primary MMU changes the PTEs of the range
\* (migration, COW, munmap and refault): each page's frame flips.
\* Kernel: none (modelling step: the primary MMU's PTE change, outside KVM)
PrimaryChangePte(t) ==
    /\ ipc[t] = "primary_pte_change"
    /\ pte' = [h \in Hvas |-> IF h \in HvasOf(irange[t]) THEN 1 - pte[h] ELSE pte[h]]
    /\ ipc' = [ipc EXCEPT ![t] = "inv_end"]
    /\ UNCHANGED <<gfn_attr, spte, memslots, mmu_lock, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* The primary MMU is done (the ghost and the dead locals are reset).
InvDone(t) ==
    /\ ipc' = [ipc EXCEPT ![t] = "idle"]
    /\ irange' = [irange EXCEPT ![t] = FullRange]
    /\ iphase' = [iphase EXCEPT ![t] = "out"]
    /\ Finished(t)

\* The primary MMU calls mmu_notifier_invalidate_range_end(); KVM's
\* callback runs only if its notifier is registered now, so a notifier
\* registered since the start() gets an end without a start.
\* Kernel: none (modelling step: mm/mmu_notifier.c calls the registered notifiers)
InvEnd(t) ==
    /\ ipc[t] = "inv_end"
    /\ IF registered
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_hva_range"]
              /\ UNCHANGED <<irange, iphase, rounds>>
         ELSE InvDone(t)
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, mnVars,
                   iwalk, iwake, ibegun, updVars>>

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_end()                                *)

\* kvm_handle_hva_range(kvm, &hva_range) with handler kvm_null_fn and
\* on_lock kvm_mmu_invalidate_end: srcu_read_lock; the walk.
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
EndHvaRange(t) ==
    /\ ipc[t] = "end_hva_range"
    /\ ipc' = [ipc EXCEPT ![t] = IF Overlapping(memslots, irange[t]) = {}
                                 THEN "end_lock_mn" ELSE "end_lock_mmu"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* r.found_memslot = true; KVM_MMU_LOCK(kvm);
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
EndLockMmu(t) ==
    /\ ipc[t] = "end_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "end_invalidate_end"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* range->on_lock(kvm) = kvm_mmu_invalidate_end(kvm): mmu_invalidate_seq++;
\* smp_wmb(); mmu_invalidate_in_progress--; KVM_BUG_ON(< 0);
\* WARN_ON_ONCE(range_start == INVALID_GPA).  The handler is kvm_null_fn:
\* goto mmu_unlock.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_end (Linux 6.18)
EndInvalidateEnd(t) ==
    /\ ipc[t] = "end_invalidate_end"
    /\ InvalidateEnd
    /\ ibegun' = [ibegun EXCEPT ![t] = FALSE]
    /\ ipc' = [ipc EXCEPT ![t] = "end_unlock_mmu"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, updVars>>

\* mmu_unlock: KVM_MMU_UNLOCK(kvm); srcu_read_unlock(&kvm->srcu, idx);
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
EndUnlockMmu(t) ==
    /\ ipc[t] = "end_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = "end_lock_mn"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 6.18)
EndLockMn(t) ==
    /\ ipc[t] = "end_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "end_dec_active"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* if (!WARN_ON_ONCE(!kvm->mn_active_invalidate_count))
\*         --kvm->mn_active_invalidate_count;
\* wake = !kvm->mn_active_invalidate_count;
\* no_unpaired_check_618: the 5.15 line, --count with no guard.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 6.18)
EndDecActive(t) ==
    /\ ipc[t] = "end_dec_active"
    /\ mn_active_invalidate_count' =
          IF mn_active_invalidate_count # 0 \/ Variant = "no_unpaired_check_618" \* MUTANT
          THEN mn_active_invalidate_count - 1
          ELSE mn_active_invalidate_count
    /\ iwake' = [iwake EXCEPT ![t] = (mn_active_invalidate_count' = 0)]
    /\ iphase' = [iphase EXCEPT ![t] = IF mn_active_invalidate_count' = 0
                                       THEN "owed" ELSE "past"]
    /\ ipc' = [ipc EXCEPT ![t] = "end_unlock_mn"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state,
                   irange, iwalk, ibegun, updVars>>

\* spin_unlock(&kvm->mn_invalidate_lock); if (wake) ...
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 6.18)
EndUnlockMn(t) ==
    /\ ipc[t] = "end_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ IF iwake[t]
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_wake"]
              /\ UNCHANGED <<irange, iphase, rounds>>
         ELSE InvDone(t)
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   iwalk, iwake, ibegun, updVars>>

\* rcuwait_wake_up(&kvm->mn_memslots_update_rcuwait): smp_mb(); task =
\* rcu_dereference(w->task); if (task) wake_up_process(task).  ("There can
\* only be one waiter, since the wait happens under slots_lock.")
\* Kernel: kernel/exit.c: rcuwait_wake_up (Linux 6.18)
EndWakeUp(t) ==
    /\ ipc[t] = "end_wake"
    /\ task_state' = IF rcuwait_task # NoTask THEN "TASK_RUNNING" ELSE task_state
    /\ iwake' = [iwake EXCEPT ![t] = FALSE]
    /\ InvDone(t)
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars,
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task,
                   iwalk, ibegun, updVars>>

\* Kernel: none (modelling step: the steps of one primary-MMU task)
InvStep(t) ==
    \/ StartLockMn(t) \/ StartIncActive(t) \/ StartUnlockMn(t) \/ StartHvaRange(t)
    \/ StartLockMmu(t) \/ StartInvalidateBegin(t) \/ StartRangeAdd(t)
    \/ StartUnmapGfnRange(t) \/ StartUnlockMmu(t) \/ PrimaryChangePte(t) \/ InvEnd(t)
    \/ EndHvaRange(t) \/ EndLockMmu(t) \/ EndInvalidateEnd(t) \/ EndUnlockMmu(t)
    \/ EndLockMn(t) \/ EndDecActive(t) \/ EndUnlockMn(t) \/ EndWakeUp(t)

-----------------------------------------------------------------------------
(* The memslot updater: KVM_SET_USER_MEMORY_REGION under slots_lock,      *)
(* kvm_set_memslot(), kvm_swap_active_memslots().                          *)

\* mutex_lock(&kvm->slots_lock); kvm_set_memory_region(): the change for
\* slot k: CREATE (no old slot; kvm_check_memslot_overlap), DELETE
\* (memory_size 0), MOVE (new base_gfn, no overlap), FLAGS_ONLY
\* (KVM_MEM_LOG_DIRTY_PAGES toggled).  (slots_arch_lock has no other
\* taker in this model and is left out.)
\* flush_before_invalid_618: DELETE/MOVE flush first, then invalidate.
\* Kernel: virt/kvm/kvm_main.c: kvm_set_memory_region (Linux 6.18)
SetMemoryRegion ==
    /\ upc = "idle"
    /\ MayBegin(Updater)
    /\ VmUsable
    /\ \E k \in Slots :
         LET old == memslots[k]
             free(g) == \A j \in Slots \ {k} :
                          memslots[j].present /\ SlotAs(j) = SlotAs(k) => memslots[j].gfn # g
         IN
         /\ uslot' = k
         /\ \/ /\ "CREATE" \in Changes /\ ~old.present
               /\ \E g \in GfnBases :
                    /\ free(g)
                    /\ ufinal' = [present |-> TRUE, gfn |-> g, invalid |-> FALSE, flags |-> FALSE]
               /\ uchange' = "CREATE"
               /\ upc' = "activate_replace"
            \/ /\ "DELETE" \in Changes /\ old.present
               /\ ufinal' = NoSlot
               /\ uchange' = "DELETE"
               /\ upc' = IF Variant = "flush_before_invalid_618" THEN "flush_lock_mmu" \* MUTANT
                         ELSE "invalidate_copy"
            \/ /\ "MOVE" \in Changes /\ old.present
               /\ \E g \in GfnBases \ {old.gfn} :
                    /\ free(g)
                    /\ ufinal' = [old EXCEPT !.gfn = g]
               /\ uchange' = "MOVE"
               /\ upc' = IF Variant = "flush_before_invalid_618" THEN "flush_lock_mmu" \* MUTANT
                         ELSE "invalidate_copy"
            \/ /\ "FLAGS_ONLY" \in Changes /\ old.present
               /\ ufinal' = [old EXCEPT !.flags = ~old.flags]
               /\ uchange' = "FLAGS_ONLY"
               /\ upc' = "activate_replace"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars, invVars,
                   unew, ustage, flushed>>

\* kvm_copy_memslot(invalid_slot, old); invalid_slot->flags |=
\* KVM_MEMSLOT_INVALID; kvm_replace_memslot(kvm, old, invalid_slot): in the
\* inactive set, which only this task sees; then kvm_swap_active_memslots().
\* Kernel: virt/kvm/kvm_main.c: kvm_invalidate_memslot (Linux 6.18)
InvalidateMemslotCopy ==
    /\ upc = "invalidate_copy"
    /\ unew' = [memslots[uslot] EXCEPT !.invalid = TRUE]
    /\ ustage' = "invalidate"
    /\ upc' = "swap_lock_mn"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars, invVars,
                   uslot, uchange, ufinal, flushed>>

\* kvm_create_memslot / kvm_delete_memslot / kvm_move_memslot /
\* kvm_update_flags_memslot: kvm_replace_memslot(kvm, old or the INVALID
\* copy, new) in the inactive set; kvm_activate_memslot() ->
\* kvm_swap_active_memslots().
\* Kernel: virt/kvm/kvm_main.c: kvm_activate_memslot (Linux 6.18)
ActivateReplace ==
    /\ upc = "activate_replace"
    /\ unew' = ufinal
    /\ ustage' = "activate"
    /\ upc' = "swap_lock_mn"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars, invVars,
                   uslot, uchange, ufinal, flushed>>

\* slots->generation = gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (unpublished
\* set); spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapLockMn ==
    /\ upc = "swap_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = Updater
    /\ upc' = "swap_prepare_rcuwait"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait): w->task = current.
\* Kernel: include/linux/rcuwait.h: prepare_to_rcuwait (Linux 6.18)
SwapPrepareRcuwait ==
    /\ upc = "swap_prepare_rcuwait"
    /\ rcuwait_task' = Updater
    /\ upc' = "swap_wait_test"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count, task_state,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* while (kvm->mn_active_invalidate_count) {   (a long: -1 is true)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapWaitTest ==
    /\ upc = "swap_wait_test"
    /\ upc' = IF mn_active_invalidate_count # 0
              THEN IF Variant = "lost_wakeup_618" THEN "swap_unlock_to_sleep" \* MUTANT
                   ELSE "swap_set_state"
              ELSE "swap_finish_rcuwait"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\*     set_current_state(TASK_UNINTERRUPTIBLE);
\* (lost_wakeup_618 does it after spin_unlock: a wake-up in between is lost.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapSetState ==
    /\ upc = "swap_set_state"
    /\ task_state' = "TASK_UNINTERRUPTIBLE"
    /\ upc' = IF Variant = "lost_wakeup_618" THEN "swap_schedule"        \* MUTANT
              ELSE "swap_unlock_to_sleep"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\*     spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapUnlockMnToSleep ==
    /\ upc = "swap_unlock_to_sleep"
    /\ mn_invalidate_lock' = NoTask
    /\ upc' = IF Variant = "lost_wakeup_618" THEN "swap_set_state"       \* MUTANT
              ELSE "swap_schedule"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\*     schedule();  returns once the task is TASK_RUNNING again.
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapSchedule ==
    /\ upc = "swap_schedule"
    /\ task_state = "TASK_RUNNING"
    /\ upc' = "swap_relock"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\*     spin_lock(&kvm->mn_invalidate_lock);
\* }
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapRelockMn ==
    /\ upc = "swap_relock"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = Updater
    /\ upc' = "swap_wait_test"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* finish_rcuwait(): w->task = NULL; __set_current_state(TASK_RUNNING).
\* Kernel: include/linux/rcuwait.h: finish_rcuwait (Linux 6.18)
SwapFinishRcuwait ==
    /\ upc = "swap_finish_rcuwait"
    /\ rcuwait_task' = NoTask
    /\ task_state' = "TASK_RUNNING"
    /\ upc' = "swap_publish"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* rcu_assign_pointer(kvm->memslots[as_id], slots);  vCPUs inside kvm->srcu
\* now read the old set.  (The final swap of a DELETE/MOVE ends the
\* flushed INVALID copy: the ghost forgets it.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapPublish ==
    /\ upc = "swap_publish"
    /\ memslots' = [memslots EXCEPT ![uslot] = unew]
    /\ vsrcu' = [v \in VCpus |-> IF vsrcu[v] = "current" THEN "old" ELSE vsrcu[v]]
    /\ flushed' = IF ustage = "activate" THEN flushed \ {uslot} ELSE flushed
    /\ upc' = "swap_unlock_mn"
    /\ UNCHANGED <<pte, gfn_attr, spte, mmu_lock, cntVars, seq_moved,
                   vpc, vas, vgfn, vsid, vslot, vpfn, vattr,
                   zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage>>

\* spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapUnlockMn ==
    /\ upc = "swap_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ upc' = "swap_synchronize_srcu"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* mutex_unlock(&kvm->slots_arch_lock); synchronize_srcu_expedited(&kvm->srcu):
\* every vCPU that may still use the old set has left its read side; then
\* the new generation (read by caches this model does not have), and back
\* to the caller: after the INVALID swap kvm_invalidate_memslot() flushes,
\* after the final swap kvm_set_memslot() finishes.  (unew is dead: reset.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapSynchronizeSrcu ==
    /\ upc = "swap_synchronize_srcu"
    /\ \A v \in VCpus : vsrcu[v] # "old"
    /\ upc' = IF ustage = "activate" THEN "done"
              ELSE IF Variant = "flush_before_invalid_618" THEN "activate_replace" \* MUTANT
              ELSE "flush_lock_mmu"
    /\ unew' = NoSlot
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, ufinal, ustage, flushed>>

\* kvm_arch_flush_shadow_memslot(kvm, old): x86 zaps the slot's SPTEs
\* under mmu_lock (kvm_mmu_zap_memslot(), or kvm_mmu_zap_all_fast()):
\* write_lock(&kvm->mmu_lock) ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
FlushShadowLockMmu ==
    /\ upc = "flush_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = Updater
    /\ upc' = "flush_zap"
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* ... zap the SPTEs of the slot's gfns ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
FlushShadowZap ==
    /\ upc = "flush_zap"
    /\ spte' = [spte EXCEPT ![<<SlotAs(uslot), memslots[uslot].gfn>>] = NoMap]
    /\ flushed' = flushed \cup {uslot}
    /\ upc' = "flush_unlock_mmu"
    /\ UNCHANGED <<pte, gfn_attr, memslots, mmu_lock, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage>>

\* ... write_unlock(&kvm->mmu_lock).  Back in kvm_set_memslot():
\* kvm_prepare_memory_region() (not modelled), then the final swap.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
FlushShadowUnlockMmu ==
    /\ upc = "flush_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ upc' = IF Variant = "flush_before_invalid_618" THEN "invalidate_copy" \* MUTANT
              ELSE "activate_replace"
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* kvm_commit_memory_region() (dirty-log bookkeeping, not modelled);
\* mutex_unlock(&kvm->slots_lock).  (Dead locals reset.)
\* Kernel: virt/kvm/kvm_main.c: kvm_set_memslot (Linux 6.18)
SetMemoryRegionDone ==
    /\ upc = "done"
    /\ upc' = "idle"
    /\ uslot' = 1
    /\ uchange' = "NONE"
    /\ ufinal' = NoSlot
    /\ ustage' = "activate"
    /\ Finished(Updater)
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, invVars, mnVars, unew, flushed>>

\* Kernel: none (modelling step: the steps of the memslot updater)
UpdStep ==
    \/ InvalidateMemslotCopy \/ ActivateReplace
    \/ SwapLockMn \/ SwapPrepareRcuwait \/ SwapWaitTest \/ SwapSetState
    \/ SwapUnlockMnToSleep \/ SwapSchedule \/ SwapRelockMn \/ SwapFinishRcuwait
    \/ SwapPublish \/ SwapUnlockMn \/ SwapSynchronizeSrcu
    \/ FlushShadowLockMmu \/ FlushShadowZap \/ FlushShadowUnlockMmu
    \/ SetMemoryRegionDone

-----------------------------------------------------------------------------
(* The environment: late registration, kvm_destroy_vm.                     *)

\* kvm_create_vm() -> kvm_init_mmu_notifier() -> mmu_notifier_register(),
\* before any memslot exists; here it may come between a primary-MMU
\* task's start() and end() (the unpaired end that 6.9 hardens against).
\* Kernel: virt/kvm/kvm_main.c: kvm_init_mmu_notifier (Linux 6.18)
MmuNotifierRegister ==
    /\ LateRegister
    /\ ~registered
    /\ vm = "alive"
    /\ registered' = TRUE
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, vm, rounds, mnVars, invVars, updVars>>

\* The last reference is gone (no vCPU, ioctl or zap caller runs):
\* kvm_destroy_vm() -> mmu_notifier_unregister(&kvm->mmu_notifier,
\* kvm->mm): waits for callbacks in flight; KVM gets no call after it, so
\* a task between start() and end() leaves its count behind.
\* Kernel: virt/kvm/kvm_main.c: kvm_destroy_vm (Linux 6.18)
DestroyUnregister ==
    /\ Destroy
    /\ vm = "alive"
    /\ registered
    /\ \A v \in VCpus : vpc[v] = "idle"
    /\ upc = "idle"
    /\ \A z \in Zappers : zpc[z] = "idle"
    /\ \A t \in Inv : ipc[t] \in OutsideKvm
    /\ registered' = FALSE
    /\ vm' = "unregistered"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, rounds, mnVars, invVars, updVars>>

\* WARN_ON(rcuwait_active(&kvm->mn_memslots_update_rcuwait));
\* (the property NoDanglingInvalidationAtDestroy)
\* Kernel: virt/kvm/kvm_main.c: kvm_destroy_vm (Linux 6.18)
DestroyCheckRcuwait ==
    /\ vm = "unregistered"
    /\ vm' = "rcuwait_checked"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, registered, rounds, mnVars, invVars, updVars>>

\* if (kvm->mn_active_invalidate_count) kvm->mn_active_invalidate_count = 0;
\* else WARN_ON(kvm->mmu_invalidate_in_progress);
\* Kernel: virt/kvm/kvm_main.c: kvm_destroy_vm (Linux 6.18)
DestroyCheckCount ==
    /\ vm = "rcuwait_checked"
    /\ mn_active_invalidate_count' = IF mn_active_invalidate_count # 0 THEN 0
                                     ELSE mn_active_invalidate_count
    /\ vm' = "destroyed"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, registered, rounds, invVars, updVars,
                   mn_invalidate_lock, rcuwait_task, task_state>>

\* Kernel: none (modelling step: the steps of kvm_destroy_vm)
DestroyStep == DestroyUnregister \/ DestroyCheckRcuwait \/ DestroyCheckCount

\* Bounded runs end when every task is done (after kvm_destroy_vm, the
\* VM's own tasks cannot begin again); that state is explicit, so TLC's
\* deadlock check reports any other halt.
\* Kernel: none (modelling step: explicit end of a bounded run)
Terminated ==
    /\ Rounds # Unbounded
    /\ \A t \in Inv : ipc[t] = "idle" /\ rounds[t] = Rounds
    /\ \A v \in VCpus : vpc[v] = "idle"
    /\ \A z \in Zappers : zpc[z] = "idle"
    /\ upc = "idle"
    /\ vm \in {"alive", "destroyed"}
    /\ vm = "alive" => /\ registered
                       /\ \A p \in VCpus \cup Zappers \cup {Updater} : rounds[p] = Rounds

\* The vCPU's and the zapper's steps (Kvm618Mmu), with the variables of this
\* module unchanged, one disjunct per action: TLC names a step by the
\* disjunct it took, and a disjunction under one /\ UNCHANGED would be a
\* single action to it (the traces and the report would not say which).
\* Kernel: none (modelling step: the steps of one vCPU's page fault)
VCpuNext(v) ==
    \/ FaultBegin(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultSnapshotSeq(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultCheckSlot(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultRetryUnsafeBefore(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultGetPfn(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultRetryUnsafeAfter(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultLockMmu(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultIsStale(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultMap(v) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ FaultUnlockMmu(v) /\ UNCHANGED <<mnVars, invVars, updVars>>

\* Kernel: none (modelling step: the steps of one kvm_zap_gfn_range() caller)
ZapNext(z) ==
    \/ ZapCallerUpdate(z) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ ZapLockMmu(z) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ ZapInvalidateBegin(z) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ ZapRangeAdd(z) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ ZapLeafs(z) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ ZapInvalidateEnd(z) /\ UNCHANGED <<mnVars, invVars, updVars>>
    \/ ZapUnlockMmu(z) /\ UNCHANGED <<mnVars, invVars, updVars>>

Next ==
    \/ \E t \in Inv : InvBegin(t) \/ InvStep(t)
    \/ \E v \in VCpus : VCpuNext(v)
    \/ \E z \in Zappers : ZapNext(z)
    \/ SetMemoryRegion \/ UpdStep
    \/ MmuNotifierRegister \/ DestroyStep
    \/ Terminated /\ UNCHANGED vars

\* Beginning an operation is the environment's choice; once begun, every
\* task keeps running.  Strong fairness: a spinlock free infinitely often
\* is eventually taken (queued spinlocks are FIFO).
Fairness ==
    /\ \A t \in Inv : SF_vars(InvStep(t))
    /\ \A v \in VCpus : SF_vars(VCpuStep(v))
    /\ \A z \in Zappers : SF_vars(ZapStep(z))
    /\ SF_vars(UpdStep)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties, over kernel state.                                         *)

\* KVM_BUG_ON(kvm->mmu_invalidate_in_progress < 0) in kvm_mmu_invalidate_end.
InProgressNonNegative == mmu_invalidate_in_progress >= 0

\* mmu_invalidate_in_progress counts exactly the begins (range_start's
\* on_lock, kvm_zap_gfn_range) whose end has not come, and no caller returns
\* with its begin still counted: 0 when nothing is in flight.  A count left
\* above zero makes every fault on the range retry forever.  (While the VM
\* lives: kvm_destroy_vm unregisters between a start and its end.)
InProgressBalanced ==
    vm = "alive" =>
      /\ InProgressNonNegative
      /\ mmu_invalidate_in_progress = Cardinality({t \in Inv : ibegun[t]})
                                      + Cardinality({z \in Zappers : zbegun[z]})
      /\ \A t \in Inv : ipc[t] = "idle" => ~ibegun[t]
      /\ \A z \in Zappers : zpc[z] = "idle" => ~zbegun[z]

\* Every begin..end adds a range before anyone else can look: nobody ever
\* sees mmu_invalidate_in_progress above zero with no range while mmu_lock
\* is free.  (kvm_host.h: "Dropping mmu_lock after bumping
\* mmu_invalidate_in_progress but before updating the range is a KVM bug";
\* kvm_mmu_invalidate_end's WARN_ON_ONCE(range_start == INVALID_GPA).)
RangeAddedUnderLock ==
    (mmu_invalidate_in_progress > 0 /\ mmu_lock = NoTask)
    => mmu_invalidate_range_start # INVALID_GPA

\* mn_active_invalidate_count never underflows (6.9's hardening of
\* range_end; a -1 would keep kvm_swap_active_memslots waiting forever).
ActiveCountNonNegative == mn_active_invalidate_count >= 0

\* hvas being invalidated: a primary-MMU task between its start() and the
\* return of its end().  gfns being zapped: a kvm_zap_gfn_range caller
\* between its change and the zap's unlock.
InvalidatingHvas == UNION {IF ipc[t] = "idle" THEN {} ELSE HvasOf(irange[t]) : t \in Inv}
ZappingGfns == UNION {IF zpc[z] = "idle" THEN {} ELSE {g \in Gfns : zstart[z] <= g /\ g < zend[z]}
                      : z \in Zappers}

\* Coherence, per gfn of each address space: an SPTE maps a gfn of a
\* memslot of its address space (none of a deleted slot, none of a moved
\* slot's old gfn), the page the primary MMU maps at that slot's hva
\* (unless that hva is being invalidated), made with the gfn's current
\* attribute (unless that gfn is being zapped).
Coherence ==
    \A a \in As, g \in Gfns :
       spte[<<a, g>>] # NoMap =>
         LET k == SlotOf(memslots, a, g) IN
           /\ k # 0
           /\ SlotHva(k) \notin InvalidatingHvas => spte[<<a, g>>].pfn = pte[SlotHva(k)]
           /\ g \notin ZappingGfns => spte[<<a, g>>].attr = gfn_attr[g]

\* "From this point no new shadow pages pointing to a deleted, or moved,
\* memslot will be created" (kvm_invalidate_memslot): once
\* kvm_arch_flush_shadow_memslot zapped an INVALID slot, no SPTE maps it.
NoMappingOfInvalidSlot ==
    \A k \in flushed :
       memslots[k].present /\ memslots[k].invalid => spte[<<SlotAs(k), memslots[k].gfn>>] = NoMap

\* A task is counted: from its mn_active_invalidate_count++ to its --.
Active(t) == iphase[t] = "in"

\* The step MutualExclusion constrains.
MutualExclusionStep == memslots' # memslots => \A t \in Inv : ~Active(t)

\* kvm->memslots never changes while an invalidation is counted, so
\* range_start and range_end see the same memslots and take mmu_lock (and
\* begin/end) in pairs.
MutualExclusion == [][MutualExclusionStep]_vars

\* The updater is asleep: the rcuwait's waiter, TASK_UNINTERRUPTIBLE, not
\* holding mn_invalidate_lock.
UpdaterAsleep ==
    /\ rcuwait_task = Updater
    /\ task_state = "TASK_UNINTERRUPTIBLE"
    /\ mn_invalidate_lock # Updater

\* The updater never sleeps with nobody left to wake it (as for 5.15).
NoLostWakeUp ==
    (UpdaterAsleep /\ mn_active_invalidate_count = 0)
    => \E t \in Inv : iphase[t] = "owed"

\* kvm_destroy_vm's WARNs never fire: no waiter on the rcuwait once the
\* notifier is unregistered, and if every start got its end (the count is
\* 0) no invalidation is left in progress.
NoDanglingInvalidationAtDestroy ==
    /\ vm = "unregistered" => rcuwait_task = NoTask
    /\ (vm = "rcuwait_checked" /\ mn_active_invalidate_count = 0)
       => mmu_invalidate_in_progress = 0

\* Nobody calls invalidate_range_start again (a hypothesis).
InvalidationsStop == <>[](\A t \in Inv : ipc[t] = "idle")

\* kvm_swap_active_memslots() publishes, once no new invalidation starts.
SwapCompletesOnceInvalidationsStop ==
    InvalidationsStop => ((upc = "swap_lock_mn") ~> (upc = "swap_unlock_mn"))

\* Without the hypothesis it may not (the seed: not fair to the updater;
\* syzbot's "task hung in kvm_swap_active_memslots", 6.18-rc1).  Expected
\* to be violated, with a lasso.
SwapCompletes == (upc = "swap_lock_mn") ~> (upc = "swap_unlock_mn")

\* A state constraint for the late-registration configurations: explore
\* while mmu_invalidate_in_progress is within what the tasks can hold, and
\* not beyond, where it drifts without bound: below 0 KVM_BUG_ON kills the
\* VM; above the number of tasks a begin has lost its end (the end's walk
\* found no memslot, deleted under a stolen count), and every fault on
\* the range retries forever.
InProgressBounded ==
    mmu_invalidate_in_progress \in 0..(Cardinality(Inv) + Cardinality(Zappers))

\* TLC's VIEW for configurations without a vCPU: the state without the page
\* contents.  With no vCPU nothing reads pte or gfn_attr (only FaultGetPfn
\* does), and in the kernel's code nothing reads spte (it is only zapped);
\* states that differ only there have the same future in every other
\* variable.  For properties that read none of the three.
NoPagesView == <<memslots, mmu_lock, cntVars, seq_moved, vcpuVars, zapVars, envVars,
                 rounds, mnVars, invVars, updVars>>

\* Primary-MMU tasks, vCPUs and zap callers are interchangeable.  Safety
\* runs only (TLC's liveness checking is unsound under symmetry).
Symmetry == Permutations(Inv) \cup Permutations(VCpus) \cup Permutations(Zappers)
=============================================================================
