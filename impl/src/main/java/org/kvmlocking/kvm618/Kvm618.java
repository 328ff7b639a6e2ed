package org.kvmlocking.kvm618;

import static org.kvmlocking.kvm618.Step618.DestroyCheckCount;
import static org.kvmlocking.kvm618.Step618.DestroyCheckRcuwait;
import static org.kvmlocking.kvm618.Step618.DestroyUnregister;
import static org.kvmlocking.kvm618.Step618.MmuNotifierRegister;
import static org.kvmlocking.kvm618.Step618.ZapCallerUpdate;
import static org.kvmlocking.kvm618.Step618.EndDecActive;
import static org.kvmlocking.kvm618.Step618.EndHvaRange;
import static org.kvmlocking.kvm618.Step618.EndInvalidateEnd;
import static org.kvmlocking.kvm618.Step618.EndLockMmu;
import static org.kvmlocking.kvm618.Step618.EndLockMn;
import static org.kvmlocking.kvm618.Step618.EndUnlockMmu;
import static org.kvmlocking.kvm618.Step618.EndUnlockMn;
import static org.kvmlocking.kvm618.Step618.EndWakeUp;
import static org.kvmlocking.kvm618.Step618.StartHvaRange;
import static org.kvmlocking.kvm618.Step618.StartIncActive;
import static org.kvmlocking.kvm618.Step618.StartInvalidateBegin;
import static org.kvmlocking.kvm618.Step618.StartLockMmu;
import static org.kvmlocking.kvm618.Step618.StartLockMn;
import static org.kvmlocking.kvm618.Step618.StartRangeAdd;
import static org.kvmlocking.kvm618.Step618.StartUnlockMmu;
import static org.kvmlocking.kvm618.Step618.StartUnlockMn;
import static org.kvmlocking.kvm618.Step618.StartUnmapGfnRange;
import static org.kvmlocking.kvm618.Step618.SwapRelockMn;
import static org.kvmlocking.kvm618.Step618.SwapSchedule;
import static org.kvmlocking.kvm618.Step618.SwapSetState;
import static org.kvmlocking.kvm618.Step618.SwapUnlockMnToSleep;
import static org.kvmlocking.kvm618.Step618.ZapInvalidateBegin;
import static org.kvmlocking.kvm618.Step618.ZapInvalidateEnd;
import static org.kvmlocking.kvm618.Step618.ZapLockMmu;
import static org.kvmlocking.kvm618.Step618.ZapRangeAdd;
import static org.kvmlocking.kvm618.Step618.ZapUnlockMmu;
import static org.kvmlocking.kvm618.Step618.ZapLeafs;

import org.kvmlocking.kernel.RcuWait;
import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kernel.Srcu;
import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;
import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm.InvariantViolation;

/**
 * struct kvm of Linux 6.18 and the functions of virt/kvm/kvm_main.c that the memslot-blocking
 * protocol consists of, on the monitor-based kernel primitives of org.kvmlocking.kernel, so that
 * Java PathFinder and Lincheck can explore it. This class is the adopted code (design
 * {@code adopted_618}); a mutant in {@code org.kvmlocking.kvm618.broken} overrides exactly one of
 * the protected kernel functions below.
 *
 * <p>Here: the MMU notifier's invalidate_range_start/end, kvm_handle_hva_range over the memslots
 * of {@value #KVM_ADDRESS_SPACE_NUM} address spaces, kvm_mmu_invalidate_begin / range_add / end,
 * kvm_zap_gfn_range and kvm_destroy_vm's checks. The memslot update is in {@link SetMemoryRegion}
 * (kvm_set_memory_region, kvm_set_memslot, kvm_swap_active_memslots), the vCPU fault in
 * {@link PageFault}, the invariants in {@link Invariants618}.
 *
 * <p>Model: hvas are page numbers in [0, mm.size()), gfns in [0, gfnSpace); each address space
 * has its own secondary page table (spte[as_id][gfn]; x86's SMM address space has its own roots).
 * mmu_lock is an exclusive lock here (x86's rwlock taken for write: the shadow MMU; the TDP MMU's
 * read-locked fault path is not modelled). With {@code checks} on, every per-step invariant check
 * throws {@link InvariantViolation} at the step that breaks it; without, violations are recorded
 * and {@link #checkInvariants()} reports the first. KVM_BUG_ON(in_progress &lt; 0) is always on.
 */
public class Kvm618 {
    /** KVM_ADDRESS_SPACE_NUM on x86: the normal and the SMM address space. */
    public static final int KVM_ADDRESS_SPACE_NUM = 2;
    /** INVALID_GPA: mmu_invalidate_range_start/end before the first range_add of an invalidation. */
    public static final int INVALID_GPA = -1;
    /** KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS. */
    public static final long KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS = 1L << 62;

    final Mm618 mm;
    final int gfnSpace;
    final boolean checks;

