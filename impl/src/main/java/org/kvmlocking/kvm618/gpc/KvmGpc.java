package org.kvmlocking.kvm618.gpc;

import static org.kvmlocking.kvm618.gpc.GfnToPfnCache.INVALID_GPA;
import static org.kvmlocking.kvm618.gpc.GfnToPfnCache.KVM_HVA_ERR_BAD;
import static org.kvmlocking.kvm618.gpc.GfnToPfnCache.KVM_PFN_ERR_FAULT;

import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.MemslotSet;
import org.kvmlocking.kvm618.Mm618;
import org.kvmlocking.kvm618.Step618;
import org.kvmlocking.kvm618.StepObserver618;

/**
 * The gfn-to-pfn caches of one VM and the functions of virt/kvm/pfncache.c (Linux 6.18), over a
 * {@link Kvm618} (design {@code adopted_gpc_618}; a mutant in
 * {@code org.kvmlocking.kvm618.gpc.broken} overrides one protected kernel function).
 *
 * <p>Composition with Kvm618 (which this class does not change): the kernel calls
 * gfn_to_pfn_cache_invalidate_start from kvm_mmu_notifier_invalidate_range_start right after
 * {@code mn_active_invalidate_count++} and its spin_unlock, before kvm_handle_hva_range takes
 * mmu_lock. Kvm618 reports exactly that point as its step StartUnlockMn (on the invalidating
 * thread, no lock held), so this class subscribes to Kvm618's steps and runs the cache
 * invalidation there. The step carries no range; invalidations therefore go through
 * {@link #remap}/{@link #unmap}, which note the calling thread's range for the hook (an
 * invalidation that bypasses them is refused with an IllegalStateException). Observers of the
 * Kvm618 steps must be added through {@link #addKvmStepObserver}, so that they see StartUnlockMn
 * before the cache's steps, in the kernel's order.
 *
 * <p>Reads of struct kvm: mmu_notifier_retry_cache reads mn_active_invalidate_count and
 * mmu_invalidate_seq with no lock; Kvm618 offers them only through accessors that take
 * mn_invalidate_lock and mmu_lock for the read. Each read is then atomic and sequentially
 * consistent, which is what the kernel's count-then-smp_rmb()-then-seq gives the reader (paired
 * with range_end's smp_wmb); and no lock cycle arises, because nothing takes gpc-&gt;lock while
 * holding mn_invalidate_lock or mmu_lock. The memslots are read as the kernel does, through the
 * rcu pointer (kvm_memslots), with no lock.
 *
 * <p>With {@code checks} on, a violated property throws {@link org.kvmlocking.kvm.InvariantViolation}
 * at the step (after dropping the read lock the use held); without, it is recorded and
 * {@link #checkInvariants()} reports the first.
 */
public class KvmGpc {
    /** The most caches a KvmGpc holds (the scenarios use one or two). */
    public static final int MAX_CACHES = 4;
    /** -EINVAL. */
    public static final int EINVAL = 22;
    /** -EFAULT. */
    public static final int EFAULT = 14;
    /** -EIO. */
    public static final int EIO = 5;

    final Kvm618 kvm;
    final Mm618 mm;
    final boolean checks;
    /** kvm->gpc_lock: protects gpc_list. */
    final SpinLock gpcLock = new SpinLock("gpc_lock");
    /** kvm->gpc_list, newest first (list_add). Guarded by gpc_lock. */
    private final GfnToPfnCache[] gpcList = new GfnToPfnCache[MAX_CACHES];
    /** Guarded by gpc_lock. */
    private int gpcListSize;
    /** Every cache made by kvmGpcInit, by index. Written before threads start. */
    private final GfnToPfnCache[] caches = new GfnToPfnCache[MAX_CACHES];
    private int ncaches;
    final GpcInvariants invariants;
    private final InvalidationRanges ranges = new InvalidationRanges();
    /** Set before threads start. */
    private GpcStepObserver observer;
    /** Set before threads start. */
    private StepObserver618 kvmObserver;

