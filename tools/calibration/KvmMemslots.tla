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
(*   "racy_count"      range_start does mn_active_invalidate_count++       *)
(*                     without mn_invalidate_lock: a read and a write, so  *)
(*                     two starts can lose an increment                    *)
(*   "wake_after_unlock" range_end tests the count for its wake-up after   *)
(*                     spin_unlock(), not under the lock: a harmless       *)
(*                     reordering (a test that reads a count another task  *)
(*                     changed in between either still wakes, or leaves    *)
(*                     the wake-up to that task's own range_end); the      *)
(*                     properties must hold for it                         *)
(*   "flags_no_srcu"   a flags-only update skips synchronize_srcu before   *)
(*                     kvm_mmu_slot_apply_flags(): a seeded mutant for     *)
(*                     DirtyLogWriteProtected                              *)
(***************************************************************************)
EXTENDS KvmMmu, Sequences

CONSTANT Variant

Variants == {"adopted", "elision_only", "no_wait_loop", "if_not_while",
             "lost_wakeup", "flags_parallel", "mmu_lock_leak", "late_count",
             "racy_count", "wake_after_unlock", "flags_no_srcu"}
ASSUME VariantOK ==
    Assert(Variant \in Variants,
           "Variant must be one of adopted, elision_only, no_wait_loop, if_not_while, lost_wakeup, flags_parallel, mmu_lock_leak, late_count, racy_count, wake_after_unlock, flags_no_srcu")

VARIABLES
    mn_invalidate_lock,             \* holder of kvm->mn_invalidate_lock, or NoTask
    mn_active_invalidate_count,
    rcuwait_task,                   \* kvm->mn_memslots_update_rcuwait.task
    task_state,                     \* the updater's task state
    iwake,                          \* per invalidation task: range_end's local `wake`
    iphase                          \* ghost, per invalidation task: see Phases

vars == <<mmuVars, invVars, vcpuVars, updVars, rounds,
          mn_invalidate_lock, mn_active_invalidate_count,
          rcuwait_task, task_state, iwake, iphase>>
\* The kernel variables of this design.
waitVars == <<mn_invalidate_lock, mn_active_invalidate_count,
              rcuwait_task, task_state, iwake>>
mnVars == <<waitVars, iphase>>

\* Ghost, per invalidation: where it stands with respect to the count, set
\* by the kernel statements themselves (not by program positions, so a
\* variant that moves statements moves the phases with them):
\*   "out"   not counted: outside the callbacks, or in range_start before it
\*           counted itself or read the memslots
\*   "in"    from range_start's mn_active_invalidate_count++ (or its read
\*           of the memslots in __kvm_handle_hva_range(), if that comes
\*           first) to range_end's --mn_active_invalidate_count (without a
\*           count, elision_only: to range_end's return)
\*   "past"  after a decrement that left the count above zero, until
\*           range_end returns
\*   "owed"  after the decrement that brought the count to zero, until
\*           range_end returns: the task that owes the updater its wake-up
Phases == {"out", "in", "past", "owed"}

\* racy_count: range_start does mn_active_invalidate_count++ without
\* mn_invalidate_lock, as the compiled code does it: a load, then a store of
\* the loaded value + 1.  The loaded value is kept in the task's pc (as
\* "start_inc_active_read_<n>"), so another task's store in between is
\* overwritten: a lost update.  The bounds below cover every count 2
\* invalidation tasks reach with Rounds = 1 (the racy_count configurations).
RacyCount == Variant = "racy_count"
RacyRead(n) == "start_inc_active_read_" \o ToString(n)
RacyCounts == -Cardinality(Inv)..Cardinality(Inv)
RacyReadStates == {RacyRead(n) : n \in RacyCounts}
RacyReadValue(s) == CHOOSE n \in RacyCounts : RacyRead(n) = s

