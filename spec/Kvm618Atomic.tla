---------------------------- MODULE Kvm618Atomic ----------------------------
(***************************************************************************)
(* The PREEMPT_RT proposal for Linux 6.18 (message id                      *)
(* 20260209161527.31978-1-shaikhkamal2012@gmail.com and replies):          *)
(* mn_active_invalidate_count as an atomic_t, so that range_start() and    *)
(* range_end() no longer take mn_invalidate_lock (a spinlock_t, which      *)
(* sleeps on PREEMPT_RT, in a path that mmu_notifier_invalidate_range_     *)
(* start_nonblock() calls where sleeping is forbidden):                    *)
(*     range_start:  atomic_inc(&kvm->mn_active_invalidate_count);         *)
(*     range_end:    wake = !atomic_dec_return(&kvm->mn_active_...);       *)
(*                   if (wake) rcuwait_wake_up(...);   (no lock)           *)
(* kvm_swap_active_memslots() is left as 6.18 has it (its wait loop,       *)
(* still under mn_invalidate_lock, which now only the updater takes).      *)
(* Everything else is Kvm618 with Variant = "adopted_618".                 *)
(*                                                                         *)
(* Proposal is the design (Variant stays "adopted_618"):                   *)
(*   atomic_count_618       range_start's count++ and range_end's --count  *)
(*                          are atomics, outside mn_invalidate_lock        *)
(*   atomic_count_wait_event_618  the same, and the swap waits with        *)
(*                          rcuwait_wait_event(), which sets the task      *)
(*                          state before it tests the count, and takes no  *)
(*                          lock (mn_invalidate_lock has no user left)     *)
(*                                                                         *)
(* Sean Christopherson's objection: "KVM needs to block start() to ensure  *)
(* start()+end() see the exact same set of memslots".  With the count      *)
(* under the lock, start() cannot count itself between the swap's test of  *)
(* the count and its rcu_assign_pointer() (the updater holds the lock      *)
(* across both); with an atomic it can.                                    *)
(***************************************************************************)
EXTENDS Kvm618

CONSTANT Proposal

ASSUME ProposalOK ==
    /\ Assert(Proposal \in {"atomic_count_618", "atomic_count_wait_event_618"},
              "Proposal must be atomic_count_618 or atomic_count_wait_event_618")
    /\ Assert(Variant = "adopted_618", "Variant must be adopted_618 (the rest of the kernel as it is)")

\* The positions this proposal adds (its range_start/_end have no
\* mn_invalidate_lock steps).
AtomicIPcs == (IPcs \ {"start_lock_mn", "start_inc_active", "start_unlock_mn",
                       "end_lock_mn", "end_dec_active", "end_unlock_mn"})
              \cup {"start_atomic_inc", "end_atomic_dec"}

\* The positions of the swap's rcuwait_wait_event() (atomic_count_wait_event_618).
WaitEventUPcs == {"swap_we_set_state", "swap_we_test", "swap_we_schedule", "swap_we_finish",
                  "swap_we_publish"}

AtomicTypeOK ==
    /\ MmuTypeOK
    /\ mn_invalidate_lock \in {Updater, NoTask}
    /\ mn_active_invalidate_count \in Nat
    /\ rcuwait_task \in {Updater, NoTask}
    /\ task_state \in {"TASK_RUNNING", "TASK_UNINTERRUPTIBLE"}
    /\ ipc \in [Inv -> AtomicIPcs]
    /\ iphase \in [Inv -> Phases]
    /\ upc \in UPcs \cup WaitEventUPcs

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_start()                              *)

\* The primary MMU calls mmu_notifier_invalidate_range_start() for hva
\* range r; KVM's callback runs only if its notifier is registered.
\* Kernel: none (modelling step: mm/mmu_notifier.c calls the registered notifiers)
AtomicInvBegin(t) ==
    /\ ipc[t] = "idle"
    /\ MayBegin(t)
    /\ \E r \in HvaRanges : irange' = [irange EXCEPT ![t] = r]
    /\ ipc' = [ipc EXCEPT ![t] = IF registered THEN "start_atomic_inc" ELSE "primary_pte_change"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars,
                   iwalk, iwake, iphase, ibegun, updVars>>

\* atomic_inc(&kvm->mn_active_invalidate_count);  (no mn_invalidate_lock:
\* nothing orders it against the swap's test of the count and its
\* rcu_assign_pointer())
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 6.18, the proposal)
StartAtomicInc(t) ==
    /\ ipc[t] = "start_atomic_inc"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count + 1
    /\ iphase' = [iphase EXCEPT ![t] = "in"]
    /\ ipc' = [ipc EXCEPT ![t] = "start_hva_range"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state,
                   irange, iwalk, iwake, ibegun, updVars>>

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_end()                                *)