    public KvmGpc(Kvm618 kvm, boolean checks) {
        if (kvm == null) {
            throw new IllegalArgumentException("kvm is null");
        }
        this.kvm = kvm;
        this.mm = kvm.mm();
        this.checks = checks;
        this.invariants = new GpcInvariants(this);
        kvm.addStepObserver(new StepObserver618() {
            @Override
            public void enter(Step618 s) {
                StepObserver618 o = kvmObserver;
                if (o != null) {
                    o.enter(s);
                }
            }

            @Override
            public void step(Step618 s, int value) {
                StepObserver618 o = kvmObserver;
                if (o != null) {
                    o.step(s, value);
                }
                if (invalidatesHere(s, value)) {
                    HvaRange r = ranges.current();
                    gfnToPfnCacheInvalidateStart(r.start(), r.end());
                }
            }
        });
    }

    /**
     * Where range_start calls gfn_to_pfn_cache_invalidate_start: right after
     * {@code mn_active_invalidate_count++} and its spin_unlock (Kvm618's StartUnlockMn), before
     * kvm_handle_hva_range. Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start
     * (Linux 6.18). Spec: between StartIncActive and StartHvaRange.
     */
    protected boolean invalidatesHere(Step618 s, int value) {
        return s == Step618.StartUnlockMn;
    }

    public final Kvm618 kvm() {
        return kvm;
    }

    public final Mm618 mm() {
        return mm;
    }

    // ------------------------------------------------------------------ the primary MMU

    /** Mm618.remap (migration, COW) with the range noted for gfn_to_pfn_cache_invalidate_start. */
    public final void remap(HvaRange range) {
        mm.checkRange(range);
        ranges.push(range);
        try {
            mm.remap(range);
        } finally {
            ranges.pop();
        }
    }

    /** Mm618.unmap (munmap, MADV_DONTNEED) with the range noted for gfn_to_pfn_cache_invalidate_start. */
    public final void unmap(HvaRange range) {
        mm.checkRange(range);
        ranges.push(range);
        try {
            mm.unmap(range);
        } finally {
            ranges.pop();
        }
    }

    // ------------------------------------------------------------------ gfn_to_pfn_cache_invalidate_start

    /**
     * The MMU notifier's invalidate_range_start hook: every valid cache whose uhva lies in
     * [start, end) is invalidated before the primary MMU changes its PTEs. Checked under the read
     * lock; the write lock is taken only to invalidate, and since the cache may change while no
     * lock is held, the condition is checked again under it.
     * Kernel: virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start (Linux 6.18).
     * Spec: GpcInvLockList, GpcInvReadCheck, GpcInvWriteInvalidate, GpcInvUnlockList.
     */
    protected void gfnToPfnCacheInvalidateStart(int start, int end) {
        gpcLock.lock();
        step(GpcStep.GpcInvLockList, start);
        for (int i = 0; i < gpcListSize; i++) {
            GfnToPfnCache gpc = gpcList[i];
            if (invalidateReadCheck(gpc, start, end)) {
                // "There is a small window here where the cache could be modified, and
                // invalidation would no longer be necessary": check again under the write lock.
                gpc.lock.writeLock();
                boolean cleared = invalidateUnderWriteLock(gpc, start, end);
                gpc.lock.writeUnlock();
                step(GpcStep.GpcInvWriteInvalidate, cleared ? 1 : 0);
            }
        }
        gpcLock.unlock();
        step(GpcStep.GpcInvUnlockList, start);
    }

    /**
     * read_lock_irq(&gpc->lock); whether the cache needs invalidation; read_unlock_irq.
     * Kernel: virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start (Linux 6.18). Spec: GpcInvReadCheck.
     */
    protected boolean invalidateReadCheck(GfnToPfnCache gpc, int start, int end) {
        gpc.lock.readLock();
        boolean hit = needsInvalidation(gpc, start, end);
        gpc.lock.readUnlock();
        step(GpcStep.GpcInvReadCheck, hit ? 1 : 0);
        return hit;
    }

    /**
     * The write-locked part of the invalidation: the re-check, then gpc->valid = false; returns
     * whether it invalidated. Kernel: virt/kvm/pfncache.c: gfn_to_pfn_cache_invalidate_start
     * (Linux 6.18). Spec: GpcInvWriteInvalidate.
     */
    protected boolean invalidateUnderWriteLock(GfnToPfnCache gpc, int start, int end) {
        if (needsInvalidation(gpc, start, end)) {
            gpc.valid = false;
            return true;
        }
        return false;
    }

    // ---- for mutants (org.kvmlocking.kvm618.gpc.broken): the statements they rearrange