TypeOK ==
    /\ MmuTypeOK
    /\ mn_invalidate_lock \in Tasks \cup {NoTask}
    /\ mn_active_invalidate_count \in Nat
    /\ rcuwait_task \in {Updater, NoTask}
    /\ task_state \in {"TASK_RUNNING", "TASK_UNINTERRUPTIBLE"}
    /\ iwake \in [Inv -> BOOLEAN]
    /\ iphase \in [Inv -> Phases]
    /\ ipc \in [Inv -> {"idle", "start_lock_mn", "start_inc_active",
                        "start_unlock_mn", "start_hva_range", "start_lock_mmu",
                        "start_inc_count", "start_unmap", "start_unlock_mmu",
                        "primary_pte_change", "end_hva_range", "end_lock_mmu",
                        "end_dec_count", "end_unlock_mmu", "end_lock_mn",
                        "end_dec_active", "end_unlock_mn", "end_wake",
                        "start_read_active", "end_test_wake"} \cup RacyReadStates]
    /\ vpc \in [VCpus -> {"idle", "lookup", "gup", "lock_mmu", "retry_check",
                          "install_spte", "unlock_mmu"}]
    /\ upc \in {"idle", "install_lock_mn", "install_prepare_rcuwait",
                "install_wait_test", "install_set_state",
                "install_unlock_to_sleep", "install_schedule",
                "install_relock", "install_finish_rcuwait", "install_publish",
                "install_unlock_mn", "install_synchronize_srcu",
                "install_generation_done", "flush_lock_mmu", "flush_zap",
                "flush_unlock_mmu", "apply_flags"}

Init ==
    /\ MmuInit
    /\ mn_invalidate_lock = NoTask
    /\ mn_active_invalidate_count = 0
    /\ rcuwait_task = NoTask
    /\ task_state = "TASK_RUNNING"
    /\ iwake = [t \in Inv |-> FALSE]
    /\ iphase = [t \in Inv |-> "out"]

\* Whether mn_active_invalidate_count exists at all.
Blocking == Variant # "elision_only"

\* late_count: range_start takes mn_invalidate_lock and counts itself only
\* after __kvm_handle_hva_range(); where the hva walk goes on, where the
\* count's unlock goes on.
LateCount == Variant = "late_count"
AfterStartHva == IF LateCount THEN "start_lock_mn" ELSE "primary_pte_change"   \* MUTANT

\* wake_after_unlock: range_end decides on its wake-up after the unlock.
WakeAfterUnlock == Variant = "wake_after_unlock"

\* The ghost phase at range_start's read of the memslots: it puts the task
\* in the window if it has not counted itself yet (late_count,
\* elision_only); in the adopted code it counted itself before.
ReadSlots(t) ==
    iphase' = IF iphase[t] = "out" THEN [iphase EXCEPT ![t] = "in"] ELSE iphase

\* spin_lock(&kvm->mn_invalidate_lock) by holder (an invalidation task or
\* the Updater), and spin_unlock().  The action that takes the lock waits
\* for it to be free in its own guard, so a deadlock shows what it waits for.
TakeMnLock(holder) == mn_invalidate_lock' = holder
DropMnLock == mn_invalidate_lock' = NoTask

\* What a step that takes or drops mn_invalidate_lock leaves as it is: the
\* rest of this design's variables, and everything but the stepping task's
\* pc (an invalidation task's ipc, the updater's upc).
MnLockFrame == <<mn_active_invalidate_count, rcuwait_task, task_state, iwake, iphase>>
InvMnLockFrame == <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds, MnLockFrame>>
UpdMnLockFrame == <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds, MnLockFrame>>

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_start()                              *)

\* The primary MMU is about to change the PTEs of range r.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartBegin(t) ==
    /\ ipc[t] = "idle"
    /\ MayBegin(t)
    /\ \E r \in Ranges : irange' = [irange EXCEPT ![t] = r]
    /\ ipc' = [ipc EXCEPT ![t] = IF RacyCount THEN "start_read_active" \* MUTANT
                                 ELSE IF Blocking /\ ~LateCount      \* MUTANT
                                 THEN "start_lock_mn"
                                 ELSE "start_hva_range"]
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars, rounds, mnVars>>

\* spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartLockMn(t) ==
    /\ ipc[t] = "start_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ TakeMnLock(t)
    /\ ipc' = [ipc EXCEPT ![t] = "start_inc_active"]
    /\ UNCHANGED InvMnLockFrame

