------------------------- MODULE Kvm618Refinement -------------------------
(***************************************************************************)
(* Linux 6.18's wait is still an rwsem without fairness: the refinement    *)
(* mapping from Kvm618 to UnfairRwsem (as KvmMemslotsRefinement does for   *)
(* 5.15).  Readers are the invalidations between their count increment    *)
(* and decrement (Active), waiting are those in range_start that have not *)
(* counted themselves yet, the protected value is kvm->memslots (every    *)
(* address space).  A primary-MMU call that KVM never saw (notifier not   *)
(* registered) and range_end's decrement of an unpaired end take or drop  *)
(* nothing: such a task is never a reader.                                *)
(***************************************************************************)
EXTENDS Kvm618

\* Invalidations in range_start that have not counted themselves yet.
WaitingReaders == {t \in Inv : ipc[t] \in {"start_lock_mn", "start_inc_active"}}

UR == INSTANCE UnfairRwsem WITH
        Readers <- Inv, Values <- [Slots -> SlotRecs \cup {NoSlot}],
        waiting <- WaitingReaders,
        readers <- {t \in Inv : Active(t)},
        value <- memslots

\* Every step is a step of the unfair rwsem or leaves its variables alone.
RefinesUnfairRwsemStep == UNCHANGED UR!rwVars \/ UR!Next
RefinesUnfairRwsem == [][RefinesUnfairRwsemStep]_vars

\* ... and its liveness half: an invalidation in range_start gets counted.
ReadersAdmitted == UR!ReadersAdmitted
=============================================================================
