---------------------------- MODULE Kvm618Timeout ----------------------------
(***************************************************************************)
(* The mitigation proposed for syzbot's "INFO: task hung in                *)
(* kvm_swap_active_memslots (2)" (6.18-rc1; Sean Christopherson's analysis *)
(* in aRtTKpltYqEAbxHw@google.com): "Add a timeout ... to the              *)
(* kvm_swap_active_memslots() loop, and then WARN and kill the VM."  The   *)
(* loop as this module has it:                                             *)
(*     spin_lock(&kvm->mn_invalidate_lock);                                *)
(*     prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait);               *)
(*     while (kvm->mn_active_invalidate_count) {                           *)
(*         if (WARN_ON_ONCE(time_after_eq(jiffies, deadline))) {           *)
(*             kvm_vm_dead(kvm);                                           *)
(*             finish_rcuwait(&kvm->mn_memslots_update_rcuwait);           *)
(*             spin_unlock(&kvm->mn_invalidate_lock);                      *)
(*             return -EIO;            (nothing published)                 *)
(*         }                                                               *)
(*         set_current_state(TASK_UNINTERRUPTIBLE);                        *)
(*         spin_unlock(&kvm->mn_invalidate_lock);                          *)
(*         schedule_timeout(deadline - jiffies);                           *)
(*         spin_lock(&kvm->mn_invalidate_lock);                            *)
(*     }                                                                   *)
(* and the callers (kvm_invalidate_memslot, kvm_activate_memslot) pass     *)
(* -EIO up: kvm_set_memslot() returns it and slots_lock is released.       *)
(* Killing the VM (kvm_vm_dead(): kvm->vm_dead = true and KVM_REQ_VM_DEAD  *)
(* to every vCPU) stops new VM ioctls (kvm_vm_ioctl() returns -EIO); it    *)
(* stops nothing in the MMU notifier: the invalidations in flight, and new *)
(* ones, run start() and end() as before until kvm_destroy_vm()            *)
(* unregisters the notifier.  Everything else is Kvm618 with Variant =     *)
(* "adopted_618".                                                          *)
(*                                                                         *)
(* Abstractions:                                                           *)
(*  - Time is one boolean, expired: jiffies has passed the deadline the    *)
(*    swap took on entry.  It may become true at any step while the        *)
(*    updater is in the wait (DeadlinePasses), weakly fair: time passes.   *)
(*    The timeout's value is therefore not modelled: a kill may come       *)
(*    however short the wait (a too-short timeout kills VMs that are not   *)
(*    starved; the model shows that such a kill is safe, not that it is    *)
(*    rare).                                                               *)
(*  - vm_dead stops KVM_SET_USER_MEMORY_REGION (kvm_vm_ioctl's -EIO); vCPU *)
(*    faults and kvm_zap_gfn_range() callers are left running (more        *)
(*    behaviours than the kernel has: a safety verdict holds a fortiori).  *)
(*                                                                         *)
(* Mitigation is the design (Variant stays "adopted_618"):                 *)
(*   swap_timeout_618       WARN, kvm_vm_dead(), finish_rcuwait(),         *)
(*                          spin_unlock() and return -EIO at the deadline; *)
(*                          the sleep is schedule_timeout()                *)
(*   timeout_break_618      WARN, kvm_vm_dead() and break: the code after  *)
(*                          the loop publishes the new memslots            *)
(*   timeout_no_wake_618    the deadline is tested in the loop, but the    *)
(*                          sleep stays schedule(): nothing wakes it       *)
(*   timeout_per_sleep_618  each sleep is schedule_timeout(TIMEOUT), and  *)
(*                          the VM is killed when one sleep times out      *)
(*                          with the count still up: a wake-up re-arms it  *)
(*   timeout_return_618     WARN, kvm_vm_dead(), spin_unlock() and return  *)
(*                          -EIO without finish_rcuwait()                  *)
(*   timeout_lock_leak_618  WARN, kvm_vm_dead(), finish_rcuwait() and      *)
(*                          return -EIO without spin_unlock()              *)
(***************************************************************************)
EXTENDS Kvm618

CONSTANT Mitigation

Mitigations == {"swap_timeout_618", "timeout_break_618", "timeout_no_wake_618",
                "timeout_per_sleep_618", "timeout_return_618", "timeout_lock_leak_618"}
ASSUME MitigationOK ==
    /\ Assert(Mitigation \in Mitigations,
              "Mitigation must be one of swap_timeout_618, timeout_break_618, timeout_no_wake_618, timeout_per_sleep_618, timeout_return_618, timeout_lock_leak_618")
    /\ Assert(Variant = "adopted_618", "Variant must be adopted_618 (the rest of the kernel as it is)")

VARIABLES
    vm_dead,    \* kvm->vm_dead (kvm_vm_dead())
    expired     \* jiffies has passed the deadline of this kvm_swap_active_memslots() call

timeoutVars == <<vm_dead, expired>>
tvars == <<vars, vm_dead, expired>>

\* The updater inside kvm_swap_active_memslots(), before it leaves the loop.
SwapWaitPcs == {"swap_lock_mn", "swap_prepare_rcuwait", "swap_wait_test", "swap_set_state",
                "swap_unlock_to_sleep", "swap_schedule", "swap_relock"}
TimeoutUPcs == UPcs \cup {"swap_timeout_kill", "swap_timeout_finish_rcuwait",
                          "swap_timeout_unlock"}

TimeoutTypeOK ==
    /\ MmuTypeOK
    /\ mn_invalidate_lock \in Tasks \cup {NoTask}
    /\ mn_active_invalidate_count \in Nat
    /\ rcuwait_task \in {Updater, NoTask}
    /\ task_state \in {"TASK_RUNNING", "TASK_UNINTERRUPTIBLE"}
    /\ ipc \in [Inv -> IPcs]
    /\ iphase \in [Inv -> Phases]
    /\ upc \in TimeoutUPcs
    /\ vm_dead \in BOOLEAN
    /\ expired \in BOOLEAN

TimeoutInit == Init /\ vm_dead = FALSE /\ expired = FALSE

-----------------------------------------------------------------------------
(* The wait loop with its deadline.                                        *)

\* jiffies passes the deadline the swap took on entry (time is not
\* modelled: it may pass at any step of the wait).
\* timeout_per_sleep_618: the timer of one schedule_timeout(TIMEOUT) fires,
\* only while the updater sleeps in it (a wake-up before ends that sleep).
\* Kernel: none (modelling step: time passes the swap's deadline)
DeadlinePasses ==
    /\ IF Mitigation = "timeout_per_sleep_618"                              \* MUTANT
         THEN upc = "swap_schedule" /\ task_state = "TASK_UNINTERRUPTIBLE"  \* MUTANT
         ELSE upc \in SwapWaitPcs
    /\ ~expired
    /\ expired' = TRUE
    /\ UNCHANGED <<vars, vm_dead>>

\* while (kvm->mn_active_invalidate_count) {
\*     if (WARN_ON_ONCE(time_after_eq(jiffies, deadline))) {
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18, the proposed timeout)
TimeoutSwapWaitTest ==
    /\ upc = "swap_wait_test"
    /\ upc' = IF mn_active_invalidate_count = 0 THEN "swap_finish_rcuwait"
              ELSE IF expired THEN "swap_timeout_kill"
              ELSE "swap_set_state"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed, vm_dead, expired>>

\*     schedule_timeout(deadline - jiffies);  returns once woken, or at the
\*     deadline (the timer's process_timeout() wakes the task).
\* timeout_no_wake_618: schedule(), as in 6.18: only range_end's wake-up ends it.
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18, the proposed timeout)
TimeoutSwapSchedule ==
    /\ upc = "swap_schedule"
    /\ \/ task_state = "TASK_RUNNING"
       \/ expired /\ Mitigation # "timeout_no_wake_618"                    \* MUTANT
    /\ task_state' = "TASK_RUNNING"
    /\ upc' = "swap_relock"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task,
                   uslot, uchange, unew, ufinal, ustage, flushed, vm_dead, expired>>

\*         kvm_vm_dead(kvm);  (kvm->vm_dead = true; KVM_REQ_VM_DEAD to every vCPU)
\* timeout_break_618: then break; the code after the loop publishes.
\* timeout_return_618: then spin_unlock(); return -EIO; (no finish_rcuwait)
\* Kernel: include/linux/kvm_host.h: kvm_vm_dead (Linux 6.18)
SwapTimeoutKill ==
    /\ upc = "swap_timeout_kill"
    /\ vm_dead' = TRUE
    /\ upc' = IF Mitigation = "timeout_break_618" THEN "swap_finish_rcuwait"  \* MUTANT
              ELSE IF Mitigation = "timeout_return_618" THEN "swap_timeout_unlock" \* MUTANT
              ELSE "swap_timeout_finish_rcuwait"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, mnVars,
                   uslot, uchange, unew, ufinal, ustage, flushed, expired>>

\*         finish_rcuwait(&kvm->mn_memslots_update_rcuwait);  (w->task = NULL;
\*         __set_current_state(TASK_RUNNING))
\* timeout_lock_leak_618: then return -EIO with mn_invalidate_lock held.
\* Kernel: include/linux/rcuwait.h: finish_rcuwait (Linux 6.18)
SwapTimeoutFinishRcuwait ==
    /\ upc = "swap_timeout_finish_rcuwait"
    /\ rcuwait_task' = NoTask
    /\ task_state' = "TASK_RUNNING"
    /\ upc' = IF Mitigation = "timeout_lock_leak_618" THEN "done"         \* MUTANT
              ELSE "swap_timeout_unlock"
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_invalidate_lock, mn_active_invalidate_count,
                   uslot, uchange, unew, ufinal, ustage, flushed, vm_dead, expired>>

\*         spin_unlock(&kvm->mn_invalidate_lock); return -EIO;  kvm_set_memslot()
\*         returns it without publishing (the unpublished set is dead: reset).
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18, the proposed timeout)
SwapTimeoutUnlock ==
    /\ upc = "swap_timeout_unlock"
    /\ mn_invalidate_lock' = NoTask
    /\ upc' = "done"
    /\ unew' = NoSlot
    /\ expired' = FALSE
    /\ UNCHANGED <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars,
                   mn_active_invalidate_count, rcuwait_task, task_state,
                   uslot, uchange, ufinal, ustage, flushed, vm_dead>>

\* spin_unlock(&kvm->mn_invalidate_lock);  (after the publish: the next
\* swap of this update takes a new deadline)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
TimeoutSwapUnlockMn ==
    /\ SwapUnlockMn
    /\ expired' = FALSE
    /\ UNCHANGED vm_dead

\* mutex_lock(&kvm->slots_lock) in KVM_SET_USER_MEMORY_REGION: kvm_vm_ioctl()
\* returns -EIO once the VM is dead.
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_ioctl (Linux 6.18)
TimeoutSetMemoryRegion ==
    /\ ~vm_dead
    /\ SetMemoryRegion
    /\ UNCHANGED timeoutVars

-----------------------------------------------------------------------------
(* Kvm618's updater and environment steps, with vm_dead and the deadline   *)
(* unchanged: one definition each, so that TLC's traces name the step.     *)

\* kvm_copy_memslot(invalid_slot, old); invalid_slot->flags |=
\* KVM_MEMSLOT_INVALID; kvm_replace_memslot(kvm, old, invalid_slot): in the
\* inactive set, which only this task sees; then kvm_swap_active_memslots().
\* Kernel: virt/kvm/kvm_main.c: kvm_invalidate_memslot (Linux 6.18)
TimeoutInvalidateMemslotCopy == InvalidateMemslotCopy /\ UNCHANGED timeoutVars

\* kvm_create_memslot / kvm_delete_memslot / kvm_move_memslot /
\* kvm_update_flags_memslot: kvm_replace_memslot(kvm, old or the INVALID
\* copy, new) in the inactive set; kvm_activate_memslot() ->
\* kvm_swap_active_memslots().
\* Kernel: virt/kvm/kvm_main.c: kvm_activate_memslot (Linux 6.18)
TimeoutActivateReplace == ActivateReplace /\ UNCHANGED timeoutVars

\* slots->generation = gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (unpublished
\* set); spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
TimeoutSwapLockMn == SwapLockMn /\ UNCHANGED timeoutVars

\* prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait): w->task = current.
\* Kernel: include/linux/rcuwait.h: prepare_to_rcuwait (Linux 6.18)
TimeoutSwapPrepareRcuwait == SwapPrepareRcuwait /\ UNCHANGED timeoutVars

\*     set_current_state(TASK_UNINTERRUPTIBLE);
\* (lost_wakeup_618 does it after spin_unlock: a wake-up in between is lost.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
TimeoutSwapSetState == SwapSetState /\ UNCHANGED timeoutVars

\*     spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
TimeoutSwapUnlockMnToSleep == SwapUnlockMnToSleep /\ UNCHANGED timeoutVars

\*     spin_lock(&kvm->mn_invalidate_lock);
\* }
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
TimeoutSwapRelockMn == SwapRelockMn /\ UNCHANGED timeoutVars

\* finish_rcuwait(): w->task = NULL; __set_current_state(TASK_RUNNING).
\* Kernel: include/linux/rcuwait.h: finish_rcuwait (Linux 6.18)
TimeoutSwapFinishRcuwait == SwapFinishRcuwait /\ UNCHANGED timeoutVars

\* rcu_assign_pointer(kvm->memslots[as_id], slots);  vCPUs inside kvm->srcu
\* now read the old set.  (The final swap of a DELETE/MOVE ends the
\* flushed INVALID copy: the ghost forgets it.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
TimeoutSwapPublish == SwapPublish /\ UNCHANGED timeoutVars

\* mutex_unlock(&kvm->slots_arch_lock); synchronize_srcu_expedited(&kvm->srcu):
\* every vCPU that may still use the old set has left its read side; then
\* the new generation (read by caches this model does not have), and back
\* to the caller: after the INVALID swap kvm_invalidate_memslot() flushes,
\* after the final swap kvm_set_memslot() finishes.  (unew is dead: reset.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
TimeoutSwapSynchronizeSrcu == SwapSynchronizeSrcu /\ UNCHANGED timeoutVars

\* kvm_arch_flush_shadow_memslot(kvm, old): x86 zaps the slot's SPTEs
\* under mmu_lock (kvm_mmu_zap_memslot(), or kvm_mmu_zap_all_fast()):
\* write_lock(&kvm->mmu_lock) ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
TimeoutFlushShadowLockMmu == FlushShadowLockMmu /\ UNCHANGED timeoutVars

\* ... zap the SPTEs of the slot's gfns ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
TimeoutFlushShadowZap == FlushShadowZap /\ UNCHANGED timeoutVars

\* ... write_unlock(&kvm->mmu_lock).  Back in kvm_set_memslot():
\* kvm_prepare_memory_region() (not modelled), then the final swap.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
TimeoutFlushShadowUnlockMmu == FlushShadowUnlockMmu /\ UNCHANGED timeoutVars

\* kvm_commit_memory_region() (dirty-log bookkeeping, not modelled);
\* mutex_unlock(&kvm->slots_lock).  (Dead locals reset.)
\* Kernel: virt/kvm/kvm_main.c: kvm_set_memslot (Linux 6.18)
TimeoutSetMemoryRegionDone == SetMemoryRegionDone /\ UNCHANGED timeoutVars

\* kvm_create_vm() -> kvm_init_mmu_notifier() -> mmu_notifier_register(),
\* before any memslot exists; here it may come between a primary-MMU
\* task's start() and end() (the unpaired end that 6.9 hardens against).
\* Kernel: virt/kvm/kvm_main.c: kvm_init_mmu_notifier (Linux 6.18)
TimeoutMmuNotifierRegister == MmuNotifierRegister /\ UNCHANGED timeoutVars

\* The last reference is gone (no vCPU, ioctl or zap caller runs):
\* kvm_destroy_vm() -> mmu_notifier_unregister(&kvm->mmu_notifier,
\* kvm->mm): waits for callbacks in flight; KVM gets no call after it, so
\* a task between start() and end() leaves its count behind.
\* Kernel: virt/kvm/kvm_main.c: kvm_destroy_vm (Linux 6.18)
TimeoutDestroyUnregister == DestroyUnregister /\ UNCHANGED timeoutVars

\* WARN_ON(rcuwait_active(&kvm->mn_memslots_update_rcuwait));
\* (the property NoDanglingInvalidationAtDestroy)
\* Kernel: virt/kvm/kvm_main.c: kvm_destroy_vm (Linux 6.18)
TimeoutDestroyCheckRcuwait == DestroyCheckRcuwait /\ UNCHANGED timeoutVars

\* if (kvm->mn_active_invalidate_count) kvm->mn_active_invalidate_count = 0;
\* else WARN_ON(kvm->mmu_invalidate_in_progress);
\* Kernel: virt/kvm/kvm_main.c: kvm_destroy_vm (Linux 6.18)
TimeoutDestroyCheckCount == DestroyCheckCount /\ UNCHANGED timeoutVars

\* Kernel: none (modelling step: the steps of the memslot updater)
TimeoutUpdStep ==
    \/ TimeoutInvalidateMemslotCopy
    \/ TimeoutActivateReplace
    \/ TimeoutSwapLockMn
    \/ TimeoutSwapPrepareRcuwait
    \/ TimeoutSwapWaitTest
    \/ TimeoutSwapSetState
    \/ TimeoutSwapUnlockMnToSleep
    \/ TimeoutSwapSchedule
    \/ TimeoutSwapRelockMn
    \/ SwapTimeoutKill
    \/ SwapTimeoutFinishRcuwait
    \/ SwapTimeoutUnlock
    \/ TimeoutSwapFinishRcuwait
    \/ TimeoutSwapPublish
    \/ TimeoutSwapUnlockMn
    \/ TimeoutSwapSynchronizeSrcu
    \/ TimeoutFlushShadowLockMmu
    \/ TimeoutFlushShadowZap
    \/ TimeoutFlushShadowUnlockMmu
    \/ TimeoutSetMemoryRegionDone

\* Kernel: none (modelling step: the steps of one primary-MMU task)
TimeoutInvStep(t) == InvStep(t) /\ UNCHANGED timeoutVars

\* One disjunct per action, as in Kvm618's Next: TLC names a step by the
\* disjunct it took (an action under /\ UNCHANGED with a disjunction
\* inside would be one action to it, and the traces would not say which).
TimeoutNext ==
    \/ \E t \in Inv : InvBegin(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartLockMn(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartIncActive(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartUnlockMn(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartHvaRange(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartLockMmu(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartInvalidateBegin(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartRangeAdd(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartUnmapGfnRange(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : StartUnlockMmu(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : PrimaryChangePte(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : InvEnd(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndHvaRange(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndLockMmu(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndInvalidateEnd(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndUnlockMmu(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndLockMn(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndDecActive(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndUnlockMn(t) /\ UNCHANGED timeoutVars
    \/ \E t \in Inv : EndWakeUp(t) /\ UNCHANGED timeoutVars
    \/ \E v \in VCpus : FaultBegin(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultSnapshotSeq(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultCheckSlot(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultRetryUnsafeBefore(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultGetPfn(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultRetryUnsafeAfter(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultLockMmu(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultIsStale(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultMap(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E v \in VCpus : FaultUnlockMmu(v) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E z \in Zappers : ZapCallerUpdate(z) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E z \in Zappers : ZapLockMmu(z) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E z \in Zappers : ZapInvalidateBegin(z) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E z \in Zappers : ZapRangeAdd(z) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E z \in Zappers : ZapLeafs(z) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E z \in Zappers : ZapInvalidateEnd(z) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ \E z \in Zappers : ZapUnlockMmu(z) /\ UNCHANGED <<mnVars, invVars, updVars, timeoutVars>>
    \/ TimeoutSetMemoryRegion
    \/ TimeoutInvalidateMemslotCopy
    \/ TimeoutActivateReplace
    \/ TimeoutSwapLockMn
    \/ TimeoutSwapPrepareRcuwait
    \/ TimeoutSwapSetState
    \/ TimeoutSwapUnlockMnToSleep
    \/ TimeoutSwapRelockMn
    \/ TimeoutSwapFinishRcuwait
    \/ TimeoutSwapPublish
    \/ TimeoutSwapSynchronizeSrcu
    \/ TimeoutFlushShadowLockMmu
    \/ TimeoutFlushShadowZap
    \/ TimeoutFlushShadowUnlockMmu
    \/ TimeoutSetMemoryRegionDone
    \/ TimeoutSwapWaitTest \/ TimeoutSwapSchedule \/ TimeoutSwapUnlockMn
    \/ SwapTimeoutKill \/ SwapTimeoutFinishRcuwait \/ SwapTimeoutUnlock
    \/ DeadlinePasses
    \/ TimeoutMmuNotifierRegister
    \/ TimeoutDestroyUnregister
    \/ TimeoutDestroyCheckRcuwait
    \/ TimeoutDestroyCheckCount
    \/ Terminated /\ UNCHANGED tvars

\* Kvm618's fairness, and time passes (weak fairness of the deadline: it
\* stays enabled while the updater waits).
TimeoutFairness ==
    /\ \A t \in Inv : SF_tvars(TimeoutInvStep(t))
    /\ \A v \in VCpus : SF_tvars(VCpuStep(v) /\ UNCHANGED timeoutVars)
    /\ \A z \in Zappers : SF_tvars(ZapStep(z) /\ UNCHANGED timeoutVars)
    /\ SF_tvars(TimeoutUpdStep)
    /\ WF_tvars(DeadlinePasses)

TimeoutSpec == TimeoutInit /\ [][TimeoutNext]_tvars /\ TimeoutFairness

-----------------------------------------------------------------------------
(* Properties of the mitigation, over kernel state.                        *)

\* The rcuwait names the updater only while it is inside the wait
\* (prepare_to_rcuwait .. finish_rcuwait): once it has returned, a later
\* range_end's rcuwait_wake_up() must not find it (the task may be
\* sleeping elsewhere, or gone), and kvm_destroy_vm's
\* WARN_ON(rcuwait_active()) must not fire.
RcuwaitOnlyInSwap ==
    rcuwait_task = Updater =>
        upc \in {"swap_wait_test", "swap_set_state", "swap_unlock_to_sleep", "swap_schedule",
                 "swap_relock", "swap_finish_rcuwait", "swap_timeout_kill",
                 "swap_timeout_finish_rcuwait"}

\* The mitigation's guarantee: kvm_swap_active_memslots() publishes, or
\* the VM is dead and the ioctl has returned (-EIO), with no hypothesis on
\* the invalidations.
SwapPublishesOrVmDead ==
    (upc = "swap_lock_mn") ~> (upc = "swap_unlock_mn" \/ (vm_dead /\ upc = "done"))

\* No task is stuck: the memslot ioctl returns (slots_lock is released) ...
UpdaterReturns == (upc # "idle") ~> (upc = "idle")
\* ... and every primary-MMU invalidation KVM took part in returns.
InvalidationsReturn == \A t \in Inv : (ipc[t] # "idle") ~> (ipc[t] = "idle")

\* Without a timeout the kernel never kills the VM: true of adopted_618,
\* false here by design; a run that reaches vm_dead shows a kill (with
\* one invalidation in flight: no stream is needed).
VmNeverKilled == ~vm_dead

\* Kvm618's NoPagesView with this module's variables (configurations
\* without a vCPU).
TimeoutView == <<NoPagesView, vm_dead, expired>>
=============================================================================
