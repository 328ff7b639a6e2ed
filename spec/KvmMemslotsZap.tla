---------------------------- MODULE KvmMemslotsZap ----------------------------
(***************************************************************************)
(* Linux 5.15's kvm_zap_gfn_range() (arch/x86/kvm/mmu/mmu.c, with commit   *)
(* edb298c663fc "KVM: x86/mmu: bump mmu notifier count in                  *)
(* kvm_zap_gfn_range"), added to the adopted design of KvmMemslots as a    *)
(* second writer of mmu_notifier_count/_seq/_range.                        *)
(*                                                                         *)
(* Units.  In 5.15 mmu_notifier_range_start/_end hold whatever was passed  *)
(* to kvm_inc_notifier_count(): range_start passes the notifier's hva      *)
(* range, kvm_zap_gfn_range() passes its gfn range, and the fault tests    *)
(* its hva (mmu_notifier_retry_hva(kvm, mmu_seq, hva)).  So this module    *)
(* keeps hva and gfn as distinct numbers: KvmMmu's page p is the memslot   *)
(* that maps hva Hva(p) = HvaBase + p to gfn p (hva_base = HvaBase + p,    *)
(* base_gfn = p, npages = 1; HvaBase > NPages, so no hva equals a gfn).    *)
(* pte and irange are indexed by the slot's page, i.e. by hva through Hva; *)
(* spte, vgfn and the zap's range are gfns.  Only two statements turn a    *)
(* page into a number that is compared with another: the notifier's        *)
(* kvm_inc_notifier_count() and the fault's mmu_notifier_retry_hva();      *)
(* this module restates those two (StartIncNotifierCountUnits,             *)
(* FaultRetryCheckUnits) with the numbers 5.15 uses, and takes every other *)
(* action from KvmMemslots/KvmMmu unchanged.                               *)
(*                                                                         *)
(* What the zap protects: its callers change something an SPTE is derived  *)
(* from besides the pfn (__kvm_request_apicv_update() inhibits APICv, so   *)
(* the APIC access page must no longer be mapped; an MTRR or CR0.CD change *)
(* changes the memory type), then zap the gfns.  gfn_attr is that input,   *)
(* read by the fault without mmu_lock, as in the 6.18 model (Kvm618Mmu).   *)
(*                                                                         *)
(* The zap, as 5.15 has it: write_lock(&kvm->mmu_lock);                    *)
(* kvm_inc_notifier_count(kvm, gfn_start, gfn_end); zap the range one gfn  *)
(* at a time, and after each gfn slot_handle_level_range() (rmaps) or      *)
(* tdp_mmu_iter_cond_resched() (TDP MMU, can_yield = true) may drop and    *)
(* retake mmu_lock (cond_resched_rwlock_write()) if need_resched() or the  *)
(* lock is contended; kvm_dec_notifier_count(); write_unlock().            *)
(*                                                                         *)
(* ZapVariant selects the zap's code (the base design is Variant =         *)
(* "adopted", the rest of 5.15 as KvmMemslots has it):                     *)
(*   "adopted_zap"      Linux 5.15                                         *)
(*   "zap_gfn_units"    5.15 with the tracked range in gfns: range_start   *)
(*                      passes the gfns of its hva range and the fault     *)
(*                      tests its gfn (the units 6.8's 8569992d64b8 chose, *)
(*                      which the 6.18 model checks)                       *)
(*   "zap_no_yield"     5.15 with a walk that never drops mmu_lock (no     *)
(*                      cond_resched_rwlock_write()): what a reader of the *)
(*                      zap's single write_lock/write_unlock pair assumes  *)
(*   "zap_no_bump"      the zap before edb298c663fc (5.14): no             *)
(*                      kvm_inc/dec_notifier_count at all                  *)
(*   "zap_early_return" a seeded mutant: after kvm_inc_notifier_count(),   *)
(*                      "no memslot overlaps the range, nothing to zap":   *)
(*                      write_unlock() and return without the dec          *)
(***************************************************************************)
EXTENDS KvmMemslots

CONSTANTS
    Zappers,     \* tasks calling kvm_zap_gfn_range() (APICv inhibit, MTRR, CR0.CD)
    HvaBase,     \* slot p maps hva HvaBase + p to gfn p
    ZapVariant   \* the zap's code: see above

ZapVariants == {"adopted_zap", "zap_gfn_units", "zap_no_yield", "zap_no_bump", "zap_early_return"}
ASSUME ZapConstantsOK ==
    /\ Assert(ZapVariant \in ZapVariants,
              "ZapVariant must be one of adopted_zap, zap_gfn_units, zap_no_yield, zap_no_bump, zap_early_return")
    /\ Assert(Variant = "adopted",
              "Variant must be adopted (kvm_zap_gfn_range is added to the adopted design)")
    /\ Assert(HvaBase \in Nat /\ HvaBase > NPages,
              "HvaBase must be a natural number above NPages (hva and gfn values must differ)")
    /\ Assert(Zappers # {} /\ Zappers \cap Tasks = {},
              "Zappers must be non-empty and disjoint from Inv, VCpus and Updater")

\* The hva of page p's memslot (its userspace_addr, in pages).
Hva(p) == HvaBase + p
\* The gfns a zap can name: [gfn_start, gfn_end) with gfn_end <= NPages + 1.
GfnEnds == 2..(NPages + 1)
Attrs == {0, 1}

\* Whether the tracked range is in hva (5.15) or in gfn (zap_gfn_units).
HvaUnits == ZapVariant # "zap_gfn_units"

VARIABLES
    gfn_attr,    \* gfn -> what else its SPTE derives from (APICv state, memory type)
    sattr,       \* gfn -> the gfn_attr its SPTE was made with (0 where spte is NoMap)
    vattr,       \* per vCPU: gfn_attr as the fault read it
    zpc,         \* per zapper: where it is
    zstart, zend, \* per zapper: its [gfn_start, gfn_end)
    zcur,        \* per zapper: the next gfn its walk zaps
    zinc,        \* ghost, per zapper: between its kvm_inc_notifier_count and its dec
    zrounds      \* per zapper: calls completed (0 when unbounded)

zapVars == <<gfn_attr, sattr, vattr, zpc, zstart, zend, zcur, zinc, zrounds>>
zvars == <<vars, zapVars>>

ZapTypeOK ==
    /\ gfn_attr \in [Pages -> Attrs]
    /\ sattr \in [Pages -> Attrs]
    /\ vattr \in [VCpus -> Attrs]
    /\ zpc \in [Zappers -> {"idle", "zap_lock_mmu", "zap_inc_count", "zap_leaf",
                            "zap_resched", "zap_relock", "zap_dec_count", "zap_unlock_mmu"}]
    /\ zstart \in [Zappers -> Pages]
    /\ zend \in [Zappers -> GfnEnds]
    /\ zcur \in [Zappers -> Pages \cup GfnEnds]
    /\ zinc \in [Zappers -> BOOLEAN]
    /\ zrounds \in [Zappers -> Nat]
    \* What KvmMemslots' TypeOK says differently here: a zapper holds
    \* mmu_lock, and the tracked range holds hvas as well as gfns.
    /\ mmu_lock \in Tasks \cup Zappers \cup {NoTask}
    /\ mmu_notifier_range_start \in 0..(HvaBase + NPages + 1)
    /\ mmu_notifier_range_end \in 0..(HvaBase + NPages + 1)

ZapInit ==
    /\ Init
    /\ gfn_attr = [p \in Pages |-> 0]
    /\ sattr = [p \in Pages |-> 0]
    /\ vattr = [v \in VCpus |-> 0]
    /\ zpc = [z \in Zappers |-> "idle"]
    /\ zstart = [z \in Zappers |-> 1]
    /\ zend = [z \in Zappers |-> 2]
    /\ zcur = [z \in Zappers |-> 1]
    /\ zinc = [z \in Zappers |-> FALSE]
    /\ zrounds = [z \in Zappers |-> 0]

-----------------------------------------------------------------------------
(* kvm_inc_notifier_count() and kvm_dec_notifier_count(), shared by        *)
(* range_start/_end and kvm_zap_gfn_range(), as in the kernel.             *)

\* kvm->mmu_notifier_count++; the first sets the range, the others widen
\* it, in whatever unit the caller passed.
\* Kernel: virt/kvm/kvm_main.c: kvm_inc_notifier_count (Linux 5.15)
IncNotifierCount(s, e) ==
    /\ mmu_notifier_count' = mmu_notifier_count + 1
    /\ IF mmu_notifier_count' = 1
         THEN /\ mmu_notifier_range_start' = s
              /\ mmu_notifier_range_end' = e
         ELSE /\ mmu_notifier_range_start' =
                    IF s < mmu_notifier_range_start THEN s ELSE mmu_notifier_range_start
              /\ mmu_notifier_range_end' =
                    IF e > mmu_notifier_range_end THEN e ELSE mmu_notifier_range_end

\* kvm->mmu_notifier_seq++; smp_wmb(); kvm->mmu_notifier_count--;  (the
\* range is dead at count 0 and cleared, as KvmMmu's EndDecNotifierCount does)
\* Kernel: virt/kvm/kvm_main.c: kvm_dec_notifier_count (Linux 5.15)
DecNotifierCount ==
    /\ seq_moved' = [v \in VCpus |-> vpc[v] # "idle"]
    /\ mmu_notifier_count' = mmu_notifier_count - 1
    /\ IF mmu_notifier_count' = 0
         THEN /\ mmu_notifier_range_start' = 0
              /\ mmu_notifier_range_end' = 0
         ELSE UNCHANGED <<mmu_notifier_range_start, mmu_notifier_range_end>>

\* range_start's on_lock: kvm_inc_notifier_count(kvm, range->start,
\* range->end): the notifier's hva range (zap_gfn_units: its gfns).
\* (KvmMmu's StartIncNotifierCount with the number 5.15 passes.)
\* Kernel: virt/kvm/kvm_main.c: kvm_inc_notifier_count (Linux 5.15)
StartIncNotifierCountUnits(t) ==
    /\ ipc[t] = "start_inc_count"
    /\ IF HvaUnits
         THEN IncNotifierCount(Hva(RangeStart(irange[t])), Hva(RangeEnd(irange[t])))
         ELSE IncNotifierCount(RangeStart(irange[t]), RangeEnd(irange[t]))  \* VARIANT
    /\ incremented' = [incremented EXCEPT ![t] = TRUE]
    /\ ipc' = [ipc EXCEPT ![t] = "start_unmap"]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_lock, seq_moved,
                   irange, izap, vcpuVars, updVars, rounds>>

\* mmu_notifier_retry_hva(kvm, mmu_seq, hva), under mmu_lock: count != 0
\* and hva in [range_start, range_end), or the seq moved (zap_gfn_units:
\* the same test with the gfn).
RetryTest(v) ==
    LET a == IF HvaUnits THEN Hva(vgfn[v]) ELSE vgfn[v]  \* VARIANT
    IN  \/ /\ mmu_notifier_count # 0
           /\ a >= mmu_notifier_range_start
           /\ a < mmu_notifier_range_end
        \/ seq_moved[v]

\* direct_page_fault(): if (!is_noslot_pfn(pfn) &&
\* mmu_notifier_retry_hva(vcpu->kvm, mmu_seq, hva)) goto out_unlock;
\* (KvmMmu's FaultRetryCheck with the fault's hva; dead locals cleared.)
\* Kernel: include/linux/kvm_host.h: mmu_notifier_retry_hva (Linux 5.15)
FaultRetryCheckUnits(v) ==
    /\ vpc[v] = "retry_check"
    /\ IF RetryTest(v)
         THEN /\ vpc' = [vpc EXCEPT ![v] = "unlock_mmu"]
              /\ vgfn' = [vgfn EXCEPT ![v] = 1]
              /\ vpfn' = [vpfn EXCEPT ![v] = 0]
              /\ vattr' = [vattr EXCEPT ![v] = 0]
         ELSE /\ vpc' = [vpc EXCEPT ![v] = "install_spte"]
              /\ UNCHANGED <<vgfn, vpfn, vattr>>
    /\ seq_moved' = [seq_moved EXCEPT ![v] = FALSE]
    /\ UNCHANGED <<pte, spte, writable, logging, memslots, srcu, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end,
                   invVars, updVars, rounds, mnVars,
                   gfn_attr, sattr, zpc, zstart, zend, zcur, zinc, zrounds>>

-----------------------------------------------------------------------------
(* kvm_zap_gfn_range() and its caller                                     *)

ZapMayBegin(z) == IF Rounds = Unbounded THEN TRUE ELSE zrounds[z] < Rounds

\* What a zap step leaves alone.
ZapFrame == <<pte, logging, memslots, srcu, invVars, vpc, vgfn, vpfn, updVars, rounds,
              mnVars, vattr>>

\* The caller changes the input of the SPTEs of [gfn_start, gfn_end), then
\* calls kvm_zap_gfn_range(kvm, gfn_start, gfn_end): e.g.
\* kvm->arch.apicv_inhibit_reasons = new; if (new) kvm_zap_gfn_range(kvm,
\* gfn, gfn+1) for the APIC access page.
\* Kernel: arch/x86/kvm/x86.c: __kvm_request_apicv_update (Linux 5.15)
ZapCallerUpdate(z) ==
    /\ zpc[z] = "idle"
    /\ ZapMayBegin(z)
    /\ \E s \in Pages, e \in GfnEnds :
          /\ s < e
          /\ zstart' = [zstart EXCEPT ![z] = s]
          /\ zend' = [zend EXCEPT ![z] = e]
          /\ zcur' = [zcur EXCEPT ![z] = s]
          /\ gfn_attr' = [p \in Pages |-> IF s <= p /\ p < e THEN 1 - gfn_attr[p]
                                          ELSE gfn_attr[p]]
    /\ zpc' = [zpc EXCEPT ![z] = "zap_lock_mmu"]
    /\ UNCHANGED <<ZapFrame, spte, writable, sattr, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   zinc, zrounds>>

\* write_lock(&kvm->mmu_lock);
\* (zap_no_bump: no kvm_inc_notifier_count() follows.)
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 5.15)
ZapLockMmu(z) ==
    /\ zpc[z] = "zap_lock_mmu"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = z
    /\ zpc' = [zpc EXCEPT ![z] = IF ZapVariant = "zap_no_bump" THEN "zap_leaf"  \* MUTANT
                                 ELSE "zap_inc_count"]
    /\ UNCHANGED <<ZapFrame, spte, writable, gfn_attr, sattr, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   zstart, zend, zcur, zinc, zrounds>>

\* kvm_inc_notifier_count(kvm, gfn_start, gfn_end);  gfns, into the range
\* that range_start fills with hvas.
\* zap_early_return: no memslot overlaps [gfn_start, gfn_end), so "nothing
\* to zap": write_unlock() and return, without the dec.
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 5.15)
ZapIncNotifierCount(z) ==
    /\ zpc[z] = "zap_inc_count"
    /\ IncNotifierCount(zstart[z], zend[z])
    /\ zinc' = [zinc EXCEPT ![z] = TRUE]
    /\ zpc' = [zpc EXCEPT ![z] =
                 IF /\ ZapVariant = "zap_early_return"                        \* MUTANT
                    /\ \A p \in memslots.slots : ~(zstart[z] <= p /\ p < zend[z]) \* MUTANT
                 THEN "zap_unlock_mmu"                                        \* MUTANT
                 ELSE "zap_leaf"]
    /\ UNCHANGED <<ZapFrame, spte, writable, gfn_attr, sattr, mmu_lock, seq_moved,
                   zstart, zend, zcur, zrounds>>

\* The walk zaps gfn zcur: kvm_zap_rmapp() on its rmaps (shadow MMU) or
\* zap_gfn_range()'s leaf SPTE (TDP MMU, kvm_tdp_mmu_zap_gfn_range()); the
\* TDP walk does not look at memslots, so every gfn of the range.
\* Kernel: arch/x86/kvm/mmu/mmu.c: slot_handle_level_range (Linux 5.15)
ZapLeaf(z) ==
    /\ zpc[z] = "zap_leaf"
    /\ spte' = [spte EXCEPT ![zcur[z]] = NoMap]
    /\ writable' = writable \ {zcur[z]}
    /\ sattr' = [sattr EXCEPT ![zcur[z]] = 0]
    /\ zcur' = [zcur EXCEPT ![z] = zcur[z] + 1]
    /\ zpc' = [zpc EXCEPT ![z] = "zap_resched"]
    /\ UNCHANGED <<ZapFrame, gfn_attr, mmu_lock, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   zstart, zend, zinc, zrounds>>

\* Where the walk goes on after a gfn: the next gfn, or the end.
AfterLeaf(z) ==
    IF zcur[z] < zend[z] THEN "zap_leaf"
    ELSE IF ZapVariant = "zap_no_bump" THEN "zap_unlock_mmu"                   \* MUTANT
    ELSE "zap_dec_count"

\* if (need_resched() || rwlock_needbreak(&kvm->mmu_lock))
\*         cond_resched_rwlock_write(&kvm->mmu_lock);
\* after every rmap (slot_handle_level_range(), flush_on_yield = true), or
\* every SPTE (tdp_mmu_iter_cond_resched()): both after the last 4K gfn too
\* (higher levels, other roots and address spaces follow).  Whether the
\* task must yield is the environment's choice: go on, or write_unlock().
\* (zap_no_yield: always go on.)
\* Kernel: arch/x86/kvm/mmu/mmu.c: slot_handle_level_range (Linux 5.15)
ZapResched(z) ==
    /\ zpc[z] = "zap_resched"
    /\ \/ /\ zpc' = [zpc EXCEPT ![z] = AfterLeaf(z)]
          /\ UNCHANGED mmu_lock
       \/ /\ ZapVariant # "zap_no_yield"                                   \* VARIANT
          /\ mmu_lock' = NoTask
          /\ zpc' = [zpc EXCEPT ![z] = "zap_relock"]
    /\ UNCHANGED <<ZapFrame, spte, writable, gfn_attr, sattr, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   zstart, zend, zcur, zinc, zrounds>>

\* ... cond_resched_rwlock_write(): write_lock(&kvm->mmu_lock) again.
\* Kernel: kernel/sched/core.c: __cond_resched_rwlock_write (Linux 5.15)
ZapRelock(z) ==
    /\ zpc[z] = "zap_relock"
    /\ mmu_lock = NoTask
    /\ mmu_lock' = z
    /\ zpc' = [zpc EXCEPT ![z] = AfterLeaf(z)]
    /\ UNCHANGED <<ZapFrame, spte, writable, gfn_attr, sattr, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved,
                   zstart, zend, zcur, zinc, zrounds>>

\* kvm_dec_notifier_count(kvm, gfn_start, gfn_end);
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 5.15)
ZapDecNotifierCount(z) ==
    /\ zpc[z] = "zap_dec_count"
    /\ DecNotifierCount
    /\ zinc' = [zinc EXCEPT ![z] = FALSE]
    /\ zpc' = [zpc EXCEPT ![z] = "zap_unlock_mmu"]
    /\ UNCHANGED <<ZapFrame, spte, writable, gfn_attr, sattr, mmu_lock,
                   zstart, zend, zcur, zrounds>>

\* write_unlock(&kvm->mmu_lock); the call returns.  (Dead locals reset.)
\* Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 5.15)
ZapUnlockMmu(z) ==
    /\ zpc[z] = "zap_unlock_mmu"
    /\ mmu_lock' = NoTask
    /\ zpc' = [zpc EXCEPT ![z] = "idle"]
    /\ zstart' = [zstart EXCEPT ![z] = 1]
    /\ zend' = [zend EXCEPT ![z] = 2]
    /\ zcur' = [zcur EXCEPT ![z] = 1]
    /\ zrounds' = IF Rounds = Unbounded THEN zrounds ELSE [zrounds EXCEPT ![z] = @ + 1]
    /\ UNCHANGED <<ZapFrame, spte, writable, gfn_attr, sattr, mmu_notifier_count,
                   mmu_notifier_range_start, mmu_notifier_range_end, seq_moved, zinc>>

-----------------------------------------------------------------------------
(* The rest of the system: KvmMemslots' actions, with the zap's variables *)

\* An action of KvmMemslots that does not read the new variables: they
\* stay, except that an SPTE it zaps (StartUnmap, FlushShadowZap) forgets
\* its attribute.
\* Kernel: none (modelling step: the new variables' frame)
Keep ==
    /\ sattr' = [p \in Pages |-> IF spte'[p] = NoMap THEN 0 ELSE sattr[p]]
    /\ UNCHANGED <<gfn_attr, vattr, zpc, zstart, zend, zcur, zinc, zrounds>>

\* KvmMemslots' StartBegin and InvStep, with range_start's
\* kvm_inc_notifier_count in the units above (the one disjunct that
\* differs); each disjunct names its action first, so traces name it.
\* Kernel: none (modelling step: the steps of one invalidation task)
ZapInvNext(t) ==
    \/ StartBegin(t) /\ Keep
    \/ StartLockMn(t) /\ Keep
    \/ StartIncActive(t) /\ Keep
    \/ StartUnlockMn(t) /\ Keep
    \/ StartReadActive(t) /\ Keep
    \/ StartWriteActive(t) /\ Keep
    \/ StartHvaRange(t, AfterStartHva) /\ UNCHANGED waitVars /\ ReadSlots(t) /\ Keep
    \/ StartLockMmu(t) /\ UNCHANGED mnVars /\ Keep
    \/ StartIncNotifierCountUnits(t) /\ UNCHANGED mnVars /\ Keep
    \/ StartUnmap(t) /\ UNCHANGED mnVars /\ Keep
    \/ StartUnlockMmu(t, AfterStartHva) /\ UNCHANGED mnVars /\ Keep
    \/ PrimaryChangePte(t, "end_hva_range") /\ UNCHANGED mnVars /\ Keep
    \/ EndHvaRangeStep(t) /\ Keep
    \/ EndLockMmu(t) /\ UNCHANGED mnVars /\ Keep
    \/ EndDecNotifierCount(t) /\ UNCHANGED mnVars /\ Keep
    \/ EndUnlockMmuStep(t) /\ Keep
    \/ EndLockMn(t) /\ Keep
    \/ EndDecActive(t) /\ Keep
    \/ EndUnlockMn(t) /\ Keep
    \/ EndTestWake(t) /\ Keep
    \/ EndWakeUp(t) /\ Keep

\* The vCPU fault: get_user_pages() also reads gfn_attr (kvm_faultin_pfn()
\* reads kvm_apicv_activated() after the mmu_seq snapshot, like the pfn),
\* the retry test is in the units above, the install records the attribute.
\* Kernel: none (modelling step: the steps of one vCPU's page fault)
ZapVCpuNext(v) ==
    \/ FaultBegin(v) /\ UNCHANGED mnVars /\ Keep
    \/ FaultLookup(v) /\ UNCHANGED mnVars /\ Keep
    \/ FaultGup(v) /\ UNCHANGED mnVars
       /\ vattr' = [vattr EXCEPT ![v] = gfn_attr[vgfn[v]]]
       /\ UNCHANGED <<gfn_attr, sattr, zpc, zstart, zend, zcur, zinc, zrounds>>
    \/ FaultLockMmu(v) /\ UNCHANGED mnVars /\ Keep
    \/ FaultRetryCheckUnits(v)
    \/ FaultInstallSpte(v) /\ UNCHANGED mnVars
       /\ sattr' = [sattr EXCEPT ![vgfn[v]] = vattr[v]]
       /\ vattr' = [vattr EXCEPT ![v] = 0]
       /\ UNCHANGED <<gfn_attr, zpc, zstart, zend, zcur, zinc, zrounds>>
    \/ FaultUnlockMmu(v) /\ UNCHANGED mnVars /\ Keep

\* KvmMemslots' UpdateBegin and UpdStep, one disjunct per action.
\* Kernel: none (modelling step: the steps of the memslot updater)
ZapUpdNext ==
    \/ UpdateBegin /\ Keep
    \/ InstallLockMn /\ Keep
    \/ InstallPrepareRcuwait /\ Keep
    \/ InstallWaitTest /\ Keep
    \/ InstallSetState /\ Keep
    \/ InstallUnlockMnToSleep /\ Keep
    \/ InstallSchedule /\ Keep
    \/ InstallRelockMn /\ Keep
    \/ InstallFinishRcuwait /\ Keep
    \/ InstallPublish /\ Keep
    \/ InstallUnlockMn /\ Keep
    \/ InstallSynchronizeSrcuStep /\ UNCHANGED mnVars /\ Keep
    \/ InstallGenerationDone /\ UNCHANGED mnVars /\ Keep
    \/ ApplyFlags /\ UNCHANGED mnVars /\ Keep
    \/ FlushShadowLockMmu /\ UNCHANGED mnVars /\ Keep
    \/ FlushShadowZap /\ UNCHANGED mnVars /\ Keep
    \/ FlushShadowUnlockMmu("install_lock_mn") /\ UNCHANGED mnVars /\ Keep

\* Kernel: none (modelling step: the steps of one kvm_zap_gfn_range() caller)
ZapCallerNext(z) ==
    \/ ZapCallerUpdate(z) \/ ZapLockMmu(z) \/ ZapIncNotifierCount(z) \/ ZapLeaf(z)
    \/ ZapResched(z) \/ ZapRelock(z) \/ ZapDecNotifierCount(z) \/ ZapUnlockMmu(z)

\* Bounded runs end when every task, zappers included, has done its rounds.
\* Kernel: none (modelling step: explicit end of a bounded run)
ZapTerminated ==
    /\ Terminated
    /\ \A z \in Zappers : zpc[z] = "idle" /\ zrounds[z] = Rounds

ZapNext ==
    \/ \E t \in Inv : ZapInvNext(t)
    \/ \E v \in VCpus : ZapVCpuNext(v)
    \/ ZapUpdNext
    \/ \E z \in Zappers : ZapCallerNext(z)
    \/ ZapTerminated /\ UNCHANGED zvars

\* Safety only (no liveness property is checked on this module).
ZapSpec == ZapInit /\ [][ZapNext]_zvars

-----------------------------------------------------------------------------
(* Properties                                                              *)

\* Balance with the zap counted: mmu_notifier_count is the number of
\* range_starts and kvm_zap_gfn_range() calls whose kvm_inc_notifier_count
\* has not been matched by their kvm_dec_notifier_count, never negative,
\* and no caller returns with its increment still counted (a count left
\* above zero makes every fault in the range retry forever).
ZapBalance ==
    /\ NotifierCountNonNegative
    /\ mmu_notifier_count = Cardinality(Tracked) + Cardinality({z \in Zappers : zinc[z]})
    /\ \A t \in Inv : ipc[t] = "idle" => ~incremented[t]
    /\ \A z \in Zappers : zpc[z] = "idle" => ~zinc[z]

\* gfns a kvm_zap_gfn_range() caller has changed and not yet finished
\* zapping: from its change to the zap's write_unlock().
ZappingGfns == UNION {IF zpc[z] = "idle" THEN {} ELSE {p \in Pages : zstart[z] <= p /\ p < zend[z]}
                      : z \in Zappers}

\* Once kvm_zap_gfn_range() has returned, no SPTE of its range was made
\* from the input its caller replaced: every SPTE outside a zap in flight
\* carries the current gfn_attr (e.g. the APIC access page is not mapped
\* once APICv is inhibited; no SPTE keeps a memory type an MTRR update
\* changed).  What edb298c663fc's count and seq bump are for.
ZapCoherence ==
    \A p \in Pages \ ZappingGfns : spte[p] # NoMap => sattr[p] = gfn_attr[p]
=============================================================================