\* From here until range_end's decrement no memslots can be published.
\* kvm->mn_active_invalidate_count++;
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartIncActive(t) ==
    /\ ipc[t] = "start_inc_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count + 1
    /\ iphase' = [iphase EXCEPT ![t] = "in"]
    /\ ipc' = [ipc EXCEPT ![t] = "start_unlock_mn"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state, iwake>>

\* racy_count: kvm->mn_active_invalidate_count++ with no lock held, first
\* half: the load (into the task's pc).
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartReadActive(t) ==
    /\ ipc[t] = "start_read_active"
    /\ ipc' = [ipc EXCEPT ![t] = RacyRead(mn_active_invalidate_count)]  \* MUTANT
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds, mnVars>>

\* racy_count: second half: the store of the loaded value + 1, whatever the
\* count is now; then __kvm_handle_hva_range() as in the adopted code.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartWriteActive(t) ==
    /\ ipc[t] \in RacyReadStates
    /\ mn_active_invalidate_count' = RacyReadValue(ipc[t]) + 1          \* MUTANT
    /\ iphase' = [iphase EXCEPT ![t] = "in"]
    /\ ipc' = [ipc EXCEPT ![t] = "start_hva_range"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state, iwake>>

\* spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15)
StartUnlockMn(t) ==
    /\ ipc[t] = "start_unlock_mn"
    /\ DropMnLock
    /\ ipc' = [ipc EXCEPT ![t] = IF LateCount THEN "primary_pte_change"       \* MUTANT
                                 ELSE "start_hva_range"]
    /\ UNCHANGED InvMnLockFrame

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_end()                                *)

\* Without blocking (elision_only) range_end ends with the hva walk.
AfterEndHva == IF Blocking THEN "end_lock_mn" ELSE "idle"

\* range_end returns.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndDone(t) ==
    /\ ipc' = [ipc EXCEPT ![t] = "idle"]
    /\ irange' = [irange EXCEPT ![t] = Pages]
    /\ iphase' = [iphase EXCEPT ![t] = "out"]
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
       /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars, waitVars>>

\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
EndUnlockMmuStep(t) ==
    IF Variant = "mmu_lock_leak"                                   \* MUTANT
    THEN /\ ipc[t] = "end_unlock_mmu"
         /\ srcu' = [srcu EXCEPT ![t] = NoSnapshot]
         /\ ipc' = [ipc EXCEPT ![t] = "end_lock_mn"]
         /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_lock, mmu_notifier_count,
                        mmu_notifier_range_start, mmu_notifier_range_end,
                        seq_moved, irange, izap, incremented, vcpuVars, updVars,
                        rounds, mnVars>>
    ELSE IF Blocking
    THEN EndUnlockMmu(t, "end_lock_mn") /\ UNCHANGED mnVars
    ELSE /\ ipc[t] = "end_unlock_mmu"
         /\ mmu_lock' = NoTask
         /\ srcu' = [srcu EXCEPT ![t] = NoSnapshot]
         /\ EndDone(t)
         /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_notifier_count,
                        mmu_notifier_range_start, mmu_notifier_range_end,
                        seq_moved, izap, incremented, vcpuVars, updVars, waitVars>>

\* spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndLockMn(t) ==
    /\ ipc[t] = "end_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ TakeMnLock(t)
    /\ ipc' = [ipc EXCEPT ![t] = "end_dec_active"]
    /\ UNCHANGED InvMnLockFrame