    /** kvm->slots_lock (mutex): serialises memslot updates. */
    final SpinLock slotsLock = new SpinLock("slots_lock");
    /** kvm->slots_arch_lock (mutex): held from kvm_set_memslot until each swap's publish. */
    final SpinLock slotsArchLock = new SpinLock("slots_arch_lock");
    /** kvm->srcu: readers of kvm->memslots. */
    final Srcu srcu = new Srcu();
    /** kvm->mn_invalidate_lock. */
    final SpinLock mnInvalidateLock = new SpinLock("mn_invalidate_lock");
    /** kvm->mn_active_invalidate_count. Guarded by mn_invalidate_lock. Protected for the mutant of range_end. */
    protected int mnActiveInvalidateCount;
    /** kvm->mn_memslots_update_rcuwait: one waiter, the updater, under slots_lock. */
    final RcuWait mnMemslotsUpdateRcuwait = new RcuWait();
    /** kvm->mmu_lock. */
    final SpinLock mmuLock = new SpinLock("mmu_lock");
    /** kvm->mmu_invalidate_in_progress. Written under mmu_lock; read locklessly by the _unsafe check. */
    int mmuInvalidateInProgress;
    /** kvm->mmu_invalidate_seq. Written under mmu_lock; read locklessly by the fault's snapshot. */
    long mmuInvalidateSeq;
    /** kvm->mmu_invalidate_range_start, in gfns; INVALID_GPA = no range yet. Under mmu_lock. */
    int mmuInvalidateRangeStart = INVALID_GPA;
    /** kvm->mmu_invalidate_range_end, in gfns. Under mmu_lock. */
    int mmuInvalidateRangeEnd = INVALID_GPA;
    /** kvm->memslots[as_id] (rcu pointer): written under mn_invalidate_lock, read under srcu. */
    final MemslotSet[] memslots = new MemslotSet[KVM_ADDRESS_SPACE_NUM];
    /** The generation of memslots[as_id] (kept beside the immutable set). Under slots_lock. */
    final long[] generation = new long[KVM_ADDRESS_SPACE_NUM];
    /** The secondary MMU: spte[as_id][gfn] = frame or Mm618.NO_PAGE. Under mmu_lock. */
    final int[][] spte;
    /** What an SPTE derives from besides the frame (x86: APICv inhibit, memtype), per gfn; written by a kvm_zap_gfn_range caller without mmu_lock. */
    final int[] gfnAttr;
    /** The gfnAttr each SPTE was built with (spec: spte = [pfn, attr]). Under mmu_lock. */
    final int[][] spteAttr;

    final Invariants618 invariants;
    /**
     * With checks on, the one invariant whose per-step violation is thrown (the others are only
     * recorded), or null for all: a checker row about one property then reports that property
     * even where the mutant breaks another one first on the same path. Set before threads start.
     */
    String throwOnly;
    /** Set before the threads start. */
    private StepObserver618 observer;

    /** A KVM whose MMU notifier is registered at once (kvm_create_vm). */
    public Kvm618(Mm618 mm, int gfnSpace, boolean checks) {
        this(mm, gfnSpace, checks, true);
    }

    /**
     * A KVM on mm with gfnSpace guest frames per address space; with {@code register} false the
     * notifier is registered later by {@link #mmuNotifierRegister()} on some thread, so that an
     * invalidation already between start() and end() delivers only its end (LateRegister).
     */
    public Kvm618(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        if (mm == null) {
            throw new IllegalArgumentException("mm is null");
        }
        if (gfnSpace <= 0) {
            throw new IllegalArgumentException("gfn space size must be positive: " + gfnSpace);
        }
        this.mm = mm;
        this.gfnSpace = gfnSpace;
        this.checks = checks;
        spte = new int[KVM_ADDRESS_SPACE_NUM][gfnSpace];
        for (int as = 0; as < KVM_ADDRESS_SPACE_NUM; as++) {
            memslots[as] = new MemslotSet(as);
            // "Generations must be different for each address space." (kvm_create_vm)
            generation[as] = as;
            for (int g = 0; g < gfnSpace; g++) {
                spte[as][g] = Mm618.NO_PAGE;
            }
        }
        gfnAttr = new int[gfnSpace];
        spteAttr = new int[KVM_ADDRESS_SPACE_NUM][gfnSpace];
        invariants = new Invariants618(this);
        mm.attach(this);
        if (register) {
            mm.setRegistered(true);
        }
    }

    /**
     * kvm_init_mmu_notifier: mmu_notifier_register(&kvm->mmu_notifier, current->mm), for a KVM
     * created with late registration; the VM has no memslots yet. Kernel: virt/kvm/kvm_main.c:
     * kvm_init_mmu_notifier (Linux 6.18). Spec: MmuNotifierRegister.
     */
    public final void mmuNotifierRegister() {
        if (mm.registered()) {
            throw new IllegalStateException("the MMU notifier is already registered");
        }
        for (int as = 0; as < KVM_ADDRESS_SPACE_NUM; as++) {
            if (memslots[as].size() != 0) {
                throw new IllegalStateException("mmu_notifier_register after memslots were created (kvm_create_vm registers first)");
            }
        }
        // Bracketed: the primary MMU reads the registration without KVM's locks (Mm618.invalidate).
        enter(MmuNotifierRegister);
        mm.setRegistered(true);
        step(MmuNotifierRegister);
    }

    // ------------------------------------------------------------------ struct mmu_notifier_ops