\* kvm_handle_hva_range(kvm, &hva_range) with handler kvm_null_fn and
\* on_lock kvm_mmu_invalidate_end: srcu_read_lock; the walk.
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
AtomicEndHvaRange(t) ==
    /\ ipc[t] = "end_hva_range"
    /\ ipc' = [ipc EXCEPT ![t] = IF Overlapping(memslots, irange[t]) = {}
                                 THEN "end_atomic_dec" ELSE "end_lock_mmu"]
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* mmu_unlock: KVM_MMU_UNLOCK(kvm); srcu_read_unlock(&kvm->srcu, idx);
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
AtomicEndUnlockMmu(t) ==
    /\ ipc[t] = "end_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = "end_atomic_dec"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vcpuVars, zapVars, envVars, rounds, mnVars,
                   irange, iwalk, iwake, iphase, ibegun, updVars>>

\* wake = !atomic_dec_return(&kvm->mn_active_invalidate_count);
\* if (wake) ...   (no lock; without late registration no end comes
\* without its start, so 6.9's underflow guard has nothing to do here)
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 6.18, the proposal)
EndAtomicDecReturn(t) ==
    /\ ipc[t] = "end_atomic_dec"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count - 1
    /\ IF mn_active_invalidate_count' = 0
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_wake"]
              /\ iwake' = [iwake EXCEPT ![t] = TRUE]
              /\ iphase' = [iphase EXCEPT ![t] = "owed"]
              /\ UNCHANGED <<irange, rounds>>
         ELSE /\ InvDone(t)
              /\ UNCHANGED iwake
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars,
                   mn_invalidate_lock, rcuwait_task, task_state,
                   iwalk, ibegun, updVars>>

\* Kernel: none (modelling step: the steps of one primary-MMU task)
AtomicInvStep(t) ==
    \/ StartAtomicInc(t) \/ StartHvaRange(t)
    \/ StartLockMmu(t) \/ StartInvalidateBegin(t) \/ StartRangeAdd(t)
    \/ StartUnmapGfnRange(t) \/ StartUnlockMmu(t) \/ PrimaryChangePte(t) \/ InvEnd(t)
    \/ AtomicEndHvaRange(t) \/ EndLockMmu(t) \/ EndInvalidateEnd(t) \/ AtomicEndUnlockMmu(t)
    \/ EndAtomicDecReturn(t) \/ EndWakeUp(t)

