------------------------ MODULE KvmMemslotsRwsemTrace ------------------------
(***************************************************************************)
(* Trace validation against KvmMemslotsRwsem, the rejected rwsem design:   *)
(* is a recorded run of impl/'s RwsemKvm (RwsemUnfair with                 *)
(* FairRwsem = FALSE, broken.RwsemFair with FairRwsem =                    *)
(* TRUE) a behaviour of it?  The mechanism is in KvmMmuTrace.  With        *)
(* EndReport, a run that hung shows whether the spec is deadlocked in the  *)
(* state the log ends in: the Java deadlock is the spec's.                 *)
(***************************************************************************)
EXTENDS KvmMemslotsRwsem, KvmMmuTrace

\* Next of KvmMemslotsRwsem, restricted to the steps of process p.
\* Kernel: none (modelling step: Next restricted to one process)
ProcNext(p) ==
    \/ p \in Inv /\ (StartBegin(p) \/ InvStep(p))
    \/ p \in VCpus /\ ((FaultBegin(p) /\ UNCHANGED rwVars) \/ VCpuStep(p))
    \/ p = Updater /\ (UpdateBegin \/ UpdStep)

\* The rwsem's reader count after each rwsem step.
DesignValuesOK(p, r) ==
    r.a \in {"StartDownRead", "EndUpRead", "InstallDownWrite",
             "InstallDownWriteWait", "InstallUpWrite"}
        => Cardinality(rwsem_readers') = r.readers

\* InvPc, VCpuPc, UpdPc: generated (KvmTracePcs); SpecActions refuses two
\* actions at one pc, and so does this.
ASSUME PcTablesOK ==
    Assert(OneToOne(InvPc) /\ OneToOne(VCpuPc) /\ OneToOne(UpdPc),
           "two actions of one process start at the same pc: a record would not name its action")

\* The design's safety properties on the replayed behaviour, as
\* KvmMemslotsRwsem defines them: Balance and Coherence in every state, and
\* MutualExclusion's step, MutualExclusionStep, on every step.  The rwsem
\* design has no rcuwait: no NoLostWakeUp.
PropertyReport ==
    /\ StateReport("Balance", Balance)
    /\ StateReport("Coherence", Coherence)

TraceSpecInit == TraceInit(Init)
\* Kernel: none (modelling step: trace validation: match one record)
TraceNext ==
    /\ TraceNextOf(ProcNext, InvPc, UpdPc, DesignValuesOK, vars,
                   ApplyFlagsEffect /\ UNCHANGED rwVars)
    /\ StepReport("MutualExclusion", MutualExclusionStep)
EndReport == EndReportOf(ProcNext)
TraceSpec == TraceSpecInit /\ [][TraceNext]_<<vars, traceVars>>
=============================================================================