    /**
     * .invalidate_range_start. Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start
     * (Linux 6.18). Spec: StartLockMn, StartIncActive, StartUnlockMn, then kvm_handle_hva_range's
     * StartHvaRange, StartLockMmu, StartInvalidateBegin, StartRangeAdd, StartUnmapGfnRange, StartUnlockMmu.
     * (gfn_to_pfn_cache_invalidate_start, between the two, is not modelled: no pfn caches here.)
     */
    public final void invalidateRangeStart(HvaRange range) {
        mm.checkRange(range);
        lock(mnInvalidateLock, StartLockMn);
        // Counted before the memslots are read: from here on no swap can publish until the
        // matching end, so start and end walk the same memslots (same found_memslot decision).
        mnActiveInvalidateCount++;
        invariants.ghostCounted(true);
        step(StartIncActive);
        unlock(mnInvalidateLock, StartUnlockMn);
        kvmHandleHvaRange(range, true);
    }

    /**
     * .invalidate_range_end. Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end
     * (Linux 6.18). Spec: EndHvaRange, EndLockMmu, EndInvalidateEnd, EndUnlockMmu, then EndLockMn,
     * EndDecActive, EndUnlockMn, EndWakeUp.
     */
    public final void invalidateRangeEnd(HvaRange range) {
        mm.checkRange(range);
        kvmHandleHvaRange(range, false);
        lock(mnInvalidateLock, EndLockMn);
        boolean wake = mnActiveInvalidateCountDec();
        if (wake) {
            invariants.ghostWakeUp(true);
        }
        step(EndDecActive, wake ? 1 : 0);
        if (checks) {
            invariants.checkActiveCountLocked();
        }
        unlock(mnInvalidateLock, EndUnlockMn);
        // "There can only be one waiter, since the wait happens under slots_lock."
        if (wake) {
            // After the unlock: safe because the updater set TASK_UNINTERRUPTIBLE before dropping
            // mn_invalidate_lock. Bracketed: the waiter pointer is read without a lock.
            enter(EndWakeUp);
            mnMemslotsUpdateRcuwait.rcuwaitWakeUp();
            invariants.ghostWakeUp(false);
            step(EndWakeUp);
        }
    }

    /**
     * The 6.9 hardening (d489ec956583) of range_end, mn_invalidate_lock held:
     * {@code if (!WARN_ON_ONCE(!kvm->mn_active_invalidate_count)) --kvm->mn_active_invalidate_count;
     * wake = !kvm->mn_active_invalidate_count;}. An end whose start KVM never saw (the notifier
     * registered in between) must not take the count below zero: the next start would then
     * count 0 and a memslot swap could run inside it.
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 6.18). Spec: EndDecActive.
     *
     * @return wake
     */
    protected boolean mnActiveInvalidateCountDec() {
        if (!warnOnOnce(mnActiveInvalidateCount == 0, "range_end without range_start: mn_active_invalidate_count is 0")) {
            --mnActiveInvalidateCount;
            ghostUncounted();
        }
        return mnActiveInvalidateCount == 0;
    }

    /** Ghost: this thread's invalidation is no longer counted (with the decrement, mn_invalidate_lock held). */
    protected final void ghostUncounted() {
        invariants.ghostCounted(false);
    }

    /** Called by the mm after an invalidation's end returned: with checks on, Coherence of every gfn. */
    final void afterInvalidation() {
        if (checks) {
            invariants.stepCheckCoherence();
        }
    }

    // ------------------------------------------------------------------ kvm_handle_hva_range

    /**
     * kvm_handle_hva_range: for each address space, for each memslot overlapping the hva range,
     * the slot's part of the range in gfns; at the first such slot KVM_MMU_LOCK and on_lock
     * (begin for start(), end for end()); for start() the handler kvm_mmu_unmap_gfn_range per
     * slot; for end() the null handler (goto mmu_unlock). No overlapping slot: no lock, no count
     * (the elision of 071064f14d87, why start and end must see the same memslots).
     * Kernel: virt/kvm/kvm_main.c: kvm_handle_hva_range (Linux 6.18). Spec: StartHvaRange,
     * StartLockMmu, StartInvalidateBegin, StartRangeAdd, StartUnmapGfnRange, StartUnlockMmu; EndHvaRange,
     * EndLockMmu, EndInvalidateEnd, EndUnlockMmu.
     *
     * @return found_memslot
     */
    final boolean kvmHandleHvaRange(HvaRange range, boolean start) {
        int idx = srcu.readLock();
        boolean found = false;
        // Only for a mutant (one_range_add_618): whether the handler runs for the first slot found.
        boolean firstSlot = true;
        outer:
        for (int as = 0; as < KVM_ADDRESS_SPACE_NUM; as++) {
            // slots = __kvm_memslots(kvm, i): srcu_dereference, no lock. Bracketed.
            enter(start ? StartHvaRange : EndHvaRange);
            MemslotSet slots = memslots[as];
            step(start ? StartHvaRange : EndHvaRange, -1);
            for (int i = 0; i < slots.size(); i++) {
                Memslot slot = slots.get(i);
                if (!range.overlaps(slot.userspaceAddr(), slot.hvaEnd())) {
                    continue;
                }
                int hvaStart = Math.max(range.start(), slot.userspaceAddr());
                int hvaEnd = Math.min(range.end(), slot.hvaEnd());
                step(start ? StartHvaRange : EndHvaRange, as * 1000 + slot.id());
                if (!found) {
                    found = true;
                    lock(mmuLock, start ? StartLockMmu : EndLockMmu);
                    if (start) {
                        kvmMmuInvalidateBegin(StartInvalidateBegin);
                    } else {
                        kvmMmuInvalidateEnd(EndInvalidateEnd);
                        // handler is kvm_null_fn: goto mmu_unlock
                        break outer;
                    }
                }
                kvmMmuUnmapGfnRange(slot, slot.hvaToGfn(hvaStart), slot.hvaToGfn(hvaEnd), hvaStart, hvaEnd, firstSlot);
                firstSlot = false;
            }
        }
        // flush_on_ret: kvm_flush_remote_tlbs is part of the zap here (no TLB modelled).
        if (found && checks) {
            invariants.checkRangeAddedUnderLockLocked();
        }
        if (found) {
            unlock(mmuLock, start ? StartUnlockMmu : EndUnlockMmu);
        }
        srcu.readUnlock(idx);
        return found;
    }