    /** gpc->valid = false (the caller holds what it holds: a mutant may hold only the read lock). */
    protected final void storeValidFalse(GfnToPfnCache gpc) {
        gpc.valid = false;
    }

    /** read_lock_irq(&gpc->lock). */
    protected final void gpcReadLock(GfnToPfnCache gpc) {
        gpc.lock.readLock();
    }

    /** read_unlock_irq(&gpc->lock). */
    protected final void gpcReadUnlock(GfnToPfnCache gpc) {
        gpc.lock.readUnlock();
    }

    /** write_lock_irq(&gpc->lock). */
    protected final void gpcWriteLock(GfnToPfnCache gpc) {
        gpc.lock.writeLock();
    }

    /** write_unlock_irq(&gpc->lock). */
    protected final void gpcWriteUnlock(GfnToPfnCache gpc) {
        gpc.lock.writeUnlock();
    }

    /** kvm_gpc_deactivate's stores, gpc->lock held for write: active = valid = false, no khva, no pfn. */
    protected final void deactivateStores(GfnToPfnCache gpc) {
        gpc.active = false;
        gpc.valid = false;
        gpc.khva = KVM_PFN_ERR_FAULT;
        gpc.pfn = KVM_PFN_ERR_FAULT;
    }

    /** {@code gpc->valid && !is_error_noslot_pfn(gpc->pfn) && gpc->uhva >= start && gpc->uhva < end}. Only a single page. */
    protected static boolean needsInvalidation(GfnToPfnCache gpc, int start, int end) {
        return gpc.valid && gpc.pfn != KVM_PFN_ERR_FAULT && gpc.uhva >= start && gpc.uhva < end;
    }

    // ------------------------------------------------------------------ kvm_gpc_check and a user

    /**
     * Whether the cache may be used now; gpc->lock must be held (for read by a user); slots is
     * kvm_memslots(gpc-&gt;kvm) as read at the check's start (a user holds kvm-&gt;srcu, so this is
     * the set it goes on using even if a swap publishes another meanwhile). Rejects an
     * inactive cache, a gpa-based cache whose memslots changed, a bad uhva, an invalid cache.
     * Kernel: virt/kvm/pfncache.c: kvm_gpc_check (Linux 6.18). Spec: GpcCheck.
     */
    protected boolean kvmGpcCheck(GfnToPfnCache gpc, MemslotSet slots) {
        if (!gpc.active) {
            return false;
        }
        // "If the page was cached from a memslot, make sure the memslots have not been re-configured."
        if (gpc.gpa != INVALID_GPA && !generationCurrent(gpc, slots)) {
            return false;
        }
        if (gpc.uhva == KVM_HVA_ERR_BAD) {
            return false;
        }
        // kvm_gpc_is_valid_len: one page, no offsets modelled.
        return gpc.valid;
    }

    /**
     * {@code gpc->generation == slots->generation}, slots = kvm_memslots(kvm): the memslots have
     * not been re-configured since the gpa was translated. Kernel: virt/kvm/pfncache.c:
     * kvm_gpc_check (Linux 6.18). Spec: GpcCheck.
     */
    protected boolean generationCurrent(GfnToPfnCache gpc, MemslotSet slots) {
        return gpc.generation == slots;
    }

