------------------------ MODULE KvmMemslotsRefinement ------------------------
(***************************************************************************)
(* The seed's claim about the adopted design: the open-coded wait is an   *)
(* rwsem without fairness.  The refinement mapping from KvmMemslots to    *)
(* UnfairRwsem: readers are the invalidations between their count         *)
(* increment and decrement (Active, the ghost phase "in"), waiting are     *)
(* those inside range_start that have not counted themselves yet, the      *)
(* protected value is kvm->memslots.  A module of its own, so the design   *)
(* module (which trace validation copies alone) does not depend on         *)
(* UnfairRwsem; configurations that check the refinement name this module. *)
(***************************************************************************)
EXTENDS KvmMemslots

\* Invalidations in range_start that have not counted themselves yet.
WaitingReaders == {t \in Inv : ipc[t] # "idle" /\ iphase[t] = "out"}

UR == INSTANCE UnfairRwsem WITH
        Readers <- Inv, Values <- Memslots,
        waiting <- WaitingReaders,
        readers <- {t \in Inv : Active(t)},
        value <- memslots

\* Every step of the design is a step of the unfair rwsem, or leaves its
\* variables alone: the memslots change only when no invalidation is
\* counted, and a count is taken and dropped only by the invalidation it
\* counts.  With UR!Init, which Init implies (no task in a callback,
\* memslots a layout), this is UR!Spec; written as one [][A]_vars so TLC
\* names it when it fails.
RefinesUnfairRwsemStep == UNCHANGED UR!rwVars \/ UR!Next
RefinesUnfairRwsem == [][RefinesUnfairRwsemStep]_vars

\* ... and its liveness half: an invalidation in range_start gets counted.
ReadersAdmitted == UR!ReadersAdmitted
=============================================================================