    /**
     * The start's handler for one memslot, mmu_lock held: add this slot's gfn range to the
     * tracked range, then zap its SPTEs. [gfnStart, gfnEnd) is the slot's part of the hva range
     * [hvaStart, hvaEnd) converted with hva_to_gfn_memslot; the hvas and firstSlot (the first
     * overlapping slot of this walk) are passed only so that a mutant can show its mistake.
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_unmap_gfn_range (Linux 6.18). Spec: StartRangeAdd, StartUnmapGfnRange.
     */
    protected boolean kvmMmuUnmapGfnRange(Memslot slot, int gfnStart, int gfnEnd, int hvaStart, int hvaEnd, boolean firstSlot) {
        kvmMmuInvalidateRangeAdd(gfnStart, gfnEnd, StartRangeAdd);
        return kvmUnmapGfnRange(slot.asId(), gfnStart, gfnEnd, StartUnmapGfnRange);
    }

    // ------------------------------------------------------------------ begin / range_add / end (mmu_lock held)

    /**
     * mmu_invalidate_in_progress++; at 1 the range is reset to INVALID_GPA.
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_begin (Linux 6.18). Spec: StartInvalidateBegin, ZapInvalidateBegin.
     */
    protected final void kvmMmuInvalidateBegin(Step618 s) {
        // Visible at unlock: no SPTE can be installed without mmu_lock, and the count is read under it.
        enter(s);
        mmuInvalidateInProgress++;
        invariants.ghostBegun(true);
        if (mmuInvalidateInProgress == 1) {
            mmuInvalidateRangeStart = INVALID_GPA;
            mmuInvalidateRangeEnd = INVALID_GPA;
        }
        step(s);
    }

    /**
     * The tracked range widened to include [start, end) (gfns); WARN_ON_ONCE(!in_progress).
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_range_add (Linux 6.18). Spec: StartRangeAdd, ZapRangeAdd.
     */
    protected final void kvmMmuInvalidateRangeAdd(int start, int end, Step618 s) {
        // Bracketed: mmu_invalidate_retry_gfn_unsafe reads the range without mmu_lock. Unbracketed,
        // a fault could see the new range before this step's record and record a retry that the
        // spec, still at the INVALID_GPA range, rejects (trace validation, adopted_618-zap-618202,
        // 2026-12-06: "rejected at step 45: FaultRetryUnsafeBefore by v1", 1 of 24 runs).
        enter(s);
        warnOnOnce(mmuInvalidateInProgress == 0, "kvm_mmu_invalidate_range_add outside begin..end");
        if (mmuInvalidateRangeStart == INVALID_GPA) {
            mmuInvalidateRangeStart = start;
            mmuInvalidateRangeEnd = end;
        } else {
            // Concurrent invalidations: only the union is tracked, until all have ended.
            mmuInvalidateRangeStart = Math.min(mmuInvalidateRangeStart, start);
            mmuInvalidateRangeEnd = Math.max(mmuInvalidateRangeEnd, end);
        }
        step(s, start);
    }

    /**
     * mmu_invalidate_seq++; smp_wmb(); mmu_invalidate_in_progress--; KVM_BUG_ON(in_progress &lt; 0);
     * WARN_ON_ONCE(range_start == INVALID_GPA) (a begin..end that added no range).
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_invalidate_end (Linux 6.18). Spec: EndInvalidateEnd, ZapInvalidateEnd.
     */
    protected final void kvmMmuInvalidateEnd(Step618 s) {
        // Bracketed: the fault reads seq and in_progress without mmu_lock. seq first: a fault that
        // sees in_progress drop must also see seq change.
        enter(s);
        mmuInvalidateSeq++;
        mmuInvalidateInProgress--;
        invariants.ghostBegun(false);
        step(s);
        invariants.bugOnNegativeInProgress();
        // "Not adding a range isn't fatal, but it is a KVM bug." RangeAddedUnderLock judges it.
        warnOnOnce(mmuInvalidateRangeStart == INVALID_GPA, "kvm_mmu_invalidate_end: no range added between begin and end");
        if (checks) {
            invariants.checkInProgressBalancedLocked();
        }
    }