-----------------------------------------------------------------------------
(* kvm_swap_active_memslots() with rcuwait_wait_event()                    *)
(* (atomic_count_wait_event_618):                                          *)
(*     rcuwait_wait_event(&kvm->mn_memslots_update_rcuwait,                *)
(*                        !atomic_read(&kvm->mn_active_invalidate_count),  *)
(*                        TASK_UNINTERRUPTIBLE);                           *)
(*     rcu_assign_pointer(kvm->memslots[as_id], slots);                    *)
(* The updater enters at Kvm618's position "swap_lock_mn", where this      *)
(* design takes no lock.                                                   *)

\* slots->generation = gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (unpublished
\* set); spin_lock(&kvm->mn_invalidate_lock);  (atomic_count_618 only)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
AtomicSwapLockMn == Proposal = "atomic_count_618" /\ SwapLockMn

\* rcuwait_wait_event(): prepare_to_rcuwait(w): w->task = current;
\* Kernel: include/linux/rcuwait.h: rcuwait_wait_event (Linux 6.18, the proposal)
WaitEventPrepare ==
    /\ Proposal = "atomic_count_wait_event_618"
    /\ upc = "swap_lock_mn"
    /\ rcuwait_task' = Updater
    /\ upc' = "swap_we_set_state"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count, task_state,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* for (;;) { set_current_state(TASK_UNINTERRUPTIBLE);
\* Kernel: include/linux/rcuwait.h: rcuwait_wait_event (Linux 6.18, the proposal)
WaitEventSetState ==
    /\ upc = "swap_we_set_state"
    /\ task_state' = "TASK_UNINTERRUPTIBLE"
    /\ upc' = "swap_we_test"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\*     if (!atomic_read(&kvm->mn_active_invalidate_count)) break;
\* Kernel: include/linux/rcuwait.h: rcuwait_wait_event (Linux 6.18, the proposal)
WaitEventTest ==
    /\ upc = "swap_we_test"
    /\ upc' = IF mn_active_invalidate_count = 0 THEN "swap_we_finish" ELSE "swap_we_schedule"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\*     schedule(); }  returns once the task is TASK_RUNNING again.
\* Kernel: include/linux/rcuwait.h: rcuwait_wait_event (Linux 6.18, the proposal)
WaitEventSchedule ==
    /\ upc = "swap_we_schedule"
    /\ task_state = "TASK_RUNNING"
    /\ upc' = "swap_we_set_state"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* finish_rcuwait(w): w->task = NULL; __set_current_state(TASK_RUNNING).
\* Kernel: include/linux/rcuwait.h: finish_rcuwait (Linux 6.18)
WaitEventFinishRcuwait ==
    /\ upc = "swap_we_finish"
    /\ rcuwait_task' = NoTask
    /\ task_state' = "TASK_RUNNING"
    /\ upc' = "swap_we_publish"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count,
                   uslot, uchange, unew, ufinal, ustage, flushed>>

\* rcu_assign_pointer(kvm->memslots[as_id], slots);  (no lock to drop)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18, the proposal)
WaitEventPublish ==
    /\ upc = "swap_we_publish"
    /\ memslots' = [memslots EXCEPT ![uslot] = unew]
    /\ vsrcu' = [v \in VCpus |-> IF vsrcu[v] = "current" THEN "old" ELSE vsrcu[v]]
    /\ flushed' = IF ustage = "activate" THEN flushed \ {uslot} ELSE flushed
    /\ upc' = "swap_synchronize_srcu"
    /\ UNCHANGED <<pte, gfn_attr, spte, mmu_lock, cntVars, seq_moved,
                   vpc, vas, vgfn, vsid, vslot, vpfn, vattr,
                   zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage>>

\* Kernel: none (modelling step: the steps of the memslot updater)
AtomicUpdStep ==
    \/ InvalidateMemslotCopy \/ ActivateReplace
    \/ AtomicSwapLockMn \/ SwapPrepareRcuwait \/ SwapWaitTest \/ SwapSetState
    \/ SwapUnlockMnToSleep \/ SwapSchedule \/ SwapRelockMn \/ SwapFinishRcuwait
    \/ SwapPublish \/ SwapUnlockMn \/ SwapSynchronizeSrcu
    \/ WaitEventPrepare \/ WaitEventSetState \/ WaitEventTest \/ WaitEventSchedule
    \/ WaitEventFinishRcuwait \/ WaitEventPublish
    \/ FlushShadowLockMmu \/ FlushShadowZap \/ FlushShadowUnlockMmu
    \/ SetMemoryRegionDone

AtomicNext ==
    \/ \E t \in Inv : AtomicInvBegin(t) \/ AtomicInvStep(t)
    \/ \E v \in VCpus : VCpuNext(v)
    \/ \E z \in Zappers : ZapNext(z)
    \/ SetMemoryRegion \/ AtomicUpdStep
    \/ MmuNotifierRegister \/ DestroyStep
    \/ Terminated /\ UNCHANGED vars

\* As Kvm618's Fairness, with this proposal's primary-MMU steps.
AtomicFairness ==
    /\ \A t \in Inv : SF_vars(AtomicInvStep(t))
    /\ \A v \in VCpus : SF_vars(VCpuStep(v))
    /\ \A z \in Zappers : SF_vars(ZapStep(z))
    /\ SF_vars(AtomicUpdStep)

AtomicSpec == Init /\ [][AtomicNext]_vars /\ AtomicFairness

\* The updater never sleeps in schedule() with nobody left to wake it:
\* Kvm618's NoLostWakeUp, stated at the schedule() of either wait (the
\* state-only form does not fit rcuwait_wait_event(), which is
\* TASK_UNINTERRUPTIBLE before it tests the count).
NoSleepWithoutWakeUp ==
    (/\ upc \in {"swap_schedule", "swap_we_schedule"}
     /\ task_state = "TASK_UNINTERRUPTIBLE"
     /\ mn_active_invalidate_count = 0)
    => \E t \in Inv : iphase[t] = "owed"
=============================================================================
