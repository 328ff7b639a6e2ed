--------------------------- MODULE KvmMemslotsTrace ---------------------------
(***************************************************************************)
(* Trace validation against KvmMemslots, Variant = "adopted": is a         *)
(* recorded run of impl/ (org.kvmlocking.kvm.Kvm, or a broken variant) a   *)
(* behaviour of the adopted design?  The mechanism is in KvmMmuTrace; this *)
(* module adds the design's actions and values.                           *)
(***************************************************************************)
EXTENDS KvmMemslots, KvmMmuTrace

\* Next of KvmMemslots, restricted to the steps of process p.
\* Kernel: none (modelling step: Next restricted to one process)
ProcNext(p) ==
    \/ p \in Inv /\ (StartBegin(p) \/ InvStep(p))
    \/ p \in VCpus /\ ((FaultBegin(p) /\ UNCHANGED mnVars) \/ VCpuStep(p))
    \/ p = Updater /\ (UpdateBegin \/ UpdStep)

\* mn_active_invalidate_count after the step; range_end's `wake`; whether
\* rcuwait_wake_up() found a waiter; the updater's `while` test.
DesignValuesOK(p, r) ==
    CASE r.a = "StartIncActive" -> mn_active_invalidate_count' = r.active
      [] r.a = "EndDecActive" ->
            /\ mn_active_invalidate_count' = r.active
            /\ iwake'[p] = r.wake
      [] r.a = "EndWakeUp" -> (rcuwait_task # NoTask) = r.waiter
      [] r.a = "InstallWaitTest" -> (mn_active_invalidate_count # 0) = r.busy
      [] OTHER -> TRUE

\* InvPc, VCpuPc, UpdPc: generated (KvmTracePcs); SpecActions refuses two
\* actions at one pc, and so does this.
ASSUME PcTablesOK ==
    Assert(OneToOne(InvPc) /\ OneToOne(VCpuPc) /\ OneToOne(UpdPc),
           "two actions of one process start at the same pc: a record would not name its action")

\* The design's safety properties on the replayed behaviour, as KvmMemslots
\* defines them: Balance, Coherence and NoLostWakeUp in every state, and
\* MutualExclusion's step, MutualExclusionStep, on every step.
PropertyReport ==
    /\ StateReport("Balance", Balance)
    /\ StateReport("Coherence", Coherence)
    /\ StateReport("NoLostWakeUp", NoLostWakeUp)

TraceSpecInit == TraceInit(Init)
\* Kernel: none (modelling step: trace validation: match one record)
TraceNext ==
    /\ TraceNextOf(ProcNext, InvPc, UpdPc, DesignValuesOK, vars,
                   ApplyFlagsEffect /\ UNCHANGED mnVars)
    /\ StepReport("MutualExclusion", MutualExclusionStep)
EndReport == EndReportOf(ProcNext)
TraceSpec == TraceSpecInit /\ [][TraceNext]_<<vars, traceVars>>
=============================================================================