    /**
     * A user of the cache, as arch/x86/kvm/xen.c's: {@code read_lock_irqsave(&gpc->lock); while
     * (!kvm_gpc_check(gpc, len)) { read_unlock; if (kvm_gpc_refresh(gpc, len)) return; read_lock; }
     * access through gpc->khva; read_unlock}, with at most {@code attempts} checks. Returns the
     * frame accessed, or KVM_PFN_ERR_FAULT if the cache was not usable. The access is where the
     * property is checked: the frame must be the one the primary MMU maps at uhva now.
     * Spec: GpcCheck, GpcUse (and GpcRefresh's actions between attempts).
     */
    public final int kvmGpcUse(GfnToPfnCache gpc, int attempts) {
        requireCache(gpc);
        if (attempts <= 0) {
            throw new IllegalArgumentException("kvmGpcUse: attempts must be positive: " + attempts);
        }
        for (int i = 0; i < attempts; i++) {
            if (i > 0 && kvmGpcRefresh(gpc) != 0) {
                return KVM_PFN_ERR_FAULT;
            }
            gpc.lock.readLock();
            // kvm_gpc_check's first statement: slots = kvm_memslots(gpc->kvm).
            MemslotSet slots = kvm.memslots(0);
            if (!kvmGpcCheck(gpc, slots)) {
                // A failed check is no step: it changes nothing.
                gpc.lock.readUnlock();
                continue;
            }
            // From the check to read_unlock the user may access the page at any moment: the
            // property must hold at both ends of that interval. While the read lock is held no
            // invalidation can pass its write_lock, so the primary MMU cannot have replaced it.
            String bad = invariants.acceptedUse(gpc, slots);
            step(GpcStep.GpcCheck, gpc.index);
            int frame = gpc.khva;
            if (bad == null) {
                bad = invariants.acceptedUse(gpc, null);
            }
            gpc.lock.readUnlock();
            step(GpcStep.GpcUse, frame);
            if (bad != null) {
                invariants.violation(bad.substring(0, bad.indexOf(':')), bad.substring(bad.indexOf(':') + 2));
            }
            return frame;
        }
        return KVM_PFN_ERR_FAULT;
    }

    // ------------------------------------------------------------------ refresh

    /**
     * Re-establishes the mapping after kvm_gpc_check failed. Kernel: virt/kvm/pfncache.c:
     * kvm_gpc_refresh (Linux 6.18). Returns 0 or a positive errno (EINVAL, EFAULT).
     * Spec: GpcRefresh, then __kvm_gpc_refresh's actions.
     */
    public final int kvmGpcRefresh(GfnToPfnCache gpc) {
        requireCache(gpc);
        return kvmGpcRefreshLocked(gpc);
    }

    /**
     * {@code guard(mutex)(&gpc->refresh_lock)} around __kvm_gpc_refresh: refreshes of one cache
     * are serialised. A GPA-based cache ignores its uhva (recomputed from the memslots).
     * Kernel: virt/kvm/pfncache.c: kvm_gpc_refresh (Linux 6.18). Spec: GpcRefresh.
     */
    protected int kvmGpcRefreshLocked(GfnToPfnCache gpc) {
        gpc.refreshLock.lock();
        step(GpcStep.GpcRefresh, gpc.index);
        try {
            return kvmGpcRefreshArgs(gpc);
        } finally {
            gpc.refreshLock.unlock();
        }
    }

    /** kvm_gpc_refresh's arguments to __kvm_gpc_refresh, read with refresh_lock held (it serialises their writers). */
    protected final int kvmGpcRefreshArgs(GfnToPfnCache gpc) {
        int gpa = gpc.gpa;
        int uhva = gpa == INVALID_GPA ? gpc.uhva : KVM_HVA_ERR_BAD;
        return kvmGpcRefreshInner(gpc, gpa, uhva);
    }