\* wake = (--kvm->mn_active_invalidate_count == 0);
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndDecActive(t) ==
    /\ ipc[t] = "end_dec_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count - 1
    /\ iwake' = IF WakeAfterUnlock THEN iwake                            \* VARIANT
              ELSE [iwake EXCEPT ![t] = (mn_active_invalidate_count' = 0)]
    /\ iphase' = [iphase EXCEPT ![t] = IF mn_active_invalidate_count' = 0
                                       THEN "owed" ELSE "past"]
    /\ ipc' = [ipc EXCEPT ![t] = "end_unlock_mn"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   mn_invalidate_lock, rcuwait_task, task_state>>

\* spin_unlock(&kvm->mn_invalidate_lock); if (wake) ...
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndUnlockMn(t) ==
    /\ ipc[t] = "end_unlock_mn"
    /\ DropMnLock
    /\ IF WakeAfterUnlock                                              \* VARIANT
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_test_wake"]
              /\ UNCHANGED <<irange, rounds, iphase>>
       ELSE IF iwake[t]
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_wake"]
              /\ UNCHANGED <<irange, rounds, iphase>>
         ELSE EndDone(t)
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars,
                   mn_active_invalidate_count, rcuwait_task, task_state, iwake>>

\* wake_after_unlock: wake = !READ_ONCE(kvm->mn_active_invalidate_count);
\* tested after spin_unlock(), so it reads the count as it is now.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15)
EndTestWake(t) ==
    /\ ipc[t] = "end_test_wake"
    /\ iwake' = [iwake EXCEPT ![t] = (mn_active_invalidate_count = 0)]  \* VARIANT
    /\ IF mn_active_invalidate_count = 0
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_wake"]
              /\ UNCHANGED <<irange, rounds, iphase>>
         ELSE EndDone(t)
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars,
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task, task_state>>

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
    \/ StartReadActive(t) \/ StartWriteActive(t)
    \/ StartHvaRange(t, AfterStartHva) /\ UNCHANGED waitVars /\ ReadSlots(t)
    \/ StartLockMmu(t) /\ UNCHANGED mnVars
    \/ StartIncNotifierCount(t) /\ UNCHANGED mnVars
    \/ StartUnmap(t) /\ UNCHANGED mnVars
    \/ StartUnlockMmu(t, AfterStartHva) /\ UNCHANGED mnVars
    \/ PrimaryChangePte(t, "end_hva_range") /\ UNCHANGED mnVars
    \/ EndHvaRangeStep(t)
    \/ EndLockMmu(t) /\ UNCHANGED mnVars
    \/ EndDecNotifierCount(t) /\ UNCHANGED mnVars
    \/ EndUnlockMmuStep(t)
    \/ EndLockMn(t) \/ EndDecActive(t) \/ EndUnlockMn(t) \/ EndTestWake(t)
    \/ EndWakeUp(t)

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
    /\ TakeMnLock(Updater)
    /\ upc' = IF Blocking THEN "install_prepare_rcuwait" ELSE "install_publish"
    /\ UNCHANGED UpdMnLockFrame

\* prepare_to_rcuwait(): publish the waiter before testing the count.
\* (called from install_new_memslots)
\* Kernel: include/linux/rcuwait.h: prepare_to_rcuwait (Linux 5.15)
InstallPrepareRcuwait ==
    /\ upc = "install_prepare_rcuwait"
    /\ rcuwait_task' = Updater
    /\ upc' = "install_wait_test"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_invalidate_lock, mn_active_invalidate_count, task_state, iwake, iphase>>

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
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task, iwake, iphase>>

\*     spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallUnlockMnToSleep ==
    /\ upc = "install_unlock_to_sleep"
    /\ DropMnLock
    /\ upc' = IF Variant = "lost_wakeup" THEN "install_set_state"   \* MUTANT
              ELSE "install_schedule"
    /\ UNCHANGED UpdMnLockFrame

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
    /\ TakeMnLock(Updater)
    /\ upc' = IF Variant = "if_not_while" THEN "install_finish_rcuwait" \* MUTANT
              ELSE "install_wait_test"
    /\ UNCHANGED UpdMnLockFrame

\* finish_rcuwait(): w->task = NULL; __set_current_state(TASK_RUNNING).
\* (called from install_new_memslots)
\* Kernel: include/linux/rcuwait.h: finish_rcuwait (Linux 5.15)
InstallFinishRcuwait ==
    /\ upc = "install_finish_rcuwait"
    /\ rcuwait_task' = NoTask
    /\ task_state' = "TASK_RUNNING"
    /\ upc' = "install_publish"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   mn_invalidate_lock, mn_active_invalidate_count, iwake, iphase>>

