----------------------------- MODULE KvmMemslots -----------------------------
(***************************************************************************)
(* The adopted design, commit 52ac8b358b0c + 071064f14d87 (Linux 5.15):    *)
(* invalidate_range_start/end count themselves in                          *)
(* mn_active_invalidate_count under mn_invalidate_lock, and                *)
(* install_new_memslots() waits, on an rcuwait, until that count is zero   *)
(* before it publishes new memslots.  So start and end see the same        *)
(* memslots, and the lock elision in __kvm_handle_hva_range() increments   *)
(* and decrements mmu_notifier_count in pairs.                             *)
(*                                                                         *)
(* Variant selects the adopted code or one of the designs that were, or    *)
(* could have been, written instead; every line that differs says so.      *)
(*   "adopted"         the kernel's code                                   *)
(*   "elision_only"    the follow-up 071064f14d87 without this commit: no  *)
(*                     mn_active_invalidate_count, no wait                 *)
(*   "no_wait_loop"    this commit with the wait loop deleted              *)
(*   "if_not_while"    the wait loop as an if: one check, then publish     *)
(*   "lost_wakeup"     set_current_state() after spin_unlock()             *)
(*   "flags_parallel"  flags-only updates skip the wait (the seed's note)  *)
(*   "mmu_lock_leak"   range_end returns without KVM_MMU_UNLOCK: a seeded  *)
(*                     mutant for the liveness properties                  *)
(*   "late_count"      range_start counts itself in                        *)
(*                     mn_active_invalidate_count only after               *)
(*                     __kvm_handle_hva_range(), not before it             *)
(***************************************************************************)
EXTENDS KvmMmu

CONSTANT Variant

Variants == {"adopted", "elision_only", "no_wait_loop", "if_not_while",
             "lost_wakeup", "flags_parallel", "mmu_lock_leak", "late_count"}
ASSUME VariantOK ==
    Assert(Variant \in Variants,
           "Variant must be one of adopted, elision_only, no_wait_loop, if_not_while, lost_wakeup, flags_parallel, mmu_lock_leak, late_count")

VARIABLES
    mn_invalidate_lock,             \* holder of kvm->mn_invalidate_lock, or NoTask
    mn_active_invalidate_count,
    rcuwait_task,                   \* kvm->mn_memslots_update_rcuwait.task
    task_state,                     \* the updater's task state
    iwake                           \* per invalidation task: range_end's local `wake`

vars == <<mmuVars, invVars, vcpuVars, updVars, rounds,
          mn_invalidate_lock, mn_active_invalidate_count,
          rcuwait_task, task_state, iwake>>
mnVars == <<mn_invalidate_lock, mn_active_invalidate_count,
            rcuwait_task, task_state, iwake>>

TypeOK ==
    /\ MmuTypeOK
    /\ mn_invalidate_lock \in Tasks \cup {NoTask}
    /\ mn_active_invalidate_count \in Nat
    /\ rcuwait_task \in {Updater, NoTask}
    /\ task_state \in {"TASK_RUNNING", "TASK_UNINTERRUPTIBLE"}
    /\ iwake \in [Inv -> BOOLEAN]
    /\ ipc \in [Inv -> {"idle", "start_lock_mn", "start_inc_active",
                        "start_unlock_mn", "start_hva_range", "start_lock_mmu",
                        "start_inc_count", "start_unmap", "start_unlock_mmu",
                        "change_pte", "end_hva_range", "end_lock_mmu",
                        "end_dec_count", "end_unlock_mmu", "end_lock_mn",
                        "end_dec_active", "end_unlock_mn", "end_wake"}]
    /\ vpc \in [VCpus -> {"idle", "lookup", "gup", "lock_mmu", "retry_check",
                          "install_spte", "unlock_mmu"}]
    /\ upc \in {"idle", "install_lock_mn", "install_prepare_rcuwait",
                "install_wait_test", "install_set_state",
                "install_unlock_to_sleep", "install_schedule",
                "install_relock", "install_finish_rcuwait", "install_publish",
                "install_unlock_mn", "install_synchronize_srcu",
                "install_generation_done", "flush_lock_mmu", "flush_zap",
                "flush_unlock_mmu"}

Init ==
    /\ MmuInit
    /\ mn_invalidate_lock = NoTask
    /\ mn_active_invalidate_count = 0
    /\ rcuwait_task = NoTask
    /\ task_state = "TASK_RUNNING"
    /\ iwake = [t \in Inv |-> FALSE]

\* Whether mn_active_invalidate_count exists at all.
Blocking == Variant # "elision_only"

\* late_count: range_start takes mn_invalidate_lock and counts itself only
\* after __kvm_handle_hva_range(); where the hva walk goes on, where the
\* count's unlock goes on.
LateCount == Variant = "late_count"
AfterStartHva == IF LateCount THEN "start_lock_mn" ELSE "change_pte"   \* MUTANT

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_start()                              *)

\* The primary MMU is about to change the PTEs of range r.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartBegin(t) ==
    /\ ipc[t] = "idle"
    /\ MayBegin(t)
    /\ \E r \in Ranges : irange' = [irange EXCEPT ![t] = r]
    /\ ipc' = [ipc EXCEPT ![t] = IF Blocking /\ ~LateCount          \* MUTANT
                                 THEN "start_lock_mn"
                                 ELSE "start_hva_range"]
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars, rounds, mnVars>>

\* spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartLockMn(t) ==
    /\ ipc[t] = "start_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "start_inc_active"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\* From here until range_end's decrement no memslots can be published.
\* kvm->mn_active_invalidate_count++;
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartIncActive(t) ==
    /\ ipc[t] = "start_inc_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count + 1
    /\ ipc' = [ipc EXCEPT ![t] = "start_unlock_mn"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state, iwake>>

\* spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartUnlockMn(t) ==
    /\ ipc[t] = "start_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = IF LateCount THEN "change_pte"       \* MUTANT
                                 ELSE "start_hva_range"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_end()                                *)

