------------------------------ MODULE KvmGpc618 ------------------------------
(***************************************************************************)
(* Linux 6.18: the gfn-to-pfn cache (virt/kvm/pfncache.c), the one reader *)
(* of the protocol's private counter mn_active_invalidate_count that takes *)
(* no lock.  gfn_to_pfn_cache_invalidate_start() runs from range_start()   *)
(* after the count rises and before mmu_lock (so before                    *)
(* mmu_invalidate_in_progress rises); hva_to_pfn_retry() looks the page up *)
(* with gpc->lock dropped and retries while mmu_notifier_retry_cache()     *)
(* says an invalidation ran or runs (the count, smp_rmb(), the seq);       *)
(* kvm_gpc_check() accepts the cache under gpc->lock held for read.        *)
(*                                                                         *)
(* A focused model, not an instance of Kvm618Mmu, because the cache reads  *)
(* and writes only: mn_active_invalidate_count, mmu_invalidate_seq (and    *)
(* mmu_invalidate_in_progress in one mutant), the memslots' generation and *)
(* the hva of the cache's gpa, the primary MMU's PTE, kvm->gpc_lock and    *)
(* its own fields.  Kvm618's SPTEs, vCPU fault, kvm_zap_gfn_range() and    *)
(* the INVALID copy write none of those, except that a zap moves seq and   *)
(* in_progress (never the count): a zap can only add retries to a refresh. *)
(* The notifier/swap side's own properties (balance, mutual exclusion,     *)
(* the rcuwait) are checked in Kvm618 with all of that; sharing its state  *)
(* here would multiply the space by state the cache cannot observe.        *)
(* What is shared is the meaning: the notifier steps below are the same    *)
(* kernel statements as Kvm618's, merged where the text says why.          *)
(*                                                                         *)
(* Sources: virt/kvm/pfncache.c, virt/kvm/kvm_main.c of the 6.17-rc3 tree  *)
(* Kingxukai/linux (whose code matches 6.18 here, as for Kvm618Mmu),       *)
(* arch/x86/kvm/x86.c (a user).  Every action has one line                 *)
(*     Kernel: <path>: <function> (Linux 6.18)                             *)
(* "Kernel: none (modelling step: ...)" marks a step with no KVM           *)
(* counterpart.  Every line a seeded mutant or the proposal changes ends   *)
(* in \* MUTANT or \* PROPOSAL.                                            *)
(*                                                                         *)
(* Abstractions:                                                           *)
(*  - One cache, one page.  An invalidation covers one page [h, h+1).      *)
(*    pte[h] is the frame the primary MMU maps at h; an invalidation flips *)
(*    it between its start() and end() (the page is replaced, and the old *)
(*    one may be freed once no reference is held).                         *)
(*  - The memslot holding the cache's gpa maps it to slot_hva; the         *)
(*    memslots cover no other hva ({slot_hva} is what kvm_handle_hva_range *)
(*    finds).  An update moves the gpa to another hva of SlotHvas (a       *)
(*    DELETE and a CREATE at another userspace_addr, as one swap).         *)
(*  - mmu_invalidate_seq only feeds "seq != mmu_seq": kept as seq_moved[r] *)
(*    per refresher (as Kvm618Mmu does for the fault).                     *)
(*  - mmu_lock is not a variable: its takers here are begin and end, each  *)
(*    one critical section (one step); nothing else in this model takes   *)
(*    it.  A lock/statement/unlock triple is one step where every other    *)
(*    access to what it guards takes the same lock (acquisition moves      *)
(*    right, release left); a lock held across steps is a variable.        *)
(*  - kvm_swap_active_memslots()'s wait is a guard (count = 0 under        *)
(*    mn_invalidate_lock); its sleep and wake-up are Kvm618's business.    *)
(*  - Sequential consistency, except where a mutant drops a barrier: that  *)
(*    mutant performs the reads in the order the barrier forbade.          *)
(*                                                                         *)
(* Variant is adopted_gpc_618 (the kernel), a seeded mutant, or            *)
(* range_gpc_618, the 2024 range-based proposal (David Woodhouse, v3,      *)
(* 20240821202814.711673-{1..5}-dwmw2@infradead.org), modelled after its   *)
(* commit messages ("KVM: pfncache: Add needs_invalidation flag",          *)
(* "Implement range-based invalidation check for hva_to_pfn_retry()"):     *)
(* range_start records the min/max of the in-flight ranges under           *)
(* mn_invalidate_lock (reset when the count returns to 0); the             *)
(* invalidation clears gpc->needs_invalidation (set before the lock is     *)
(* dropped) even while a refresh is under way; before hva_to_pfn() the     *)
(* refresh spins while an in-flight range covers its uhva; it retries only *)
(* if needs_invalidation was cleared.  No seq, no count in the refresh.    *)
(*   in_progress_gpc_618   mmu_notifier_retry_cache() tests               *)
(*                         mmu_invalidate_in_progress, not the count       *)
(*   seq_before_count_gpc_618 no smp_rmb(): the seq read is satisfied      *)
(*                         before the count read                           *)
(*   seq_once_gpc_618      mmu_seq is read once, before the do-loop        *)
(*   invalidate_before_count_gpc_618 range_start calls                     *)
(*                         gfn_to_pfn_cache_invalidate_start() before      *)
(*                         mn_active_invalidate_count++                    *)
(*   read_lock_invalidate_gpc_618 the invalidation clears valid under the  *)
(*                         read lock (no upgrade to the write lock)        *)
(*   no_recheck_gpc_618    no re-check after the upgrade                   *)
(*   deactivate_list_first_gpc_618 kvm_gpc_deactivate() takes the cache    *)
(*                         off gpc_list before clearing active/valid       *)
(*   deactivate_nested_gpc_618 kvm_gpc_deactivate() does list_del under    *)
(*                         the write lock (gpc->lock, then gpc_lock)       *)
(*   no_generation_check_gpc_618 kvm_gpc_check() without the memslot      *)
(*                         generation test                                 *)
(*   no_refresh_lock_gpc_618 kvm_gpc_refresh() without refresh_lock        *)
(*   no_seq_gpc_618        mmu_notifier_retry_cache() tests only the count,*)
(*                         not mmu_invalidate_seq                          *)
(*   no_clear_valid_gpc_618 hva_to_pfn_retry() does not clear gpc->valid   *)
(*                         before dropping gpc->lock                       *)
(* and needs_invalidation_gpc_618, a fix candidate: 6.18 plus only the    *)
(* proposal's first patch ("Add needs_invalidation flag"): the            *)
(* invalidation also clears gpc->needs_invalidation, set before the       *)
(* refresh drops the lock; the refresh retries on the count, on it being  *)
(* cleared, or on the seq.  And mn_seq_gpc_618, a fix candidate for the  *)
(* hva-based cache outside the memslots: range_end also bumps a counter   *)
(* of its own (kvm->mn_invalidate_seq, say) under mn_invalidate_lock with *)
(* the --count, and mmu_notifier_retry_cache compares it too (seq_moved   *)
(* stands for "either seq moved").                                        *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS
    Inv,         \* primary-MMU tasks calling invalidate_range_start/end
    Refreshers,  \* tasks calling kvm_gpc_activate/_refresh/_deactivate
    Users,       \* tasks reading through the cache (kvm_gpc_check, khva)
    Updater,     \* the memslot updater (slots_lock: one)
    Updates,     \* how many memslot updates it makes (a natural number)
    Ops,         \* what refreshers do: subset of activate, refresh, deactivate
    CacheKind,   \* "gpa" (kvm_gpc_activate) or "hva" (kvm_gpc_activate_hva)
    CacheHva,    \* an hva-based cache's uhva
    SlotHvas,    \* the hvas the memslot of the cache's gpa can map it to
    InvHvas,     \* the pages invalidations hit
    Variant      \* adopted_gpc_618, a seeded mutant, or range_gpc_618

Variants == {"adopted_gpc_618", "in_progress_gpc_618", "seq_before_count_gpc_618",
             "seq_once_gpc_618", "invalidate_before_count_gpc_618",
             "read_lock_invalidate_gpc_618", "no_recheck_gpc_618",
             "deactivate_list_first_gpc_618", "deactivate_nested_gpc_618",
             "no_generation_check_gpc_618", "no_refresh_lock_gpc_618", "range_gpc_618",
             "needs_invalidation_gpc_618", "mn_seq_gpc_618",
             "no_seq_gpc_618", "no_clear_valid_gpc_618"}

ASSUME ConstantsOK ==
    /\ Assert(Variant \in Variants,
              "Variant must be adopted_gpc_618, range_gpc_618 or a mutant named in KvmGpc618.tla")
    /\ Assert(Updates \in Nat, "Updates must be a natural number")
    /\ Assert(Ops # {} /\ Ops \subseteq {"activate", "refresh", "deactivate"},
              "Ops must be a non-empty subset of activate, refresh, deactivate")
    /\ Assert(CacheKind \in {"gpa", "hva"}, "CacheKind must be gpa or hva")
    /\ Assert(SlotHvas # {} /\ SlotHvas \subseteq Nat /\ InvHvas \subseteq Nat
              /\ CacheHva \in Nat /\ 0 \notin SlotHvas \cup InvHvas \cup {CacheHva},
              "SlotHvas (non-empty), InvHvas and CacheHva must be positive naturals")
    /\ Assert(Inv \cap Refreshers = {} /\ Inv \cap Users = {} /\ Refreshers \cap Users = {}
              /\ Updater \notin Inv \cup Refreshers \cup Users,
              "Inv, Refreshers, Users and Updater must be disjoint")

Tasks   == Inv \cup Refreshers \cup Users \cup {Updater}
NoTask  == "none"
Frames  == {0, 1}
Hvas    == SlotHvas \cup InvHvas \cup {CacheHva}
BadHva  == 0           \* KVM_HVA_ERR_BAD
ErrPfn  == -1          \* KVM_PFN_ERR_FAULT
NoRange == -1          \* proposal: no invalidation in flight
Min(a, b) == IF a < b THEN a ELSE b
Max(a, b) == IF a > b THEN a ELSE b

VARIABLES
    pte,                        \* primary MMU: hva -> frame
    mn_active_invalidate_count,
    mmu_invalidate_in_progress,
    seq_moved,                  \* per refresher: mmu_invalidate_seq # its mmu_seq
    slot_hva,                   \* the hva the current memslots give the cache's gpa
    slots_gen,                  \* kvm_memslots(kvm)->generation
    gpc_lock,                   \* holder of kvm->gpc_lock, or NoTask
    gpc_list,                   \* the cache is on kvm->gpc_list
    active, valid, uhva, pfn, generation,   \* the gfn_to_pfn_cache's fields
    needs_invalidation,         \* proposal: gpc->needs_invalidation
    gpc_writer,                 \* gpc->lock held for write by, or NoTask
    gpc_readers,                \* gpc->lock held for read by (users)
    refresh_lock,               \* gpc->refresh_lock holder, or NoTask
    gpc_inv_lo, gpc_inv_hi,     \* proposal: the in-flight range, min/max hva
    ipc, ihva,                  \* per invalidation: where it is, its page
    rpc, ruhva, rnew, rsnap,    \* per refresher: where, kfp.hva, new_pfn, seq read once
    upc, uslot_ok,              \* per user: where, ghost: uhva current at the check
    updpc, updates              \* the updater: where, how many done

gpcVars == <<gpc_lock, gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
             gpc_writer, gpc_readers, refresh_lock>>
kvmVars == <<pte, mn_active_invalidate_count, mmu_invalidate_in_progress, seq_moved,
             slot_hva, slots_gen, gpc_inv_lo, gpc_inv_hi>>
invVars == <<ipc, ihva>>
refVars == <<rpc, ruhva, rnew, rsnap>>
useVars == <<upc, uslot_ok>>
updVars == <<updpc, updates>>
vars == <<gpcVars, kvmVars, invVars, refVars, useVars, updVars>>

IPcs == {"idle", "start_inc_active", "gpc_inv_lock_list", "gpc_inv_read_check",
         "gpc_inv_write", "gpc_inv_unlock_list", "start_hva_range", "primary_pte_change",
         "end_hva_range", "end_dec_active"}
RetryPcs == {"retry_snapshot", "retry_wait_pending", "retry_hva_to_pfn",
             "retry_check_count", "retry_check_seq"}
RefreshPcs == {"refresh_start"} \cup RetryPcs
RPcs == {"idle", "activate_list_add", "activate_set_active", "deactivate_clear",
         "deactivate_list_del"} \cup RefreshPcs

Proposal == Variant = "range_gpc_618"
\* gpc->needs_invalidation exists (the proposal, or only its first patch).
NeedsInv == Variant \in {"range_gpc_618", "needs_invalidation_gpc_618"}

TypeOK ==
    /\ pte \in [Hvas -> Frames]
    /\ mn_active_invalidate_count \in Nat
    /\ mmu_invalidate_in_progress \in Nat
    /\ seq_moved \in [Refreshers -> BOOLEAN]
    /\ slot_hva \in SlotHvas
    /\ slots_gen \in Nat
    /\ gpc_lock \in Tasks \cup {NoTask}
    /\ gpc_list \in BOOLEAN
    /\ active \in BOOLEAN /\ valid \in BOOLEAN /\ needs_invalidation \in BOOLEAN
    /\ uhva \in Hvas \cup {BadHva}
    /\ pfn \in Frames \cup {ErrPfn}
    /\ generation \in Nat \cup {-1}
    /\ gpc_writer \in Tasks \cup {NoTask}
    /\ gpc_readers \subseteq Users
    /\ refresh_lock \in Refreshers \cup {NoTask}
    /\ gpc_inv_lo \in Hvas \cup {NoRange} /\ gpc_inv_hi \in Hvas \cup {NoRange}
    /\ ipc \in [Inv -> IPcs] /\ ihva \in [Inv -> InvHvas \cup {BadHva}]
    /\ rpc \in [Refreshers -> RPcs] /\ ruhva \in [Refreshers -> Hvas \cup {BadHva}]
    /\ rnew \in [Refreshers -> Frames \cup {ErrPfn}] /\ rsnap \in [Refreshers -> BOOLEAN]
    /\ upc \in [Users -> {"idle", "use"}] /\ uslot_ok \in [Users -> BOOLEAN]
    /\ updpc \in {"idle", "swap_new_generation"} /\ updates \in 0..Updates

\* kvm_gpc_init(): pfn = KVM_PFN_ERR_FAULT, gpa = INVALID_GPA or the gpa,
\* uhva = KVM_HVA_ERR_BAD, active = valid = false.  Without "activate" in
\* Ops the cache starts activated (on the list, active, not yet valid; an
\* hva-based one with its uhva, as __kvm_gpc_activate leaves it on error).
Init ==
    /\ pte = [h \in Hvas |-> 0]
    /\ mn_active_invalidate_count = 0
    /\ mmu_invalidate_in_progress = 0
    /\ seq_moved = [r \in Refreshers |-> FALSE]
    /\ slot_hva = CHOOSE h \in SlotHvas : \A k \in SlotHvas : h <= k
    /\ slots_gen = 0
    /\ gpc_lock = NoTask
    /\ gpc_list = ("activate" \notin Ops)
    /\ active = ("activate" \notin Ops)
    /\ valid = FALSE
    /\ uhva = IF "activate" \notin Ops /\ CacheKind = "hva" THEN CacheHva ELSE BadHva
    /\ pfn = ErrPfn
    /\ generation = -1
    /\ needs_invalidation = FALSE
    /\ gpc_writer = NoTask
    /\ gpc_readers = {}
    /\ refresh_lock = NoTask
    /\ gpc_inv_lo = NoRange /\ gpc_inv_hi = NoRange
    /\ ipc = [t \in Inv |-> "idle"] /\ ihva = [t \in Inv |-> BadHva]
    /\ rpc = [r \in Refreshers |-> "idle"] /\ ruhva = [r \in Refreshers |-> BadHva]
    /\ rnew = [r \in Refreshers |-> ErrPfn] /\ rsnap = [r \in Refreshers |-> FALSE]
    /\ upc = [u \in Users |-> "idle"] /\ uslot_ok = [u \in Users |-> TRUE]
    /\ updpc = "idle" /\ updates = 0

\* gpc->lock is free for a writer / for a reader (qrwlock).
RwFree     == gpc_writer = NoTask /\ gpc_readers = {}
NoWriter   == gpc_writer = NoTask
\* The memslots cover only slot_hva (see the abstractions).
InSlots(h) == h = slot_hva
\* proposal: an in-flight invalidation's range covers hva h.
Covers(h)  == mn_active_invalidate_count # 0 /\ gpc_inv_lo <= h /\ h <= gpc_inv_hi

-----------------------------------------------------------------------------
(* kvm_mmu_notifier_invalidate_range_start() / _end(), one page each     *)

\* The primary MMU calls mmu_notifier_invalidate_range_start() for
\* [h, h+1).  Not fair: the environment may stop invalidating.
\* Kernel: none (modelling step: mm/mmu_notifier.c calls the notifier)
InvBegin(t) ==
    /\ ipc[t] = "idle"
    /\ \E h \in InvHvas : ihva' = [ihva EXCEPT ![t] = h]
    /\ ipc' = [ipc EXCEPT ![t] = IF Variant = "invalidate_before_count_gpc_618"  \* MUTANT
                                 THEN "gpc_inv_lock_list"                       \* MUTANT
                                 ELSE "start_inc_active"]
    /\ UNCHANGED <<gpcVars, kvmVars, refVars, useVars, updVars>>

\* spin_lock(&kvm->mn_invalidate_lock); kvm->mn_active_invalidate_count++;
\* spin_unlock(&kvm->mn_invalidate_lock);  One step: the lock's other
\* takers (range_end, the swap) are excluded by it, and the lock-free
\* reader (mmu_notifier_retry_cache) sees the old or the new value.
\* range_gpc_618: under the same lock, the in-flight range takes in h.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 6.18)
StartIncActive(t) ==
    /\ ipc[t] = "start_inc_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count + 1
    /\ IF Proposal                                                             \* PROPOSAL
         THEN /\ gpc_inv_lo' = IF mn_active_invalidate_count = 0 THEN ihva[t]  \* PROPOSAL
                               ELSE Min(gpc_inv_lo, ihva[t])                   \* PROPOSAL
              /\ gpc_inv_hi' = IF mn_active_invalidate_count = 0 THEN ihva[t]  \* PROPOSAL
                               ELSE Max(gpc_inv_hi, ihva[t])                   \* PROPOSAL
         ELSE UNCHANGED <<gpc_inv_lo, gpc_inv_hi>>
    /\ ipc' = [ipc EXCEPT ![t] = IF Variant = "invalidate_before_count_gpc_618" \* MUTANT
                                 THEN "start_hva_range"                        \* MUTANT
                                 ELSE "gpc_inv_lock_list"]
    /\ UNCHANGED <<gpcVars, pte, mmu_invalidate_in_progress, seq_moved, slot_hva, slots_gen,
                   ihva, refVars, useVars, updVars>>

\* gfn_to_pfn_cache_invalidate_start(): spin_lock(&kvm->gpc_lock);
\* list_for_each_entry(gpc, &kvm->gpc_list, list)  (one cache: is it on
\* the list?  gpc_lock keeps the list fixed while held).
\* Kernel: virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start (Linux 6.18)
GpcInvLockList(t) ==
    /\ ipc[t] = "gpc_inv_lock_list"
    /\ gpc_lock = NoTask
    /\ gpc_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = IF gpc_list THEN "gpc_inv_read_check" ELSE "gpc_inv_unlock_list"]
    /\ UNCHANGED <<gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, refresh_lock, kvmVars, ihva, refVars, useVars, updVars>>

\* The test of gfn_to_pfn_cache_invalidate_start: "gpc->valid &&
\* !is_error_noslot_pfn(gpc->pfn) && gpc->uhva >= start && gpc->uhva < end".
\* range_gpc_618, needs_invalidation_gpc_618: needs_invalidation instead of
\* valid (set while a refresh has dropped the lock, and kept while valid).
Hit(t) ==
    /\ IF NeedsInv THEN needs_invalidation ELSE valid /\ pfn # ErrPfn      \* PROPOSAL
    /\ uhva = ihva[t]

\* read_lock_irq(&gpc->lock); if (<Hit>) { read_unlock_irq(); -> upgrade }
\* else read_unlock_irq(&gpc->lock);  One step: what it reads is stable
\* while the read lock is held, and it does nothing else under it.
\* read_lock_invalidate_gpc_618: gpc->valid = false under the read lock.
\* Kernel: virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start (Linux 6.18)
GpcInvReadCheck(t) ==
    /\ ipc[t] = "gpc_inv_read_check"
    /\ NoWriter
    /\ IF Hit(t) /\ Variant = "read_lock_invalidate_gpc_618"                  \* MUTANT
         THEN /\ valid' = FALSE                                                \* MUTANT
              /\ ipc' = [ipc EXCEPT ![t] = "gpc_inv_unlock_list"]              \* MUTANT
         ELSE /\ ipc' = [ipc EXCEPT ![t] = IF Hit(t) THEN "gpc_inv_write"
                                           ELSE "gpc_inv_unlock_list"]
              /\ UNCHANGED valid
    /\ UNCHANGED <<gpc_lock, gpc_list, active, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, refresh_lock, kvmVars, ihva, refVars, useVars, updVars>>

\* write_lock_irq(&gpc->lock); if (<Hit>) gpc->valid = false;
\* write_unlock_irq(&gpc->lock);  (the re-check: "There is a small window
\* here where the cache could be modified").  One step: the write lock
\* excludes every other access to the cache.
\* no_recheck_gpc_618: valid = false without the re-check.
\* range_gpc_618: needs_invalidation = false too.
\* Kernel: virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start (Linux 6.18)
GpcInvWriteInvalidate(t) ==
    /\ ipc[t] = "gpc_inv_write"
    /\ RwFree
    /\ IF Hit(t) \/ Variant = "no_recheck_gpc_618"                             \* MUTANT
         THEN /\ valid' = FALSE
              /\ needs_invalidation' = FALSE
         ELSE UNCHANGED <<valid, needs_invalidation>>
    /\ ipc' = [ipc EXCEPT ![t] = "gpc_inv_unlock_list"]
    /\ UNCHANGED <<gpc_lock, gpc_list, active, uhva, pfn, generation,
                   gpc_writer, gpc_readers, refresh_lock, kvmVars, ihva, refVars, useVars, updVars>>

\* spin_unlock(&kvm->gpc_lock);  Back in range_start: kvm_handle_hva_range.
\* invalidate_before_count_gpc_618: then the count.
\* Kernel: virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start (Linux 6.18)
GpcInvUnlockList(t) ==
    /\ ipc[t] = "gpc_inv_unlock_list"
    /\ gpc_lock' = NoTask
    /\ ipc' = [ipc EXCEPT ![t] = IF Variant = "invalidate_before_count_gpc_618" \* MUTANT
                                 THEN "start_inc_active"                       \* MUTANT
                                 ELSE "start_hva_range"]
    /\ UNCHANGED <<gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, refresh_lock, kvmVars, ihva, refVars, useVars, updVars>>

\* kvm_handle_hva_range(kvm, &hva_range) with on_lock =
\* kvm_mmu_invalidate_begin: only if a memslot overlaps: KVM_MMU_LOCK;
\* mmu_invalidate_in_progress++; range_add; unmap; KVM_MMU_UNLOCK (one
\* critical section of mmu_lock, one step).
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18)
StartHvaRange(t) ==
    /\ ipc[t] = "start_hva_range"
    /\ mmu_invalidate_in_progress' = IF InSlots(ihva[t]) THEN mmu_invalidate_in_progress + 1
                                     ELSE mmu_invalidate_in_progress
    /\ ipc' = [ipc EXCEPT ![t] = "primary_pte_change"]
    /\ UNCHANGED <<gpcVars, pte, mn_active_invalidate_count, seq_moved, slot_hva, slots_gen,
                   gpc_inv_lo, gpc_inv_hi, ihva, refVars, useVars, updVars>>

\* Between start and end the primary MMU replaces the page at h.
\* Kernel: none (modelling step: the primary MMU's PTE change, outside KVM)
PrimaryChangePte(t) ==
    /\ ipc[t] = "primary_pte_change"
    /\ pte' = [pte EXCEPT ![ihva[t]] = 1 - @]
    /\ ipc' = [ipc EXCEPT ![t] = "end_hva_range"]
    /\ UNCHANGED <<gpcVars, mn_active_invalidate_count, mmu_invalidate_in_progress, seq_moved,
                   slot_hva, slots_gen, gpc_inv_lo, gpc_inv_hi, ihva, refVars, useVars, updVars>>

\* kvm_mmu_notifier_invalidate_range_end(): kvm_handle_hva_range() with
\* on_lock = kvm_mmu_invalidate_end, only if a memslot overlaps (the
\* memslots are those of the start: the count keeps the swap out):
\* mmu_invalidate_seq++; smp_wmb(); mmu_invalidate_in_progress--.  No
\* memslot, no seq++.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_end (Linux 6.18)
EndHvaRange(t) ==
    /\ ipc[t] = "end_hva_range"
    /\ IF InSlots(ihva[t])
         THEN /\ seq_moved' = [r \in Refreshers |-> TRUE]
              /\ mmu_invalidate_in_progress' = mmu_invalidate_in_progress - 1
         ELSE UNCHANGED <<seq_moved, mmu_invalidate_in_progress>>
    /\ ipc' = [ipc EXCEPT ![t] = "end_dec_active"]
    /\ UNCHANGED <<gpcVars, pte, mn_active_invalidate_count, slot_hva, slots_gen,
                   gpc_inv_lo, gpc_inv_hi, ihva, refVars, useVars, updVars>>

\* spin_lock(&kvm->mn_invalidate_lock); if (!WARN_ON_ONCE(!count))
\* --count; wake = !count; spin_unlock();  (rcuwait_wake_up: the updater's
\* wait is a guard here).  One step, as StartIncActive.
\* range_gpc_618: the in-flight range is forgotten when the count is 0.
\* mn_seq_gpc_618: and a seq of the notifier's own moves, memslot or not.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 6.18)
EndDecActive(t) ==
    /\ ipc[t] = "end_dec_active"
    /\ mn_active_invalidate_count' = IF mn_active_invalidate_count # 0
                                     THEN mn_active_invalidate_count - 1
                                     ELSE mn_active_invalidate_count
    /\ IF Proposal /\ mn_active_invalidate_count' = 0                         \* PROPOSAL
         THEN gpc_inv_lo' = NoRange /\ gpc_inv_hi' = NoRange                   \* PROPOSAL
         ELSE UNCHANGED <<gpc_inv_lo, gpc_inv_hi>>
    /\ seq_moved' = IF Variant = "mn_seq_gpc_618"                           \* PROPOSAL
                    THEN [r \in Refreshers |-> TRUE]                         \* PROPOSAL
                    ELSE seq_moved
    /\ ipc' = [ipc EXCEPT ![t] = "idle"]
    /\ ihva' = [ihva EXCEPT ![t] = BadHva]
    /\ UNCHANGED <<gpcVars, pte, mmu_invalidate_in_progress, slot_hva, slots_gen,
                   refVars, useVars, updVars>>

\* Kernel: none (modelling step: the steps of one primary-MMU task)
InvStep(t) ==
    \/ StartIncActive(t) \/ GpcInvLockList(t) \/ GpcInvReadCheck(t)
    \/ GpcInvWriteInvalidate(t) \/ GpcInvUnlockList(t) \/ StartHvaRange(t)
    \/ PrimaryChangePte(t) \/ EndHvaRange(t) \/ EndDecActive(t)

-----------------------------------------------------------------------------
(* The cache's owner: kvm_gpc_activate, kvm_gpc_refresh, kvm_gpc_deactivate *)

\* Leaving __kvm_gpc_refresh / kvm_gpc_deactivate: the guard(mutex) drops
\* refresh_lock (a no_refresh_lock_gpc_618 refresh holds none to drop).
Release(r) == refresh_lock' = IF refresh_lock = r THEN NoTask ELSE refresh_lock

\* __kvm_gpc_activate(): guard(mutex)(&gpc->refresh_lock); if
\* (!gpc->active) { ... } else straight to __kvm_gpc_refresh().
\* Kernel: virt/kvm/pfncache.c: __kvm_gpc_activate (Linux 6.18)
GpcActivate(r) ==
    /\ rpc[r] = "idle"
    /\ "activate" \in Ops
    /\ refresh_lock = NoTask
    /\ refresh_lock' = r
    /\ rpc' = [rpc EXCEPT ![r] = IF active THEN "refresh_start" ELSE "activate_list_add"]
    /\ UNCHANGED <<gpc_lock, gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, kvmVars, invVars, ruhva, rnew, rsnap,
                   useVars, updVars>>

\* spin_lock(&kvm->gpc_lock); list_add(&gpc->list, &kvm->gpc_list);
\* spin_unlock(&kvm->gpc_lock);
\* Kernel: virt/kvm/pfncache.c: __kvm_gpc_activate (Linux 6.18)
GpcActivateListAdd(r) ==
    /\ rpc[r] = "activate_list_add"
    /\ gpc_lock = NoTask
    /\ gpc_list' = TRUE
    /\ rpc' = [rpc EXCEPT ![r] = "activate_set_active"]
    /\ UNCHANGED <<gpc_lock, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, refresh_lock, kvmVars, invVars, ruhva, rnew, rsnap,
                   useVars, updVars>>

\* write_lock_irq(&gpc->lock); gpc->active = true; write_unlock_irq();
\* ("Activate the cache after adding it to the list").
\* Kernel: virt/kvm/pfncache.c: __kvm_gpc_activate (Linux 6.18)
GpcActivateSetActive(r) ==
    /\ rpc[r] = "activate_set_active"
    /\ RwFree
    /\ active' = TRUE
    /\ rpc' = [rpc EXCEPT ![r] = "refresh_start"]
    /\ UNCHANGED <<gpc_lock, gpc_list, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, refresh_lock, kvmVars, invVars, ruhva, rnew, rsnap,
                   useVars, updVars>>

\* kvm_gpc_refresh(): guard(mutex)(&gpc->refresh_lock); kvm_gpc_is_valid_len;
\* __kvm_gpc_refresh(gpc, gpc->gpa, uhva).
\* no_refresh_lock_gpc_618: without the guard.
\* Kernel: virt/kvm/pfncache.c: kvm_gpc_refresh (Linux 6.18)
GpcRefresh(r) ==
    /\ rpc[r] = "idle"
    /\ "refresh" \in Ops
    /\ IF Variant = "no_refresh_lock_gpc_618"                                   \* MUTANT
         THEN UNCHANGED refresh_lock                                            \* MUTANT
         ELSE refresh_lock = NoTask /\ refresh_lock' = r
    /\ rpc' = [rpc EXCEPT ![r] = "refresh_start"]
    /\ UNCHANGED <<gpc_lock, gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, kvmVars, invVars, ruhva, rnew, rsnap,
                   useVars, updVars>>

\* __kvm_gpc_refresh(): write_lock_irq(&gpc->lock); if (!gpc->active)
\* -EINVAL (out_unlock).  A gpa-based cache whose generation differs from
\* slots->generation (or whose uhva is bad) takes generation and uhva from
\* kvm_memslots() (gfn_to_hva_memslot); an hva-based one keeps its uhva.
\* If valid and the hva did not change: out_unlock.  Otherwise
\* hva_to_pfn_retry(): kfp.hva = gpc->uhva; gpc->valid = false (still
\* under the write lock).  One step: the write lock excludes every other
\* access to the cache; kvm_memslots() is one read.
\* no_clear_valid_gpc_618: valid stays as it was (true when only the hva
\* changed), so a check in the window sees the new uhva with the old pfn.
\* Kernel: virt/kvm/pfncache.c: __kvm_gpc_refresh (Linux 6.18)
RefreshStart(r) ==
    /\ rpc[r] = "refresh_start"
    /\ RwFree
    /\ IF ~active
         THEN /\ rpc' = [rpc EXCEPT ![r] = "idle"]
              /\ Release(r)
              /\ UNCHANGED <<valid, uhva, generation, gpc_writer, ruhva>>
         ELSE LET newUhva == IF CacheKind = "hva" THEN CacheHva
                             ELSE IF generation # slots_gen \/ uhva = BadHva THEN slot_hva
                             ELSE uhva
                  newGen  == IF CacheKind = "hva" THEN generation ELSE slots_gen
              IN /\ uhva' = newUhva
                 /\ generation' = newGen
                 /\ IF valid /\ newUhva = uhva
                      THEN /\ rpc' = [rpc EXCEPT ![r] = "idle"]
                           /\ Release(r)
                           /\ UNCHANGED <<valid, gpc_writer, ruhva>>
                      ELSE /\ valid' = (Variant = "no_clear_valid_gpc_618" /\ valid) \* MUTANT
                           /\ gpc_writer' = r
                           /\ ruhva' = [ruhva EXCEPT ![r] = newUhva]
                           /\ rpc' = [rpc EXCEPT ![r] = "retry_snapshot"]
                           /\ UNCHANGED refresh_lock
    /\ UNCHANGED <<gpc_lock, gpc_list, active, pfn, needs_invalidation, gpc_readers,
                   kvmVars, invVars, rnew, rsnap, useVars, updVars>>

\* do { mmu_seq = kvm->mmu_invalidate_seq; smp_rmb();
\*      write_unlock_irq(&gpc->lock);
\* seq_once_gpc_618: mmu_seq is read once, before the loop.
\* range_gpc_618: gpc->needs_invalidation = true; write_unlock_irq().
\* needs_invalidation_gpc_618: the seq snapshot and needs_invalidation = true.
\* Kernel: virt/kvm/pfncache.c: hva_to_pfn_retry (Linux 6.18)
RetrySnapshot(r) ==
    /\ rpc[r] = "retry_snapshot"
    /\ IF Proposal                                                             \* PROPOSAL
         THEN /\ needs_invalidation' = TRUE                                    \* PROPOSAL
              /\ UNCHANGED <<seq_moved, rsnap>>
              /\ rpc' = [rpc EXCEPT ![r] = "retry_wait_pending"]               \* PROPOSAL
         ELSE /\ seq_moved' = IF Variant = "seq_once_gpc_618" /\ rsnap[r]      \* MUTANT
                              THEN seq_moved                                   \* MUTANT
                              ELSE [seq_moved EXCEPT ![r] = FALSE]
              /\ rsnap' = [rsnap EXCEPT ![r] = (Variant = "seq_once_gpc_618")] \* MUTANT
              /\ needs_invalidation' = (NeedsInv \/ needs_invalidation)           \* PROPOSAL
              /\ rpc' = [rpc EXCEPT ![r] = "retry_hva_to_pfn"]
    /\ gpc_writer' = NoTask
    /\ UNCHANGED <<gpc_lock, gpc_list, active, valid, uhva, pfn, generation,
                   gpc_readers, refresh_lock, pte, mn_active_invalidate_count,
                   mmu_invalidate_in_progress, slot_hva, slots_gen, gpc_inv_lo, gpc_inv_hi,
                   invVars, ruhva, rnew, useVars, updVars>>

\* range_gpc_618: spin (cpu_relax) while an in-flight invalidation's range,
\* read under mn_invalidate_lock, covers the uhva; a spin is a wait here.
\* Kernel: none (modelling step: the 2024 proposal, not in Linux 6.18)
RetryWaitPending(r) ==
    /\ rpc[r] = "retry_wait_pending"
    /\ ~Covers(ruhva[r])
    /\ rpc' = [rpc EXCEPT ![r] = "retry_hva_to_pfn"]
    /\ UNCHANGED <<gpcVars, kvmVars, invVars, ruhva, rnew, rsnap, useVars, updVars>>

\* new_pfn = hva_to_pfn(&kfp): the page the primary MMU maps at kfp.hva
\* now (a reference is taken); new_khva = gpc_map(new_pfn).  (Unmapping the
\* previous attempt's page first changes nothing modelled.)
\* Kernel: virt/kvm/pfncache.c: hva_to_pfn_retry (Linux 6.18)
RetryHvaToPfn(r) ==
    /\ rpc[r] = "retry_hva_to_pfn"
    /\ rnew' = [rnew EXCEPT ![r] = pte[ruhva[r]]]
    /\ rpc' = [rpc EXCEPT ![r] = "retry_check_count"]
    /\ UNCHANGED <<gpcVars, kvmVars, invVars, ruhva, rsnap, useVars, updVars>>

\* The loop succeeds: gpc->valid = true; gpc->pfn = new_pfn; gpc->khva =
\* ...; kvm_release_page_clean(page); back in __kvm_gpc_refresh: ret = 0,
\* write_unlock_irq(&gpc->lock); the guard drops refresh_lock.
Succeed(r) ==
    /\ valid' = TRUE
    /\ pfn' = rnew[r]
    /\ gpc_writer' = NoTask
    /\ Release(r)
    /\ rsnap' = [rsnap EXCEPT ![r] = FALSE]
    /\ rpc' = [rpc EXCEPT ![r] = "idle"]

\* write_lock_irq(&gpc->lock); WARN_ON_ONCE(gpc->valid);
\* } while (mmu_notifier_retry_cache(kvm, mmu_seq)): if
\* (kvm->mn_active_invalidate_count) return true;  (read with no lock: "it
\* is guaranteed to be elevated before the mmu_notifier acquires gpc->lock,
\* and isn't dropped until after mmu_invalidate_seq is updated").
\* in_progress_gpc_618: tests mmu_invalidate_in_progress.
\* seq_before_count_gpc_618: the seq read comes first (no smp_rmb()).
\* range_gpc_618: } while (!gpc->needs_invalidation); else success.
\* needs_invalidation_gpc_618: the count, or needs_invalidation cleared.
\* Kernel: virt/kvm/pfncache.c: mmu_notifier_retry_cache (Linux 6.18)
RetryCheckCount(r) ==
    /\ rpc[r] = "retry_check_count"
    /\ RwFree
    /\ IF Proposal                                                             \* PROPOSAL
         THEN IF needs_invalidation                                            \* PROPOSAL
                THEN Succeed(r)                                                \* PROPOSAL
                ELSE /\ gpc_writer' = r                                        \* PROPOSAL
                     /\ rpc' = [rpc EXCEPT ![r] = "retry_snapshot"]            \* PROPOSAL
                     /\ UNCHANGED <<valid, pfn, refresh_lock, rsnap>>
         ELSE LET retry == CASE Variant = "in_progress_gpc_618" ->             \* MUTANT
                                  mmu_invalidate_in_progress # 0               \* MUTANT
                             [] Variant = "seq_before_count_gpc_618" ->        \* MUTANT
                                  seq_moved[r]                                 \* MUTANT
                             [] Variant = "needs_invalidation_gpc_618" ->      \* PROPOSAL
                                  mn_active_invalidate_count # 0               \* PROPOSAL
                                  \/ ~needs_invalidation                       \* PROPOSAL
                             [] OTHER -> mn_active_invalidate_count # 0
              IN /\ gpc_writer' = r
                 /\ rpc' = [rpc EXCEPT ![r] = IF retry THEN "retry_snapshot"
                                              ELSE "retry_check_seq"]
                 /\ UNCHANGED <<valid, pfn, refresh_lock, rsnap>>
    /\ UNCHANGED <<gpc_lock, gpc_list, active, uhva, generation, needs_invalidation,
                   gpc_readers, kvmVars, invVars, ruhva, rnew, useVars, updVars>>

\* smp_rmb(); return kvm->mmu_invalidate_seq != mmu_seq;  false: the loop
\* ends (Succeed).  seq_before_count_gpc_618: the count is read here.
\* no_seq_gpc_618: no seq test; the loop ends once the count was 0.
\* Kernel: virt/kvm/pfncache.c: mmu_notifier_retry_cache (Linux 6.18)
RetryCheckSeq(r) ==
    /\ rpc[r] = "retry_check_seq"
    /\ LET retry == IF Variant = "seq_before_count_gpc_618"                   \* MUTANT
                    THEN mn_active_invalidate_count # 0                       \* MUTANT
                    ELSE IF Variant = "no_seq_gpc_618"                        \* MUTANT
                    THEN FALSE                                                \* MUTANT
                    ELSE seq_moved[r]
       IN IF retry
            THEN /\ rpc' = [rpc EXCEPT ![r] = "retry_snapshot"]
                 /\ UNCHANGED <<valid, pfn, gpc_writer, refresh_lock, rsnap>>
            ELSE Succeed(r)
    /\ UNCHANGED <<gpc_lock, gpc_list, active, uhva, generation, needs_invalidation,
                   gpc_readers, kvmVars, invVars, ruhva, rnew, useVars, updVars>>

\* kvm_gpc_deactivate(): guard(mutex)(&gpc->refresh_lock); if (gpc->active)
\* deactivate_list_first_gpc_618: list_del first.
\* Kernel: virt/kvm/pfncache.c: kvm_gpc_deactivate (Linux 6.18)
GpcDeactivate(r) ==
    /\ rpc[r] = "idle"
    /\ "deactivate" \in Ops
    /\ refresh_lock = NoTask
    /\ active                    \* (an inactive cache: nothing to do, a stutter)
    /\ refresh_lock' = r
    /\ rpc' = [rpc EXCEPT ![r] = IF Variant = "deactivate_list_first_gpc_618" \* MUTANT
                                 THEN "deactivate_list_del"                   \* MUTANT
                                 ELSE "deactivate_clear"]
    /\ UNCHANGED <<gpc_lock, gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, gpc_readers, kvmVars, invVars, ruhva, rnew, rsnap,
                   useVars, updVars>>

\* write_lock_irq(&gpc->lock); gpc->active = false; gpc->valid = false;
\* gpc->khva = NULL; gpc->pfn = KVM_PFN_ERR_FAULT; write_unlock_irq();
\* ("KVM must stall mmu_notifier events until all users go away").
\* deactivate_nested_gpc_618: the write lock is kept for the list_del.
\* Kernel: virt/kvm/pfncache.c: kvm_gpc_deactivate (Linux 6.18)
DeactivateClear(r) ==
    /\ rpc[r] = "deactivate_clear"
    /\ RwFree
    /\ active' = FALSE
    /\ valid' = FALSE
    /\ pfn' = ErrPfn
    /\ needs_invalidation' = FALSE
    /\ gpc_writer' = IF Variant = "deactivate_nested_gpc_618" THEN r ELSE NoTask \* MUTANT
    /\ IF Variant = "deactivate_list_first_gpc_618"                            \* MUTANT
         THEN /\ rpc' = [rpc EXCEPT ![r] = "idle"]                             \* MUTANT
              /\ Release(r)                                                    \* MUTANT
         ELSE /\ rpc' = [rpc EXCEPT ![r] = "deactivate_list_del"]
              /\ UNCHANGED refresh_lock
    /\ UNCHANGED <<gpc_lock, gpc_list, uhva, generation, gpc_readers,
                   kvmVars, invVars, ruhva, rnew, rsnap, useVars, updVars>>

\* spin_lock(&kvm->gpc_lock); list_del(&gpc->list); spin_unlock();
\* gpc_unmap(old_pfn, old_khva); the guard drops refresh_lock.
\* deactivate_nested_gpc_618: then write_unlock_irq(&gpc->lock).
\* Kernel: virt/kvm/pfncache.c: kvm_gpc_deactivate (Linux 6.18)
DeactivateListDel(r) ==
    /\ rpc[r] = "deactivate_list_del"
    /\ gpc_lock = NoTask
    /\ gpc_list' = FALSE
    /\ gpc_writer' = IF gpc_writer = r THEN NoTask ELSE gpc_writer
    /\ IF Variant = "deactivate_list_first_gpc_618"                            \* MUTANT
         THEN /\ rpc' = [rpc EXCEPT ![r] = "deactivate_clear"]                 \* MUTANT
              /\ UNCHANGED refresh_lock                                        \* MUTANT
         ELSE /\ rpc' = [rpc EXCEPT ![r] = "idle"]
              /\ Release(r)
    /\ UNCHANGED <<gpc_lock, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_readers, kvmVars, invVars, ruhva, rnew, rsnap, useVars, updVars>>

\* Kernel: none (modelling step: the steps of one refresh or deactivation once begun)
RefStep(r) ==
    \/ GpcActivateListAdd(r) \/ GpcActivateSetActive(r) \/ RefreshStart(r)
    \/ RetrySnapshot(r) \/ RetryWaitPending(r) \/ RetryHvaToPfn(r)
    \/ RetryCheckCount(r) \/ RetryCheckSeq(r) \/ DeactivateClear(r) \/ DeactivateListDel(r)

-----------------------------------------------------------------------------
(* A user: kvm_setup_guest_pvclock's shape                               *)

\* read_lock_irqsave(&gpc->lock, flags); while (!kvm_gpc_check(gpc, len))
\* { read_unlock; kvm_gpc_refresh(); read_lock; }: the check succeeds here
\* (a failed one unlocks and changes nothing; its refresh is a refresher's).
\* kvm_gpc_check: gpc->active; for a gpa-based cache gpc->generation ==
\* slots->generation; uhva not bad; the length; gpc->valid.
\* no_generation_check_gpc_618: no generation test.
\* Kernel: virt/kvm/pfncache.c: kvm_gpc_check (Linux 6.18)
GpcCheck(u) ==
    /\ upc[u] = "idle"
    /\ NoWriter
    /\ active
    /\ CacheKind = "gpa" /\ Variant # "no_generation_check_gpc_618" => generation = slots_gen \* MUTANT
    /\ uhva # BadHva
    /\ valid
    /\ gpc_readers' = gpc_readers \cup {u}
    /\ uslot_ok' = [uslot_ok EXCEPT ![u] = (CacheKind = "gpa" => uhva = slot_hva)]
    /\ upc' = [upc EXCEPT ![u] = "use"]
    /\ UNCHANGED <<gpc_lock, gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, refresh_lock, kvmVars, invVars, refVars, updVars>>

\* The access through gpc->khva (guest_hv_clock = gpc->khva + offset; ...);
\* read_unlock_irqrestore(&gpc->lock, flags).
\* Kernel: arch/x86/kvm/x86.c: kvm_setup_guest_pvclock (Linux 6.18)
GpcUse(u) ==
    /\ upc[u] = "use"
    /\ gpc_readers' = gpc_readers \ {u}
    /\ upc' = [upc EXCEPT ![u] = "idle"]
    /\ UNCHANGED <<gpc_lock, gpc_list, active, valid, uhva, pfn, generation, needs_invalidation,
                   gpc_writer, refresh_lock, kvmVars, invVars, refVars, uslot_ok, updVars>>

-----------------------------------------------------------------------------
(* The memslot updater                                                    *)

\* kvm_swap_active_memslots(): slots->generation = gen |
\* KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS; spin_lock(&kvm->mn_invalidate_lock);
\* while (kvm->mn_active_invalidate_count) wait;  rcu_assign_pointer(
\* kvm->memslots[as_id], slots); spin_unlock();  The new set maps the gpa
\* to another hva.
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapPublish ==
    /\ updpc = "idle"
    /\ updates < Updates
    /\ mn_active_invalidate_count = 0
    /\ \E h \in SlotHvas \ {slot_hva} : slot_hva' = h
    /\ slots_gen' = slots_gen + 1
    /\ updpc' = "swap_new_generation"
    /\ UNCHANGED <<gpcVars, pte, mn_active_invalidate_count, mmu_invalidate_in_progress,
                   seq_moved, gpc_inv_lo, gpc_inv_hi, invVars, refVars, useVars, updates>>

\* synchronize_srcu_expedited(&kvm->srcu); gen = slots->generation &
\* ~KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS; gen += KVM_ADDRESS_SPACE_NUM;
\* slots->generation = gen;
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
SwapNewGeneration ==
    /\ updpc = "swap_new_generation"
    /\ slots_gen' = slots_gen + 1
    /\ updpc' = "idle"
    /\ updates' = updates + 1
    /\ UNCHANGED <<gpcVars, pte, mn_active_invalidate_count, mmu_invalidate_in_progress,
                   seq_moved, slot_hva, gpc_inv_lo, gpc_inv_hi, invVars, refVars, useVars>>

-----------------------------------------------------------------------------

Next ==
    \/ \E t \in Inv : InvBegin(t) \/ InvStep(t)
    \/ \E r \in Refreshers : GpcActivate(r) \/ GpcRefresh(r) \/ GpcDeactivate(r) \/ RefStep(r)
    \/ \E u \in Users : GpcCheck(u) \/ GpcUse(u)
    \/ SwapPublish \/ SwapNewGeneration

\* Beginning an operation (InvBegin, GpcActivate/GpcRefresh/GpcDeactivate,
\* GpcCheck, SwapPublish) is the environment's choice; once begun, every
\* task keeps running.  Strong fairness, as in Kvm618: a lock free
\* infinitely often is eventually taken; for range_gpc_618's spin, a
\* window with no covering range that recurs is eventually seen.
Fairness ==
    /\ \A t \in Inv : SF_vars(InvStep(t))
    /\ \A r \in Refreshers : SF_vars(RefStep(r))
    /\ \A u \in Users : SF_vars(GpcUse(u))
    /\ SF_vars(SwapNewGeneration)

Spec == Init /\ [][Next]_vars /\ Fairness

-----------------------------------------------------------------------------
(* Properties, over kernel state                                         *)

\* A user that kvm_gpc_check() let through, for as long as it holds
\* gpc->lock for read, reaches through gpc->khva the page the primary MMU
\* maps at gpc->uhva now: no use of a replaced (and perhaps freed) page.
GpcCoherent == \A u \in Users : upc[u] = "use" => pfn = pte[uhva]

\* At that check, a gpa-based cache's uhva is the hva the current memslots
\* give its gpa: the memslot generation test catches every swap since the
\* refresh (a swap may follow the check; the access then races with the
\* ioctl, as any guest access does).
GpcSlotCurrent == \A u \in Users : upc[u] = "use" => uslot_ok[u]

\* lockdep_assert_held(&gpc->refresh_lock) in hva_to_pfn_retry and
\* __kvm_gpc_refresh: one task at a time refreshes the cache ("Other tasks
\* must wait for _this_ refresh to complete before attempting to refresh").
RefreshSerialised == Cardinality({r \in Refreshers : rpc[r] \in RefreshPcs}) <= 1

\* Nobody calls invalidate_range_start again (a hypothesis).
InvalidationsStop == <>[](\A t \in Inv : ipc[t] = "idle")

\* hva_to_pfn_retry() returns, once no new invalidation starts.
RefreshEndsOnceInvalidationsStop ==
    InvalidationsStop => \A r \in Refreshers : (rpc[r] \in RetryPcs) ~> (rpc[r] = "idle")

\* Without the hypothesis it may not: the loop retries while any
\* invalidation, of any page, is in flight (expected to be violated, with
\* a lasso in which unrelated invalidations overlap forever).
RefreshEnds == \A r \in Refreshers : (rpc[r] \in RetryPcs) ~> (rpc[r] = "idle")

\* The lasso's shape: a retrying refresh ends or finds the count at 0 at
\* some point; violated when invalidations of other pages overlap forever,
\* mn_active_invalidate_count never returns to 0 and the refresh retries
\* for ever (expected to be violated by the kernel's design).
RefreshEndsOrCountZero ==
    \A r \in Refreshers : (rpc[r] \in RetryPcs)
                          ~> (rpc[r] = "idle" \/ mn_active_invalidate_count = 0)

\* Invalidations, refreshers and users are interchangeable.  Safety runs
\* only (TLC's liveness checking is unsound under symmetry).
Symmetry == Permutations(Inv) \cup Permutations(Refreshers) \cup Permutations(Users)
=============================================================================