    /**
     * Zaps the SPTEs of [gfnStart, gfnEnd) in one address space, mmu_lock held; returns whether
     * any was present (the flush). Kernel: arch/x86/kvm/mmu/mmu.c: kvm_unmap_gfn_range (Linux 6.18).
     */
    protected final boolean kvmUnmapGfnRange(int asId, int gfnStart, int gfnEnd, Step618 s) {
        boolean flush = false;
        int[] t = spte[asId];
        for (int g = Math.max(0, gfnStart); g < Math.min(gfnEnd, gfnSpace); g++) {
            if (t[g] != Mm618.NO_PAGE) {
                t[g] = Mm618.NO_PAGE;
                flush = true;
            }
        }
        step(s, gfnStart);
        return flush;
    }

    // ------------------------------------------------------------------ other writers of the counters

    /**
     * A caller of kvm_zap_gfn_range: changes what the SPTEs of [gfnStart, gfnEnd) derive from (an
     * APICv inhibit, a memtype), then zaps them so that faults rebuild them. Kernel:
     * arch/x86/kvm/x86.c: __kvm_set_or_clear_apicv_inhibit (Linux 6.18). Spec: ZapCallerUpdate,
     * then kvm_zap_gfn_range's actions.
     */
    public final void zapCaller(int gfnStart, int gfnEnd) {
        checkGfnRange(gfnStart, gfnEnd);
        invariants.ghostZap(gfnStart, gfnEnd, 1);
        enter(ZapCallerUpdate);
        for (int g = gfnStart; g < gfnEnd; g++) {
            gfnAttr[g] ^= 1;
        }
        step(ZapCallerUpdate, gfnStart);
        kvmZapGfnRange(gfnStart, gfnEnd);
        invariants.ghostZap(gfnStart, gfnEnd, -1);
        if (checks) {
            invariants.stepCheckCoherence();
        }
    }

    private void checkGfnRange(int gfnStart, int gfnEnd) {
        // The kernel WARNs and returns on gfn_end <= gfn_start; an API misuse here is refused loudly.
        if (gfnStart < 0 || gfnEnd > gfnSpace || gfnStart >= gfnEnd) {
            throw new IllegalArgumentException("kvm_zap_gfn_range: invalid gfn range [" + gfnStart + ", " + gfnEnd
                    + ") for the gfn space [0, " + gfnSpace + ")");
        }
    }

    /**
     * x86's zap of a gfn range (MTRR, CR0.CD, APICv inhibit): begin, range_add, zap, end in one
     * mmu_lock critical section, over every address space.
     * Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18). Spec: ZapLockMmu,
     * ZapInvalidateBegin, ZapRangeAdd, ZapLeafs, ZapInvalidateEnd, ZapUnlockMmu.
     */
    public final void kvmZapGfnRange(int gfnStart, int gfnEnd) {
        checkGfnRange(gfnStart, gfnEnd);
        kvmZapGfnRangeBody(gfnStart, gfnEnd);
    }

    /**
     * kvm_zap_gfn_range after its argument check (a mutant may override it).
     * Kernel: arch/x86/kvm/mmu/mmu.c: kvm_zap_gfn_range (Linux 6.18). Spec: ZapLockMmu,
     * ZapInvalidateBegin, ZapRangeAdd, ZapLeafs, ZapInvalidateEnd, ZapUnlockMmu.
     */
    protected void kvmZapGfnRangeBody(int gfnStart, int gfnEnd) {
        lock(mmuLock, ZapLockMmu);
        kvmMmuInvalidateBegin(ZapInvalidateBegin);
        kvmMmuInvalidateRangeAdd(gfnStart, gfnEnd, ZapRangeAdd);
        for (int as = 0; as < KVM_ADDRESS_SPACE_NUM; as++) {
            kvmUnmapGfnRange(as, gfnStart, gfnEnd, ZapLeafs);
        }
        kvmMmuInvalidateEnd(ZapInvalidateEnd);
        if (checks) {
            invariants.checkRangeAddedUnderLockLocked();
        }
        unlock(mmuLock, ZapUnlockMmu);
    }

    /**
     * kvm_destroy_vm's part in the protocol, once the last reference is gone (single-threaded:
     * call after every other thread finished): mmu_notifier_unregister, then
     * WARN_ON(rcuwait_active(...)); a non-zero mn_active_invalidate_count (unregistered between
     * start() and end()) is reset to 0, otherwise WARN_ON(mmu_invalidate_in_progress): no dangling
     * invalidation. Kernel: virt/kvm/kvm_main.c: kvm_destroy_vm (Linux 6.18).
     * Spec: DestroyUnregister, DestroyCheckRcuwait, DestroyCheckCount.
     */
    public final void kvmDestroyVm() {
        mm.setRegistered(false);
        step(DestroyUnregister);
        if (mnMemslotsUpdateRcuwait.waiter() != null) {
            invariants.violation("NoDanglingInvalidationAtDestroy", "kvm_destroy_vm: WARN_ON(rcuwait_active): a memslot updater still waits");
        }
        step(DestroyCheckRcuwait);
        if (mnActiveInvalidateCount != 0) {
            mnActiveInvalidateCount = 0;
        } else if (mmuInvalidateInProgress != 0) {
            invariants.violation("NoDanglingInvalidationAtDestroy", "kvm_destroy_vm: WARN_ON(mmu_invalidate_in_progress = "
                    + mmuInvalidateInProgress + ")");
        }
        step(DestroyCheckCount);
    }

    // ------------------------------------------------------------------ the memslot API and the fault