    /**
     * __kvm_gpc_refresh, refresh_lock held: under the write lock, -EINVAL if inactive; the new
     * uhva (given, or from the gpa through the memslots when the gpa or the generation changed);
     * hva_to_pfn_retry if the cache is invalid or the uhva changed; on an error the cache is
     * invalid with no pfn and no khva. Kernel: virt/kvm/pfncache.c: __kvm_gpc_refresh (Linux 6.18).
     * Spec: RefreshStart, then hva_to_pfn_retry's actions (its write_unlock is part of RetryCheckSeq).
     */
    protected final int kvmGpcRefreshInner(GfnToPfnCache gpc, int gpa, int uhva) {
        // "Either gpa or uhva must be valid, but not both" (WARN_ON_ONCE: a KVM bug, refused loudly here).
        if ((gpa == INVALID_GPA) == (uhva == KVM_HVA_ERR_BAD)) {
            throw new IllegalArgumentException("__kvm_gpc_refresh: exactly one of gpa (" + gpa + ") and uhva (" + uhva
                    + ") must be valid");
        }
        gpc.lock.writeLock();
        // Ghost, under gpc->lock: this task is inside __kvm_gpc_refresh until its last write_unlock.
        invariants.refreshBegins(gpc);
        if (!gpc.active) {
            invariants.refreshEnds(gpc);
            gpc.lock.writeUnlock();
            step(GpcStep.RefreshStart, -1);
            return EINVAL;
        }
        int oldPfn = gpc.pfn;
        int oldUhva = gpc.uhva;
        boolean hvaChange = false;
        int ret;
        if (gpa == INVALID_GPA) {
            gpc.gpa = INVALID_GPA;
            gpc.memslot = null;
            gpc.uhva = uhva;
            hvaChange = gpc.uhva != oldUhva;
        } else {
            MemslotSet slots = kvm.memslots(0);
            if (gpc.gpa != gpa || gpc.generation != slots || gpc.uhva == KVM_HVA_ERR_BAD) {
                gpc.gpa = gpa;
                gpc.generation = slots;
                gpc.memslot = slots.byGfn(gpa);
                gpc.uhva = gfnToHvaMemslot(gpc.memslot, gpa);
                hvaChange = gpc.uhva != oldUhva;
            }
        }
        if (gpc.uhva == KVM_HVA_ERR_BAD) {
            step(GpcStep.RefreshStart, -1);
            ret = EFAULT;
        } else if (!gpc.valid || hvaChange) {
            // "If the userspace HVA changed or the PFN was already invalid, drop the lock and
            // do the HVA to PFN lookup again."
            ret = hvaToPfnRetry(gpc);
        } else {
            // Still valid, same uhva: keep the mapping (out_unlock).
            invariants.refreshEnds(gpc);
            gpc.lock.writeUnlock();
            step(GpcStep.RefreshStart, gpc.uhva);
            return 0;
        }
        if (ret != 0) {
            gpc.valid = false;
            gpc.pfn = KVM_PFN_ERR_FAULT;
            gpc.khva = KVM_PFN_ERR_FAULT;
        }
        // "Detect a pfn change before dropping the lock!" then gpc_unmap(old_pfn, old_khva):
        // the old kernel mapping goes (no effect on the model's frames).
        boolean unmapOld = oldPfn != gpc.pfn;
        invariants.refreshEnds(gpc);
        gpc.lock.writeUnlock();
        if (unmapOld) {
            gpcUnmap(oldPfn);
        }
        return ret;
    }

    /** gfn_to_hva_memslot: KVM_HVA_ERR_BAD for no slot or a KVM_MEMSLOT_INVALID one (__gfn_to_hva_many). */
    static int gfnToHvaMemslot(Memslot slot, int gfn) {
        if (slot == null || slot.invalid()) {
            return KVM_HVA_ERR_BAD;
        }
        return slot.gfnToHva(gfn);
    }

    /**
     * The pfn lookup loop, refresh_lock held, gpc->lock held for write on entry and exit: the
     * cache is marked invalid first; each attempt snapshots mmu_invalidate_seq, drops the lock,
     * looks the page up and maps it, takes the lock again, and retries while
     * mmu_notifier_retry_cache says an invalidation is or was in flight.
     * Kernel: virt/kvm/pfncache.c: hva_to_pfn_retry (Linux 6.18). Spec: RefreshStart (its
     * gpc->valid = false), RetrySnapshot, RetryHvaToPfn, RetryCheckCount, RetryCheckSeq.
     *
     * @return 0 or EFAULT
     */
    protected final int hvaToPfnRetry(GfnToPfnCache gpc) {
        // lockdep_assert_held(&gpc->refresh_lock) is RefreshSerialised's to judge (a mutant drops the lock).
        if (!gpc.lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("hva_to_pfn_retry: lockdep_assert_held_write(&gpc->lock)");
        }
        retryClearValid(gpc);
        step(GpcStep.RefreshStart, gpc.uhva);
        int newPfn;
        long mmuSeq;
        do {
            mmuSeq = kvm.mmuInvalidateSeq();
            gpc.lock.writeUnlock();
            step(GpcStep.RetrySnapshot, (int) mmuSeq);
            // The previous attempt's page and mapping are released here (no effect modelled).
            newPfn = hvaToPfn(gpc.uhva);
            step(GpcStep.RetryHvaToPfn, newPfn);
            if (newPfn == KVM_PFN_ERR_FAULT) {
                // out_error
                gpc.lock.writeLock();
                return EFAULT;
            }
            gpc.lock.writeLock();
            // "Other tasks must wait for _this_ refresh to complete before attempting to refresh."
            if (gpc.valid) {
                invariants.warnOnOnce(true, "hva_to_pfn_retry: WARN_ON_ONCE(gpc->valid) after retaking gpc->lock");
            }
        } while (mmuNotifierRetryCache(mmuSeq));
        gpc.valid = true;
        gpc.pfn = newPfn;
        // gpc_map: the kernel mapping of the new frame (new_khva = old_khva if the pfn is the same).
        gpc.khva = newPfn;
        step(GpcStep.RetryCheckSeq, 0);
        if (checks) {
            invariants.checkValidated(gpc);
        }
        return 0;
    }

