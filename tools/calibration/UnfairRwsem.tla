----------------------------- MODULE UnfairRwsem -----------------------------
(***************************************************************************)
(* The seed's central claim, as a specification: the open-coded wait of    *)
(* commit 52ac8b358b0c is "an rwsem without fairness".                     *)
(*                                                                         *)
(*   readers  the invalidations that hold the read side: in the kernel,    *)
(*            those between their mn_active_invalidate_count++ in          *)
(*            invalidate_range_start() and their -- in                     *)
(*            invalidate_range_end() (in the rejected v1: between          *)
(*            down_read() and up_read() of mmu_notifier_slots_lock)        *)
(*   waiting  the invalidations that have asked for the read side and do   *)
(*            not hold it yet                                              *)
(*   value    what the write side protects: kvm->memslots, changed only by *)
(*            the writer, install_new_memslots()'s rcu_assign_pointer()    *)
(*                                                                         *)
(* The write is one step that needs no reader: the writer holds the write  *)
(* side only for the publish (mn_invalidate_lock held, count zero).        *)
(* Unfair: a reader's admission has no condition at all, in particular     *)
(* none on a writer that is waiting; and the writer has no fairness, so    *)
(* this spec allows a stream of readers to keep the writer out forever     *)
(* (the starvation the seed accepts).  ReadersAdmitted, weak fairness of   *)
(* the admission, is the liveness half: a task that asked for the read     *)
(* side gets it.  A fair rwsem inside the mmu_notifier pseudo-lock breaks  *)
(* exactly that half (its readers wait behind a queued writer that waits   *)
(* for them: the seed's deadlock); its safety half it keeps.               *)
(*                                                                         *)
(* Refined, through a mapping, by KvmMemslots (the adopted design) and by  *)
(* KvmMemslotsRwsem with FairRwsem = FALSE; see UnfairRwsemRefinement in   *)
(* each of them.                                                           *)
(***************************************************************************)
CONSTANTS
    Readers,    \* the tasks that may take the read side (invalidations)
    Values      \* the values the protected variable can have (memslots)

VARIABLES
    waiting,    \* tasks that asked for the read side and do not hold it
    readers,    \* tasks holding the read side
    value       \* the protected variable

rwVars == <<waiting, readers, value>>

TypeOK ==
    /\ waiting \subseteq Readers
    /\ readers \subseteq Readers
    /\ waiting \cap readers = {}
    /\ value \in Values

Init ==
    /\ waiting = {}
    /\ readers = {}
    /\ value \in Values

\* A reader asks for the read side (invalidate_range_start() is entered).
RwAskRead(t) ==
    /\ t \notin waiting \cup readers
    /\ waiting' = waiting \cup {t}
    /\ UNCHANGED <<readers, value>>

\* ... and gets it, whatever the writer is doing: no fairness to the writer.
RwDownRead(t) ==
    /\ t \in waiting
    /\ waiting' = waiting \ {t}
    /\ readers' = readers \cup {t}
    /\ UNCHANGED value

\* The reader gives the read side back (invalidate_range_end()).
RwUpRead(t) ==
    /\ t \in readers
    /\ readers' = readers \ {t}
    /\ UNCHANGED <<waiting, value>>

\* The writer changes the value, with no reader holding the read side.
RwWrite ==
    /\ readers = {}
    /\ value' \in Values
    /\ UNCHANGED <<waiting, readers>>

Next ==
    \/ \E t \in Readers : RwAskRead(t) \/ RwDownRead(t) \/ RwUpRead(t)
    \/ RwWrite

\* The safety half: what a refinement check of [][Next] sees.
Spec == Init /\ [][Next]_rwVars

\* The liveness half: a reader that asked is admitted.  No condition on
\* the writer, so no fairness for it (and none for RwWrite at all).
ReadersAdmittedWF == \A t \in Readers : WF_rwVars(RwDownRead(t))

FairSpec == Spec /\ ReadersAdmittedWF

\* The same, as TLC checks it through a refinement mapping: RwDownRead(t) is
\* enabled exactly while t is waiting, and under Spec it is the only step
\* that takes t out of waiting, so under Spec its weak fairness is this
\* leads-to.  (Written without ENABLED, which TLC cannot evaluate on an
\* instance whose variables are mapped to expressions.)
ReadersAdmitted == \A t \in Readers : (t \in waiting) ~> (t \notin waiting)
=============================================================================
