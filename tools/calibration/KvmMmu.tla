------------------------------- MODULE KvmMmu -------------------------------
(***************************************************************************)
(* What every design shares: the primary MMU's page table, KVM's secondary *)
(* mappings (SPTEs), mmu_lock with mmu_notifier_count/_seq/_range, the     *)
(* memslots pointer read under SRCU, the vCPU page fault, and the body of  *)
(* __kvm_handle_hva_range() with the lock elision of commit 071064f14d87.  *)
(*                                                                         *)
(* Linux 5.15, virt/kvm/kvm_main.c and arch/x86/kvm/mmu/mmu.c.  One TLA+   *)
(* action is one step of the kernel code: a lock or unlock, one counter    *)
(* update, one read of shared state.  The design modules (KvmMemslots,     *)
(* KvmMemslotsRwsem) add the part that differs: how memslot updates are    *)
(* kept out of the window between range_start() and range_end().          *)
(*                                                                         *)
(* Abstractions, each exact for the properties checked:                    *)
(*  - gfn == hva: one memslot per page, so a layout is the set of pages    *)
(*    that have a slot.  A page is a frame number 0 or 1; the primary MMU  *)
(*    changes a page by flipping it (migration, COW, munmap + refault).    *)
(*  - mmu_notifier_seq only ever feeds the test "seq != mmu_seq" of        *)
(*    mmu_notifier_retry_hva(); it is kept as seq_moved[v], "the counter   *)
(*    moved since vCPU v snapshot it", so the state space stays finite.    *)
(*  - memslots->generation only feeds caches this model does not have; the *)
(*    update-in-progress bit is derived from the updater's pc.             *)
(*                                                                         *)
(* Kernel names.  Each action has one comment line                         *)
(*     Kernel: <path>: <function> (Linux 5.15)                             *)
(* naming the function of the v5.15 tag of torvalds/linux that holds the   *)
(* statement the action mirrors: virt/kvm/kvm_main.c (the MMU notifier     *)
(* callbacks, __kvm_handle_hva_range, install_new_memslots,                *)
(* kvm_set_memory_region), include/linux/kvm_host.h                        *)
(* (mmu_notifier_retry_hva), arch/x86/kvm/mmu/mmu.c and arch/x86/kvm/x86.c *)
(* (the x86 page fault and shadow-page zap), include/linux/rcuwait.h and   *)
(* kernel/exit.c (the rcuwait), include/linux/mmu_notifier.h and           *)
(* mm/mmu_notifier.c (the lockdep pseudo-lock), kernel/rcu/srcutree.c.     *)
(* "(rejected v1 of the patch)" instead of "(Linux 5.15)" marks code that  *)
(* only the rejected rwsem version had; "Kernel: none (modelling step:     *)
(* ...)" marks a step with no kernel counterpart.                          *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS
    Inv,        \* tasks of the primary MMU calling invalidate_range_start/end
    VCpus,      \* vCPU tasks taking page faults
    Updater,    \* the task in install_new_memslots (slots_lock: only one)
    NPages,     \* size of the host virtual address space, in pages
    Layouts,    \* memslot layouts the updater installs: sets of pages with a slot
    Rounds,     \* operations per task: a positive number, or Unbounded
    Unbounded,  \* a model value: tasks repeat their operations forever
    FlagsUpdates \* TRUE: the updater also makes flags-only updates (toggles
                 \* KVM_MEM_LOG_DIRTY_PAGES); FALSE: it only changes the layout

ASSUME ConstantsOK ==
    /\ Assert(NPages \in Nat /\ NPages >= 1,
              "NPages must be a natural number >= 1")
    /\ Assert(Cardinality(Inv) >= 1,
              "Inv must name at least one invalidation task")
    /\ Assert(Inv \cap VCpus = {} /\ Updater \notin Inv \cup VCpus,
              "Inv, VCpus and Updater must be disjoint")
    /\ Assert(Layouts # {} /\ \A L \in Layouts : L \subseteq 1..NPages,
              "Layouts must be a non-empty set of subsets of 1..NPages")
    /\ Assert(Rounds = Unbounded \/ (Rounds \in Nat /\ Rounds >= 1),
              "Rounds must be a positive natural number or Unbounded")
    /\ Assert(ToString(FlagsUpdates) \in {"TRUE", "FALSE"},  \* any value, no type error
              "FlagsUpdates must be TRUE or FALSE")

Pages  == 1..NPages
Frames == {0, 1}
NoMap  == -1                      \* an SPTE that maps nothing
NoTask == "none"
Tasks  == Inv \cup VCpus \cup {Updater}

\* A range of invalidate_range_start/end: [start, end) of whole pages.
Ranges == { {p \in Pages : a <= p /\ p <= b} : a \in Pages, b \in Pages } \ {{}}
RangeStart(r) == CHOOSE p \in r : \A q \in r : p <= q
RangeEnd(r)   == (CHOOSE p \in r : \A q \in r : p >= q) + 1

\* struct kvm_memslots: the slots, which of them are KVM_MEMSLOT_INVALID
\* (delete and move install such a copy first), and the slots' flags
\* (KVM_MEM_LOG_DIRTY_PAGES, one flag for all slots: what a flags-only
\* update changes; see ApplyFlags and DirtyLogWriteProtected).
Memslots == [slots : SUBSET Pages, invalid : SUBSET Pages, dirty : BOOLEAN]
\* No memslots: a task outside any SRCU read-side section, or an updater
\* that is building none.
NoSnapshot == [slots |-> {}, invalid |-> {}, dirty |-> FALSE, none |-> TRUE]

\* kvm_for_each_memslot() in __kvm_handle_hva_range() walks INVALID slots too.
Overlaps(ms, r) == ms.slots \cap r # {}

VARIABLES
    pte,                        \* primary MMU: hva -> page
    spte,                       \* KVM: gfn -> page, or NoMap
    writable,                   \* KVM: the gfns whose SPTE is writable
    logging,                    \* ghost: the dirty log is in effect (see DirtyLogging)
    memslots,                   \* kvm->memslots[0] (rcu pointer)
    srcu,                       \* per task: memslots it dereferenced under srcu_read_lock, or NoSnapshot
    mmu_lock,                   \* holder of kvm->mmu_lock, or NoTask
    mmu_notifier_count,
    mmu_notifier_range_start,
    mmu_notifier_range_end,
    seq_moved,                  \* per vCPU: kvm->mmu_notifier_seq # its mmu_seq
    ipc,                        \* per invalidation task: where it is
    irange,                     \* per invalidation task: its range
    izap,                       \* per invalidation task: pages its handler zaps
    incremented,                \* ghost, per invalidation task: its start did kvm_inc_notifier_count
    vpc, vgfn, vpfn,            \* per vCPU: where it is, faulting gfn, pfn from get_user_pages
    upc,                        \* the updater: where it is
    unew,                       \* the struct kvm_memslots being installed (NoSnapshot when idle)
    ufinal,                     \* the layout the update ends with (after the INVALID copy of a delete/move)
    rounds                      \* operations completed, per task (stays 0 when unbounded)

mmuVars  == <<pte, spte, writable, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
              mmu_notifier_range_start, mmu_notifier_range_end, seq_moved>>
invVars  == <<ipc, irange, izap, incremented>>
vcpuVars == <<vpc, vgfn, vpfn>>
updVars  == <<upc, unew, ufinal>>

MmuTypeOK ==
    /\ pte \in [Pages -> Frames]
    /\ spte \in [Pages -> Frames \cup {NoMap}]
    /\ writable \subseteq Pages
    /\ logging \in BOOLEAN
    /\ memslots \in Memslots
    /\ \A p \in Tasks : srcu[p] \in Memslots \cup {NoSnapshot}
    /\ mmu_lock \in Tasks \cup {NoTask}
    /\ mmu_notifier_count \in Int
    /\ mmu_notifier_range_start \in 0..NPages + 1
    /\ mmu_notifier_range_end \in 0..NPages + 1
    /\ seq_moved \in [VCpus -> BOOLEAN]
    /\ irange \in [Inv -> Ranges]
    /\ izap \in [Inv -> SUBSET Pages]
    /\ incremented \in [Inv -> BOOLEAN]
    /\ vgfn \in [VCpus -> Pages]
    /\ vpfn \in [VCpus -> Frames]
    /\ unew \in Memslots \cup {NoSnapshot}
    /\ ufinal \in Memslots \cup {NoSnapshot}
    /\ rounds \in [Tasks -> Nat]

MmuInit ==
    /\ pte = [p \in Pages |-> 0]
    /\ spte = [p \in Pages |-> NoMap]
    /\ writable = {}
    /\ logging = FALSE
    /\ memslots \in {[slots |-> L, invalid |-> {}, dirty |-> FALSE] : L \in Layouts}
    /\ srcu = [p \in Tasks |-> NoSnapshot]
    /\ mmu_lock = NoTask
    /\ mmu_notifier_count = 0
    /\ mmu_notifier_range_start = 0
    /\ mmu_notifier_range_end = 0
    /\ seq_moved = [v \in VCpus |-> FALSE]
    /\ ipc = [t \in Inv |-> "idle"]
    /\ irange = [t \in Inv |-> Pages]
    /\ izap = [t \in Inv |-> {}]
    /\ incremented = [t \in Inv |-> FALSE]
    /\ vpc = [v \in VCpus |-> "idle"]
    /\ vgfn = [v \in VCpus |-> 1]
    /\ vpfn = [v \in VCpus |-> 0]
    /\ upc = "idle"
    /\ unew = NoSnapshot
    /\ ufinal = NoSnapshot
    /\ rounds = [p \in Tasks |-> 0]

\* A task may begin another operation (bounded configurations end).
MayBegin(p) == IF Rounds = Unbounded THEN TRUE ELSE rounds[p] < Rounds
\* ... and counts the one it finished.
\* Kernel: none (modelling step: ghost count of a task's finished operations)
Finished(p) == rounds' = IF Rounds = Unbounded THEN rounds
                         ELSE [rounds EXCEPT ![p] = @ + 1]

\* Bounded runs end when every task has done its rounds; that terminal
\* state is explicit, so TLC's deadlock check reports any other halt.
\* Kernel: none (modelling step: explicit end of a bounded run)
Terminated ==
    /\ Rounds # Unbounded
    /\ \A p \in Tasks : rounds[p] = Rounds
    /\ \A t \in Inv : ipc[t] = "idle"
    /\ \A v \in VCpus : vpc[v] = "idle"
    /\ upc = "idle"

-----------------------------------------------------------------------------
(* __kvm_handle_hva_range(range, on_lock, handler), one step per line of  *)
(* the kernel; `next` is where the caller goes on afterwards.              *)

\* srcu_read_lock; slots = __kvm_memslots(); for each slot overlapping the
\* range ... : the overlap test reads an immutable snapshot, so it is one
\* step.  No overlap: no mmu_lock, no count update (the lock elision).
\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
StartHvaRange(t, next) ==
    /\ ipc[t] = "start_hva_range"
    /\ IF Overlaps(memslots, irange[t])
         THEN /\ ipc' = [ipc EXCEPT ![t] = "start_lock_mmu"]
              /\ srcu' = [srcu EXCEPT ![t] = memslots]
              /\ izap' = [izap EXCEPT ![t] = irange[t] \cap memslots.slots]
         ELSE /\ ipc' = [ipc EXCEPT ![t] = next]
              /\ UNCHANGED <<srcu, izap>>
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, incremented, vcpuVars, updVars, rounds>>

\* KVM_MMU_LOCK(kvm) at the first memslot that overlaps the range.
\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
StartLockMmu(t) ==
    /\ ipc[t] = "start_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "start_inc_count"]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, izap, incremented, vcpuVars, updVars, rounds>>

\* kvm_inc_notifier_count(): the first tracked invalidation sets the range,
\* concurrent ones widen it.
\* Kernel: virt/kvm/kvm_main.c: kvm_inc_notifier_count (Linux 5.15)
StartIncNotifierCount(t) ==
    /\ ipc[t] = "start_inc_count"
    /\ mmu_notifier_count' = mmu_notifier_count + 1
    /\ IF mmu_notifier_count' = 1
         THEN /\ mmu_notifier_range_start' = RangeStart(irange[t])
              /\ mmu_notifier_range_end' = RangeEnd(irange[t])
         ELSE /\ mmu_notifier_range_start' =
                    IF RangeStart(irange[t]) < mmu_notifier_range_start
                    THEN RangeStart(irange[t]) ELSE mmu_notifier_range_start
              /\ mmu_notifier_range_end' =
                    IF RangeEnd(irange[t]) > mmu_notifier_range_end
                    THEN RangeEnd(irange[t]) ELSE mmu_notifier_range_end
    /\ incremented' = [incremented EXCEPT ![t] = TRUE]
    /\ ipc' = [ipc EXCEPT ![t] = "start_unmap"]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_lock, seq_moved,
                   irange, izap, vcpuVars, updVars, rounds>>

\* handler = kvm_unmap_gfn_range(): zap the SPTEs of range /\ slots.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_unmap_gfn_range (Linux 5.15)
StartUnmap(t) ==
    /\ ipc[t] = "start_unmap"
    /\ spte' = [p \in Pages |-> IF p \in izap[t] THEN NoMap ELSE spte[p]]
    /\ writable' = writable \ izap[t]
    /\ ipc' = [ipc EXCEPT ![t] = "start_unlock_mmu"]
    /\ UNCHANGED <<pte, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, izap, incremented, vcpuVars, updVars, rounds>>

\* KVM_MMU_UNLOCK(kvm); srcu_read_unlock().
\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
StartUnlockMmu(t, next) ==
    /\ ipc[t] = "start_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ srcu' = [srcu EXCEPT ![t] = NoSnapshot]
    /\ izap' = [izap EXCEPT ![t] = {}]
    /\ ipc' = [ipc EXCEPT ![t] = next]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, incremented, vcpuVars, updVars, rounds>>

\* Between start and end the primary MMU changes the PTEs of the range.
\* (The caller of mmu_notifier_invalidate_range_start/_end, e.g. wp_page_copy
\* in mm/memory.c; no KVM code runs here.)
\* Kernel: none (modelling step: the primary MMU's PTE change, outside KVM)
PrimaryChangePte(t, next) ==
    /\ ipc[t] = "primary_pte_change"
    /\ pte' = [p \in Pages |-> IF p \in irange[t] THEN 1 - pte[p] ELSE pte[p]]
    /\ ipc' = [ipc EXCEPT ![t] = next]
    /\ UNCHANGED <<spte, writable, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, izap, incremented, vcpuVars, updVars, rounds>>

\* range_end: the same walk, on_lock = kvm_dec_notifier_count, no handler.
\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
EndHvaRange(t, next) ==
    /\ ipc[t] = "end_hva_range"
    /\ IF Overlaps(memslots, irange[t])
         THEN /\ ipc' = [ipc EXCEPT ![t] = "end_lock_mmu"]
              /\ srcu' = [srcu EXCEPT ![t] = memslots]
         ELSE /\ ipc' = [ipc EXCEPT ![t] = next]
              /\ UNCHANGED srcu
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, izap, incremented, vcpuVars, updVars, rounds>>

\* KVM_MMU_LOCK(kvm) at the first memslot that overlaps the range.
\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
EndLockMmu(t) ==
    /\ ipc[t] = "end_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = t
    /\ ipc' = [ipc EXCEPT ![t] = "end_dec_count"]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, izap, incremented, vcpuVars, updVars, rounds>>

\* kvm_dec_notifier_count(): mmu_notifier_seq++; smp_wmb(); count--.
\* A fault that snapshot the old seq will retry.  (State-space reductions,
\* exact: an idle vCPU's seq_moved is reset by its next FaultBegin, and the
\* kernel leaves mmu_notifier_range_start/end stale at count 0, where
\* nothing reads them, so the model clears them.)
\* Kernel: virt/kvm/kvm_main.c: kvm_dec_notifier_count (Linux 5.15)
EndDecNotifierCount(t) ==
    /\ ipc[t] = "end_dec_count"
    /\ seq_moved' = [v \in VCpus |-> vpc[v] # "idle"]
    /\ mmu_notifier_count' = mmu_notifier_count - 1
    /\ IF mmu_notifier_count' = 0
         THEN /\ mmu_notifier_range_start' = 0
              /\ mmu_notifier_range_end' = 0
         ELSE UNCHANGED <<mmu_notifier_range_start, mmu_notifier_range_end>>
    /\ incremented' = [incremented EXCEPT ![t] = FALSE]
    /\ ipc' = [ipc EXCEPT ![t] = "end_unlock_mmu"]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_lock,
                   irange, izap, vcpuVars, updVars, rounds>>

\* KVM_MMU_UNLOCK(kvm); srcu_read_unlock().
\* Kernel: virt/kvm/kvm_main.c: __kvm_handle_hva_range (Linux 5.15)
EndUnlockMmu(t, next) ==
    /\ ipc[t] = "end_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ srcu' = [srcu EXCEPT ![t] = NoSnapshot]
    /\ ipc' = [ipc EXCEPT ![t] = next]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, irange, izap, incremented, vcpuVars, updVars, rounds>>

-----------------------------------------------------------------------------
(* The vCPU page fault (x86 direct_page_fault, kvm_faultin_pfn).          *)

\* mmu_seq = kvm->mmu_notifier_seq; smp_rmb();
\* Kernel: arch/x86/kvm/mmu/mmu.c: direct_page_fault (Linux 5.15)
FaultBegin(v) ==
    /\ vpc[v] = "idle"
    /\ MayBegin(v)
    /\ \E g \in Pages : vgfn' = [vgfn EXCEPT ![v] = g]
    /\ seq_moved' = [seq_moved EXCEPT ![v] = FALSE]
    /\ vpc' = [vpc EXCEPT ![v] = "lookup"]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   vpfn, invVars, updVars, rounds>>

\* kvm_vcpu_gfn_to_memslot() under the vCPU's srcu read lock.  No slot:
\* emulated MMIO; a KVM_MEMSLOT_INVALID slot: RET_PF_RETRY.  Either way
\* the fault ends without a mapping.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_faultin_pfn (Linux 5.15)
FaultLookup(v) ==
    /\ vpc[v] = "lookup"
    /\ IF vgfn[v] \in memslots.slots \ memslots.invalid
         THEN /\ vpc' = [vpc EXCEPT ![v] = "gup"]
              /\ srcu' = [srcu EXCEPT ![v] = memslots]
              /\ UNCHANGED <<vgfn, rounds, seq_moved>>
         ELSE /\ vpc' = [vpc EXCEPT ![v] = "idle"]
              /\ vgfn' = [vgfn EXCEPT ![v] = 1]
              /\ seq_moved' = [seq_moved EXCEPT ![v] = FALSE]  \* dead: the fault is over
              /\ UNCHANGED srcu
              /\ Finished(v)
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   vpfn, invVars, updVars>>

\* __gfn_to_pfn_memslot(): get_user_pages() reads the primary page table,
\* with no lock that orders it against the primary MMU's change.
\* Kernel: virt/kvm/kvm_main.c: __gfn_to_pfn_memslot (Linux 5.15)
FaultGup(v) ==
    /\ vpc[v] = "gup"
    /\ vpfn' = [vpfn EXCEPT ![v] = pte[vgfn[v]]]
    /\ vpc' = [vpc EXCEPT ![v] = "lock_mmu"]
    /\ UNCHANGED <<mmuVars, vgfn, invVars, updVars, rounds>>

\* write_lock(&vcpu->kvm->mmu_lock) (read_lock for a TDP MMU fault).
\* Kernel: arch/x86/kvm/mmu/mmu.c: direct_page_fault (Linux 5.15)
FaultLockMmu(v) ==
    /\ vpc[v] = "lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = v
    /\ vpc' = [vpc EXCEPT ![v] = "retry_check"]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, vgfn, vpfn, invVars, updVars, rounds>>

\* mmu_notifier_retry_hva(kvm, mmu_seq, hva), under mmu_lock.
\* Kernel: include/linux/kvm_host.h: mmu_notifier_retry_hva (Linux 5.15)
MmuNotifierRetryHva(v) ==
    \/ /\ mmu_notifier_count # 0
       /\ vgfn[v] >= mmu_notifier_range_start
       /\ vgfn[v] < mmu_notifier_range_end
    \/ seq_moved[v]

\* direct_page_fault() retries (goto out_unlock) if the test says so.
\* (State-space reduction, exact: mmu_seq is dead after this test, and on
\* the retry path so are gfn and pfn; the model clears them here, not at
\* the unlock, so states that differ only in dead locals are one state.)
\* Kernel: include/linux/kvm_host.h: mmu_notifier_retry_hva (Linux 5.15)
FaultRetryCheck(v) ==
    /\ vpc[v] = "retry_check"
    /\ IF MmuNotifierRetryHva(v)
         THEN /\ vpc' = [vpc EXCEPT ![v] = "unlock_mmu"]
              /\ vgfn' = [vgfn EXCEPT ![v] = 1]
              /\ vpfn' = [vpfn EXCEPT ![v] = 0]
         ELSE /\ vpc' = [vpc EXCEPT ![v] = "install_spte"]
              /\ UNCHANGED <<vgfn, vpfn>>
    /\ seq_moved' = [seq_moved EXCEPT ![v] = FALSE]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   invVars, updVars, rounds>>

\* __direct_map() (kvm_tdp_mmu_map() with the TDP MMU): install the SPTE,
\* writable unless the slot the fault looked up logs dirty pages (then
\* write-protected: the first write faults again and is logged; that
\* second fault is not modelled).
\* (gfn and pfn are dead once the SPTE is in: cleared here, as above.)
\* Kernel: arch/x86/kvm/mmu/mmu.c: __direct_map (Linux 5.15)
FaultInstallSpte(v) ==
    /\ vpc[v] = "install_spte"
    /\ spte' = [spte EXCEPT ![vgfn[v]] = vpfn[v]]
    /\ writable' = IF srcu[v].dirty THEN writable \ {vgfn[v]}
                   ELSE writable \cup {vgfn[v]}
    /\ vpc' = [vpc EXCEPT ![v] = "unlock_mmu"]
    /\ vgfn' = [vgfn EXCEPT ![v] = 1]
    /\ vpfn' = [vpfn EXCEPT ![v] = 0]
    /\ UNCHANGED <<pte, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, invVars, updVars, rounds>>

\* write_unlock(&vcpu->kvm->mmu_lock); the fault is over (mapped or retried).
\* Kernel: arch/x86/kvm/mmu/mmu.c: direct_page_fault (Linux 5.15)
FaultUnlockMmu(v) ==
    /\ vpc[v] = "unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ srcu' = [srcu EXCEPT ![v] = NoSnapshot]
    /\ vpc' = [vpc EXCEPT ![v] = "idle"]
    /\ Finished(v)
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, vgfn, vpfn, invVars, updVars>>

-----------------------------------------------------------------------------
(* The memslot updater's parts that do not depend on the design.          *)

\* kvm_set_memory_region() under slots_lock: create, delete, move, or a
\* flags-only change.  Delete and move first install a copy in which the
\* slots going away are KVM_MEMSLOT_INVALID (kvm_set_memslot()).
\* Kernel: virt/kvm/kvm_main.c: __kvm_set_memory_region (Linux 5.15)
UpdateChooseLayout ==
    \/ \E L \in Layouts \ {memslots.slots} :
          LET gone == memslots.slots \ L IN
          /\ ufinal' = [slots |-> L, invalid |-> {}, dirty |-> memslots.dirty]
          /\ unew' = IF gone = {} THEN ufinal'
                     ELSE [memslots EXCEPT !.invalid = gone]
    \/ /\ FlagsUpdates
       /\ unew' = [memslots EXCEPT !.dirty = ~memslots.dirty]
       /\ ufinal' = unew'

\* Kernel: virt/kvm/kvm_main.c: kvm_set_memory_region (Linux 5.15)
UpdateChoose ==
    /\ upc = "idle"
    /\ MayBegin(Updater)
    /\ UpdateChooseLayout

\* synchronize_srcu_expedited(): wait for every reader that may still use
\* the old memslots (every reader of the new ones saw the same pointer).
\* Kernel: kernel/rcu/srcutree.c: synchronize_srcu_expedited (Linux 5.15)
SrcuReadersGone == \A p \in Tasks : srcu[p] \in {NoSnapshot, memslots}

\* kvm_arch_flush_shadow_memslot(): after the INVALID copy is visible and
\* SRCU has been synchronised, zap the SPTEs of the slots going away.
\* On x86 kvm_arch_flush_shadow_memslot() (arch/x86/kvm/x86.c) reaches
\* kvm_mmu_zap_all_fast() through kvm_page_track_flush_slot() and
\* kvm_mmu_invalidate_zap_pages_in_memslot(): write_lock(&kvm->mmu_lock) ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_zap_all_fast (Linux 5.15)
FlushShadowLockMmu ==
    /\ upc = "flush_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = Updater
    /\ upc' = "flush_zap"
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, invVars, vcpuVars, unew, ufinal, rounds>>

\* ... zap (kvm_zap_obsolete_pages(); the model zaps the INVALID slots) ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_zap_all_fast (Linux 5.15)
FlushShadowZap ==
    /\ upc = "flush_zap"
    /\ spte' = [p \in Pages |-> IF p \in unew.invalid THEN NoMap ELSE spte[p]]
    /\ writable' = writable \ unew.invalid
    /\ upc' = "flush_unlock_mmu"
    /\ UNCHANGED <<pte, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, invVars, vcpuVars, unew, ufinal, rounds>>

\* mutex_unlock(&kvm->slots_lock): the update is over.
\* Kernel: virt/kvm/kvm_main.c: kvm_set_memory_region (Linux 5.15)
UpdateEnd ==
    /\ upc' = "idle"
    /\ unew' = NoSnapshot
    /\ ufinal' = NoSnapshot
    /\ Finished(Updater)

\* The end of install_new_memslots(), after the design's publish:
\* synchronize_srcu_expedited(&kvm->srcu) ...
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallSynchronizeSrcu ==
    /\ upc = "install_synchronize_srcu"
    /\ SrcuReadersGone
    /\ upc' = "install_generation_done"
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars, unew, ufinal, rounds>>

\* Dirty logging toggled by the update in progress (only a flags-only
\* update changes the flag; `logging` is the flag last applied).
FlagsToggled == ufinal.dirty # logging

\* ... then clear KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS.  After the INVALID copy
\* of a delete or move: flush the shadow pages, then install the final
\* layout; after a flags-only update: kvm_arch_commit_memory_region();
\* otherwise mutex_unlock(&kvm->slots_lock).
\* Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)
InstallGenerationDone ==
    /\ upc = "install_generation_done"
    /\ IF unew # ufinal
         THEN /\ upc' = "flush_lock_mmu"
              /\ UNCHANGED <<unew, ufinal, rounds>>
       ELSE IF FlagsToggled
         THEN /\ upc' = "apply_flags"
              /\ UNCHANGED <<unew, ufinal, rounds>>
         ELSE UpdateEnd
    /\ UNCHANGED <<mmuVars, invVars, vcpuVars>>

\* What kvm_mmu_slot_apply_flags() does (see ApplyFlags), as one step.
ApplyFlagsEffect ==
    /\ writable' = IF ufinal.dirty THEN writable \ ufinal.slots ELSE writable
    /\ logging' = ufinal.dirty
    /\ UpdateEnd
    /\ UNCHANGED <<pte, spte, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, invVars, vcpuVars>>

\* kvm_set_memslot() -> kvm_arch_commit_memory_region() ->
\* kvm_mmu_slot_apply_flags(), after install_new_memslots() returned (so
\* after synchronize_srcu_expedited()): dirty logging turned on:
\* kvm_mmu_slot_remove_write_access(): write_lock(&kvm->mmu_lock);
\* write-protect the slot's SPTEs; write_unlock(&kvm->mmu_lock).  Turned
\* off: kvm_mmu_zap_collapsible_sptes() zaps the 4K SPTEs a huge page could
\* replace; with one 4K page per slot there are none, so no SPTE changes.
\* One step: the lock is taken and dropped around the work, and everything
\* the work touches is only touched under mmu_lock.  Then
\* mutex_unlock(&kvm->slots_lock).
\* Kernel: arch/x86/kvm/x86.c: kvm_mmu_slot_apply_flags (Linux 5.15)
ApplyFlags ==
    /\ upc = "apply_flags"
    /\ mmu_lock = NoTask
    /\ ApplyFlagsEffect

\* ... write_unlock(&kvm->mmu_lock).  Back in kvm_set_memslot(),
\* update_memslots() builds the final layout: the second install.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_zap_all_fast (Linux 5.15)
FlushShadowUnlockMmu(next) ==
    /\ upc = "flush_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ unew' = ufinal
    /\ upc' = next
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   seq_moved, invVars, vcpuVars, ufinal, rounds>>

\* Kernel: arch/x86/kvm/x86.c: kvm_arch_flush_shadow_memslot (Linux 5.15)
FlushShadow(next) == FlushShadowLockMmu \/ FlushShadowZap \/ FlushShadowUnlockMmu(next)

-----------------------------------------------------------------------------
(* Properties every design is checked against.                            *)

\* Ghost view of the invalidations KVM tracks: those whose start did
\* kvm_inc_notifier_count and whose end has not done the decrement.
Tracked == {t \in Inv : incremented[t]}

\* The kernel's BUG_ON(kvm->mmu_notifier_count < 0) in range_end.
NotifierCountNonNegative == mmu_notifier_count >= 0

\* mmu_notifier_count counts exactly the invalidations whose start
\* incremented it, and no invalidation finishes with its increment still
\* counted: each end decrements iff its start incremented.  A count left
\* above zero makes every fault on the range retry forever.
Balance ==
    /\ NotifierCountNonNegative
    /\ mmu_notifier_count = Cardinality(Tracked)
    /\ \A t \in Inv : ipc[t] = "idle" => ~incremented[t]

\* Pages the primary MMU may be changing: a task between entering
\* invalidate_range_start and leaving invalidate_range_end.
InvalidatingPages == UNION {IF ipc[t] = "idle" THEN {} ELSE irange[t] : t \in Inv}

\* Outside in-flight invalidations, every SPTE maps the page the primary
\* page table maps for that address: the guest never keeps a page that the
\* primary MMU freed or replaced.
Coherence ==
    \A p \in Pages \ InvalidatingPages : spte[p] # NoMap => spte[p] = pte[p]

\* Dirty logging is in effect: the KVM_SET_USER_MEMORY_REGION that set
\* KVM_MEM_LOG_DIRTY_PAGES has returned (ApplyFlags), and no update that
\* clears it has begun (userspace stops reading the log when it asks).
DirtyLogging == logging /\ (upc = "idle" \/ ufinal.dirty)

\* While dirty logging is in effect no SPTE of a slot is writable, so every
\* guest write to a slot faults and is logged (the write-protection
\* scheme of kvm_mmu_slot_remove_write_access(); a flags update whose
\* write-protection misses an SPTE makes migration lose dirty pages).
DirtyLogWriteProtected == DirtyLogging => writable \cap memslots.slots = {}

\* Every page fault ends: it installs a mapping or retries.
FaultsEnd == \A v \in VCpus : (vpc[v] # "idle") ~> (vpc[v] = "idle")

\* Every invalidate_range_start is followed by its invalidate_range_end.
InvalidationsEnd == \A t \in Inv : (ipc[t] # "idle") ~> (ipc[t] = "idle")

\* Nobody ever calls invalidate_range_start again (used as a hypothesis).
InvalidationsStop == <>[](\A t \in Inv : ipc[t] = "idle")

\* Symmetry: invalidation tasks are interchangeable, so are vCPUs.  Used
\* in safety runs only (TLC's liveness checking is unsound under symmetry).
Symmetry == Permutations(Inv) \cup Permutations(VCpus)
=============================================================================