    /**
     * "Invalidate the cache prior to dropping gpc->lock, the gpa=&gt;uhva assets have already been
     * updated and so a concurrent check() from a different task may not fail the
     * gpa/uhva/generation checks." Kernel: virt/kvm/pfncache.c: hva_to_pfn_retry (Linux 6.18).
     * Spec: RefreshStart (its last statement).
     */
    protected void retryClearValid(GfnToPfnCache gpc) {
        gpc.valid = false;
    }

    /**
     * Whether the page just looked up may already be stale: an invalidation is in flight (the
     * count, raised before the caches are invalidated and dropped only after
     * mmu_invalidate_seq moved), or one completed since the snapshot (the seq). The count, not
     * mmu_invalidate_in_progress: the caches are invalidated in range_start before in_progress
     * rises, and in_progress never rises for a range no memslot covers.
     * Kernel: virt/kvm/pfncache.c: mmu_notifier_retry_cache (Linux 6.18). Spec: RetryCheckCount, RetryCheckSeq (a retry;
     * hva_to_pfn_retry reports the RetryCheckSeq that validates).
     */
    protected boolean mmuNotifierRetryCache(long mmuSeq) {
        if (kvm.mnActiveInvalidateCount() != 0) {
            step(GpcStep.RetryCheckCount, 1);
            return true;
        }
        step(GpcStep.RetryCheckCount, 0);
        // smp_rmb(): the count before the seq (pairs with range_end's smp_wmb).
        if (kvm.mmuInvalidateSeq() != mmuSeq) {
            step(GpcStep.RetryCheckSeq, 1);
            return true;
        }
        return false;
    }

    /**
     * hva_to_pfn of a FOLL_WRITE lookup: the frame the primary MMU maps at uhva; an unmapped
     * page is faulted in first (a primary page fault, no notifier). Returns KVM_PFN_ERR_FAULT if
     * it was unmapped again before the lookup. Kernel: virt/kvm/kvm_main.c: hva_to_pfn (Linux 6.18).
     */
    private int hvaToPfn(int uhva) {
        int f = mm.pte(uhva);
        if (f == Mm618.NO_PAGE) {
            mm.populate(new HvaRange(uhva, uhva + 1));
            f = mm.pte(uhva);
        }
        return f == Mm618.NO_PAGE ? KVM_PFN_ERR_FAULT : f;
    }

    /** gpc_unmap: kunmap/memunmap of the old mapping; nothing to model (no frame is freed by it). */
    private static void gpcUnmap(int pfn) {
        // The frame belongs to the primary MMU; the cache held no reference after the refresh.
    }

    // ------------------------------------------------------------------ activate / deactivate

    /** kvm_gpc_init: a new, inactive cache of this VM. Before threads start. Kernel: virt/kvm/pfncache.c: kvm_gpc_init (Linux 6.18). */
    public final GfnToPfnCache kvmGpcInit() {
        if (ncaches == MAX_CACHES) {
            throw new IllegalStateException("at most " + MAX_CACHES + " gfn-to-pfn caches per VM in this model");
        }
        GfnToPfnCache gpc = new GfnToPfnCache(ncaches);
        caches[ncaches++] = gpc;
        return gpc;
    }

    /**
     * A GPA-based cache of guest frame gpa (address space 0). Returns 0 or EINVAL, EFAULT, EIO.
     * Kernel: virt/kvm/pfncache.c: kvm_gpc_activate (Linux 6.18). Spec: GpcActivate,
     * GpcActivateListAdd, GpcActivateSetActive, then __kvm_gpc_refresh's actions.
     */
    public final int kvmGpcActivate(GfnToPfnCache gpc, int gpa) {
        requireCache(gpc);
        if (gpa < 0 || gpa >= kvm.gfnSpace()) {
            // "Explicitly disallow INVALID_GPA": and any gpa outside the guest's frames.
            throw new IllegalArgumentException("kvm_gpc_activate: gpa " + gpa + " outside the gfn space [0, " + kvm.gfnSpace() + ")");
        }
        return kvmGpcActivateInner(gpc, gpa, KVM_HVA_ERR_BAD);
    }

