---------------------------- MODULE Kvm618GmemAttr ----------------------------
(***************************************************************************)
(* Linux 6.18 with two more begin/end writers of mmu_invalidate_in_progress *)
(* (issue 27, items 1 and 2), on the 6.18 model (Kvm618, unchanged):       *)
(*  - guest_memfd's hole punch (kvm_gmem_punch_hole):                      *)
(*    filemap_invalidate_lock; for each binding of the file overlapping    *)
(*    the range, the first takes mmu_lock and begins, each adds its range  *)
(*    and unmaps; truncate; if a binding overlaps, end; unlock.  The       *)
(*    bindings are changed only by kvm_gmem_bind (before a CREATE's swap)  *)
(*    and kvm_gmem_unbind (after a DELETE's final swap), under the same    *)
(*    filemap_invalidate_lock: begin and end see the same bindings.        *)
(*  - KVM_SET_MEMORY_ATTRIBUTES (kvm_vm_set_mem_attributes): under         *)
(*    slots_lock, kvm_handle_gfn_range(pre: on_lock begin, handler         *)
(*    range_add + unmap), store the attributes, kvm_handle_gfn_range(post: *)
(*    on_lock end).  The memslot updater holds slots_lock for the whole     *)
(*    ioctl: pre and post see the same memslots.                           *)
(* and the Feb 2026 RFC (Takahiro Itazuri, RFC v2 7/7,                     *)
(* 20260226135309.29493-8-itazur@amazon.com) that makes both of them       *)
(* writers of mn_active_invalidate_count: guest_memfd increments in its    *)
(* start and decrements with rcuwait_wake_up in its end; memory attributes *)
(* increment before pre and decrement after post, inside slots_lock,       *)
(* WITHOUT a wake-up.  (The RFC's 6/7 renames the fields; this model keeps *)
(* the 6.18 names.)                                                        *)
(*                                                                         *)
(* GmemDesign is the design (Kvm618's Variant stays adopted_618); every    *)
(* line a seeded mutant changes ends in \* MUTANT:                         *)
(*   adopted_gmem_618             Linux 6.18                               *)
(*   unbind_unlocked_gmem_618     kvm_gmem_unbind clears the binding        *)
(*                                without filemap_invalidate_lock          *)
(*   attr_post_relock_618         kvm_vm_set_mem_attributes drops slots_lock *)
(*                                after pre and retakes it for post         *)
(*   truncate_after_end_gmem_618  the hole is truncated after               *)
(*                                kvm_gmem_invalidate_end                   *)
(*   attr_store_after_post_618    the attributes are stored after post     *)
(*   rfc_count_writers_618        the RFC: both count, gmem wakes, attr not *)
(*   rfc_attr_wake_618            the RFC with a wake-up in attr too        *)
(*   rfc_gmem_no_wake_618         the RFC with no wake-up in gmem either    *)
(*   rfc_attr_dec_unlocked_618    the RFC with attr's decrement after       *)
(*                                mutex_unlock(slots_lock)                 *)
(*                                                                         *)
(* Abstractions (besides Kvm618's):                                        *)
(*  - One guest_memfd file bound to this VM; slot k is bound at index k    *)
(*    (one page per slot, as in Kvm618).  Every slot the updater creates   *)
(*    is a guest_memfd slot when Gmem is not empty (CREATE binds), and      *)
(*    guest_memfd slots are only created and deleted (MOVE and FLAGS_ONLY  *)
(*    of a guest_memfd slot are refused): Changes is {CREATE, DELETE}.     *)
(*  - With a vCPU and a guest_memfd task, every gfn is private and         *)
(*    pte[SlotHva(k)] stands for the file's folio at index k (what         *)
(*    kvm_gmem_get_pfn returns where the model's FaultGetPfn reads pte):   *)
(*    the truncate flips it, as a primary-MMU change flips a PTE.  Such    *)
(*    configurations have no primary-MMU task and one address space        *)
(*    (asserted), so nothing else writes pte and no two slots share one.   *)
(*  - gfn_attr (Kvm618Mmu) is the memory attribute (private/shared) the     *)
(*    fault reads after its seq snapshot and the SPTE is made with;        *)
(*    KVM_SET_MEMORY_ATTRIBUTES toggles it over its range.                  *)
(*  - filemap_invalidate_lock taken for write only (punch hole, bind,       *)
(*    unbind); kvm_gmem_error_folio (shared) and kvm_gmem_release are left  *)
(*    out; the pfn caches (the RFC's reason) are left out.                  *)
(***************************************************************************)
EXTENDS Kvm618

CONSTANTS
    Gmem,         \* tasks calling fallocate(PUNCH_HOLE) on the guest_memfd
    Attr,         \* tasks calling KVM_SET_MEMORY_ATTRIBUTES
    GmemDesign    \* the design (see above)

GmemDesigns == {"adopted_gmem_618", "unbind_unlocked_gmem_618", "attr_post_relock_618",
                "truncate_after_end_gmem_618", "attr_store_after_post_618",
                "rfc_count_writers_618", "rfc_attr_wake_618", "rfc_gmem_no_wake_618",
                "rfc_attr_dec_unlocked_618"}
Rfc == GmemDesign \in {"rfc_count_writers_618", "rfc_attr_wake_618", "rfc_gmem_no_wake_618",
                       "rfc_attr_dec_unlocked_618"}

ASSUME GmemConstantsOK ==
    /\ Assert(GmemDesign \in GmemDesigns,
              "GmemDesign must be one of adopted_gmem_618, unbind_unlocked_gmem_618, attr_post_relock_618, truncate_after_end_gmem_618, attr_store_after_post_618, rfc_count_writers_618, rfc_attr_wake_618, rfc_gmem_no_wake_618, rfc_attr_dec_unlocked_618")
    /\ Assert(Variant = "adopted_618", "Variant must be adopted_618 (the design is GmemDesign)")
    /\ Assert(Gmem \cap Attr = {} /\ (Gmem \cup Attr) \cap Tasks = {},
              "Gmem, Attr and the tasks of Kvm618 must be disjoint")
    /\ Assert(~LateRegister /\ ~Destroy,
              "LateRegister and Destroy must be FALSE (a guest_memfd file pins the VM)")
    /\ Assert(Gmem # {} => Changes \subseteq {"CREATE", "DELETE"},
              "with Gmem, Changes must be a subset of CREATE, DELETE (guest_memfd slots cannot move or change flags)")
    /\ Assert(Gmem # {} /\ VCpus # {} => Inv = {} /\ NAs = 1,
              "with Gmem and a vCPU, Inv must be empty and NAs 1 (pte stands for the file's folios)")

VARIABLES
    slots_lock,     \* holder of kvm->slots_lock: Updater, an Attr task, or NoTask
    filemap_lock,   \* holder of the guest_memfd inode's filemap_invalidate_lock (write)
    bindings,       \* the file's bindings: index k -> the memslot bound there, or NoSlot
    ugmem,          \* the updater inside kvm_gmem_bind / kvm_gmem_unbind, or "none"
    gmpc, gstart, gend,   \* per Gmem task: where it is, its index range [start, end)
    gwalk,          \* per Gmem task: <<index, slot>> still to handle in its begin
    gbegun,         \* ghost, per Gmem task: between its begin and its end
    gphase, gwake,  \* per Gmem task (RFC): counted phase, as iphase; its local `wake`
    apc, astart, aend,   \* per Attr task: where it is, its gfn range [start, end)
    awalk,          \* per Attr task: <<slot id, slot>> still to handle in pre
    abegun,         \* ghost, per Attr task: between its begin and its end
    aphase, awake,  \* per Attr task (RFC): counted phase; rfc_attr_wake_618's `wake`
    xrounds         \* operations completed per Gmem / Attr task

gmemVars == <<gmpc, gstart, gend, gwalk, gbegun, gphase, gwake>>
attrVars == <<apc, astart, aend, awalk, abegun, aphase, awake>>
gaVars   == <<slots_lock, filemap_lock, bindings, ugmem, gmemVars, attrVars, xrounds>>
gvars    == <<vars, gaVars>>

XTasks == Gmem \cup Attr
AllTasks == Tasks \cup XTasks
SlotRange == {r \in [start : Slots, end : {k + 1 : k \in Slots}] : r.start < r.end}
GfnRange == {r \in [start : Gfns, end : {g + 1 : g \in Gfns}] : r.start < r.end}
GPcs == {"idle", "g_lock_filemap", "g_start_lock_mn", "g_inc_active", "g_start_unlock_mn",
         "g_walk", "g_lock_mmu", "g_begin", "g_range_add", "g_unmap", "g_unlock_mmu",
         "g_truncate", "g_end_find", "g_end_lock_mmu", "g_end", "g_end_unlock_mmu",
         "g_end_lock_mn", "g_dec_active", "g_end_unlock_mn", "g_wake", "g_unlock_filemap"}
APcs == {"idle", "a_lock_slots", "a_start_lock_mn", "a_inc_active", "a_start_unlock_mn",
         "a_pre_walk", "a_pre_lock_mmu", "a_begin", "a_range_add", "a_unmap",
         "a_pre_unlock_mmu", "a_mid_unlock_slots", "a_store", "a_mid_lock_slots",
         "a_post_walk", "a_post_lock_mmu", "a_end", "a_post_unlock_mmu", "a_end_lock_mn",
         "a_dec_active", "a_end_unlock_mn", "a_wake", "a_unlock_slots"}
UGmem == {"none", "bind_lock", "bind_store", "bind_unlock",
          "unbind_lock", "unbind_store", "unbind_unlock"}

\* TypeOK of Kvm618 with the new tasks as lock holders, and the new variables.
GmemTypeOK ==
    /\ pte \in [Hvas -> Frames]
    /\ gfn_attr \in [Gfns -> Attrs]
    /\ spte \in [As \X Gfns -> Sptes \cup {NoMap}]
    /\ memslots \in [Slots -> SlotRecs \cup {NoSlot}]
    /\ mmu_lock \in AllTasks \cup {NoTask}
    /\ mmu_invalidate_in_progress \in Int
    /\ mn_invalidate_lock \in AllTasks \cup {NoTask}
    /\ mn_active_invalidate_count \in Nat
    /\ rcuwait_task \in {Updater, NoTask}
    /\ upc \in UPcs
    /\ ipc \in [Inv -> IPcs]
    /\ iphase \in [Inv -> Phases]
    /\ slots_lock \in {Updater, NoTask} \cup Attr
    /\ filemap_lock \in {Updater, NoTask} \cup Gmem
    /\ bindings \in [Slots -> SlotRecs \cup {NoSlot}]
    /\ ugmem \in UGmem
    /\ gmpc \in [Gmem -> GPcs]
    /\ gstart \in [Gmem -> Slots] /\ gend \in [Gmem -> {k + 1 : k \in Slots}]
    /\ gwalk \in [Gmem -> SUBSET (Slots \X SlotRecs)]
    /\ gbegun \in [Gmem -> BOOLEAN] /\ gphase \in [Gmem -> Phases] /\ gwake \in [Gmem -> BOOLEAN]
    /\ apc \in [Attr -> APcs]
    /\ astart \in [Attr -> Gfns] /\ aend \in [Attr -> {g + 1 : g \in Gfns}]
    /\ awalk \in [Attr -> SUBSET (Slots \X SlotRecs)]
    /\ abegun \in [Attr -> BOOLEAN] /\ aphase \in [Attr -> Phases] /\ awake \in [Attr -> BOOLEAN]
    /\ xrounds \in [XTasks -> Nat]

GInit ==
    /\ Init
    /\ slots_lock = NoTask
    /\ filemap_lock = NoTask
    \* The slots of the initial layout were created (and bound) before.
    /\ bindings = [k \in Slots |-> IF Gmem # {} /\ memslots[k].present THEN memslots[k]
                                   ELSE NoSlot]
    /\ ugmem = "none"
    /\ gmpc = [g \in Gmem |-> "idle"]
    /\ gstart = [g \in Gmem |-> 1]
    /\ gend = [g \in Gmem |-> 2]
    /\ gwalk = [g \in Gmem |-> {}]
    /\ gbegun = [g \in Gmem |-> FALSE]
    /\ gphase = [g \in Gmem |-> "out"]
    /\ gwake = [g \in Gmem |-> FALSE]
    /\ apc = [a \in Attr |-> "idle"]
    /\ astart = [a \in Attr |-> Min(Gfns)]
    /\ aend = [a \in Attr |-> Min(Gfns) + 1]
    /\ awalk = [a \in Attr |-> {}]
    /\ abegun = [a \in Attr |-> FALSE]
    /\ aphase = [a \in Attr |-> "out"]
    /\ awake = [a \in Attr |-> FALSE]
    /\ xrounds = [p \in XTasks |-> 0]

XMayBegin(p) == IF Rounds = Unbounded THEN TRUE ELSE xrounds[p] < Rounds
XFinished(p) == xrounds' = IF Rounds = Unbounded THEN xrounds
                           ELSE [xrounds EXCEPT ![p] = @ + 1]

\* Shorthands for the UNCHANGED lists.
kvmButMmu == <<pte, gfn_attr, spte, memslots, seq_moved, vcpuVars, zapVars, envVars,
               rounds, mnVars, invVars, updVars>>
kvmButCnt == <<pte, gfn_attr, spte, memslots, mmu_lock, seq_moved, vcpuVars, zapVars,
               envVars, rounds, mnVars, invVars, updVars>>
kvmButMn  == <<mmuVars, vcpuVars, zapVars, envVars, rounds, invVars, updVars>>
gmemOther == <<slots_lock, filemap_lock, bindings, ugmem, attrVars>>
attrOther == <<slots_lock, filemap_lock, bindings, ugmem, gmemVars>>

-----------------------------------------------------------------------------
(* guest_memfd: fallocate(FALLOC_FL_PUNCH_HOLE) -> kvm_gmem_punch_hole()  *)

\* fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, len):
\* the index range [start, end).
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_fallocate (Linux 6.18)
GmemFallocate(g) ==
    /\ gmpc[g] = "idle"
    /\ XMayBegin(g)
    /\ VmUsable
    /\ \E r \in SlotRange : gstart' = [gstart EXCEPT ![g] = r.start]
                            /\ gend' = [gend EXCEPT ![g] = r.end]
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_lock_filemap"]
    /\ UNCHANGED <<vars, gmemOther, gwalk, gbegun, gphase, gwake, xrounds>>

\* ("Bindings must be stable across invalidation to ensure the start+end are balanced.")
\* filemap_invalidate_lock(inode->i_mapping);
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_punch_hole (Linux 6.18)
GmemLockFilemap(g) ==
    /\ gmpc[g] = "g_lock_filemap"
    /\ filemap_lock = NoTask
    /\ filemap_lock' = g
    /\ gmpc' = [gmpc EXCEPT ![g] = IF Rfc THEN "g_start_lock_mn" ELSE "g_walk"]  \* MUTANT
    /\ UNCHANGED <<vars, slots_lock, bindings, ugmem, attrVars,
                   gstart, gend, gwalk, gbegun, gphase, gwake, xrounds>>

\* (The RFC: mn_invalidate_lock renamed invalidate_lock.)
\* spin_lock(&kvm->invalidate_lock);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_start (RFC 20260226135309.29493-8 on Linux 6.18)
GmemStartLockMn(g) ==
    /\ gmpc[g] = "g_start_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = g
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_inc_active"]
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   gmemOther, gstart, gend, gwalk, gbegun, gphase, gwake, xrounds>>

\* (The RFC: before the bindings walk.)
\* kvm->active_invalidate_count++;
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_start (RFC 20260226135309.29493-8 on Linux 6.18)
GmemIncActive(g) ==
    /\ gmpc[g] = "g_inc_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count + 1
    /\ gphase' = [gphase EXCEPT ![g] = "in"]
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_start_unlock_mn"]
    /\ UNCHANGED <<kvmButMn, mn_invalidate_lock, rcuwait_task, task_state,
                   gmemOther, gstart, gend, gwalk, gbegun, gwake, xrounds>>

\* spin_unlock(&kvm->invalidate_lock);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_start (RFC 20260226135309.29493-8 on Linux 6.18)
GmemStartUnlockMn(g) ==
    /\ gmpc[g] = "g_start_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_walk"]
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   gmemOther, gstart, gend, gwalk, gbegun, gphase, gwake, xrounds>>

\* The binding walk, after the truncate when truncate_after_end_gmem_618
\* has moved it past the end.
AfterBeginG == IF GmemDesign = "truncate_after_end_gmem_618" THEN "g_end_find" \* MUTANT
               ELSE "g_truncate"

\* xa_for_each_range(&f->bindings, index, slot, start, end - 1): the
\* bindings overlapping the range (none: no mmu_lock, no begin).
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_begin (Linux 6.18)
GmemWalkBindings(g) ==
    /\ gmpc[g] = "g_walk"
    /\ LET W == {<<k, bindings[k]>> : k \in {j \in gstart[g]..(gend[g] - 1) :
                                                bindings[j] # NoSlot}} IN
         /\ gwalk' = [gwalk EXCEPT ![g] = W]
         /\ gmpc' = [gmpc EXCEPT ![g] = IF W = {} THEN AfterBeginG ELSE "g_lock_mmu"]
    /\ UNCHANGED <<vars, gmemOther, gstart, gend, gbegun, gphase, gwake, xrounds>>

\* if (!found_memslot) { found_memslot = true; KVM_MMU_LOCK(kvm); ...
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_begin (Linux 6.18)
GmemLockMmu(g) ==
    /\ gmpc[g] = "g_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = g
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_begin"]
    /\ UNCHANGED <<kvmButMmu, cntVars, gmemOther, gstart, gend, gwalk, gbegun, gphase,
                   gwake, xrounds>>

\* ... kvm_mmu_invalidate_begin(kvm); }
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_begin (Linux 6.18)
GmemInvalidateBegin(g) ==
    /\ gmpc[g] = "g_begin"
    /\ InvalidateBegin
    /\ gbegun' = [gbegun EXCEPT ![g] = TRUE]
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_range_add"]
    /\ UNCHANGED <<kvmButCnt, gmemOther, gstart, gend, gwalk, gphase, gwake, xrounds>>

\* flush |= kvm_mmu_unmap_gfn_range(kvm, &gfn_range): first
\* kvm_mmu_invalidate_range_add(kvm, range->start, range->end), the gfns
\* of this binding's slot.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_unmap_gfn_range (Linux 6.18)
GmemRangeAdd(g) ==
    /\ gmpc[g] = "g_range_add"
    /\ LET e == NextSlot(gwalk[g]) IN InvalidateRangeAdd(e[2].gfn, e[2].gfn + 1)
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_unmap"]
    /\ UNCHANGED <<kvmButCnt, gmemOther, gstart, gend, gwalk, gbegun, gphase, gwake,
                   xrounds>>

\* ... then kvm_unmap_gfn_range(kvm, range): zap the slot's SPTEs; the next
\* binding.
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_unmap_gfn_range (Linux 6.18)
GmemUnmapGfnRange(g) ==
    /\ gmpc[g] = "g_unmap"
    /\ LET e == NextSlot(gwalk[g])
           rest == gwalk[g] \ {e} IN
         /\ spte' = [spte EXCEPT ![<<SlotAs(e[1]), e[2].gfn>>] = NoMap]
         /\ gwalk' = [gwalk EXCEPT ![g] = rest]
         /\ gmpc' = [gmpc EXCEPT ![g] = IF rest = {} THEN "g_unlock_mmu" ELSE "g_range_add"]
    /\ UNCHANGED <<pte, gfn_attr, memslots, mmu_lock, cntVars, seq_moved, vcpuVars, zapVars,
                   envVars, rounds, mnVars, invVars, updVars,
                   gmemOther, gstart, gend, gbegun, gphase, gwake, xrounds>>

\* if (flush) kvm_flush_remote_tlbs(kvm); if (found_memslot) KVM_MMU_UNLOCK(kvm);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_begin (Linux 6.18)
GmemUnlockMmu(g) ==
    /\ gmpc[g] = "g_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ gmpc' = [gmpc EXCEPT ![g] = AfterBeginG]
    /\ UNCHANGED <<kvmButMmu, cntVars, gmemOther, gstart, gend, gwalk, gbegun, gphase,
                   gwake, xrounds>>

\* Where the task goes after its end and its count.
GDone == "g_unlock_filemap"
AfterCountG == IF GmemDesign = "truncate_after_end_gmem_618" THEN "g_truncate" \* MUTANT
               ELSE GDone
AfterEndG == IF Rfc THEN "g_end_lock_mn" ELSE AfterCountG

\* truncate_inode_pages_range(inode->i_mapping, offset, offset + len - 1):
\* the folios of the range are gone; the next kvm_gmem_get_pfn() gets a new
\* one (the model flips pte, which stands for the file's folio, see above).
\* truncate_after_end_gmem_618: after kvm_gmem_invalidate_end().
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_punch_hole (Linux 6.18)
GmemTruncate(g) ==
    /\ gmpc[g] = "g_truncate"
    /\ pte' = [h \in Hvas |-> IF \E k \in gstart[g]..(gend[g] - 1) : SlotHva(k) = h
                              THEN 1 - pte[h] ELSE pte[h]]
    /\ gmpc' = [gmpc EXCEPT ![g] = IF GmemDesign = "truncate_after_end_gmem_618" THEN GDone \* MUTANT
                                 ELSE "g_end_find"]
    /\ UNCHANGED <<gfn_attr, spte, memslots, mmu_lock, cntVars, seq_moved, vcpuVars, zapVars,
                   envVars, rounds, mnVars, invVars, updVars,
                   gmemOther, gstart, gend, gwalk, gbegun, gphase, gwake, xrounds>>

\* if (xa_find(&f->bindings, &start, end - 1, XA_PRESENT)) {
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (Linux 6.18)
GmemEndFind(g) ==
    /\ gmpc[g] = "g_end_find"
    /\ gmpc' = [gmpc EXCEPT ![g] =
                 IF \E k \in gstart[g]..(gend[g] - 1) : bindings[k] # NoSlot
                 THEN "g_end_lock_mmu" ELSE AfterEndG]
    /\ UNCHANGED <<vars, gmemOther, gstart, gend, gwalk, gbegun, gphase, gwake, xrounds>>

\*     KVM_MMU_LOCK(kvm);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (Linux 6.18)
GmemEndLockMmu(g) ==
    /\ gmpc[g] = "g_end_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = g
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_end"]
    /\ UNCHANGED <<kvmButMmu, cntVars, gmemOther, gstart, gend, gwalk, gbegun, gphase,
                   gwake, xrounds>>

\*     kvm_mmu_invalidate_end(kvm);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (Linux 6.18)
GmemInvalidateEnd(g) ==
    /\ gmpc[g] = "g_end"
    /\ InvalidateEnd
    /\ gbegun' = [gbegun EXCEPT ![g] = FALSE]
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_end_unlock_mmu"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, vcpuVars, zapVars, envVars,
                   rounds, mnVars, invVars, updVars,
                   gmemOther, gstart, gend, gwalk, gphase, gwake, xrounds>>

\*     KVM_MMU_UNLOCK(kvm); }
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (Linux 6.18)
GmemEndUnlockMmu(g) ==
    /\ gmpc[g] = "g_end_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ gmpc' = [gmpc EXCEPT ![g] = AfterEndG]
    /\ UNCHANGED <<kvmButMmu, cntVars, gmemOther, gstart, gend, gwalk, gbegun, gphase,
                   gwake, xrounds>>

\* spin_lock(&kvm->invalidate_lock);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (RFC 20260226135309.29493-8 on Linux 6.18)
GmemEndLockMn(g) ==
    /\ gmpc[g] = "g_end_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = g
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_dec_active"]
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   gmemOther, gstart, gend, gwalk, gbegun, gphase, gwake, xrounds>>

\* if (!WARN_ON_ONCE(!kvm->active_invalidate_count))
\*         kvm->active_invalidate_count--;
\* wake = !kvm->active_invalidate_count;
\* (rfc_gmem_no_wake_618: no wake-up follows, so none is owed.)
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (RFC 20260226135309.29493-8 on Linux 6.18)
GmemDecActive(g) ==
    /\ gmpc[g] = "g_dec_active"
    /\ mn_active_invalidate_count' = IF mn_active_invalidate_count # 0
                                     THEN mn_active_invalidate_count - 1
                                     ELSE mn_active_invalidate_count
    /\ gwake' = [gwake EXCEPT ![g] = /\ mn_active_invalidate_count' = 0
                                     /\ GmemDesign # "rfc_gmem_no_wake_618"]  \* MUTANT
    /\ gphase' = [gphase EXCEPT ![g] = IF gwake'[g] THEN "owed" ELSE "past"]
    /\ gmpc' = [gmpc EXCEPT ![g] = "g_end_unlock_mn"]
    /\ UNCHANGED <<kvmButMn, mn_invalidate_lock, rcuwait_task, task_state,
                   gmemOther, gstart, gend, gwalk, gbegun, xrounds>>

\* spin_unlock(&kvm->invalidate_lock); if (wake) ...
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (RFC 20260226135309.29493-8 on Linux 6.18)
GmemEndUnlockMn(g) ==
    /\ gmpc[g] = "g_end_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ gmpc' = [gmpc EXCEPT ![g] = IF gwake[g] THEN "g_wake" ELSE AfterCountG]
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   gmemOther, gstart, gend, gwalk, gbegun, gphase, gwake, xrounds>>

\* rcuwait_wake_up(&kvm->memslots_update_rcuwait);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_invalidate_end (RFC 20260226135309.29493-8 on Linux 6.18)
GmemWakeUp(g) ==
    /\ gmpc[g] = "g_wake"
    /\ task_state' = IF rcuwait_task # NoTask THEN "TASK_RUNNING" ELSE task_state
    /\ gwake' = [gwake EXCEPT ![g] = FALSE]
    /\ gphase' = [gphase EXCEPT ![g] = "past"]
    /\ gmpc' = [gmpc EXCEPT ![g] = AfterCountG]
    /\ UNCHANGED <<kvmButMn, mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task,
                   gmemOther, gstart, gend, gwalk, gbegun, xrounds>>

\* filemap_invalidate_unlock(inode->i_mapping); return 0;  (dead locals reset)
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_punch_hole (Linux 6.18)
GmemUnlockFilemap(g) ==
    /\ gmpc[g] = "g_unlock_filemap"
    /\ filemap_lock' = NoTask
    /\ gmpc' = [gmpc EXCEPT ![g] = "idle"]
    /\ gstart' = [gstart EXCEPT ![g] = 1]
    /\ gend' = [gend EXCEPT ![g] = 2]
    /\ gphase' = [gphase EXCEPT ![g] = "out"]
    /\ XFinished(g)
    /\ UNCHANGED <<vars, slots_lock, bindings, ugmem, attrVars, gwalk, gbegun, gwake>>

\* Kernel: none (modelling step: the steps of one hole punch)
GmemStep(g) ==
    \/ GmemLockFilemap(g) \/ GmemStartLockMn(g) \/ GmemIncActive(g) \/ GmemStartUnlockMn(g)
    \/ GmemWalkBindings(g) \/ GmemLockMmu(g) \/ GmemInvalidateBegin(g) \/ GmemRangeAdd(g)
    \/ GmemUnmapGfnRange(g) \/ GmemUnlockMmu(g) \/ GmemTruncate(g) \/ GmemEndFind(g)
    \/ GmemEndLockMmu(g) \/ GmemInvalidateEnd(g) \/ GmemEndUnlockMmu(g) \/ GmemEndLockMn(g)
    \/ GmemDecActive(g) \/ GmemEndUnlockMn(g) \/ GmemWakeUp(g) \/ GmemUnlockFilemap(g)

-----------------------------------------------------------------------------
(* KVM_SET_MEMORY_ATTRIBUTES -> kvm_vm_set_mem_attributes()               *)

\* ioctl(vm_fd, KVM_SET_MEMORY_ATTRIBUTES, {address, size, attributes}):
\* the gfn range [start, end), whose attributes toggle (so the "nothing to
\* do" early exit never applies; xa_reserve cannot fail here).
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_ioctl_set_mem_attributes (Linux 6.18)
AttrIoctl(a) ==
    /\ apc[a] = "idle"
    /\ XMayBegin(a)
    /\ VmUsable
    /\ \E r \in GfnRange : astart' = [astart EXCEPT ![a] = r.start]
                           /\ aend' = [aend EXCEPT ![a] = r.end]
    /\ apc' = [apc EXCEPT ![a] = "a_lock_slots"]
    /\ UNCHANGED <<vars, attrOther, awalk, abegun, aphase, awake, xrounds>>

\* mutex_lock(&kvm->slots_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (Linux 6.18)
AttrLockSlots(a) ==
    /\ apc[a] = "a_lock_slots"
    /\ slots_lock = NoTask
    /\ slots_lock' = a
    /\ apc' = [apc EXCEPT ![a] = IF Rfc THEN "a_start_lock_mn" ELSE "a_pre_walk"]  \* MUTANT
    /\ UNCHANGED <<vars, filemap_lock, bindings, ugmem, gmemVars,
                   astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* (The RFC: after the xa_reserve loop.)
\* spin_lock(&kvm->invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (RFC 20260226135309.29493-8 on Linux 6.18)
AttrStartLockMn(a) ==
    /\ apc[a] = "a_start_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = a
    /\ apc' = [apc EXCEPT ![a] = "a_inc_active"]
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   attrOther, astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* kvm->active_invalidate_count++;
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (RFC 20260226135309.29493-8 on Linux 6.18)
AttrIncActive(a) ==
    /\ apc[a] = "a_inc_active"
    /\ mn_active_invalidate_count' = mn_active_invalidate_count + 1
    /\ aphase' = [aphase EXCEPT ![a] = "in"]
    /\ apc' = [apc EXCEPT ![a] = "a_start_unlock_mn"]
    /\ UNCHANGED <<kvmButMn, mn_invalidate_lock, rcuwait_task, task_state,
                   attrOther, astart, aend, awalk, abegun, awake, xrounds>>

\* spin_unlock(&kvm->invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (RFC 20260226135309.29493-8 on Linux 6.18)
AttrStartUnlockMn(a) ==
    /\ apc[a] = "a_start_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ apc' = [apc EXCEPT ![a] = "a_pre_walk"]
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   attrOther, astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* The memslots of every address space with a gfn in [start, end)
\* (kvm_for_each_memslot_in_gfn_range over each __kvm_memslots(kvm, i)).
GfnOverlapping(ms, s, e) ==
    {<<k, ms[k]>> : k \in {j \in Slots : ms[j].present /\ s <= ms[j].gfn /\ ms[j].gfn < e}}

\* Where pre goes when it is done.
AfterPreA == IF GmemDesign = "attr_store_after_post_618" THEN "a_post_walk"   \* MUTANT
             ELSE IF GmemDesign = "attr_post_relock_618" THEN "a_mid_unlock_slots" \* MUTANT
             ELSE "a_store"

\* kvm_handle_gfn_range(kvm, &pre_set_range): for each address space, for
\* each memslot in [start, end) ... (none: no mmu_lock, no begin).
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_gfn_range (Linux 6.18)
AttrPreWalk(a) ==
    /\ apc[a] = "a_pre_walk"
    /\ LET W == GfnOverlapping(memslots, astart[a], aend[a]) IN
         /\ awalk' = [awalk EXCEPT ![a] = W]
         /\ apc' = [apc EXCEPT ![a] = IF W = {} THEN AfterPreA ELSE "a_pre_lock_mmu"]
    /\ UNCHANGED <<vars, attrOther, astart, aend, abegun, aphase, awake, xrounds>>

\* if (!found_memslot) { found_memslot = true; KVM_MMU_LOCK(kvm); ...
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_gfn_range (Linux 6.18)
AttrPreLockMmu(a) ==
    /\ apc[a] = "a_pre_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = a
    /\ apc' = [apc EXCEPT ![a] = "a_begin"]
    /\ UNCHANGED <<kvmButMmu, cntVars, attrOther, astart, aend, awalk, abegun, aphase, awake,
                   xrounds>>

\* ... range->on_lock(kvm) = kvm_mmu_invalidate_begin(kvm); }
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_begin (Linux 6.18)
AttrInvalidateBegin(a) ==
    /\ apc[a] = "a_begin"
    /\ InvalidateBegin
    /\ abegun' = [abegun EXCEPT ![a] = TRUE]
    /\ apc' = [apc EXCEPT ![a] = "a_range_add"]
    /\ UNCHANGED <<kvmButCnt, attrOther, astart, aend, awalk, aphase, awake, xrounds>>

\* ret |= range->handler(kvm, &gfn_range): kvm_pre_set_memory_attributes():
\* kvm_mmu_invalidate_range_add(kvm, range->start, range->end);
\* Kernel: virt/kvm/kvm_main.c: kvm_pre_set_memory_attributes (Linux 6.18)
AttrRangeAdd(a) ==
    /\ apc[a] = "a_range_add"
    /\ LET e == NextSlot(awalk[a]) IN InvalidateRangeAdd(e[2].gfn, e[2].gfn + 1)
    /\ apc' = [apc EXCEPT ![a] = "a_unmap"]
    /\ UNCHANGED <<kvmButCnt, attrOther, astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* return kvm_arch_pre_set_memory_attributes(kvm, range): x86 zaps the
\* range's SPTEs (kvm_unmap_gfn_range); the next memslot.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_pre_set_memory_attributes (Linux 6.18)
AttrPreUnmap(a) ==
    /\ apc[a] = "a_unmap"
    /\ LET e == NextSlot(awalk[a])
           rest == awalk[a] \ {e} IN
         /\ spte' = [spte EXCEPT ![<<SlotAs(e[1]), e[2].gfn>>] = NoMap]
         /\ awalk' = [awalk EXCEPT ![a] = rest]
         /\ apc' = [apc EXCEPT ![a] = IF rest = {} THEN "a_pre_unlock_mmu" ELSE "a_range_add"]
    /\ UNCHANGED <<pte, gfn_attr, memslots, mmu_lock, cntVars, seq_moved, vcpuVars, zapVars,
                   envVars, rounds, mnVars, invVars, updVars,
                   attrOther, astart, aend, abegun, aphase, awake, xrounds>>

\* if (range->flush_on_ret && ret) kvm_flush_remote_tlbs(kvm);
\* if (found_memslot) KVM_MMU_UNLOCK(kvm);
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_gfn_range (Linux 6.18)
AttrPreUnlockMmu(a) ==
    /\ apc[a] = "a_pre_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ apc' = [apc EXCEPT ![a] = AfterPreA]
    /\ UNCHANGED <<kvmButMmu, cntVars, attrOther, astart, aend, awalk, abegun, aphase, awake,
                   xrounds>>

\* attr_post_relock_618: mutex_unlock(&kvm->slots_lock); ...
\* mutex_lock(&kvm->slots_lock); ("do not hold slots_lock across the
\* xa_store loop"): pre and post may then see different memslots.
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (Linux 6.18, attr_post_relock_618)
AttrMidUnlockSlots(a) ==
    /\ apc[a] = "a_mid_unlock_slots"                                       \* MUTANT
    /\ slots_lock' = NoTask                                                \* MUTANT
    /\ apc' = [apc EXCEPT ![a] = "a_store"]                                \* MUTANT
    /\ UNCHANGED <<vars, filemap_lock, bindings, ugmem, gmemVars,
                   astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* Where the task goes when post (and its count) is done.
ADone == "a_unlock_slots"
AfterCountA == IF GmemDesign = "rfc_attr_dec_unlocked_618" THEN "idle" ELSE ADone \* MUTANT
AfterPostA ==
    IF GmemDesign = "attr_store_after_post_618" THEN "a_store"                    \* MUTANT
    ELSE IF Rfc /\ GmemDesign # "rfc_attr_dec_unlocked_618" THEN "a_end_lock_mn"  \* MUTANT
    ELSE ADone

\* for (i = start; i < end; i++) xa_store(&kvm->mem_attr_array, i, entry, ...):
\* the attributes of [start, end) change.
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (Linux 6.18)
AttrStore(a) ==
    /\ apc[a] = "a_store"
    /\ gfn_attr' = [g \in Gfns |-> IF astart[a] <= g /\ g < aend[a] THEN 1 - gfn_attr[g]
                                   ELSE gfn_attr[g]]
    /\ apc' = [apc EXCEPT ![a] =
                 IF GmemDesign = "attr_store_after_post_618" THEN ADone            \* MUTANT
                 ELSE IF GmemDesign = "attr_post_relock_618" THEN "a_mid_lock_slots" \* MUTANT
                 ELSE "a_post_walk"]
    /\ UNCHANGED <<pte, spte, memslots, mmu_lock, cntVars, seq_moved, vcpuVars, zapVars,
                   envVars, rounds, mnVars, invVars, updVars,
                   attrOther, astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* attr_post_relock_618: mutex_lock(&kvm->slots_lock) again for post.
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (Linux 6.18)
AttrMidLockSlots(a) ==
    /\ apc[a] = "a_mid_lock_slots"                                         \* MUTANT
    /\ slots_lock = NoTask                                                 \* MUTANT
    /\ slots_lock' = a                                                     \* MUTANT
    /\ apc' = [apc EXCEPT ![a] = "a_post_walk"]                            \* MUTANT
    /\ UNCHANGED <<vars, filemap_lock, bindings, ugmem, gmemVars,
                   astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* kvm_handle_gfn_range(kvm, &post_set_range): the memslots in [start, end)
\* again (none: no mmu_lock, no end).
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_gfn_range (Linux 6.18)
AttrPostWalk(a) ==
    /\ apc[a] = "a_post_walk"
    /\ apc' = [apc EXCEPT ![a] = IF GfnOverlapping(memslots, astart[a], aend[a]) = {}
                                 THEN AfterPostA ELSE "a_post_lock_mmu"]
    /\ UNCHANGED <<vars, attrOther, astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* found_memslot = true; KVM_MMU_LOCK(kvm);
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_gfn_range (Linux 6.18)
AttrPostLockMmu(a) ==
    /\ apc[a] = "a_post_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = a
    /\ apc' = [apc EXCEPT ![a] = "a_end"]
    /\ UNCHANGED <<kvmButMmu, cntVars, attrOther, astart, aend, awalk, abegun, aphase, awake,
                   xrounds>>

\* range->on_lock(kvm) = kvm_mmu_invalidate_end(kvm);  (the handler,
\* kvm_arch_post_set_memory_attributes, updates x86's hugepage tracking: not
\* modelled)
\* Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_end (Linux 6.18)
AttrInvalidateEnd(a) ==
    /\ apc[a] = "a_end"
    /\ InvalidateEnd
    /\ abegun' = [abegun EXCEPT ![a] = FALSE]
    /\ apc' = [apc EXCEPT ![a] = "a_post_unlock_mmu"]
    /\ UNCHANGED <<pte, gfn_attr, spte, memslots, mmu_lock, vcpuVars, zapVars, envVars,
                   rounds, mnVars, invVars, updVars,
                   attrOther, astart, aend, awalk, aphase, awake, xrounds>>

\* KVM_MMU_UNLOCK(kvm);
\* Kernel: virt/kvm/kvm_main.c: kvm_handle_gfn_range (Linux 6.18)
AttrPostUnlockMmu(a) ==
    /\ apc[a] = "a_post_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ apc' = [apc EXCEPT ![a] = AfterPostA]
    /\ UNCHANGED <<kvmButMmu, cntVars, attrOther, astart, aend, awalk, abegun, aphase, awake,
                   xrounds>>

\* (The RFC: after post, before mutex_unlock(&kvm->slots_lock); rfc_attr_dec_unlocked_618: after it.)
\* spin_lock(&kvm->invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (RFC 20260226135309.29493-8 on Linux 6.18)
AttrEndLockMn(a) ==
    /\ apc[a] = "a_end_lock_mn"
    /\ mn_invalidate_lock = NoTask
    /\ mn_invalidate_lock' = a
    /\ apc' = [apc EXCEPT ![a] = "a_dec_active"]
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   attrOther, astart, aend, awalk, abegun, aphase, awake, xrounds>>

\* (The RFC: "memslots_update_rcuwait does not need to be waked ... because active memslots swap is also done while holding slots_lock".)
\* (rfc_attr_wake_618 computes wake = !count and wakes as guest_memfd does.)
\* if (!WARN_ON_ONCE(!kvm->active_invalidate_count))
\*         kvm->active_invalidate_count--;
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (RFC 20260226135309.29493-8 on Linux 6.18)
AttrDecActive(a) ==
    /\ apc[a] = "a_dec_active"
    /\ mn_active_invalidate_count' = IF mn_active_invalidate_count # 0
                                     THEN mn_active_invalidate_count - 1
                                     ELSE mn_active_invalidate_count
    /\ awake' = [awake EXCEPT ![a] = /\ GmemDesign = "rfc_attr_wake_618"          \* MUTANT
                                     /\ mn_active_invalidate_count' = 0]
    /\ aphase' = [aphase EXCEPT ![a] = IF awake'[a] THEN "owed" ELSE "past"]
    /\ apc' = [apc EXCEPT ![a] = "a_end_unlock_mn"]
    /\ UNCHANGED <<kvmButMn, mn_invalidate_lock, rcuwait_task, task_state,
                   attrOther, astart, aend, awalk, abegun, xrounds>>

\* The attribute task is done (dead locals reset).
AttrDone(a) ==
    /\ apc' = [apc EXCEPT ![a] = "idle"]
    /\ astart' = [astart EXCEPT ![a] = Min(Gfns)]
    /\ aend' = [aend EXCEPT ![a] = Min(Gfns) + 1]
    /\ aphase' = [aphase EXCEPT ![a] = "out"]
    /\ XFinished(a)

\* spin_unlock(&kvm->invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (RFC 20260226135309.29493-8 on Linux 6.18)
AttrEndUnlockMn(a) ==
    /\ apc[a] = "a_end_unlock_mn"
    /\ mn_invalidate_lock' = NoTask
    /\ IF awake[a] THEN /\ apc' = [apc EXCEPT ![a] = "a_wake"]
                        /\ UNCHANGED <<astart, aend, aphase, xrounds>>
       ELSE IF AfterCountA = "idle" THEN AttrDone(a)
       ELSE /\ apc' = [apc EXCEPT ![a] = AfterCountA]
            /\ UNCHANGED <<astart, aend, aphase, xrounds>>
    /\ UNCHANGED <<kvmButMn, mn_active_invalidate_count, rcuwait_task, task_state,
                   attrOther, awalk, abegun, awake>>

\* rfc_attr_wake_618: if (wake) rcuwait_wake_up(&kvm->memslots_update_rcuwait);
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (RFC 20260226135309.29493-8 on Linux 6.18)
AttrWakeUp(a) ==
    /\ apc[a] = "a_wake"
    /\ task_state' = IF rcuwait_task # NoTask THEN "TASK_RUNNING" ELSE task_state
    /\ awake' = [awake EXCEPT ![a] = FALSE]
    /\ aphase' = [aphase EXCEPT ![a] = "past"]
    /\ apc' = [apc EXCEPT ![a] = ADone]
    /\ UNCHANGED <<kvmButMn, mn_invalidate_lock, mn_active_invalidate_count, rcuwait_task,
                   attrOther, astart, aend, awalk, abegun, xrounds>>

\* out_unlock: mutex_unlock(&kvm->slots_lock);
\* (rfc_attr_dec_unlocked_618: the decrement follows.)
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_set_mem_attributes (Linux 6.18)
AttrUnlockSlots(a) ==
    /\ apc[a] = "a_unlock_slots"
    /\ slots_lock' = NoTask
    /\ IF GmemDesign = "rfc_attr_dec_unlocked_618"                         \* MUTANT
         THEN /\ apc' = [apc EXCEPT ![a] = "a_end_lock_mn"]                \* MUTANT
              /\ UNCHANGED <<astart, aend, aphase, xrounds>>
         ELSE AttrDone(a)
    /\ UNCHANGED <<vars, filemap_lock, bindings, ugmem, gmemVars, awalk, abegun, awake>>

\* Kernel: none (modelling step: the steps of one KVM_SET_MEMORY_ATTRIBUTES)
AttrStep(a) ==
    \/ AttrLockSlots(a) \/ AttrStartLockMn(a) \/ AttrIncActive(a) \/ AttrStartUnlockMn(a)
    \/ AttrPreWalk(a) \/ AttrPreLockMmu(a) \/ AttrInvalidateBegin(a) \/ AttrRangeAdd(a)
    \/ AttrPreUnmap(a) \/ AttrPreUnlockMmu(a) \/ AttrMidUnlockSlots(a) \/ AttrStore(a)
    \/ AttrMidLockSlots(a) \/ AttrPostWalk(a) \/ AttrPostLockMmu(a) \/ AttrInvalidateEnd(a)
    \/ AttrPostUnlockMmu(a) \/ AttrEndLockMn(a) \/ AttrDecActive(a) \/ AttrEndUnlockMn(a)
    \/ AttrWakeUp(a) \/ AttrUnlockSlots(a)

-----------------------------------------------------------------------------
(* The memslot updater with slots_lock, kvm_gmem_bind and kvm_gmem_unbind. *)

\* mutex_lock(&kvm->slots_lock); kvm_set_memory_region(kvm, &mem);
\* (as Kvm618's SetMemoryRegion; a CREATE of a guest_memfd slot binds it
\* first, in kvm_prepare_memory_region().)
\* Kernel: virt/kvm/kvm_main.c: kvm_vm_ioctl_set_memory_region (Linux 6.18)
GSetMemoryRegion ==
    /\ slots_lock = NoTask
    /\ SetMemoryRegion
    /\ slots_lock' = Updater
    /\ ugmem' = IF Gmem # {} /\ uchange' = "CREATE" THEN "bind_lock" ELSE "none"
    /\ UNCHANGED <<filemap_lock, bindings, gmemVars, attrVars, xrounds>>

\* kvm_gmem_bind(kvm, new, ...): filemap_invalidate_lock(inode->i_mapping);
\* (before kvm_set_memslot(): the slot is not visible yet)
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_bind (Linux 6.18)
GmemBindLock ==
    /\ upc = "activate_replace"    \* (implied: the updater stays there meanwhile)
    /\ ugmem = "bind_lock"
    /\ filemap_lock = NoTask
    /\ filemap_lock' = Updater
    /\ ugmem' = "bind_store"
    /\ UNCHANGED <<vars, slots_lock, bindings, gmemVars, attrVars, xrounds>>

\* xa_store_range(&f->bindings, start, end - 1, slot, GFP_KERNEL);
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_bind (Linux 6.18)
GmemBindStore ==
    /\ upc = "activate_replace"    \* (implied: the updater stays there meanwhile)
    /\ ugmem = "bind_store"
    /\ bindings' = [bindings EXCEPT ![uslot] = ufinal]
    /\ ugmem' = "bind_unlock"
    /\ UNCHANGED <<vars, slots_lock, filemap_lock, gmemVars, attrVars, xrounds>>

\* filemap_invalidate_unlock(inode->i_mapping);
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_bind (Linux 6.18)
GmemBindUnlock ==
    /\ upc = "activate_replace"    \* (implied: the updater stays there meanwhile)
    /\ ugmem = "bind_unlock"
    /\ filemap_lock' = NoTask
    /\ ugmem' = "none"
    /\ UNCHANGED <<vars, slots_lock, bindings, gmemVars, attrVars, xrounds>>

\* After the final swap of a DELETE: kvm_commit_memory_region() ->
\* kvm_free_memslot(kvm, old) -> kvm_gmem_unbind(slot):
\* filemap_invalidate_lock(file->f_mapping);
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_unbind (Linux 6.18)
GmemUnbindLock ==
    /\ upc = "done"
    /\ GmemDesign # "unbind_unlocked_gmem_618"                           \* MUTANT
    /\ ugmem = "none"
    /\ uchange = "DELETE"
    /\ bindings[uslot] # NoSlot
    /\ filemap_lock = NoTask
    /\ filemap_lock' = Updater
    /\ ugmem' = "unbind_store"
    /\ UNCHANGED <<vars, slots_lock, bindings, gmemVars, attrVars, xrounds>>

\* unbind_unlocked_gmem_618: kvm_gmem_unbind(slot) without
\* filemap_invalidate_lock(file->f_mapping): the binding is cleared while
\* a hole punch may be between its begin and its end.
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_unbind (Linux 6.18, unbind_unlocked_gmem_618)
GmemUnbindNoLock ==
    /\ upc = "done"
    /\ GmemDesign = "unbind_unlocked_gmem_618"                           \* MUTANT
    /\ ugmem = "none"
    /\ uchange = "DELETE"
    /\ bindings[uslot] # NoSlot
    /\ ugmem' = "unbind_store"
    /\ UNCHANGED <<vars, slots_lock, filemap_lock, bindings, gmemVars, attrVars, xrounds>>

\* __kvm_gmem_unbind(): xa_store_range(&f->bindings, start, end - 1, NULL, ...);
\* WRITE_ONCE(slot->gmem.file, NULL);
\* Kernel: virt/kvm/guest_memfd.c: __kvm_gmem_unbind (Linux 6.18)
GmemUnbindStore ==
    /\ upc = "done"    \* (implied: the updater stays there meanwhile)
    /\ ugmem = "unbind_store"
    /\ bindings' = [bindings EXCEPT ![uslot] = NoSlot]
    /\ ugmem' = IF GmemDesign = "unbind_unlocked_gmem_618" THEN "none"     \* MUTANT
                ELSE "unbind_unlock"
    /\ UNCHANGED <<vars, slots_lock, filemap_lock, gmemVars, attrVars, xrounds>>

\* filemap_invalidate_unlock(file->f_mapping);
\* Kernel: virt/kvm/guest_memfd.c: kvm_gmem_unbind (Linux 6.18)
GmemUnbindUnlock ==
    /\ upc = "done"    \* (implied: the updater stays there meanwhile)
    /\ ugmem = "unbind_unlock"
    /\ filemap_lock' = NoTask
    /\ ugmem' = "none"
    /\ UNCHANGED <<vars, slots_lock, bindings, gmemVars, attrVars, xrounds>>

\* ... mutex_unlock(&kvm->slots_lock)  (after the unbind of a DELETE).
\* Kernel: virt/kvm/kvm_main.c: kvm_set_memslot (Linux 6.18)
GSetMemoryRegionDone ==
    /\ ugmem = "none"
    /\ ~(uchange = "DELETE" /\ bindings[uslot] # NoSlot)
    /\ SetMemoryRegionDone
    /\ slots_lock' = NoTask
    /\ UNCHANGED <<filemap_lock, bindings, ugmem, gmemVars, attrVars, xrounds>>

(***************************************************************************)
(* Kvm618's updater steps with the new variables unchanged: one definition *)
(* each (Kvm618's comment and Kernel line), so that TLC's traces name the  *)
(* step.  kvm_invalidate_memslot and kvm_activate_memslot run only outside *)
(* kvm_gmem_bind and kvm_gmem_unbind (ugmem = "none").                    *)
(***************************************************************************)

\* kvm_copy_memslot(invalid_slot, old); invalid_slot->flags |=
\* KVM_MEMSLOT_INVALID; kvm_replace_memslot(kvm, old, invalid_slot): in the
\* inactive set, which only this task sees; then kvm_swap_active_memslots().
\* Kernel: virt/kvm/kvm_main.c: kvm_invalidate_memslot (Linux 6.18)
GInvalidateMemslotCopy == ugmem = "none" /\ InvalidateMemslotCopy /\ UNCHANGED gaVars

\* kvm_create_memslot / kvm_delete_memslot / kvm_move_memslot /
\* kvm_update_flags_memslot: kvm_replace_memslot(kvm, old or the INVALID
\* copy, new) in the inactive set; kvm_activate_memslot() ->
\* kvm_swap_active_memslots().
\* Kernel: virt/kvm/kvm_main.c: kvm_activate_memslot (Linux 6.18)
GActivateReplace == ugmem = "none" /\ ActivateReplace /\ UNCHANGED gaVars

\* slots->generation = gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (unpublished
\* set); spin_lock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapLockMn == SwapLockMn /\ UNCHANGED gaVars

\* prepare_to_rcuwait(&kvm->mn_memslots_update_rcuwait): w->task = current.
\* Kernel: include/linux/rcuwait.h: prepare_to_rcuwait (Linux 6.18)
GSwapPrepareRcuwait == SwapPrepareRcuwait /\ UNCHANGED gaVars

\* while (kvm->mn_active_invalidate_count) {   (a long: -1 is true)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapWaitTest == SwapWaitTest /\ UNCHANGED gaVars

\*     set_current_state(TASK_UNINTERRUPTIBLE);
\* (lost_wakeup_618 does it after spin_unlock: a wake-up in between is lost.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapSetState == SwapSetState /\ UNCHANGED gaVars

\*     spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapUnlockMnToSleep == SwapUnlockMnToSleep /\ UNCHANGED gaVars

\*     schedule();  returns once the task is TASK_RUNNING again.
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapSchedule == SwapSchedule /\ UNCHANGED gaVars

\*     spin_lock(&kvm->mn_invalidate_lock);
\* }
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapRelockMn == SwapRelockMn /\ UNCHANGED gaVars

\* finish_rcuwait(): w->task = NULL; __set_current_state(TASK_RUNNING).
\* Kernel: include/linux/rcuwait.h: finish_rcuwait (Linux 6.18)
GSwapFinishRcuwait == SwapFinishRcuwait /\ UNCHANGED gaVars

\* rcu_assign_pointer(kvm->memslots[as_id], slots);  vCPUs inside kvm->srcu
\* now read the old set.  (The final swap of a DELETE/MOVE ends the
\* flushed INVALID copy: the ghost forgets it.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapPublish == SwapPublish /\ UNCHANGED gaVars

\* spin_unlock(&kvm->mn_invalidate_lock);
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapUnlockMn == SwapUnlockMn /\ UNCHANGED gaVars

\* mutex_unlock(&kvm->slots_arch_lock); synchronize_srcu_expedited(&kvm->srcu):
\* every vCPU that may still use the old set has left its read side; then
\* the new generation (read by caches this model does not have), and back
\* to the caller: after the INVALID swap kvm_invalidate_memslot() flushes,
\* after the final swap kvm_set_memslot() finishes.  (unew is dead: reset.)
\* Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18)
GSwapSynchronizeSrcu == SwapSynchronizeSrcu /\ UNCHANGED gaVars

\* kvm_arch_flush_shadow_memslot(kvm, old): x86 zaps the slot's SPTEs
\* under mmu_lock (kvm_mmu_zap_memslot(), or kvm_mmu_zap_all_fast()):
\* write_lock(&kvm->mmu_lock) ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
GFlushShadowLockMmu == FlushShadowLockMmu /\ UNCHANGED gaVars

\* ... zap the SPTEs of the slot's gfns ...
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
GFlushShadowZap == FlushShadowZap /\ UNCHANGED gaVars

\* ... write_unlock(&kvm->mmu_lock).  Back in kvm_set_memslot():
\* kvm_prepare_memory_region() (not modelled), then the final swap.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_arch_flush_shadow_memslot (Linux 6.18)
GFlushShadowUnlockMmu == FlushShadowUnlockMmu /\ UNCHANGED gaVars

\* Kernel: none (modelling step: the steps of the memslot updater)
GUpdStep ==
    \/ GInvalidateMemslotCopy
    \/ GActivateReplace
    \/ GSwapLockMn
    \/ GSwapPrepareRcuwait
    \/ GSwapWaitTest
    \/ GSwapSetState
    \/ GSwapUnlockMnToSleep
    \/ GSwapSchedule
    \/ GSwapRelockMn
    \/ GSwapFinishRcuwait
    \/ GSwapPublish
    \/ GSwapUnlockMn
    \/ GSwapSynchronizeSrcu
    \/ GFlushShadowLockMmu
    \/ GFlushShadowZap
    \/ GFlushShadowUnlockMmu
    \/ GmemBindLock \/ GmemBindStore \/ GmemBindUnlock
    \/ GmemUnbindLock \/ GmemUnbindNoLock \/ GmemUnbindStore \/ GmemUnbindUnlock
    \/ GSetMemoryRegionDone

\* Kernel: none (modelling step: explicit end of a bounded run)
GTerminated ==
    /\ Terminated
    /\ ugmem = "none"
    /\ \A p \in Gmem : gmpc[p] = "idle" /\ xrounds[p] = Rounds
    /\ \A p \in Attr : apc[p] = "idle" /\ xrounds[p] = Rounds

\* One disjunct per action, as in Kvm618's Next (and Kvm618Timeout's): TLC
\* names a step by the disjunct it took.  An action of a task of Kvm618 is
\* written out here with the new variables unchanged (TLC names it GNext,
\* at the action's name); the updater's have a definition each (above);
\* the hole punch's and the attribute ioctl's are this module's own.
GNext ==
    \/ \E t \in Inv : InvBegin(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartLockMn(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartIncActive(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartUnlockMn(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartHvaRange(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartLockMmu(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartInvalidateBegin(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartRangeAdd(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartUnmapGfnRange(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : StartUnlockMmu(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : PrimaryChangePte(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : InvEnd(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndHvaRange(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndLockMmu(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndInvalidateEnd(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndUnlockMmu(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndLockMn(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndDecActive(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndUnlockMn(t) /\ UNCHANGED gaVars
    \/ \E t \in Inv : EndWakeUp(t) /\ UNCHANGED gaVars
    \/ \E v \in VCpus : FaultBegin(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultSnapshotSeq(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultCheckSlot(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultRetryUnsafeBefore(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultGetPfn(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultRetryUnsafeAfter(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultLockMmu(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultIsStale(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultMap(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E v \in VCpus : FaultUnlockMmu(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E z \in Zappers : ZapCallerUpdate(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E z \in Zappers : ZapLockMmu(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E z \in Zappers : ZapInvalidateBegin(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E z \in Zappers : ZapRangeAdd(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E z \in Zappers : ZapLeafs(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E z \in Zappers : ZapInvalidateEnd(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ \E z \in Zappers : ZapUnlockMmu(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>
    \/ GSetMemoryRegion
    \/ GInvalidateMemslotCopy
    \/ GActivateReplace
    \/ GSwapLockMn
    \/ GSwapPrepareRcuwait
    \/ GSwapWaitTest
    \/ GSwapSetState
    \/ GSwapUnlockMnToSleep
    \/ GSwapSchedule
    \/ GSwapRelockMn
    \/ GSwapFinishRcuwait
    \/ GSwapPublish
    \/ GSwapUnlockMn
    \/ GSwapSynchronizeSrcu
    \/ GFlushShadowLockMmu
    \/ GFlushShadowZap
    \/ GFlushShadowUnlockMmu
    \/ GmemBindLock \/ GmemBindStore \/ GmemBindUnlock
    \/ GmemUnbindLock \/ GmemUnbindNoLock \/ GmemUnbindStore \/ GmemUnbindUnlock
    \/ GSetMemoryRegionDone
    \/ \E g \in Gmem : GmemFallocate(g) \/ GmemStep(g)
    \/ \E a \in Attr : AttrIoctl(a) \/ AttrStep(a)
    \/ GTerminated /\ UNCHANGED gvars

\* As Kvm618's Fairness, with the new tasks (strong fairness: a lock free
\* infinitely often is eventually taken).
GFairness ==
    /\ \A t \in Inv : SF_gvars(InvStep(t) /\ UNCHANGED gaVars)
    /\ \A v \in VCpus : SF_gvars(VCpuStep(v) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>)
    /\ \A z \in Zappers : SF_gvars(ZapStep(z) /\ UNCHANGED <<mnVars, invVars, updVars, gaVars>>)
    /\ SF_gvars(GUpdStep)
    /\ \A g \in Gmem : SF_gvars(GmemStep(g))
    /\ \A a \in Attr : SF_gvars(AttrStep(a))

GSpec == GInit /\ [][GNext]_gvars /\ GFairness

-----------------------------------------------------------------------------
(* Properties, over kernel state.                                         *)

\* mmu_invalidate_in_progress counts exactly the begins whose end has not
\* come, of all four writers (notifier, kvm_zap_gfn_range, guest_memfd,
\* memory attributes), is never negative (KVM_BUG_ON), and no caller returns
\* with its begin counted: a begin without its end leaves every fault on
\* the range retrying forever, an end without its begin kills the VM.
InProgressBalancedGmem ==
    /\ InProgressNonNegative
    /\ mmu_invalidate_in_progress = Cardinality({t \in Inv : ibegun[t]})
                                    + Cardinality({z \in Zappers : zbegun[z]})
                                    + Cardinality({g \in Gmem : gbegun[g]})
                                    + Cardinality({a \in Attr : abegun[a]})
    /\ \A t \in Inv : ipc[t] = "idle" => ~ibegun[t]
    /\ \A z \in Zappers : zpc[z] = "idle" => ~zbegun[z]
    /\ \A g \in Gmem : gmpc[g] = "idle" => ~gbegun[g]
    /\ \A a \in Attr : apc[a] = "idle" => ~abegun[a]

\* Slots whose guest_memfd folio is being punched, gfns whose attributes are
\* being set (from the ioctl's start to its return).
PunchingSlots == UNION {IF gmpc[g] = "idle" THEN {} ELSE gstart[g]..(gend[g] - 1) : g \in Gmem}
SettingGfns == UNION {IF apc[a] = "idle" THEN {} ELSE {x \in Gfns : astart[a] <= x /\ x < aend[a]}
                      : a \in Attr}

\* Kvm618's Coherence with the two new writers: an SPTE maps a gfn of a
\* memslot of its address space, the slot's current folio (the file's, or
\* the primary MMU's page) unless that is being punched or invalidated,
\* made with the gfn's current memory attribute unless that is being set
\* or zapped.
CoherenceGmem ==
    \A a \in As, g \in Gfns :
       spte[<<a, g>>] # NoMap =>
         LET k == SlotOf(memslots, a, g) IN
           /\ k # 0
           /\ (SlotHva(k) \notin InvalidatingHvas /\ k \notin PunchingSlots)
                 => spte[<<a, g>>].pfn = pte[SlotHva(k)]
           /\ g \notin ZappingGfns \cup SettingGfns => spte[<<a, g>>].attr = gfn_attr[g]

\* A task counted in mn_active_invalidate_count (RFC: guest_memfd and
\* memory attributes too).
Counted == {t \in Inv : iphase[t] = "in"} \cup {g \in Gmem : gphase[g] = "in"}
           \cup {a \in Attr : aphase[a] = "in"}

\* kvm->memslots never changes while any task is counted: the RFC's
\* writers, like range_start/end, see one set of memslots from start to end.
MutualExclusionCounted == [][memslots' # memslots => Counted = {}]_gvars

\* The updater never sleeps with count 0 and nobody owing it a wake-up
\* (rcuwait_wake_up between the decrement to 0 and the updater's test).
NoLostWakeUpGmem ==
    (UpdaterAsleep /\ mn_active_invalidate_count = 0)
    => \/ \E t \in Inv : iphase[t] = "owed"
       \/ \E g \in Gmem : gphase[g] = "owed"
       \/ \E a \in Attr : aphase[a] = "owed"

\* Nobody starts a hole punch or an MMU-notifier invalidation again (a hypothesis).
AllInvalidationsStop ==
    <>[](/\ \A t \in Inv : ipc[t] = "idle"
         /\ \A g \in Gmem : gmpc[g] = "idle")

\* The swap publishes once MMU-notifier invalidations and hole punches stop.
SwapCompletesOnceAllInvalidationsStop ==
    AllInvalidationsStop => ((upc = "swap_lock_mn") ~> (upc = "swap_unlock_mn"))

\* TLC's VIEW for configurations without a vCPU (Kvm618's NoPagesView and
\* the new variables).  The three TRUE terms only make TLC build the
\* values of pte, gfn_attr and spte (a function written [x \in S |-> e] is
\* kept unevaluated until something compares or fingerprints it, and TLC's
\* disk queue cannot write an unevaluated one); they do not split states.
GNoPagesView == <<NoPagesView, gaVars, pte = pte, gfn_attr = gfn_attr, spte = spte>>

GSymmetry == Permutations(Inv) \cup Permutations(VCpus) \cup Permutations(Zappers)
             \cup Permutations(Gmem) \cup Permutations(Attr)
=============================================================================