    /** KVM_SET_USER_MEMORY_REGION in pages. See {@link SetMemoryRegion#setUserMemoryRegion}. Returns the change made, or null for none. */
    public final KvmMrChange setUserMemoryRegion(int asId, int id, int flags, int baseGfn, int npages, int userspaceAddr) {
        return SetMemoryRegion.setUserMemoryRegion(this, asId, id, flags, baseGfn, npages, userspaceAddr);
    }

    /** KVM_MR_CREATE of slot id in address space asId. */
    public final void createMemslot(int asId, int id, int baseGfn, int npages, int userspaceAddr) {
        SetMemoryRegion.create(this, asId, id, baseGfn, npages, userspaceAddr, 0);
    }

    /** KVM_MR_DELETE (memory_size 0). */
    public final void deleteMemslot(int asId, int id) {
        SetMemoryRegion.delete(this, asId, id);
    }

    /** KVM_MR_MOVE to newBaseGfn. */
    public final void moveMemslot(int asId, int id, int newBaseGfn) {
        SetMemoryRegion.move(this, asId, id, newBaseGfn);
    }

    /** KVM_MR_FLAGS_ONLY. */
    public final void setMemslotFlags(int asId, int id, int flags) {
        SetMemoryRegion.flags(this, asId, id, flags);
    }

    /** One attempt of the vCPU page fault on gfn of address space asId. See {@link PageFault}. */
    public final FaultResult pageFault(int asId, int gfn) {
        return PageFault.kvmMmuPageFault(this, asId, gfn);
    }

    /**
     * The fault's final check under mmu_lock: retry if an invalidation of gfn is in progress or
     * one ended since the snapshot. Kernel: arch/x86/kvm/mmu/mmu.c: is_page_fault_stale ->
     * include/linux/kvm_host.h: mmu_invalidate_retry_gfn (Linux 6.18). Spec: FaultIsStale.
     */
    protected boolean isPageFaultStale(long mmuSeq, int gfn) {
        return mmuInvalidateRetryGfn(mmuSeq, gfn);
    }

    /**
     * DELETE and MOVE's first phase, slots_lock and slots_arch_lock held: the KVM_MEMSLOT_INVALID
     * copy swapped in (no new mapping of the slot from then on; the swap's synchronize_srcu lets
     * every fault that saw the valid slot finish), then kvm_arch_flush_shadow_memslot zaps its
     * SPTEs, then slots_arch_lock again ("Was released by kvm_swap_active_memslots(), reacquire").
     * The order is the point: a flush before the swap leaves a window for a fault to map the
     * still-valid slot. Kernel: virt/kvm/kvm_main.c: kvm_invalidate_memslot (Linux 6.18).
     * Spec: InvalidateMemslotCopy, the swap's actions, FlushShadowLockMmu, FlushShadowZap,
     * FlushShadowUnlockMmu (which includes the relock of slots_arch_lock).
     */
    protected void kvmInvalidateMemslot(Memslot old) {
        swapInInvalidCopy(old);
        kvmArchFlushShadowMemslot(old);
        // kvm_arch_guest_memory_reclaimed: no effect modelled.
        relockSlotsArch();
    }

    /** For kvm_invalidate_memslot: the INVALID copy swapped in. Spec: InvalidateMemslotCopy, the swap's actions. */
    protected final void swapInInvalidCopy(Memslot old) {
        SetMemoryRegion.swapInInvalidCopy(this, old);
    }

    /** kvm_arch_flush_shadow_memslot. Spec: FlushShadowLockMmu, FlushShadowZap, FlushShadowUnlockMmu. */
    protected final void kvmArchFlushShadowMemslot(Memslot slot) {
        SetMemoryRegion.kvmArchFlushShadowMemslot(this, slot);
    }

    /** mutex_lock(&kvm->slots_arch_lock) (part of FlushShadowUnlockMmu's step: the spec has no slots_arch_lock). */
    protected final void relockSlotsArch() {
        slotsArchLock.lock();
    }

    /**
     * The body of kvm_swap_active_memslots' wait loop, mn_invalidate_lock held on entry and exit:
     * {@code set_current_state(TASK_UNINTERRUPTIBLE); spin_unlock(&kvm->mn_invalidate_lock);
     * schedule(); spin_lock(&kvm->mn_invalidate_lock);}. The state is set before the unlock: a
     * wake-up between the unlock and schedule() leaves the task TASK_RUNNING, so schedule()
     * returns at once. Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18).
     * Spec: SwapSetState, SwapUnlockMnToSleep, SwapSchedule, SwapRelockMn.
     */
    protected void kvmSwapSleep(Task current) {
        enter(SwapSetState);
        current.setCurrentState(TaskState.TASK_UNINTERRUPTIBLE);
        step(SwapSetState);
        unlock(mnInvalidateLock, SwapUnlockMnToSleep);
        schedule(current);
        lock(mnInvalidateLock, SwapRelockMn);
    }

    /**
     * schedule() of the updater, with the per-step NoLostWakeUp check first (checks on).
     * Kernel: kernel/sched/core.c: schedule. Spec: SwapSchedule (its return).
     */
    protected final void schedule(Task current) {
        if (checks) {
            invariants.checkNoLostWakeUp();
        }
        current.schedule();
        step(SwapSchedule);
    }

