----------------------------- MODULE KvmMmuTrace -----------------------------
(***************************************************************************)
(* Trace validation of the Java implementation (impl/), after Cirstea,     *)
(* Kuppe, Loillier, Merz, "Validating Traces of Distributed Programs       *)
(* Against TLA+ Specifications" (2024): the part every design shares.      *)
(* KvmMemslotsTrace and KvmMemslotsRwsemTrace add their design's actions.  *)
(*                                                                         *)
(* KvmTraceData is generated from recorded runs by                         *)
(* org.kvmlocking.trace.TraceToTla, never edited by hand:                  *)
(*   Traces          a tuple of logs; a log is a tuple of records          *)
(*                   [p |-> process, a |-> spec action, values...]         *)
(*   TraceInitSlots  the memslot layout each run started from              *)
(*   TraceInitGen    memslots->generation when tracing started             *)
(*   TraceComplete   whether the run ended (FALSE: threads still blocked   *)
(*                   at the harness's timeout, the log is what they did)   *)
(*                                                                         *)
(* One TLC run validates every log: the initial state chooses the log ti;  *)
(* l is the position in it.  A step matches record r iff it is a step of   *)
(* the design's Next taken by process r.p, starting at the program counter *)
(* where action r.a starts (KvmTracePcs, generated from the spec; each pc  *)
(* has exactly one action, so this names the action),                     *)
(* and the state agrees with the values r carries.  Nothing else can step. *)
(* Register ti holds the furthest l reached; every new maximum is printed  *)
(* as <<"reach", ti, l>>, so the first record of a rejected log that no    *)
(* enabled action matches is Traces[ti][max l].  At l = Len + 1 the        *)
(* invariant EndReport prints how the log ends (EndOf); the harness        *)
(* (trace/Check.java) accepts a complete run only if every task is idle    *)
(* there, and a hung one only if the spec is deadlocked there.  Run TLC    *)
(* with -deadlock: the end of a log has no successor.                      *)
(***************************************************************************)
EXTENDS KvmMmu, Sequences, TLC, KvmTraceData, KvmTracePcs

VARIABLES
    ti,         \* the log being validated
    l,          \* the position of the next record to match
    generation, \* memslots->generation without KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS
    slots_lock  \* the updater holds kvm->slots_lock (UpdateBegin .. UpdateEnd)

traceVars == <<ti, l, generation, slots_lock>>

\* The generation step of install_new_memslots(): KVM_ADDRESS_SPACE_NUM,
\* 1 in impl/ (one address space).
KVM_ADDRESS_SPACE_NUM == 1

AllLayouts == SUBSET (1..NPages)

Layout(r) == [slots |-> r.slots, invalid |-> r.invalid, dirty |-> r.dirty]

Pc(p) == IF p \in Inv THEN ipc[p] ELSE IF p \in VCpus THEN vpc[p] ELSE upc

\* Where each action starts, per kind of process (InvPc, VCpuPc, UpdPc): the
\* generated module KvmTracePcs, read from the spec modules by
\* org.kvmlocking.trace.SpecActions (an action's first conjunct tests the pc
\* it starts at), for the actions trace records name.  Never hand-written: a
\* new action of the spec and the Java record of its name need no entry.

\* A pc table names each action by the pc it starts at: one-to-one.
OneToOne(T) == \A a, b \in DOMAIN T : T[a] = T[b] => a = b

\* Record r names an action that process p starts at its current pc; the
\* design's trace module passes the tables (the generated InvPc, UpdPc).
StartsHere(p, r, InvT, UpdT) ==
    LET T == IF p \in Inv THEN InvT ELSE IF p \in VCpus THEN VCpuPc ELSE UpdT
    IN  r.a \in DOMAIN T /\ Pc(p) = T[r.a]

\* The step agrees with the values the record carries (primed: after it).
MmuValuesOK(p, r) ==
    CASE r.a = "StartBegin" -> irange'[p] = r.r
      [] r.a = "StartHvaRange" ->
            /\ memslots = Layout(r)
            /\ (ipc'[p] = "start_lock_mmu") = r.overlap
      [] r.a = "StartIncNotifierCount" ->
            /\ mmu_notifier_count' = r.count
            /\ mmu_notifier_range_start' = r.rs
            /\ mmu_notifier_range_end' = r.re
      [] r.a \in {"StartUnmap", "FaultInstallSpte", "FlushShadowZap"} -> spte' = r.spte
      [] r.a = "PrimaryChangePte" -> pte' = r.pte
      [] r.a = "EndHvaRange" ->
            /\ memslots = Layout(r)
            /\ (ipc'[p] = "end_lock_mmu") = r.overlap
      [] r.a = "EndDecNotifierCount" ->
            /\ mmu_notifier_count' = r.count
            \* the kernel (and Java) leave the range stale at count 0; the spec clears it
            /\ r.count > 0 => /\ mmu_notifier_range_start' = r.rs
                              /\ mmu_notifier_range_end' = r.re
      [] r.a = "FaultBegin" -> vgfn'[p] = r.gfn
      [] r.a = "FaultLookup" -> (vpc'[p] = "gup") = r.found
      [] r.a = "FaultGup" -> vpfn'[p] = r.pfn
      [] r.a = "FaultRetryCheck" -> (vpc'[p] = "unlock_mmu") = r.retry
      [] r.a = "UpdateBegin" -> unew' = Layout(r.new) /\ ufinal' = Layout(r.final)
      \* the new memslots carry the old generation with UPDATE_IN_PROGRESS set
      [] r.a = "InstallPublish" ->
            /\ memslots' = Layout(r)
            /\ r.gen = generation
            /\ r.inprogress
      \* ... and once SRCU is synchronised, the next generation without it
      [] r.a = "InstallGenerationDone" ->
            /\ r.gen = generation + KVM_ADDRESS_SPACE_NUM
            /\ ~r.inprogress
      [] OTHER -> TRUE

\* Ghost of memslots->generation, as install_new_memslots() sets it.
\* Kernel: none (modelling step: trace validation ghost)
GenerationNext(r) ==
    generation' = IF r.a = "InstallGenerationDone" THEN r.gen ELSE generation

\* mutex_lock(&kvm->slots_lock) is part of UpdateBegin; its unlock, after
\* the last install, is Java's UpdateEnd record: once per update.
\* Ghost of kvm->slots_lock, taken and released in kvm_set_memory_region().
\* Kernel: none (modelling step: trace validation ghost)
SlotsLockNext(r) ==
    slots_lock' = CASE r.a = "UpdateBegin" -> TRUE
                    [] r.a = "UpdateEnd" -> FALSE
                    [] OTHER -> slots_lock

\* Kernel: none (modelling step: trace validation: choose a log)
TraceInit(SpecInit) ==
    /\ ti \in 1..Len(Traces)
    /\ l = 1
    /\ SpecInit
    /\ memslots.slots = TraceInitSlots[ti]
    /\ generation = TraceInitGen[ti]
    /\ slots_lock = FALSE
    /\ TLCSet(ti, 1)
    /\ PrintT(<<"reach", ti, 1>>)

\* One record matched: ProcNext(p) is the design's Next restricted to p,
\* DesignValuesOK(p, r) its own value checks, specVars its variables.
\* mutex_unlock(&kvm->slots_lock) after the last install (Java's UpdateEnd)
\* is a stuttering step: in the spec it is part of InstallGenerationDone;
\* after a flags-only update it is ApplyFlags, which impl/ does not have
\* (it has no SPTE write bit): ApplyFlagsReplay, its effect without the
\* mmu_lock guard and with the design's own variables unchanged.
\* Kernel: none (modelling step: trace validation: match one record)
TraceNextOf(ProcNext(_), InvT, UpdT, DesignValuesOK(_, _), specVars, ApplyFlagsReplay) ==
    /\ l <= Len(Traces[ti])
    /\ LET r == Traces[ti][l] IN
          /\ \/ /\ StartsHere(r.p, r, InvT, UpdT)
                /\ ProcNext(r.p)
                /\ MmuValuesOK(r.p, r)
                /\ DesignValuesOK(r.p, r)
             \/ /\ r.a = "UpdateEnd" /\ r.p = Updater /\ upc = "idle" /\ slots_lock
                /\ UNCHANGED specVars
             \/ /\ r.a = "UpdateEnd" /\ r.p = Updater /\ upc = "apply_flags" /\ slots_lock
                /\ ApplyFlagsReplay
          /\ GenerationNext(r)
          /\ SlotsLockNext(r)
    /\ l' = l + 1
    /\ UNCHANGED ti
    /\ IF l' > TLCGet(ti)
         THEN TLCSet(ti, l') /\ PrintT(<<"reach", ti, l'>>)
         ELSE TRUE

\* How a log ends, in the state after its last record: whether every task
\* is idle (and slots_lock free), and whether the spec is deadlocked there:
\* some task is in the middle of an operation, and no such task can step.
\* The second is what a run that hung in Java must show.
EndOf(ProcNext(_)) ==
    LET busy == {p \in Tasks : Pc(p) # "idle"}
    IN  [idle |-> busy = {} /\ ~slots_lock,
         deadlocked |-> busy # {} /\ \A p \in busy : ~ENABLED ProcNext(p)]

\* An invariant, so it sees the last state; it prints and never fails.
EndReportOf(ProcNext(_)) ==
    l = Len(Traces[ti]) + 1
        => PrintT(<<"end", ti, EndOf(ProcNext).idle, EndOf(ProcNext).deadlocked>>)

\* The design's safety properties, checked on the replayed behaviour.  A
\* state property P of the design is evaluated in every state of every log
\* (an invariant that prints and never fails, so one TLC run goes on
\* through every log of its batch); where it is false this prints
\* <<"violates", ti, l, name>>: the state after record l - 1 (l = 1: the
\* initial state).  An action property [][A]_vars is evaluated, as A, on
\* every replayed step: <<"violates", ti, l', name>> names the step of
\* record l' - 1.  trace/Check.java keeps the first of each per log.
\* Kernel: none (modelling step: trace validation: report a property)
StateReport(name, P) == P \/ PrintT(<<"violates", ti, l, name>>)
\* Kernel: none (modelling step: trace validation: report a property)
StepReport(name, A) == A \/ PrintT(<<"violates", ti, l', name>>)
=============================================================================