\* rcu_assign_pointer(kvm->memslots[as_id], slots);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallPublish ==
    /\ upc = "install_publish"
    /\ memslots' = unew
    /\ upc' = "install_unlock_mn"
    /\ UNCHANGED <<pte, spte, writable, logging, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   invVars, vcpuVars, unew, ufinal, rounds, mnVars>>

\* spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallUnlockMn ==
    /\ upc = "install_unlock_mn"
    /\ DropMnLock
    /\ upc' = "install_synchronize_srcu"
    /\ UNCHANGED UpdMnLockFrame

\* synchronize_srcu_expedited(&kvm->srcu);  (flags_no_srcu: skipped when
\* the update only toggles dirty logging, so kvm_mmu_slot_apply_flags()
\* can run while a vCPU fault still uses the old memslots.)
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallSynchronizeSrcuStep ==
    IF Variant = "flags_no_srcu" /\ FlagsToggled                   \* MUTANT
    THEN /\ upc = "install_synchronize_srcu"
         /\ upc' = "install_generation_done"
         /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds>>
    ELSE InstallSynchronizeSrcu

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
    \/ InstallSynchronizeSrcuStep /\ UNCHANGED mnVars
    \/ InstallGenerationDone /\ UNCHANGED mnVars
    \/ ApplyFlags /\ UNCHANGED mnVars
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
\* --: the window in which start and end must see the same memslots.  The
\* ghost iphase follows the statements, not program positions: the window
\* opens at the increment (racy_count: its store of the incremented value),
\* or at range_start's read of the memslots if that comes first
\* (late_count; elision_only, which has no count and whose window closes
\* when range_end returns), and closes at the decrement.
Active(t) == iphase[t] = "in"

\* The step MutualExclusion constrains (trace validation checks it on every
\* replayed step: a step predicate cannot be taken out of [][A]_vars).
MutualExclusionStep == memslots' # memslots => \A t \in Inv : ~Active(t)

\* The memslots pointer never changes while an invalidation is active.
MutualExclusion == [][MutualExclusionStep]_vars

\* The updater is asleep, as the kernel state shows it: it is the rcuwait's
\* waiter, its task state is TASK_UNINTERRUPTIBLE, and it does not hold
\* mn_invalidate_lock (it has tested the count and let go).
UpdaterAsleep ==
    /\ rcuwait_task = Updater
    /\ task_state = "TASK_UNINTERRUPTIBLE"
    /\ mn_invalidate_lock # Updater

\* The updater never sleeps with nobody left to wake it: if it is asleep
\* with mn_active_invalidate_count at zero, the invalidation whose
\* decrement brought the count to zero has not yet returned from
\* range_end, so its rcuwait_wake_up() is still to come.  Over the count,
\* the waiter, the task state and the ghost phase "owed" only: no program
\* position, so a range_end that decides on the wake-up later
\* (wake_after_unlock) is not flagged, and a wake-up that comes before the
\* updater's set_current_state() (lost_wakeup) still is.
NoLostWakeUp ==
    (UpdaterAsleep /\ mn_active_invalidate_count = 0)
    => \E t \in Inv : iphase[t] = "owed"

\* TLC's VIEW for configurations without a vCPU (Adopted_Blocking): the
\* state without the page contents.  With no vCPU nothing reads pte (only
\* get_user_pages in FaultGup does), spte stays NoMap and no SPTE is
\* writable; two states that differ only in pte have the same future in
\* every other variable, so TLC keeps one of them.  For properties that do
\* not read pte, spte or writable.
NoPagesView == <<logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                 mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                 invVars, vcpuVars, updVars, rounds, mnVars>>

\* install_new_memslots() eventually publishes, once no new invalidation
\* starts.
InstallCompletesOnceInvalidationsStop ==
    InvalidationsStop => ((upc = "install_lock_mn") ~> (upc = "install_unlock_mn"))

\* Without that hypothesis it may not: a stream of overlapping invalidations
\* keeps mn_active_invalidate_count above zero (the seed: the scheme is not
\* fair).  Expected to be violated, with a lasso.
InstallCompletes == (upc = "install_lock_mn") ~> (upc = "install_unlock_mn")
=============================================================================