    /**
     * An HVA-based cache of host page uhva. Kernel: virt/kvm/pfncache.c: kvm_gpc_activate_hva
     * (Linux 6.18). Spec: as kvmGpcActivate.
     */
    public final int kvmGpcActivateHva(GfnToPfnCache gpc, int uhva) {
        requireCache(gpc);
        if (uhva < 0 || uhva >= mm.size()) {
            // access_ok fails: -EINVAL in the kernel; an API misuse here, refused loudly.
            throw new IllegalArgumentException("kvm_gpc_activate_hva: uhva " + uhva + " outside the hva space [0, " + mm.size() + ")");
        }
        return kvmGpcActivateInner(gpc, INVALID_GPA, uhva);
    }

    /**
     * __kvm_gpc_activate: under refresh_lock, an inactive cache is first put on gpc_list, then
     * marked active ("a concurrent refresh must not establish a mapping until the cache is
     * reachable by mmu_notifier events"), then refreshed.
     * Kernel: virt/kvm/pfncache.c: __kvm_gpc_activate (Linux 6.18). Spec: GpcActivate,
     * GpcActivateListAdd, GpcActivateSetActive.
     */
    protected int kvmGpcActivateInner(GfnToPfnCache gpc, int gpa, int uhva) {
        gpc.refreshLock.lock();
        step(GpcStep.GpcActivate, gpc.index);
        try {
            if (!gpc.active) {
                if (invariants.warnOnOnce(gpc.valid, "__kvm_gpc_activate: KVM_BUG_ON(gpc->valid) on an inactive cache")) {
                    return EIO;
                }
                gpcListAdd(gpc);
                gpc.lock.writeLock();
                gpc.active = true;
                gpc.lock.writeUnlock();
                step(GpcStep.GpcActivateSetActive, gpc.index);
            }
            return kvmGpcRefreshInner(gpc, gpa, uhva);
        } finally {
            gpc.refreshLock.unlock();
        }
    }

    /** spin_lock(&kvm->gpc_lock); list_add(&gpc->list, &kvm->gpc_list); spin_unlock. Spec: GpcActivateListAdd. */
    protected final void gpcListAdd(GfnToPfnCache gpc) {
        gpcLock.lock();
        if (gpc.onList) {
            gpcLock.unlock();
            throw new IllegalStateException("list_add: " + gpc + " is already on gpc_list");
        }
        System.arraycopy(gpcList, 0, gpcList, 1, gpcListSize);
        gpcList[0] = gpc;
        gpcListSize++;
        gpc.onList = true;
        gpcLock.unlock();
        step(GpcStep.GpcActivateListAdd, gpc.index);
    }

    /** spin_lock(&kvm->gpc_lock); list_del(&gpc->list); spin_unlock. Spec: DeactivateListDel. */
    protected final void gpcListDel(GfnToPfnCache gpc) {
        gpcLock.lock();
        int at = -1;
        for (int i = 0; i < gpcListSize; i++) {
            if (gpcList[i] == gpc) {
                at = i;
            }
        }
        if (at < 0) {
            gpcLock.unlock();
            throw new IllegalStateException("list_del: " + gpc + " is not on gpc_list");
        }
        System.arraycopy(gpcList, at + 1, gpcList, at, gpcListSize - at - 1);
        gpcList[--gpcListSize] = null;
        gpc.onList = false;
        gpcLock.unlock();
    }

    /**
     * Stops the cache: under refresh_lock, an active cache is first made inactive and invalid
     * under its write lock ("KVM must stall mmu_notifier events until all users go away"), then
     * taken off gpc_list, then unmapped. Kernel: virt/kvm/pfncache.c: kvm_gpc_deactivate
     * (Linux 6.18). Spec: GpcDeactivate, DeactivateClear, DeactivateListDel.
     */
    public final void kvmGpcDeactivate(GfnToPfnCache gpc) {
        requireCache(gpc);
        gpc.refreshLock.lock();
        try {
            if (gpc.active) {
                step(GpcStep.GpcDeactivate, gpc.index);
                kvmGpcDeactivateActive(gpc);
            }
        } finally {
            gpc.refreshLock.unlock();
        }
    }