\* Without blocking (elision_only) range_end ends with the hva walk.
AfterEndHva == IF Blocking THEN "end_lock_mn" ELSE "idle"

\* range_end returns.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndDone(t) ==
    /\ ipc' = [ipc EXCEPT ![t] = "idle"]
    /\ irange' = [irange EXCEPT ![t] = Pages]
    /\ Finished(t)

\* elision_only: an end that skips mmu_lock is the whole of range_end.
\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
EndHvaRangeStep(t) ==
    \/ /\ EndHvaRange(t, AfterEndHva)
       /\ UNCHANGED mnVars
       /\ ipc'[t] # "idle"
    \/ /\ ipc[t] = "end_hva_range"
       /\ ~Overlaps(memslots, irange[t])
       /\ ~Blocking
       /\ EndDone(t)
       /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars, mnVars>>

\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
EndUnlockMmuStep(t) ==
    IF Variant = "mmu_lock_leak"                                   \* MUTANT
    THEN /\ ipc[t] = "end_unlock_mmu"
         /\ srcu' = [srcu EXCEPT ![t] = NoSnapshot]
         /\ ipc' = [ipc EXCEPT ![t] = "end_lock_mn"]
         /\ UNCHANGED <<pte, spte, memslots, mmu_lock, mmu_notifier_count,
                        mmu_notifier_range_start, mmu_notifier_range_end,
                        seq_moved, irange, izap, incremented, vcpuVars, updVars,
                        rounds, mnVars>>
    ELSE IF Blocking
    THEN EndUnlockMmu(t, "end_lock_mn") /\ UNCHANGED mnVars
    ELSE /\ ipc[t] = "end_unlock_mmu"
         /\ mmu_lock' = NoTask
         /\ srcu' = [srcu EXCEPT ![t] = NoSnapshot]
         /\ EndDone(t)
         /\ UNCHANGED <<pte, spte, memslots, mmu_notifier_count,
                        mmu_notifier_range_start, mmu_notifier_range_end,
                        seq_moved, izap, incremented, vcpuVars, updVars, mnVars>>

\* spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndLockMn(t) ==
    /\ ipc[t] = "end_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "end_dec_active"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\* wake = (--kvm->mn_active_invalidate_count == 0);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndDecActive(t) ==
    /\ ipc[t] = "end_dec_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count - 1
    /\ iwake' = [iwake EXCEPT ![t] = (mn_active_invalidate_count' = 0)]
    /\ ipc' = [ipc EXCEPT ![t] = "end_unlock_mn"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state>>

\* spin_unlock(&kvm->mn_invalidate_lock); if (wake) ...
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndUnlockMn(t) ==
    /\ ipc[t] = "end_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ IF iwake[t]
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_wake"]
              /\ UNCHANGED <<irange, rounds>>
         ELSE EndDone(t)
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\* rcuwait_wake_up(): smp_mb(); task = rcu_dereference(w->task);
\* if (task) wake_up_process(task).  Reads the waiter without the lock.
\* (called from kvm_mmu_notifier_invalidate_range_end)
\* Kernel: kernel/exit.c: rcuwait_wake_up (Linux 5.15)
EndWakeUp(t) ==
    /\ ipc[t] = "end_wake"
    /\ task_state' = IF rcuwait_task # NoTask THEN "TASK_RUNNING" ELSE task_state
    /\ iwake' = [iwake EXCEPT ![t] = FALSE]
    /\ EndDone(t)
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars,
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task>>

