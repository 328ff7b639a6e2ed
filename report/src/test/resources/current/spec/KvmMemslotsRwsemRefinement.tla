--------------------- MODULE KvmMemslotsRwsemRefinement ---------------------
(***************************************************************************)
(* The refinement mapping from KvmMemslotsRwsem to UnfairRwsem: readers   *)
(* are the rwsem's readers, waiting are the invalidations in down_read()  *)
(* (the pseudo-lock already held), the protected value is kvm->memslots.  *)
(* With FairRwsem = FALSE the design refines the unfair rwsem, both       *)
(* halves; with FairRwsem = TRUE it keeps the safety half (it only admits *)
(* readers less often) and breaks the liveness half: a reader stays in    *)
(* down_read() behind the queued writer forever                           *)
(* (RwsemFair_ReadersAdmitted).  A module of its own, so the design       *)
(* module (which trace validation copies alone) does not depend on        *)
(* UnfairRwsem.                                                           *)
(***************************************************************************)
EXTENDS KvmMemslotsRwsem

\* Invalidations blocked in, or about to do, down_read().
WaitingReaders == {t \in Inv : ipc[t] = "start_down_read"}

UR == INSTANCE UnfairRwsem WITH
        Readers <- Inv, Values <- Memslots,
        waiting <- WaitingReaders,
        readers <- rwsem_readers,
        value <- memslots

\* Every step is a step of the unfair rwsem or leaves its variables alone
\* (with UR!Init, which Init implies: UR!Spec; one [][A]_vars so TLC names
\* it when it fails).
RefinesUnfairRwsemStep == UNCHANGED UR!rwVars \/ UR!Next
RefinesUnfairRwsem == [][RefinesUnfairRwsemStep]_vars

\* The liveness half: an invalidation in down_read() gets the read side.
ReadersAdmitted == UR!ReadersAdmitted
=============================================================================