    /**
     * The active cache's part of kvm_gpc_deactivate: clear, then list_del, then gpc_unmap. The
     * gpa =&gt; uhva translation stays (the generation protects it).
     * Kernel: virt/kvm/pfncache.c: kvm_gpc_deactivate (Linux 6.18). Spec: DeactivateClear, DeactivateListDel.
     */
    protected void kvmGpcDeactivateActive(GfnToPfnCache gpc) {
        int oldPfn = deactivateClear(gpc);
        gpcListDel(gpc);
        gpcUnmap(oldPfn);
        step(GpcStep.DeactivateListDel, gpc.index);
    }

    /** write_lock_irq; active = valid = false; khva = NULL; pfn = KVM_PFN_ERR_FAULT; write_unlock_irq; returns the old pfn. Spec: DeactivateClear. */
    protected final int deactivateClear(GfnToPfnCache gpc) {
        gpc.lock.writeLock();
        gpc.active = false;
        gpc.valid = false;
        gpc.khva = KVM_PFN_ERR_FAULT;
        int oldPfn = gpc.pfn;
        gpc.pfn = KVM_PFN_ERR_FAULT;
        gpc.lock.writeUnlock();
        step(GpcStep.DeactivateClear, gpc.index);
        return oldPfn;
    }

    // ------------------------------------------------------------------ invariants and accessors

    /** Every cache property on the current state (call with no thread running), then the first violation recorded. */
    public final void checkInvariants() {
        invariants.checkAll();
    }

    /** Number of WARN_ON_ONCEs that fired. */
    public final int warnings() {
        return invariants.warnings();
    }

    /** The cache of this index. */
    public final GfnToPfnCache cache(int index) {
        if (index < 0 || index >= ncaches) {
            throw new IllegalArgumentException("no gfn-to-pfn cache " + index + " (this VM has " + ncaches + ")");
        }
        return caches[index];
    }

    final int ncaches() {
        return ncaches;
    }

    /** gpc->valid, read under gpc->lock. */
    public final boolean valid(GfnToPfnCache gpc) {
        requireCache(gpc);
        gpc.lock.readLock();
        try {
            return gpc.valid;
        } finally {
            gpc.lock.readUnlock();
        }
    }

    /** gpc->active, read under gpc->lock. */
    public final boolean active(GfnToPfnCache gpc) {
        requireCache(gpc);
        gpc.lock.readLock();
        try {
            return gpc.active;
        } finally {
            gpc.lock.readUnlock();
        }
    }

    /** gpc->pfn, read under gpc->lock. */
    public final int pfn(GfnToPfnCache gpc) {
        requireCache(gpc);
        gpc.lock.readLock();
        try {
            return gpc.pfn;
        } finally {
            gpc.lock.readUnlock();
        }
    }

    /** gpc->uhva, read under gpc->lock. */
    public final int uhva(GfnToPfnCache gpc) {
        requireCache(gpc);
        gpc.lock.readLock();
        try {
            return gpc.uhva;
        } finally {
            gpc.lock.readUnlock();
        }
    }

    final void requireCache(GfnToPfnCache gpc) {
        if (gpc == null) {
            throw new IllegalArgumentException("gfn-to-pfn cache is null");
        }
        if (gpc.index >= ncaches || caches[gpc.index] != gpc) {
            throw new IllegalArgumentException(gpc + " belongs to another VM");
        }
    }

    // ------------------------------------------------------------------ steps

    /** Subscribes an observer to every step of the caches. Before any thread runs. */
    public final void addStepObserver(GpcStepObserver o) {
        GpcStepObserver first = observer;
        observer = first == null ? o : (s, v) -> {
            first.step(s, v);
            o.step(s, v);
        };
    }

    /** Subscribes an observer to every step of the Kvm618 beneath (it sees StartUnlockMn before the cache invalidation). */
    public final void addKvmStepObserver(StepObserver618 o) {
        kvmObserver = StepObserver618.both(kvmObserver, o);
    }

    protected final void step(GpcStep s, int value) {
        GpcStepObserver o = observer;
        if (o != null) {
            o.step(s, value);
        }
    }
}
