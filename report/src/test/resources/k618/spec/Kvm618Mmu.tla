------------------------------ MODULE Kvm618Mmu ------------------------------
(***************************************************************************)
(* Linux 6.18: what the MMU side of the protocol shares.  The primary      *)
(* MMU's page table, KVM's SPTEs per address space, the memslots of every  *)
(* address space, mmu_lock with mmu_invalidate_in_progress/_seq/_range in  *)
(* gfns (6.8: 8569992d64b8), kvm_mmu_invalidate_begin/_range_add/_end, the *)
(* vCPU fault with its lock-free pre-checks (6.8: d02c357e5bfa), and       *)
(* kvm_zap_gfn_range() as a second writer of the counters.  Kvm618 adds    *)
(* the MMU notifier callbacks, the memslot updater and kvm_destroy_vm.     *)
(*                                                                         *)
(* Sources: the 6.17-rc3 tree Kingxukai/linux, whose code matches 6.18     *)
(* here: virt/kvm/kvm_main.c, include/linux/kvm_host.h,                    *)
(* arch/x86/kvm/mmu/mmu.c, arch/x86/kvm/mmu/mmu_internal.h,                *)
(* arch/x86/kvm/x86.c.  Each action has one line                           *)
(*     Kernel: <path>: <function> (Linux 6.18)                             *)
(* naming the function that holds the statement it mirrors; "Kernel: none  *)
(* (modelling step: ...)" marks a step with no KVM counterpart.  Every     *)
(* line a seeded mutant changes ends in \* MUTANT.                         *)
(*                                                                         *)
(* Abstractions (each argued in docs/linux-6.18.md):                       *)
(*  - A memslot is one page: slot k of address space SlotAs(k) maps hva    *)
(*    SlotHva(k) to gfn base_gfn (MOVE changes base_gfn, never the hva, as *)
(*    kvm_set_memory_region() demands).  hva values (>= HvaBase) and gfn   *)
(*    values (GfnBases, all < HvaBase) are disjoint numbers, so a range in *)
(*    the wrong unit is visible.  With NAs = 2 both slots sit at the same  *)
(*    hva (x86's SMM address space aliases guest RAM): one hva range then  *)
(*    overlaps two memslots, and kvm_handle_hva_range() calls its handler  *)
(*    once per slot.                                                       *)
(*  - kvm->memslots[as] is kept as one function from slot id to the slot   *)
(*    (or NoSlot): the updater changes one slot per ioctl and swaps only   *)
(*    that slot's address space, so the two are the same state.           *)
(*  - mmu_invalidate_seq only feeds "seq != mmu_seq"; it is kept as        *)
(*    seq_moved[v] (as in the 5.15 model).                                 *)
(*  - gfn_attr: what an SPTE is derived from besides the pfn (the APICv    *)
(*    state of the APIC access page, a memory type), read by the fault     *)
(*    without mmu_lock and changed by a caller of kvm_zap_gfn_range()      *)
(*    before it zaps.  Without that caller it stays 0.                     *)
(*  - mmu_lock is exclusive: the shadow MMU's write_lock.  The TDP MMU's   *)
(*    fault takes it for read; with one vCPU (every configuration) no      *)
(*    other reader exists and every other taker writes, so the two are the *)
(*    same.                                                                *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS
    Inv,          \* primary-MMU tasks calling invalidate_range_start/end
    VCpus,        \* vCPU tasks taking page faults
    Updater,      \* the task in KVM_SET_USER_MEMORY_REGION (slots_lock: one)
    Zappers,      \* tasks calling kvm_zap_gfn_range() (APICv inhibit, MTRR, ...)
    NAs,          \* address spaces (x86: 2, the second is SMM)
    NSlots,       \* memslot ids
    HvaBase,      \* the hva of slot 1 (above every gfn)
    GfnBases,     \* the base_gfn values a slot can have
    Changes,      \* what the updater does: subset of CREATE, DELETE, MOVE, FLAGS_ONLY
    LateRegister, \* TRUE: the VM starts without memslots, its MMU notifier not yet registered
    Destroy,      \* TRUE: kvm_destroy_vm may run
    Rounds,       \* operations per task: a positive number, or Unbounded
    Unbounded,    \* a model value: tasks repeat forever
    Variant       \* the design: adopted_618 or a seeded mutant (Kvm618)

ASSUME MmuConstantsOK ==
    /\ Assert(NAs \in {1, 2}, "NAs must be 1 or 2")
    /\ Assert(NSlots \in Nat /\ NSlots >= 1, "NSlots must be a natural number >= 1")
    /\ Assert(GfnBases # {} /\ GfnBases \subseteq Nat,
              "GfnBases must be a non-empty set of natural numbers")
    /\ Assert(HvaBase \in Nat /\ \A g \in GfnBases : g + 1 < HvaBase,
              "HvaBase must be a natural number above every gfn (hva and gfn values must differ)")
    /\ Assert(Changes \subseteq {"CREATE", "DELETE", "MOVE", "FLAGS_ONLY"},
              "Changes must be a subset of CREATE, DELETE, MOVE, FLAGS_ONLY")
    /\ Assert(Inv \cap VCpus = {} /\ Inv \cap Zappers = {} /\ VCpus \cap Zappers = {}
              /\ Updater \notin Inv \cup VCpus \cup Zappers,
              "Inv, VCpus, Zappers and Updater must be disjoint")
    /\ Assert(ToString(LateRegister) \in {"TRUE", "FALSE"}, "LateRegister must be TRUE or FALSE")
    /\ Assert(ToString(Destroy) \in {"TRUE", "FALSE"}, "Destroy must be TRUE or FALSE")
    /\ Assert(Rounds = Unbounded \/ (Rounds \in Nat /\ Rounds >= 1),
              "Rounds must be a positive natural number or Unbounded")

Slots  == 1..NSlots
As     == 0..(NAs - 1)
SlotAs(k)  == (k - 1) % NAs
SlotHva(k) == HvaBase + (k - 1) \div NAs
Hvas   == {SlotHva(k) : k \in Slots}
MaxHva == HvaBase + (NSlots - 1) \div NAs
Gfns   == GfnBases
Frames == {0, 1}
Attrs  == {0, 1}
Tasks  == Inv \cup VCpus \cup {Updater} \cup Zappers
NoTask == "none"
\* INVALID_GPA: "no range yet"; above every gfn and hva, only ever compared.
INVALID_GPA == MaxHva + 2
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : x >= y

\* struct kvm_memory_slot, as far as the protocol reads it: present (the id
\* is in the set), base_gfn, KVM_MEMSLOT_INVALID, KVM_MEM_LOG_DIRTY_PAGES.
SlotRecs == [present : {TRUE}, gfn : GfnBases, invalid : BOOLEAN, flags : BOOLEAN]
NoSlot   == [present |-> FALSE, gfn |-> Min(GfnBases), invalid |-> FALSE, flags |-> FALSE]
\* An SPTE: the pfn and the attribute it was made with, or nothing.
Sptes == [pfn : Frames, attr : Attrs]
NoMap == [pfn |-> -1, attr |-> -1]

\* A memslot layout with no two slots of one address space on one gfn
\* (kvm_check_memslot_overlap()).
NoOverlap(ms) ==
    \A j, k \in Slots : (j # k /\ ms[j].present /\ ms[k].present /\ SlotAs(j) = SlotAs(k))
                        => ms[j].gfn # ms[k].gfn
Layouts == {ms \in [Slots -> {NoSlot} \cup [present : {TRUE}, gfn : GfnBases,
                                             invalid : {FALSE}, flags : {FALSE}]] :
                NoOverlap(ms)}

\* The slot of address space a that holds gfn g (kvm_vcpu_gfn_to_memslot), or 0.
SlotOf(ms, a, g) ==
    IF \E k \in Slots : ms[k].present /\ SlotAs(k) = a /\ ms[k].gfn = g
    THEN CHOOSE k \in Slots : ms[k].present /\ SlotAs(k) = a /\ ms[k].gfn = g
    ELSE 0

VARIABLES
    pte,                        \* primary MMU: hva -> frame
    gfn_attr,                   \* gfn -> what else its SPTE derives from (see above)
    spte,                       \* KVM: <<as, gfn>> -> Sptes or NoMap
    memslots,                   \* kvm->memslots[*] (rcu), as slot id -> slot
    mmu_lock,                   \* holder of kvm->mmu_lock, or NoTask
    mmu_invalidate_in_progress,
    mmu_invalidate_range_start,
    mmu_invalidate_range_end,
    seq_moved,                  \* per vCPU: kvm->mmu_invalidate_seq # its fault->mmu_seq
    vpc, vas, vgfn,             \* per vCPU: where it is, the fault's address space and gfn
    vsid, vslot,                \* per vCPU: fault->slot (its id, 0 for none, and the slot)
    vpfn, vattr,                \* per vCPU: fault->pfn, and the attribute read with it
    vsrcu,                      \* per vCPU: its kvm->srcu read side: none, current, or
                                \* "old" (began before the latest memslots publish)
    zpc, zstart, zend,          \* per zapper: where it is, its [gfn_start, gfn_end)
    zbegun,                     \* ghost, per zapper: between its begin and its end
    registered,                 \* kvm->mmu_notifier is registered with the mm
    vm,                         \* kvm_destroy_vm's progress: alive .. destroyed
    rounds                      \* operations completed per task (0 when unbounded)

cntVars  == <<mmu_invalidate_in_progress, mmu_invalidate_range_start, mmu_invalidate_range_end>>
mmuVars  == <<pte, gfn_attr, spte, memslots, mmu_lock, cntVars, seq_moved>>
vcpuVars == <<vpc, vas, vgfn, vsid, vslot, vpfn, vattr, vsrcu>>
zapVars  == <<zpc, zstart, zend, zbegun>>
envVars  == <<registered, vm>>

VPcs == {"idle", "snapshot", "check_slot", "unsafe_before", "get_pfn", "unsafe_after",
         "lock_mmu", "is_stale", "map", "unlock_mmu"}
ZPcs == {"idle", "zap_lock_mmu", "zap_begin", "zap_range_add", "zap_leafs", "zap_end",
         "zap_unlock_mmu"}
VmStates == {"alive", "unregistered", "rcuwait_checked", "destroyed"}

MmuTypeOK ==
    /\ pte \in [Hvas -> Frames]
    /\ gfn_attr \in [Gfns -> Attrs]
    /\ spte \in [As \X Gfns -> Sptes \cup {NoMap}]
    /\ memslots \in [Slots -> SlotRecs \cup {NoSlot}]
    /\ mmu_lock \in Tasks \cup {NoTask}
    /\ mmu_invalidate_in_progress \in Int
    /\ mmu_invalidate_range_start \in Int
    /\ mmu_invalidate_range_end \in Int
    /\ seq_moved \in [VCpus -> BOOLEAN]
    /\ vpc \in [VCpus -> VPcs]
    /\ vas \in [VCpus -> As]
    /\ vgfn \in [VCpus -> Gfns]
    /\ vsid \in [VCpus -> Slots \cup {0}]
    /\ vslot \in [VCpus -> SlotRecs \cup {NoSlot}]
    /\ vpfn \in [VCpus -> Frames]
    /\ vattr \in [VCpus -> Attrs]
    /\ vsrcu \in [VCpus -> {"none", "current", "old"}]
    /\ zpc \in [Zappers -> ZPcs]
    /\ zstart \in [Zappers -> Gfns]
    /\ zend \in [Zappers -> {g + 1 : g \in Gfns}]
    /\ zbegun \in [Zappers -> BOOLEAN]
    /\ registered \in BOOLEAN
    /\ vm \in VmStates
    /\ rounds \in [Tasks -> Nat]

MmuInit ==
    /\ pte = [h \in Hvas |-> 0]
    /\ gfn_attr = [g \in Gfns |-> 0]
    /\ spte = [x \in As \X Gfns |-> NoMap]
    \* kvm_create_vm() registers the notifier before userspace can create
    \* memslots; with LateRegister the model starts before that.
    /\ IF LateRegister THEN memslots = [k \in Slots |-> NoSlot] ELSE memslots \in Layouts
    /\ mmu_lock = NoTask
    /\ mmu_invalidate_in_progress = 0
    /\ mmu_invalidate_range_start = INVALID_GPA
    /\ mmu_invalidate_range_end = INVALID_GPA
    /\ seq_moved = [v \in VCpus |-> FALSE]
    /\ vpc = [v \in VCpus |-> "idle"]
    /\ vas = [v \in VCpus |-> 0]
    /\ vgfn = [v \in VCpus |-> Min(Gfns)]
    /\ vsid = [v \in VCpus |-> 0]
    /\ vslot = [v \in VCpus |-> NoSlot]
    /\ vpfn = [v \in VCpus |-> 0]
    /\ vattr = [v \in VCpus |-> 0]
    /\ vsrcu = [v \in VCpus |-> "none"]
    /\ zpc = [z \in Zappers |-> "idle"]
    /\ zstart = [z \in Zappers |-> Min(Gfns)]
    /\ zend = [z \in Zappers |-> Min(Gfns) + 1]
    /\ zbegun = [z \in Zappers |-> FALSE]
    /\ registered = ~LateRegister
    /\ vm = "alive"
    /\ rounds = [p \in Tasks |-> 0]

\* A task may begin another operation (bounded configurations end) ...
MayBegin(p) == IF Rounds = Unbounded THEN TRUE ELSE rounds[p] < Rounds
\* ... and counts the one it finished.
Finished(p) == rounds' = IF Rounds = Unbounded THEN rounds ELSE [rounds EXCEPT ![p] = @ + 1]
\* A VM file descriptor exists (vCPU, memslot and zap callers hold a reference).
VmUsable == registered /\ vm = "alive"

-----------------------------------------------------------------------------
(* kvm_mmu_invalidate_begin/_range_add/_end: the updates of the counters,  *)
(* as expressions for the callers' actions (all hold mmu_lock for write).  *)

\* kvm->mmu_invalidate_in_progress++;
\* if (likely(kvm->mmu_invalidate_in_progress == 1)) range_start = range_end = INVALID_GPA;
InvalidateBegin ==
    /\ mmu_invalidate_in_progress' = mmu_invalidate_in_progress + 1
    /\ IF mmu_invalidate_in_progress' = 1
         THEN /\ mmu_invalidate_range_start' = INVALID_GPA
              /\ mmu_invalidate_range_end' = INVALID_GPA
         ELSE UNCHANGED <<mmu_invalidate_range_start, mmu_invalidate_range_end>>

\* WARN_ON_ONCE(!in_progress); the first range is taken as it is, later ones
\* widen it to the smallest range holding both.
InvalidateRangeAdd(s, e) ==
    /\ IF mmu_invalidate_range_start = INVALID_GPA
         THEN /\ mmu_invalidate_range_start' = s
              /\ mmu_invalidate_range_end' = e
         ELSE /\ mmu_invalidate_range_start' = Min({mmu_invalidate_range_start, s})
              /\ mmu_invalidate_range_end' = Max({mmu_invalidate_range_end, e})
    /\ UNCHANGED mmu_invalidate_in_progress

\* kvm->mmu_invalidate_seq++; smp_wmb(); kvm->mmu_invalidate_in_progress--;
\* (KVM_BUG_ON(< 0) and WARN_ON_ONCE(range_start == INVALID_GPA) are the
\* properties InProgressNonNegative and RangeAddedUnderLock.)  Exact
\* reductions: a vCPU that has not snapshot the seq yet, or is past its
\* last test of it, has a dead seq_moved, left FALSE; at in_progress 0
\* nothing reads the range (both retry checks test in_progress first, and
\* begin resets it), so it is set to INVALID_GPA.
ReadsSeq == {"check_slot", "unsafe_before", "get_pfn", "unsafe_after", "lock_mmu", "is_stale"}
InvalidateEnd ==
    /\ seq_moved' = [v \in VCpus |-> vpc[v] \in ReadsSeq]
    /\ mmu_invalidate_in_progress' = mmu_invalidate_in_progress - 1
    /\ IF mmu_invalidate_in_progress' = 0
         THEN /\ mmu_invalidate_range_start' = INVALID_GPA
              /\ mmu_invalidate_range_end' = INVALID_GPA
         ELSE UNCHANGED <<mmu_invalidate_range_start, mmu_invalidate_range_end>>

-----------------------------------------------------------------------------
(* The vCPU page fault: kvm_mmu_do_page_fault, kvm_mmu_faultin_pfn,        *)
(* direct_page_fault / kvm_tdp_mmu_page_fault, is_page_fault_stale.        *)

\* The fault is over (mapped, retried, or emulated): its locals are dead
\* (cleared, an exact reduction) and it leaves kvm->srcu.
FaultEnd(v) ==
    /\ vpc' = [vpc EXCEPT ![v] = "idle"]
    /\ vas' = [vas EXCEPT ![v] = 0]
    /\ vgfn' = [vgfn EXCEPT ![v] = Min(Gfns)]
    /\ vsid' = [vsid EXCEPT ![v] = 0]
    /\ vslot' = [vslot EXCEPT ![v] = NoSlot]
    /\ vpfn' = [vpfn EXCEPT ![v] = 0]
    /\ vattr' = [vattr EXCEPT ![v] = 0]
    /\ vsrcu' = [vsrcu EXCEPT ![v] = "none"]
    /\ seq_moved' = [seq_moved EXCEPT ![v] = FALSE]
    /\ Finished(v)

\* The guest touches gfn g of address space a; fault.slot =
\* kvm_vcpu_gfn_to_memslot(vcpu, fault.gfn), under the vCPU's kvm->srcu
\* read lock (taken in vcpu_run()).
\* Kernel: arch/x86/kvm/mmu/mmu_internal.h: kvm_mmu_do_page_fault (Linux 6.18)
FaultBegin(v) ==
    /\ vpc[v] = "idle"
    /\ MayBegin(v)
    /\ VmUsable
    /\ \E a \in As, g \in Gfns :
          /\ vas' = [vas EXCEPT ![v] = a]
          /\ vgfn' = [vgfn EXCEPT ![v] = g]
          /\ vsid' = [vsid EXCEPT ![v] = SlotOf(memslots, a, g)]
          /\ vslot' = [vslot EXCEPT ![v] = IF SlotOf(memslots, a, g) = 0 THEN NoSlot
                                            ELSE memslots[SlotOf(memslots, a, g)]]
    /\ vsrcu' = [vsrcu EXCEPT ![v] = "current"]
    /\ vpc' = [vpc EXCEPT ![v] = "snapshot"]
    /\ UNCHANGED <<mmuVars, vpfn, vattr, zapVars, envVars, rounds>>

\* fault->mmu_seq = vcpu->kvm->mmu_invalidate_seq; smp_rmb();
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_faultin_pfn (Linux 6.18)
FaultSnapshotSeq(v) ==
    /\ vpc[v] = "snapshot"
    /\ seq_moved' = [seq_moved EXCEPT ![v] = FALSE]
    /\ vpc' = [vpc EXCEPT ![v] = "check_slot"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, cntVars,
                   vas, vgfn, vsid, vslot, vpfn, vattr, vsrcu, zapVars, envVars, rounds>>

\* if (unlikely(!slot)) return kvm_handle_noslot_fault(...);  (emulated
\* MMIO: no mapping of guest memory, not modelled)
\* if (slot->flags & KVM_MEMSLOT_INVALID) return RET_PF_RETRY;
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_faultin_pfn (Linux 6.18)
FaultCheckSlot(v) ==
    /\ vpc[v] = "check_slot"
    /\ IF \/ vsid[v] = 0
          \/ vslot[v].invalid /\ Variant # "no_invalid_check_618"      \* MUTANT
         THEN FaultEnd(v)
         ELSE /\ vpc' = [vpc EXCEPT ![v] = "unsafe_before"]
              /\ UNCHANGED <<vas, vgfn, vsid, vslot, vpfn, vattr, vsrcu, seq_moved, rounds>>
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, cntVars, zapVars, envVars>>

\* mmu_invalidate_retry_gfn_unsafe(): in_progress && gfn in range, or seq
\* moved, read without mmu_lock.
RetryGfnUnsafe(v) ==
    \/ /\ mmu_invalidate_in_progress # 0
       /\ vgfn[v] >= mmu_invalidate_range_start
       /\ vgfn[v] < mmu_invalidate_range_end
    \/ seq_moved[v]

\* The lock-free check reads four words with no lock and may be wrong either
\* way ("will get false negatives and false positives"): the model retries
\* only if the test holds on the current state, and may always go on (a
\* false negative).  The false positives it leaves out only end a fault
\* early; the state they lead to (this vCPU idle, nothing else changed) is
\* reached by the run in which the fault never began, so no safety verdict
\* depends on them.
UnsafeCheck(v, next) ==
    \/ /\ RetryGfnUnsafe(v)
       /\ FaultEnd(v)
    \/ /\ vpc' = [vpc EXCEPT ![v] = next]
       /\ UNCHANGED <<vas, vgfn, vsid, vslot, vpfn, vattr, vsrcu, seq_moved, rounds>>

\* if (mmu_invalidate_retry_gfn_unsafe(kvm, fault->mmu_seq, fault->gfn))
\*         return RET_PF_RETRY;   (before the pfn lookup)
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_faultin_pfn (Linux 6.18)
FaultRetryUnsafeBefore(v) ==
    /\ vpc[v] = "unsafe_before"
    /\ UnsafeCheck(v, "get_pfn")
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, cntVars, zapVars, envVars>>

\* __kvm_mmu_faultin_pfn() -> __kvm_faultin_pfn(): get_user_pages() reads
\* the primary page table at the slot's hva, with no lock ordering it
\* against the primary MMU's change.  The model reads gfn_attr here too
\* (the fault's other input read without mmu_lock, e.g. kvm_apicv_activated()
\* a few lines earlier: any read after the seq snapshot is covered by it).
\* Kernel: arch/x86/kvm/mmu/mmu.c: __kvm_mmu_faultin_pfn (Linux 6.18)
FaultGetPfn(v) ==
    /\ vpc[v] = "get_pfn"
    /\ vpfn' = [vpfn EXCEPT ![v] = pte[SlotHva(vsid[v])]]
    /\ vattr' = [vattr EXCEPT ![v] = gfn_attr[vgfn[v]]]
    /\ vpc' = [vpc EXCEPT ![v] = "unsafe_after"]
    /\ UNCHANGED <<mmuVars, vas, vgfn, vsid, vslot, vsrcu, zapVars, envVars, rounds>>

\* if (mmu_invalidate_retry_gfn_unsafe(kvm, fault->mmu_seq, fault->gfn)) {
\*         kvm_mmu_finish_page_fault(vcpu, fault, RET_PF_RETRY); return RET_PF_RETRY; }
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_faultin_pfn (Linux 6.18)
FaultRetryUnsafeAfter(v) ==
    /\ vpc[v] = "unsafe_after"
    /\ UnsafeCheck(v, "lock_mmu")
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, cntVars, zapVars, envVars>>

\* write_lock(&vcpu->kvm->mmu_lock);  (kvm_tdp_mmu_page_fault: read_lock)
\* unsafe_only_618: the fault relies on the lock-free checks alone and maps
\* without is_page_fault_stale()'s mmu_invalidate_retry_gfn().
\* Kernel: arch/x86/kvm/mmu/mmu.c: direct_page_fault (Linux 6.18)
FaultLockMmu(v) ==
    /\ vpc[v] = "lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = v
    /\ vpc' = [vpc EXCEPT ![v] = IF Variant = "unsafe_only_618" THEN "map"   \* MUTANT
                                 ELSE "is_stale"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   vas, vgfn, vsid, vslot, vpfn, vattr, vsrcu, zapVars, envVars, rounds>>

\* mmu_invalidate_retry_gfn(), under mmu_lock: while in_progress, an
\* INVALID_GPA range retries (with a WARN: begin without range_add, then
\* unlock, is a KVM bug) and so does a gfn in [range_start, range_end); and
\* a moved seq retries.
MmuInvalidateRetryGfn(v) ==
    \/ /\ mmu_invalidate_in_progress # 0
       /\ \/ mmu_invalidate_range_start = INVALID_GPA
          \/ mmu_invalidate_range_end = INVALID_GPA
          \/ /\ vgfn[v] >= mmu_invalidate_range_start
             /\ vgfn[v] < mmu_invalidate_range_end
    \/ seq_moved[v]

\* if (is_page_fault_stale(vcpu, fault)) goto out_unlock;  (its last test,
\* fault->slot && mmu_invalidate_retry_gfn(); root obsolescence is not
\* modelled)  The retry path's locals are dead: cleared here.
\* Kernel: arch/x86/kvm/mmu/mmu.c: is_page_fault_stale (Linux 6.18)
FaultIsStale(v) ==
    /\ vpc[v] = "is_stale"
    /\ IF MmuInvalidateRetryGfn(v)
         THEN /\ vpc' = [vpc EXCEPT ![v] = "unlock_mmu"]
              /\ vpfn' = [vpfn EXCEPT ![v] = 0]
              /\ vattr' = [vattr EXCEPT ![v] = 0]
         ELSE /\ vpc' = [vpc EXCEPT ![v] = "map"]
              /\ UNCHANGED <<vpfn, vattr>>
    /\ seq_moved' = [seq_moved EXCEPT ![v] = FALSE]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, cntVars,
                   vas, vgfn, vsid, vslot, vsrcu, zapVars, envVars, rounds>>

\* r = direct_map(vcpu, fault);  (kvm_tdp_mmu_map(): the same SPTE)
\* Kernel: arch/x86/kvm/mmu/mmu.c: direct_map (Linux 6.18)
FaultMap(v) ==
    /\ vpc[v] = "map"
    /\ spte' = [spte EXCEPT ![<<vas[v], vgfn[v]>>] = [pfn |-> vpfn[v], attr |-> vattr[v]]]
    /\ vpc' = [vpc EXCEPT ![v] = "unlock_mmu"]
    /\ UNCHANGED <<pte, gfn_attr, memslots, mmu_lock, cntVars, seq_moved,
                   vas, vgfn, vsid, vslot, vpfn, vattr, vsrcu, zapVars, envVars, rounds>>

\* kvm_mmu_finish_page_fault(vcpu, fault, r); write_unlock(&vcpu->kvm->mmu_lock);
\* Kernel: arch/x86/kvm/mmu/mmu.c: direct_page_fault (Linux 6.18)
FaultUnlockMmu(v) ==
    /\ vpc[v] = "unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ FaultEnd(v)
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, zapVars, envVars>>

\* Kernel: none (modelling step: the steps of one vCPU's page fault)
VCpuStep(v) ==
    \/ FaultSnapshotSeq(v) \/ FaultCheckSlot(v) \/ FaultRetryUnsafeBefore(v)
    \/ FaultGetPfn(v) \/ FaultRetryUnsafeAfter(v) \/ FaultLockMmu(v)
    \/ FaultIsStale(v) \/ FaultMap(v) \/ FaultUnlockMmu(v)

-----------------------------------------------------------------------------
(* kvm_zap_gfn_range() (x86): begin, range_add, zap, end in one mmu_lock   *)
(* critical section; its callers change what the SPTEs derive from first.  *)

\* The caller (e.g. __kvm_set_or_clear_apicv_inhibit(), after it changed
\* the APICv state; a memory-type change) changes the attribute of
\* [gfn_start, gfn_end) and calls kvm_zap_gfn_range(kvm, gfn_start, gfn_end).
\* Kernel: arch/x86/kvm/x86.c: __kvm_set_or_clear_apicv_inhibit (Linux 6.18)
ZapCallerUpdate(z) ==
    /\ zpc[z] = "idle"
    /\ MayBegin(z)
    /\ VmUsable
    /\ \E s \in Gfns, e \in {g + 1 : g \in Gfns} :
          /\ s < e
          /\ zstart' = [zstart EXCEPT ![z] = s]
          /\ zend' = [zend EXCEPT ![z] = e]
          /\ gfn_attr' = [g \in Gfns |-> IF s <= g /\ g < e THEN 1 - gfn_attr[g]
                                         ELSE gfn_attr[g]]
    /\ zpc' = [zpc EXCEPT ![z] = "zap_lock_mmu"]
    /\ UNCHANGED <<pte, spte, memslots, mmu_lock, cntVars, seq_moved, zbegun,
                   vcpuVars, envVars, rounds>>

\* write_lock(&kvm->mmu_lock);
\* zap_no_begin_end_618: the zap without kvm_mmu_invalidate_begin/_end.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18)
ZapLockMmu(z) ==
    /\ zpc[z] = "zap_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = z
    /\ zpc' = [zpc EXCEPT ![z] = IF Variant = "zap_no_begin_end_618" THEN "zap_leafs" \* MUTANT
                                 ELSE "zap_begin"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved,
                   zstart, zend, zbegun, vcpuVars, envVars, rounds>>

\* kvm_mmu_invalidate_begin(kvm);
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18)
ZapInvalidateBegin(z) ==
    /\ zpc[z] = "zap_begin"
    /\ InvalidateBegin
    /\ zbegun' = [zbegun EXCEPT ![z] = TRUE]
    /\ zpc' = [zpc EXCEPT ![z] = "zap_range_add"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, seq_moved,
                   zstart, zend, vcpuVars, envVars, rounds>>

\* kvm_mmu_invalidate_range_add(kvm, gfn_start, gfn_end);
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18)
ZapRangeAdd(z) ==
    /\ zpc[z] = "zap_range_add"
    /\ InvalidateRangeAdd(zstart[z], zend[z])
    /\ zpc' = [zpc EXCEPT ![z] = "zap_leafs"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, seq_moved,
                   zstart, zend, zbegun, vcpuVars, envVars, rounds>>

\* flush = kvm_rmap_zap_gfn_range(); kvm_tdp_mmu_zap_leafs(); flush:
\* every address space's SPTEs of [gfn_start, gfn_end).
\* zap_early_return_618: "nothing was zapped, nothing to end": an early
\* write_unlock that skips kvm_mmu_invalidate_end().
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18)
ZapLeafs(z) ==
    /\ zpc[z] = "zap_leafs"
    /\ spte' = [x \in As \X Gfns |-> IF zstart[z] <= x[2] /\ x[2] < zend[z] THEN NoMap
                                     ELSE spte[x]]
    /\ zpc' = [zpc EXCEPT ![z] =
                 IF Variant = "zap_no_begin_end_618" THEN "zap_unlock_mmu"   \* MUTANT
                 ELSE IF /\ Variant = "zap_early_return_618"                \* MUTANT
                         /\ \A x \in As \X Gfns :                           \* MUTANT
                              zstart[z] <= x[2] /\ x[2] < zend[z] => spte[x] = NoMap \* MUTANT
                 THEN "zap_unlock_mmu"                                      \* MUTANT
                 ELSE "zap_end"]
    /\ UNCHANGED <<pte, gfn_attr, memslots, mmu_lock, cntVars, seq_moved,
                   zstart, zend, zbegun, vcpuVars, envVars, rounds>>

\* kvm_mmu_invalidate_end(kvm);
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18)
ZapInvalidateEnd(z) ==
    /\ zpc[z] = "zap_end"
    /\ InvalidateEnd
    /\ zbegun' = [zbegun EXCEPT ![z] = FALSE]
    /\ zpc' = [zpc EXCEPT ![z] = "zap_unlock_mmu"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock,
                   zstart, zend, vcpuVars, envVars, rounds>>

\* write_unlock(&kvm->mmu_lock);  (the dead range is reset, an exact reduction)
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18)
ZapUnlockMmu(z) ==
    /\ zpc[z] = "zap_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ zpc' = [zpc EXCEPT ![z] = "idle"]
    /\ zstart' = [zstart EXCEPT ![z] = Min(Gfns)]
    /\ zend' = [zend EXCEPT ![z] = Min(Gfns) + 1]
    /\ Finished(z)
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, cntVars, seq_moved, zbegun,
                   vcpuVars, envVars>>

\* Kernel: none (modelling step: the steps of one kvm_zap_gfn_range caller)
ZapStep(z) ==
    \/ ZapLockMmu(z) \/ ZapInvalidateBegin(z) \/ ZapRangeAdd(z) \/ ZapLeafs(z)
    \/ ZapInvalidateEnd(z) \/ ZapUnlockMmu(z)
=============================================================================