    /** For a mutant of the wait loop: set_current_state as a step. Spec: SwapSetState. */
    protected final void setCurrentState(Task current, TaskState state) {
        enter(SwapSetState);
        current.setCurrentState(state);
        step(SwapSetState);
    }

    /** For a mutant of the wait loop: the spin_unlock before schedule(). Spec: SwapUnlockMnToSleep. */
    protected final void unlockMnToSleep() {
        unlock(mnInvalidateLock, SwapUnlockMnToSleep);
    }

    /** For a mutant of the wait loop: the spin_lock after schedule(). Spec: SwapRelockMn. */
    protected final void relockMn() {
        lock(mnInvalidateLock, SwapRelockMn);
    }

    /**
     * The fault's INVALID-slot test: a slot being deleted or moved gets no new mapping.
     * Kernel: arch/x86/kvm/mmu/mmu.c: kvm_mmu_faultin_pfn: {@code if (slot->flags &
     * KVM_MEMSLOT_INVALID) return RET_PF_RETRY;} (Linux 6.18). Spec: FaultCheckSlot.
     */
    protected boolean faultCheckInvalidSlot(Memslot slot) {
        return slot.invalid();
    }

    /** Kernel: include/linux/kvm_host.h: mmu_invalidate_retry_gfn (Linux 6.18). mmu_lock held. */
    protected final boolean mmuInvalidateRetryGfn(long mmuSeq, int gfn) {
        if (mmuInvalidateInProgress != 0) {
            // "Dropping mmu_lock after bumping mmu_invalidate_in_progress but before updating the range is a KVM bug."
            if (warnOnOnce(mmuInvalidateRangeStart == INVALID_GPA || mmuInvalidateRangeEnd == INVALID_GPA,
                    "mmu_invalidate_retry_gfn: in progress with no range")) {
                return true;
            }
            if (gfn >= mmuInvalidateRangeStart && gfn < mmuInvalidateRangeEnd) {
                return true;
            }
        }
        return mmuInvalidateSeq != mmuSeq;
    }

    /**
     * The lockless pre-check: may give false positives and negatives, so it may only add retries.
     * Kernel: include/linux/kvm_host.h: mmu_invalidate_retry_gfn_unsafe (Linux 6.18).
     */
    final boolean mmuInvalidateRetryGfnUnsafe(long mmuSeq, int gfn) {
        if (mmuInvalidateInProgress != 0 && gfn >= mmuInvalidateRangeStart && gfn < mmuInvalidateRangeEnd) {
            return true;
        }
        return mmuInvalidateSeq != mmuSeq;
    }

    // ------------------------------------------------------------------ accessors (lock-aware)

    public final Mm618 mm() {
        return mm;
    }

    public final int gfnSpace() {
        return gfnSpace;
    }

    public final boolean checksEnabled() {
        return checks;
    }

    public final MemslotSet memslots(int asId) {
        checkAsId(asId);
        return memslots[asId];
    }

    public final long generation(int asId) {
        checkAsId(asId);
        return readLocked(slotsLock, () -> generation[asId]);
    }

    public final int mnActiveInvalidateCount() {
        return readLocked(mnInvalidateLock, () -> mnActiveInvalidateCount);
    }

    public final int mmuInvalidateInProgress() {
        return readLocked(mmuLock, () -> mmuInvalidateInProgress);
    }

    public final long mmuInvalidateSeq() {
        return readLocked(mmuLock, () -> mmuInvalidateSeq);
    }

    /** {range_start, range_end}; INVALID_GPA for none. */
    public final int[] mmuInvalidateRange() {
        mmuLock.lock();
        try {
            return new int[] {mmuInvalidateRangeStart, mmuInvalidateRangeEnd};
        } finally {
            mmuLock.unlock();
        }
    }

    /** The frame the SPTE of gfn maps in address space asId, or Mm618.NO_PAGE. */
    public final int spte(int asId, int gfn) {
        checkAsId(asId);
        checkGfn(gfn);
        return readLocked(mmuLock, () -> spte[asId][gfn]);
    }

    /** Number of WARN_ON_ONCE that fired (the kernel goes on after a WARN). */
    public final int warnings() {
        return invariants.warnings();
    }

    /** The text of the first WARN_ON_ONCE that fired, or null. */
    public final String firstWarning() {
        return invariants.firstWarning();
    }

    // ------------------------------------------------------------------ recording hooks (trace/)

    /**
     * For a trace recorder only (trace/'s Trace618, a {@link StepObserver618}), called inside
     * its step's bracket: {mn_active_invalidate_count, mmu_invalidate_in_progress,
     * mmu_invalidate_range_start, mmu_invalidate_range_end}, read without the kernel locks (an
     * observer must not take them; the recorder's own lock orders this read after the step's
     * write, as the record is ordered after the step).
     */
    public final int[] traceCounters() {
        return new int[] {mnActiveInvalidateCount, mmuInvalidateInProgress, mmuInvalidateRangeStart, mmuInvalidateRangeEnd};
    }

    /** For a trace recorder only (see {@link #traceCounters}): {frame, attr} of the SPTE of gfn in address space asId; frame NO_PAGE = none. */
    public final int[] traceSpte(int asId, int gfn) {
        return new int[] {spte[asId][gfn], spteAttr[asId][gfn]};
    }