\* Kernel: none (modelling step: the steps of one invalidation task)
InvStep(t) ==
    \/ StartLockMn(t) \/ StartIncActive(t) \/ StartUnlockMn(t)
    \/ StartHvaRange(t, AfterStartHva) /\ UNCHANGED mnVars
    \/ StartLockMmu(t) /\ UNCHANGED mnVars
    \/ StartIncNotifierCount(t) /\ UNCHANGED mnVars
    \/ StartUnmap(t) /\ UNCHANGED mnVars
    \/ StartUnlockMmu(t, AfterStartHva) /\ UNCHANGED mnVars
    \/ PrimaryChangePte(t, "end_hva_range") /\ UNCHANGED mnVars
    \/ EndHvaRangeStep(t)
    \/ EndLockMmu(t) /\ UNCHANGED mnVars
    \/ EndDecNotifierCount(t) /\ UNCHANGED mnVars
    \/ EndUnlockMmuStep(t)
    \/ EndLockMn(t) \/ EndDecActive(t) \/ EndUnlockMn(t) \/ EndWakeUp(t)

-----------------------------------------------------------------------------
(* install_new_memslots(), slots_lock held                                 *)

\* mutex_lock(&kvm->slots_lock); __kvm_set_memory_region() -> kvm_set_memslot().
\* Kernel: virt/kvm/kvm_main.c: kvm_set_memory_region (Linux 5.15)
UpdateBegin ==
    /\ UpdateChoose
    /\ upc' = "install_lock_mn"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, rounds, mnVars>>

\* slots->generation = gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (on the
\* unpublished copy); spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallLockMn ==
    /\ upc = "install_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = Updater
    /\ upc' = IF Blocking THEN "install_prepare_rcuwait" ELSE "install_publish"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\* prepare_to_rcuwait(): publish the waiter before testing the count.
\* (called from install_new_memslots)
\* Kernel: include/linux/rcuwait.h: prepare_to_rcuwait (Linux 5.15)
InstallPrepareRcuwait ==
    /\ upc = "install_prepare_rcuwait"
    /\ rcuwait_task' = Updater
    /\ upc' = "install_wait_test"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_invalidate_lock, mn_active_invalidate_count, task_state, iwake>>

\* Flags-only: the slots are the same, only their flags differ.
FlagsOnly == unew.slots = memslots.slots /\ unew.invalid = memslots.invalid

\* while (kvm->mn_active_invalidate_count) {
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallWaitTest ==
    /\ upc = "install_wait_test"
    /\ upc' = IF /\ mn_active_invalidate_count # 0
                 /\ Variant # "no_wait_loop"                       \* MUTANT
                 /\ ~(Variant = "flags_parallel" /\ FlagsOnly)      \* VARIANT
              THEN IF Variant = "lost_wakeup"                       \* MUTANT
                   THEN "install_unlock_to_sleep"
                   ELSE "install_set_state"
              ELSE "install_finish_rcuwait"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds, mnVars>>

\*     set_current_state(TASK_UNINTERRUPTIBLE);
\* (lost_wakeup does it after spin_unlock: a wake-up in between is lost.)
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallSetState ==
    /\ upc = "install_set_state"
    /\ task_state' = "TASK_UNINTERRUPTIBLE"
    /\ upc' = IF Variant = "lost_wakeup" THEN "install_schedule"     \* MUTANT
              ELSE "install_unlock_to_sleep"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task, iwake>>

\*     spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallUnlockMnToSleep ==
    /\ upc = "install_unlock_to_sleep"
    /\ mn_invalidate_lock' = NoTask
    /\ upc' = IF Variant = "lost_wakeup" THEN "install_set_state"   \* MUTANT
              ELSE "install_schedule"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\*     schedule();  returns once the task is TASK_RUNNING again: at once if
\*     a wake-up came after set_current_state(), else when one comes.
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallSchedule ==
    /\ upc = "install_schedule"
    /\ task_state = "TASK_RUNNING"
    /\ upc' = "install_relock"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds, mnVars>>

\*     spin_lock(&kvm->mn_invalidate_lock);
\* }  (if_not_while: no second test)
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallRelockMn ==
    /\ upc = "install_relock"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = Updater
    /\ upc' = IF Variant = "if_not_while" THEN "install_finish_rcuwait" \* MUTANT
              ELSE "install_wait_test"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\* finish_rcuwait(): w->task = NULL; __set_current_state(TASK_RUNNING).
