-------------------------- MODULE KvmMemslotsRwsem --------------------------
(***************************************************************************)
(* The rejected first version of the patch: an rwsem,                      *)
(* kvm->mmu_notifier_slots_lock, taken for read in range_start and         *)
(* released in range_end, taken for write around the memslots publish.    *)
(*                                                                         *)
(* mm/mmu_notifier.c wraps every start and every end callback in           *)
(* lock_map_acquire/release(&__mmu_notifier_invalidate_range_start_map).   *)
(* That pseudo-lock blocks nobody in a real kernel; lockdep treats it as   *)
(* an exclusive lock, and so does this module, to show the cycle lockdep   *)
(* reported (seed-commit.txt):                                             *)
(*     start:  pseudo-lock, then down_read  (rwsem inside pseudo-lock)     *)
(*     end:    pseudo-lock, with the read side still held (pseudo-lock     *)
(*             inside rwsem)                                               *)
(* FairRwsem: a queued writer blocks new readers (the kernel's rwsem, and  *)
(* lockdep's "shared" readers).  Without it readers never wait for a       *)
(* queued writer ("shared recursive" readers): the cycle cannot close.     *)
(*                                                                         *)
(* The rwsem code was in kvm/queue in April 2021 (Sean Christopherson's    *)
(* "[PATCH v2 09/10] KVM: Don't take mmu_lock for range invalidation       *)
(* unless necessary"), never in a release: down_read/up_read in            *)
(* kvm_mmu_notifier_invalidate_range_start/_end, for blockable             *)
(* invalidations only (here every invalidation is blockable), and          *)
(* down_write/up_write in install_new_memslots.  Its actions are marked    *)
(* "(rejected v1 of the patch)"; the pseudo-lock is Linux 5.15 code.       *)
(***************************************************************************)
EXTENDS KvmMmu

CONSTANT FairRwsem

ASSUME FairRwsemOK == Assert(FairRwsem \in BOOLEAN, "FairRwsem must be TRUE or FALSE")

VARIABLES
    pseudo_lock,            \* holder of the mmu_notifier_invalidate_range_start pseudo-lock
    rwsem_readers,          \* tasks holding mmu_notifier_slots_lock for read
    rwsem_writer,           \* the task holding it for write, or NoTask
    rwsem_writer_queued     \* a down_write() is waiting

rwVars == <<pseudo_lock, rwsem_readers, rwsem_writer, rwsem_writer_queued>>
vars == <<mmuVars, invVars, vcpuVars, updVars, rounds, rwVars>>

TypeOK ==
    /\ MmuTypeOK
    /\ pseudo_lock \in Inv \cup {NoTask}
    /\ rwsem_readers \subseteq Inv
    /\ rwsem_writer \in {Updater, NoTask}
    /\ rwsem_writer_queued \in BOOLEAN
    /\ ipc \in [Inv -> {"idle", "start_pseudo_acquire", "start_down_read",
                        "start_hva_range", "start_lock_mmu", "start_inc_count",
                        "start_unmap", "start_unlock_mmu", "start_pseudo_release",
                        "primary_pte_change", "end_pseudo_acquire", "end_hva_range",
                        "end_lock_mmu", "end_dec_count", "end_unlock_mmu",
                        "end_up_read", "end_pseudo_release"}]
    /\ vpc \in [VCpus -> {"idle", "lookup", "gup", "lock_mmu", "retry_check",
                          "install_spte", "unlock_mmu"}]
    /\ upc \in {"idle", "install_down_write", "install_down_write_wait",
                "install_publish", "install_up_write", "install_synchronize_srcu",
                "install_generation_done", "flush_lock_mmu", "flush_zap",
                "flush_unlock_mmu", "apply_flags"}

Init ==
    /\ MmuInit
    /\ pseudo_lock = NoTask
    /\ rwsem_readers = {}
    /\ rwsem_writer = NoTask
    /\ rwsem_writer_queued = FALSE

-----------------------------------------------------------------------------
(* Invalidation: __mmu_notifier_invalidate_range_start/_end around KVM's  *)
(* callbacks.                                                              *)

\* Kernel: include/linux/mmu_notifier.h: mmu_notifier_invalidate_range_start (Linux 5.15)
StartBegin(t) ==
    /\ ipc[t] = "idle"
    /\ MayBegin(t)
    /\ \E r \in Ranges : irange' = [irange EXCEPT ![t] = r]
    /\ ipc' = [ipc EXCEPT ![t] = "start_pseudo_acquire"]
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars, rounds, rwVars>>

\* lock_map_acquire(&__mmu_notifier_invalidate_range_start_map)
\* Kernel: include/linux/mmu_notifier.h: mmu_notifier_invalidate_range_start (Linux 5.15)
StartPseudoAcquire(t) ==
    /\ ipc[t] = "start_pseudo_acquire"
    /\ pseudo_lock = NoTask
    /\ pseudo_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "start_down_read"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   rwsem_readers, rwsem_writer, rwsem_writer_queued>>

\* down_read(&kvm->mmu_notifier_slots_lock), the pseudo-lock held (*).
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (rejected v1 of the patch)
StartDownRead(t) ==
    /\ ipc[t] = "start_down_read"
    /\ rwsem_writer = NoTask
    /\ FairRwsem => ~rwsem_writer_queued
    /\ rwsem_readers' = rwsem_readers \cup {t}
    /\ ipc' = [ipc EXCEPT ![t] = "start_hva_range"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   pseudo_lock, rwsem_writer, rwsem_writer_queued>>

\* lock_map_release(&__mmu_notifier_invalidate_range_start_map)
\* Kernel: include/linux/mmu_notifier.h: mmu_notifier_invalidate_range_start (Linux 5.15)
StartPseudoRelease(t) ==
    /\ ipc[t] = "start_pseudo_release"
    /\ pseudo_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = "primary_pte_change"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   rwsem_readers, rwsem_writer, rwsem_writer_queued>>

\* lock_map_acquire() again for the end callback, the rwsem still held (**).
\* Kernel: mm/mmu_notifier.c: __mmu_notifier_invalidate_range_end (Linux 5.15)
EndPseudoAcquire(t) ==
    /\ ipc[t] = "end_pseudo_acquire"
    /\ pseudo_lock = NoTask
    /\ pseudo_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "end_hva_range"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   rwsem_readers, rwsem_writer, rwsem_writer_queued>>

\* up_read(&kvm->mmu_notifier_slots_lock)
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (rejected v1 of the patch)
EndUpRead(t) ==
    /\ ipc[t] = "end_up_read"
    /\ rwsem_readers' = rwsem_readers \ {t}
    /\ ipc' = [ipc EXCEPT ![t] = "end_pseudo_release"]
    /\ UNCHANGED <<mmuVars, irange, izap, incremented, vcpuVars, updVars, rounds,
                   pseudo_lock, rwsem_writer, rwsem_writer_queued>>

\* lock_map_release(&__mmu_notifier_invalidate_range_start_map)
\* Kernel: mm/mmu_notifier.c: __mmu_notifier_invalidate_range_end (Linux 5.15)
EndPseudoRelease(t) ==
    /\ ipc[t] = "end_pseudo_release"
    /\ pseudo_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = "idle"]
    /\ irange' = [irange EXCEPT ![t] = Pages]
    /\ Finished(t)
    /\ UNCHANGED <<mmuVars, izap, incremented, vcpuVars, updVars,
                   rwsem_readers, rwsem_writer, rwsem_writer_queued>>

\* Kernel: none (modelling step: the steps of one invalidation task)
InvStep(t) ==
    \/ StartPseudoAcquire(t) \/ StartDownRead(t)
    \/ StartHvaRange(t, "start_pseudo_release") /\ UNCHANGED rwVars
    \/ StartLockMmu(t) /\ UNCHANGED rwVars
    \/ StartIncNotifierCount(t) /\ UNCHANGED rwVars
    \/ StartUnmap(t) /\ UNCHANGED rwVars
    \/ StartUnlockMmu(t, "start_pseudo_release") /\ UNCHANGED rwVars
    \/ StartPseudoRelease(t)
    \/ PrimaryChangePte(t, "end_pseudo_acquire") /\ UNCHANGED rwVars
    \/ EndPseudoAcquire(t)
    \/ EndHvaRange(t, "end_up_read") /\ UNCHANGED rwVars
    \/ EndLockMmu(t) /\ UNCHANGED rwVars
    \/ EndDecNotifierCount(t) /\ UNCHANGED rwVars
    \/ EndUnlockMmu(t, "end_up_read") /\ UNCHANGED rwVars
    \/ EndUpRead(t) \/ EndPseudoRelease(t)

-----------------------------------------------------------------------------
(* install_new_memslots() with down_write/up_write around the publish.    *)

\* mutex_lock(&kvm->slots_lock); __kvm_set_memory_region() -> kvm_set_memslot().
\* Kernel: virt/kvm/kvm_main.c: kvm_set_memory_region (Linux 5.15)
UpdateBegin ==
    /\ UpdateChoose
    /\ upc' = "install_down_write"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, rounds, rwVars>>

\* down_write(): the writer queues; a fair rwsem admits no new reader now.
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (rejected v1 of the patch)
InstallDownWrite ==
    /\ upc = "install_down_write"
    /\ rwsem_writer_queued' = TRUE
    /\ upc' = "install_down_write_wait"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   pseudo_lock, rwsem_readers, rwsem_writer>>

\* ... and gets the lock once the readers are gone.
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (rejected v1 of the patch)
InstallDownWriteWait ==
    /\ upc = "install_down_write_wait"
    /\ rwsem_readers = {}
    /\ rwsem_writer' = Updater
    /\ rwsem_writer_queued' = FALSE
    /\ upc' = "install_publish"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   pseudo_lock, rwsem_readers>>

\* rcu_assign_pointer(kvm->memslots[as_id], slots);
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallPublish ==
    /\ upc = "install_publish"
    /\ memslots' = unew
    /\ upc' = "install_up_write"
    /\ UNCHANGED <<pte, spte, writable, logging, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   invVars, vcpuVars, unew, ufinal, rounds, rwVars>>

\* up_write(&kvm->mmu_notifier_slots_lock)
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (rejected v1 of the patch)
InstallUpWrite ==
    /\ upc = "install_up_write"
    /\ rwsem_writer' = NoTask
    /\ upc' = "install_synchronize_srcu"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds,
                   pseudo_lock, rwsem_readers, rwsem_writer_queued>>

\* Kernel: none (modelling step: the steps of the memslot updater)
UpdStep ==
    \/ InstallDownWrite \/ InstallDownWriteWait \/ InstallPublish
    \/ InstallUpWrite
    \/ InstallSynchronizeSrcu /\ UNCHANGED rwVars
    \/ InstallGenerationDone /\ UNCHANGED rwVars
    \/ ApplyFlags /\ UNCHANGED rwVars
    \/ FlushShadow("install_down_write") /\ UNCHANGED rwVars

\* The vCPU's fault steps; one disjunct per action, so traces name them.
\* Kernel: none (modelling step: the steps of one vCPU's page fault)
VCpuStep(v) ==
    \/ FaultLookup(v) /\ UNCHANGED rwVars
    \/ FaultGup(v) /\ UNCHANGED rwVars
    \/ FaultLockMmu(v) /\ UNCHANGED rwVars
    \/ FaultRetryCheck(v) /\ UNCHANGED rwVars
    \/ FaultInstallSpte(v) /\ UNCHANGED rwVars
    \/ FaultUnlockMmu(v) /\ UNCHANGED rwVars

-----------------------------------------------------------------------------
Next ==
    \/ \E t \in Inv : StartBegin(t) \/ InvStep(t)
    \/ \E v \in VCpus : FaultBegin(v) /\ UNCHANGED rwVars
    \/ \E v \in VCpus : VCpuStep(v)
    \/ UpdateBegin \/ UpdStep
    \/ Terminated /\ UNCHANGED vars

Fairness ==
    /\ \A t \in Inv : SF_vars(InvStep(t))
    /\ \A v \in VCpus : SF_vars(VCpuStep(v))
    /\ SF_vars(UpdStep)

Spec == Init /\ [][Next]_vars /\ Fairness

\* The step MutualExclusion constrains (trace validation checks it on every
\* replayed step: a step predicate cannot be taken out of [][A]_vars).
MutualExclusionStep == memslots' # memslots => rwsem_readers = {}

\* Between down_read and up_read the memslots pointer never changes.
MutualExclusion == [][MutualExclusionStep]_vars
=============================================================================