    /** For a trace recorder only (see {@link #traceCounters}): the attribute the SPTEs of gfn derive from. */
    public final int traceGfnAttr(int gfn) {
        return gfnAttr[gfn];
    }

    /**
     * For a trace recorder only: the property of the first violation the per-step checks
     * recorded so far (run with checks on and {@link #throwOnly} naming no invariant, so that
     * nothing is thrown but KVM_BUG_ON), or null. Takes only the invariants' own monitor.
     */
    public final String traceFirstViolation() {
        return invariants.firstRecordedInvariant();
    }

    // ------------------------------------------------------------------ invariants

    /** Every invariant on the current state, then the first violation recorded earlier. See {@link Invariants618#checkAll}. */
    public final void checkInvariants() {
        invariants.checkAll();
    }

    /**
     * InProgressBalanced when idle: call when no invalidation is in flight (all threads joined):
     * mmu_invalidate_in_progress and mn_active_invalidate_count are 0.
     */
    public final void checkIdle() {
        invariants.checkIdle();
    }

    /** With checks on, throw per-step violations of this invariant only (the others are recorded). Before any thread runs. */
    public final void throwOnly(String invariant) {
        throwOnly = invariant;
    }

    /** Throws the first recorded violation of the {@link #throwOnly} invariant, if any. */
    public final void checkRecordedOnly() {
        invariants.checkRecordedOnly();
    }

    /** Spec: Coherence, on every gfn of every address space. */
    public final void checkCoherence() {
        invariants.checkCoherence();
    }

    // ------------------------------------------------------------------ steps

    /** Subscribes an observer to every step of this KVM and its mm. Before any thread uses them. */
    public final void addStepObserver(StepObserver618 o) {
        observer = StepObserver618.both(observer, o);
        mm.addStepObserver(o);
    }

    final boolean observed() {
        return observer != null;
    }

    protected final void step(Step618 s) {
        StepObserver618 o = observer;
        if (o != null) {
            o.step(s, 0);
        }
    }

    protected final void step(Step618 s, int value) {
        StepObserver618 o = observer;
        if (o != null) {
            o.step(s, value);
        }
    }

    protected final void enter(Step618 s) {
        StepObserver618 o = observer;
        if (o != null) {
            o.enter(s);
        }
    }

    /** spin_lock / mutex_lock / write_lock as a step. */
    protected final void lock(SpinLock l, Step618 s) {
        l.lock();
        step(s);
    }

    /** The unlock as a step (bracketed: the next owner's steps come after it). */
    protected final void unlock(SpinLock l, Step618 s) {
        enter(s);
        l.unlock();
        step(s);
    }

    /** write_lock(&kvm->mmu_lock) as step s (for a mutant of a kernel function that takes it). */
    protected final void lockMmu(Step618 s) {
        lock(mmuLock, s);
    }

    /** write_unlock(&kvm->mmu_lock) as step s. */
    protected final void unlockMmu(Step618 s) {
        unlock(mmuLock, s);
    }

    // The per-step checks and the ghost a caller's body needs, reachable from a subclass in
    // another package: a new caller's mutant lives in kvm618/broken, where mmuLock and
    // invariants (package-private) are not visible (CONTRIBUTING.md, "Adding a new caller").

    /**
     * RangeAddedUnderLock, mmu_lock held (checks on): a caller that began an invalidation calls
     * it just before it drops mmu_lock, as kvmZapGfnRangeBody and kvm_handle_hva_range do, so a
     * mutant that skips kvm_mmu_invalidate_range_add() is caught at that unlock.
     */
    protected final void checkRangeAddedUnderLock() {
        if (checks) {
            invariants.checkRangeAddedUnderLockLocked();
        }
    }

    /** Coherence per step (checks on: a violation is recorded, or thrown), mmu_lock not held: a caller checks it after it returns, as zapCaller does. */
    protected final void stepCheckCoherence() {
        if (checks) {
            invariants.stepCheckCoherence();
        }
    }

    /**
     * The ghost window of a caller that changes what an SPTE of [gfnStart, gfnEnd) derives from:
     * +1 before the change, -1 after its zap (Coherence exempts those gfns in between), as
     * zapCaller does.
     */
    protected final void ghostCaller(int gfnStart, int gfnEnd, int delta) {
        invariants.ghostZap(gfnStart, gfnEnd, delta);
    }

    /** WARN_ON_ONCE(cond): records the warning, returns cond. */
    protected final boolean warnOnOnce(boolean cond, String what) {
        if (cond) {
            invariants.warn(what);
        }
        return cond;
    }

    final void checkAsId(int asId) {
        if (asId < 0 || asId >= KVM_ADDRESS_SPACE_NUM) {
            throw new IllegalArgumentException("address space " + asId + " outside [0, " + KVM_ADDRESS_SPACE_NUM + ")");
        }
    }

    final void checkGfn(int gfn) {
        if (gfn < 0 || gfn >= gfnSpace) {
            throw new IllegalArgumentException("gfn " + gfn + " outside the gfn space [0, " + gfnSpace + ")");
        }
    }

    /** Reads under lock l unless the calling thread already holds it. */
    final <T> T readLocked(SpinLock l, java.util.function.Supplier<T> read) {
        if (l.isHeldByCurrentThread()) {
            return read.get();
        }
        l.lock();
        try {
            return read.get();
        } finally {
            l.unlock();
        }
    }
}