\* (called from install_new_memslots)
\* Kernel: include/linux/rcuwait.h: finish_rcuwait (Linux 5.15)
InstallFinishRcuwait ==
    /\ upc = "install_finish_rcuwait"
    /\ rcuwait_task' = NoTask
    /\ task_state' = "TASK_RUNNING"
    /\ upc' = "install_publish"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_invalidate_lock, mn_active_invalidate_count, iwake>>

\* rcu_assign_pointer(kvm->memslots[as_id], slots);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallPublish ==
    /\ upc = "install_publish"
    /\ memslots' = unew
    /\ upc' = "install_unlock_mn"
    /\ UNCHANGED <<pte, spte, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   invVars, vcpuVars, unew, ufinal, rounds, mnVars>>

\* spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallUnlockMn ==
    /\ upc = "install_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ upc' = "install_synchronize_srcu"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\* KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS is set on the published memslots
\* from the publish until InstallGenerationDone.
GenerationUpdateInProgress ==
    upc \in {"install_unlock_mn", "install_synchronize_srcu", "install_generation_done"}

\* Kernel: none (modelling step: the steps of the memslot updater)
UpdStep ==
    \/ InstallLockMn \/ InstallPrepareRcuwait \/ InstallWaitTest
    \/ InstallSetState \/ InstallUnlockMnToSleep \/ InstallSchedule
    \/ InstallRelockMn \/ InstallFinishRcuwait \/ InstallPublish
    \/ InstallUnlockMn
    \/ InstallSynchronizeSrcu /\ UNCHANGED mnVars
    \/ InstallGenerationDone /\ UNCHANGED mnVars
    \/ FlushShadow("install_lock_mn") /\ UNCHANGED mnVars

\* The vCPU's fault steps; one disjunct per action, so traces name them.
\* Kernel: none (modelling step: the steps of one vCPU's page fault)
VCpuStep(v) ==
    \/ FaultLookup(v) /\ UNCHANGED mnVars
    \/ FaultGup(v) /\ UNCHANGED mnVars
    \/ FaultLockMmu(v) /\ UNCHANGED mnVars
    \/ FaultRetryCheck(v) /\ UNCHANGED mnVars
    \/ FaultInstallSpte(v) /\ UNCHANGED mnVars
    \/ FaultUnlockMmu(v) /\ UNCHANGED mnVars

-----------------------------------------------------------------------------
Next ==
    \/ \E t \in Inv : StartBegin(t) \/ InvStep(t)
    \/ \E v \in VCpus : FaultBegin(v) /\ UNCHANGED mnVars
    \/ \E v \in VCpus : VCpuStep(v)
    \/ UpdateBegin \/ UpdStep
    \/ Terminated /\ UNCHANGED vars

\* Beginning an operation is the environment's choice; once begun, every
\* task keeps running.  Strong fairness: a spinlock that is free infinitely
\* often is eventually taken (queued spinlocks are FIFO).
Fairness ==
    /\ \A t \in Inv : SF_vars(InvStep(t))
    /\ \A v \in VCpus : SF_vars(VCpuStep(v))
    /\ SF_vars(UpdStep)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties specific to this design                                     *)

\* An invalidation is active from its mn_active_invalidate_count++ to its
\* --: the window in which start and end must see the same memslots.
\* (elision_only has no counter: there the window is the whole callback.)
Active(t) == ipc[t] \notin {"idle", "start_lock_mn", "start_inc_active",
                            "end_unlock_mn", "end_wake"}

\* The memslots pointer never changes while an invalidation is active.
MutualExclusion == [][memslots' # memslots => \A t \in Inv : ~Active(t)]_vars

\* The updater never sleeps with nobody left to wake it: if it is asleep
\* with the count at zero, the task that brought it there is on its way
\* to rcuwait_wake_up().
NoLostWakeUp ==
    (/\ upc = "install_schedule"
     /\ task_state = "TASK_UNINTERRUPTIBLE"
     /\ mn_active_invalidate_count = 0)
    => \E t \in Inv : ipc[t] \in {"end_unlock_mn", "end_wake"} /\ iwake[t]

\* install_new_memslots() eventually publishes, once no new invalidation
\* starts.
InstallCompletesOnceInvalidationsStop ==
    InvalidationsStop => ((upc = "install_lock_mn") ~> (upc = "install_unlock_mn"))

\* Without that hypothesis it may not: a stream of overlapping invalidations
\* keeps mn_active_invalidate_count above zero (the seed: the scheme is not
\* fair).  Expected to be violated, with a lasso.
InstallCompletes == (upc = "install_lock_mn") ~> (upc = "install_unlock_mn")
=============================================================================
