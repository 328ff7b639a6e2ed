----------------------------- MODULE Kvm618Trace -----------------------------
(***************************************************************************)
(* Trace validation of the Linux 6.18 Java code (impl/.../kvm618) against  *)
(* Kvm618 (after Cirstea, Kuppe, Loillier, Merz, "Validating Traces of     *)
(* Distributed Programs Against TLA+ Specifications", 2024), as            *)
(* KvmMemslotsTrace does for 5.15.                                         *)
(*                                                                         *)
(* Two generated modules, never edited by hand (org.kvmlocking.trace.      *)
(* Trace618):                                                              *)
(*   Kvm618TraceData     Traces (a tuple of logs; a log is a tuple of      *)
(*                       records [p |-> process, a |-> action, values])    *)
(*   Kvm618TraceActions  IsAction(a, p): "this step is a step of action a  *)
(*                       by process p", one CASE arm per constant of the   *)
(*                       Java enum Step618, each calling the spec action   *)
(*                       of that name.  Derived from the enum and the      *)
(*                       spec's definitions: a new Step and a new action   *)
(*                       of the same name need no hand-written table.      *)
(*                                                                         *)
(* One TLC run validates every log: the initial state chooses the log ti;  *)
(* l is the position in it.  A step matches record r iff it is a step of   *)
(* Kvm618's Next, it is a step of the action r.a taken by process r.p      *)
(* (IsAction), and the state agrees with the values r carries (ValuesOK).  *)
(* Register ti holds the furthest l; each new maximum is printed as        *)
(* <<"reach", ti, l>>: a rejected log's first unmatched record is          *)
(* Traces[ti][max l].  The harness starts every run before                 *)
(* kvm_init_mmu_notifier (LateRegister = TRUE, no memslots) and records    *)
(* the registration and the memslots it creates, so one constant set      *)
(* serves every run; kvm_destroy_vm (Destroy = TRUE) ends a run.           *)
(*                                                                         *)
(* The properties are Kvm618's, with its definitions, on every replayed    *)
(* state and step (PropertyReport, StepReport): an invariant that prints   *)
(* <<"violates", ti, l, name>> and never fails, so one TLC run goes on     *)
(* through every log.                                                      *)
(*                                                                         *)
(* Java values onto the spec's (the harness's layout, Trace618.java): Java *)
(* slot (as_id, id) at hva id, one page, is the spec's slot               *)
(* id * NAs + as_id + 1; Java hva h is HvaBase + h; gfns are the same      *)
(* numbers; Java's INVALID_GPA (-1) is the spec's INVALID_GPA; a Java      *)
(* frame is 0 or 1 (the k-th frame an hva gets is k mod 2) or -1 (none).   *)
(***************************************************************************)
EXTENDS Kvm618Refinement, Sequences, TLC, Kvm618TraceData, Kvm618TraceActions

VARIABLES
    ti, \* the log being validated
    l   \* the position of the next record to match

traceVars == <<ti, l>>

ASSUME TraceConstantsOK ==
    Assert(Gfns = 0..(Cardinality(Gfns) - 1), "the trace spec wants GfnBases = 0..n-1")

\* Java's INVALID_GPA is -1.
J2G(x) == IF x = -1 THEN INVALID_GPA ELSE x
\* An SPTE table as the recorder writes it: <<frame, attr>> per (as, gfn),
\* address space by address space; <<-1, -1>> maps nothing.
SpteOf(t) ==
    [x \in As \X Gfns |->
        LET e == t[x[1] * Cardinality(Gfns) + x[2] + 1]
        IN  IF e[1] = -1 THEN NoMap ELSE [pfn |-> e[1], attr |-> e[2]]]
\* A memslot as the recorder writes it: <<present, base_gfn, INVALID, dirty>>.
SlotOfRec(e) ==
    IF e[1] THEN [present |-> TRUE, gfn |-> e[2], invalid |-> e[3], flags |-> e[4]] ELSE NoSlot
MemslotsOf(t) == [k \in Slots |-> SlotOfRec(t[k])]

\* The step agrees with the values record r carries (primed: after it).  An
\* action with no arm here is matched by its name and process alone.
ValuesOK(p, r) ==
    CASE r.a = "InvBegin" ->
            /\ irange'[p] = [start |-> r.s, end |-> r.e]
            /\ (ipc'[p] = "start_lock_mn") = r.deliv
      [] r.a = "InvEnd" -> (ipc'[p] = "end_hva_range") = r.deliv
      [] r.a = "EndDecActive" ->
            /\ mn_active_invalidate_count' = r.active
            /\ iwake'[p] = r.wake
      [] r.a \in {"StartIncActive", "DestroyCheckCount"} -> mn_active_invalidate_count' = r.active
      [] r.a \in {"StartInvalidateBegin", "EndInvalidateEnd", "ZapInvalidateBegin", "ZapInvalidateEnd"} ->
            mmu_invalidate_in_progress' = r.inprog
      [] r.a \in {"StartRangeAdd", "ZapRangeAdd"} ->
            /\ mmu_invalidate_range_start' = J2G(r.rs)
            /\ mmu_invalidate_range_end' = J2G(r.re)
      [] r.a \in {"StartUnmapGfnRange", "ZapLeafs", "FlushShadowZap", "FaultMap"} -> spte' = SpteOf(r.spte)
      [] r.a = "PrimaryChangePte" -> \A i \in 1..Len(r.pte) : pte'[HvaBase + i - 1] = r.pte[i]
      [] r.a = "FaultBegin" ->
            /\ vas'[p] = r.as
            /\ vgfn'[p] = r.gfn
            /\ vsid'[p] = r.slot
      [] r.a = "FaultCheckSlot" -> (vpc'[p] = "idle") = r.end
      [] r.a = "FaultGetPfn" -> vpfn'[p] = r.pfn /\ vattr'[p] = r.attr
      [] r.a \in {"FaultRetryUnsafeBefore", "FaultRetryUnsafeAfter"} -> (vpc'[p] = "idle") = r.retry
      [] r.a = "FaultIsStale" -> (vpc'[p] = "unlock_mmu") = r.retry
      [] r.a = "SetMemoryRegion" ->
            /\ uslot' = r.slot
            /\ uchange' = r.change
            /\ ufinal' = IF r.change = "DELETE" THEN NoSlot
                         ELSE [present |-> TRUE, gfn |-> r.gfn, invalid |-> FALSE, flags |-> r.dirty]
      [] r.a = "SwapWaitTest" -> (mn_active_invalidate_count # 0) = r.busy
      [] r.a = "SwapPublish" -> memslots' = MemslotsOf(r.slots)
      [] r.a = "ZapCallerUpdate" -> zstart'[p] = r.zs /\ zend'[p] = r.ze
      [] OTHER -> TRUE

\* Kernel: none (modelling step: trace validation: choose a log)
TraceInit ==
    /\ ti \in 1..Len(Traces)
    /\ l = 1
    /\ Init
    /\ TLCSet(ti, 1)
    /\ PrintT(<<"reach", ti, 1>>)

\* The design's safety properties on the replayed behaviour, as Kvm618 and
\* Kvm618Refinement define them.  A state property P is evaluated in every
\* state: where it is false this prints <<"violates", ti, l, name>> (the
\* state after record l - 1).  An action property [][A]_vars is evaluated,
\* as A, on every step: <<"violates", ti, l', name>> names record l' - 1.
\* Kernel: none (modelling step: trace validation: report a property)
StateReport(name, P) == P \/ PrintT(<<"violates", ti, l, name>>)
\* Kernel: none (modelling step: trace validation: report a property)
StepReport(name, A) == A \/ PrintT(<<"violates", ti, l', name>>)

PropertyReport ==
    /\ StateReport("TypeOK", TypeOK)
    /\ StateReport("InProgressBalanced", InProgressBalanced)
    /\ StateReport("RangeAddedUnderLock", RangeAddedUnderLock)
    /\ StateReport("ActiveCountNonNegative", ActiveCountNonNegative)
    /\ StateReport("Coherence", Coherence)
    /\ StateReport("NoMappingOfInvalidSlot", NoMappingOfInvalidSlot)
    /\ StateReport("NoLostWakeUp", NoLostWakeUp)
    /\ StateReport("NoDanglingInvalidationAtDestroy", NoDanglingInvalidationAtDestroy)

\* One record matched.
\* Kernel: none (modelling step: trace validation: match one record)
TraceNext ==
    /\ l <= Len(Traces[ti])
    /\ LET r == Traces[ti][l] IN
          /\ IsAction(r.a, r.p)
          /\ Next
          /\ ValuesOK(r.p, r)
    /\ l' = l + 1
    /\ UNCHANGED ti
    /\ IF l' > TLCGet(ti) THEN TLCSet(ti, l') /\ PrintT(<<"reach", ti, l'>>) ELSE TRUE
    /\ StepReport("MutualExclusion", MutualExclusionStep)
    /\ StepReport("RefinesUnfairRwsem", RefinesUnfairRwsemStep)

\* How a log ends, after its last record: whether every task is idle (a
\* run that ended must; a log that stops mid-operation is not accepted).
EndReport ==
    l = Len(Traces[ti]) + 1
        => PrintT(<<"end", ti, /\ \A t \in Inv : ipc[t] = "idle"
                               /\ \A v \in VCpus : vpc[v] = "idle"
                               /\ \A z \in Zappers : zpc[z] = "idle"
                               /\ upc = "idle">>)
=============================================================================
