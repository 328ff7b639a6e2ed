package org.kvmlocking.kvm618;

import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;
import org.kvmlocking.kvm.InvariantViolation;

/**
 * The 6.18 properties on the Java state, with the ghost state they need (what the kernel does
 * not keep): which invalidations are counted in mn_active_invalidate_count (by thread), pending
 * wake-ups, WARN_ON_ONCEs fired, the first recorded violation. Names as the spec's invariants:
 * InProgressNonNegative, ActiveCountNonNegative, Coherence, MutualExclusion, NoLostWakeUp,
 * RangeAdded, NoDanglingInvalidation. A violation's message starts with that name.
 */
final class Invariants618 {
    private static final int MAX_COUNTED = 8;
    private static final int MAX_SLOT_IDS = 16;

    private final Kvm618 kvm;
    /** Ghost, guarded by mn_invalidate_lock: the threads whose start is counted and whose end has not uncounted it. */
    private final Thread[] counted = new Thread[MAX_COUNTED];
    /** Ghost, guarded by mmu_lock: the threads between their kvm_mmu_invalidate_begin and end (spec: ibegun, zbegun). */
    private final Thread[] begun = new Thread[MAX_COUNTED];
    /** Ghost, guarded by this monitor: zaps in flight per gfn, from ZapCallerUpdate until kvm_zap_gfn_range returned. */
    private int[] zapping;
    /** Ghost, guarded by mmu_lock: [as_id][slot id] flushed by kvm_arch_flush_shadow_memslot, until the final swap (spec: flushed). */
    private final boolean[][] flushed = new boolean[Kvm618.KVM_ADDRESS_SPACE_NUM][MAX_SLOT_IDS];
    /** Ghost, guarded by this monitor: wake-ups decided under mn_invalidate_lock and not yet delivered. */
    private int pendingWakeUps;
    /** Guarded by this monitor. */
    private int warnings;
    /** Guarded by this monitor. */
    private String firstWarning;
    /** Guarded by this monitor. */
    private InvariantViolation recorded;
    /** Guarded by this monitor: the first violation of the throwOnly invariant. */
    private InvariantViolation recordedOnly;

    Invariants618(Kvm618 kvm) {
        this.kvm = kvm;
    }

    // ------------------------------------------------------------------ ghost updates

    /** StartIncActive (add = true) / EndDecActive's decrement (false), mn_invalidate_lock held. */
    void ghostCounted(boolean add) {
        Thread me = Thread.currentThread();
        for (int i = 0; i < MAX_COUNTED; i++) {
            if (add ? counted[i] == null : counted[i] == me) {
                counted[i] = add ? me : null;
                return;
            }
        }
        if (add) {
            throw new IllegalStateException("more than " + MAX_COUNTED + " invalidations in flight");
        }
        // A decrement with no counted start on this thread: the end of an unpaired call (the 6.9
        // check prevents it) or a start on another thread. ActiveCountNonNegative judges the count.
    }

    /** At kvm_mmu_invalidate_begin (add) / end (remove), mmu_lock held. */
    void ghostBegun(boolean add) {
        Thread me = Thread.currentThread();
        for (int i = 0; i < MAX_COUNTED; i++) {
            if (add ? begun[i] == null : begun[i] == me) {
                begun[i] = add ? me : null;
                return;
            }
        }
        if (add) {
            throw new IllegalStateException("more than " + MAX_COUNTED + " invalidations begun");
        }
    }

    /** A zap of [start, end) begins (delta 1) or has returned (-1). */
    synchronized void ghostZap(int start, int end, int delta) {
        if (zapping == null) {
            zapping = new int[kvm.gfnSpace];
        }
        for (int g = start; g < end; g++) {
            zapping[g] += delta;
        }
    }

    private synchronized boolean zapInFlight(int gfn) {
        return zapping != null && zapping[gfn] != 0;
    }

    /** kvm_arch_flush_shadow_memslot zapped the slot (true), or the final swap removed its INVALID copy (false). mmu_lock or slots_lock held. */
    synchronized void ghostFlushed(int asId, int id, boolean on) {
        if (id < MAX_SLOT_IDS) {
            flushed[asId][id] = on;
        }
    }

    private synchronized boolean isFlushed(int asId, int id) {
        return id < MAX_SLOT_IDS && flushed[asId][id];
    }

    /** A wake-up decided (pending = true, under mn_invalidate_lock) or delivered (false). */
    synchronized void ghostWakeUp(boolean pending) {
        pendingWakeUps += pending ? 1 : -1;
    }

    synchronized void warn(String what) {
        warnings++;
        if (firstWarning == null) {
            firstWarning = "WARN_ON_ONCE: " + what;
        }
    }

    synchronized int warnings() {
        return warnings;
    }

    synchronized String firstWarning() {
        return firstWarning;
    }

    // ------------------------------------------------------------------ the checks

    /**
     * ActiveCountNonNegative: mn_active_invalidate_count never underflows; mn_invalidate_lock held.
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end's WARN_ON_ONCE (Linux 6.18).
     */
    void checkActiveCountLocked() {
        int c = kvm.mnActiveInvalidateCount;
        if (c < 0) {
            violation("ActiveCountNonNegative", "mn_active_invalidate_count = " + c
                    + " (an invalidate_range_end without its start decremented it)");
        }
    }

    /**
     * InProgressBalanced, mmu_lock held: mmu_invalidate_in_progress = the number of tasks between
     * their kvm_mmu_invalidate_begin and their kvm_mmu_invalidate_end.
     */
    void checkInProgressBalancedLocked() {
        int n = 0;
        for (int i = 0; i < MAX_COUNTED; i++) {
            if (begun[i] != null) {
                n++;
            }
        }
        if (kvm.mmuInvalidateInProgress != n) {
            violation("InProgressBalanced", "mmu_invalidate_in_progress = " + kvm.mmuInvalidateInProgress + " but " + n
                    + " task(s) are between kvm_mmu_invalidate_begin and kvm_mmu_invalidate_end");
        }
    }

    /**
     * RangeAddedUnderLock, just before mmu_lock is dropped by a begin's holder: never
     * in_progress &gt; 0 with range_start = INVALID_GPA while mmu_lock is free. Kernel:
     * include/linux/kvm_host.h: mmu_invalidate_retry_gfn ("Dropping mmu_lock after bumping
     * mmu_invalidate_in_progress but before updating the range is a KVM bug").
     */
    void checkRangeAddedUnderLockLocked() {
        if (kvm.mmuInvalidateInProgress > 0 && kvm.mmuInvalidateRangeStart == Kvm618.INVALID_GPA) {
            violation("RangeAddedUnderLock", "mmu_lock dropped with mmu_invalidate_in_progress = " + kvm.mmuInvalidateInProgress
                    + " and mmu_invalidate_range_start = INVALID_GPA");
        }
    }

    /**
     * KVM_BUG_ON(kvm->mmu_invalidate_in_progress &lt; 0) in kvm_mmu_invalidate_end: always on, as in
     * the kernel. Spec: InProgressNonNegative.
     */
    void bugOnNegativeInProgress() {
        if (kvm.mmuInvalidateInProgress < 0) {
            InvariantViolation v = new InvariantViolation("InProgressNonNegative", "KVM_BUG_ON(mmu_invalidate_in_progress < 0): "
                    + "mmu_invalidate_in_progress = " + kvm.mmuInvalidateInProgress);
            record(v);
            throw v;
        }
    }

    /**
     * MutualExclusion at the publish (mn_invalidate_lock held): no invalidation is between the
     * count++ of its range_start and the count-- of its range_end. Kernel: virt/kvm/kvm_main.c:
     * kvm_swap_active_memslots (rcu_assign_pointer) (Linux 6.18).
     */
    void checkMutualExclusion(int asId) {
        StringBuilder who = null;
        for (int i = 0; i < MAX_COUNTED; i++) {
            if (counted[i] != null) {
                who = (who == null ? new StringBuilder() : who.append(", ")).append(counted[i].getName());
            }
        }
        if (who != null) {
            violation("MutualExclusion", "kvm_swap_active_memslots publishes memslots[" + asId
                    + "] while an invalidation is between range_start and range_end (on " + who
                    + "; mn_active_invalidate_count = " + kvm.mnActiveInvalidateCount + ")");
        }
    }

    /**
     * NoLostWakeUp, before the updater's schedule(): it never sleeps with the count at 0 and no
     * wake-up on its way. Takes mn_invalidate_lock.
     */
    void checkNoLostWakeUp() {
        kvm.mnInvalidateLock.lock();
        try {
            // The waker sets the task running before clearing its pending mark: pending first.
            int pending;
            synchronized (this) {
                pending = pendingWakeUps;
            }
            Task t = kvm.mnMemslotsUpdateRcuwait.waiter();
            if (kvm.mnActiveInvalidateCount == 0 && pending == 0 && t != null && t.state() == TaskState.TASK_UNINTERRUPTIBLE) {
                violation("NoLostWakeUp", "the memslot updater sleeps in kvm_swap_active_memslots with"
                        + " mn_active_invalidate_count = 0 and no wake-up pending");
            }
        } finally {
            kvm.mnInvalidateLock.unlock();
        }
    }

    /** Coherence of every gfn as a per-step check (takes mmu_lock). */
    void stepCheckCoherence() {
        kvm.mmuLock.lock();
        try {
            String bad = coherenceLocked(-1, -1);
            if (bad != null) {
                violation(name(bad), detail(bad));
            }
        } finally {
            kvm.mmuLock.unlock();
        }
    }

    /** Coherence of one gfn, mmu_lock held (the fault's install). */
    void stepCheckCoherenceLocked(int asId, int gfn) {
        String bad = coherenceLocked(asId, gfn);
        if (bad != null) {
            violation(name(bad), detail(bad));
        }
    }

    /** Coherence of every gfn; throws. */
    void checkCoherence() {
        kvm.mmuLock.lock();
        try {
            String bad = coherenceLocked(-1, -1);
            if (bad != null) {
                throw new InvariantViolation(name(bad), detail(bad));
            }
        } finally {
            kvm.mmuLock.unlock();
        }
    }

    private static String name(String bad) {
        return bad.substring(0, bad.indexOf(':'));
    }

    private static String detail(String bad) {
        return bad.substring(bad.indexOf(':') + 2);
    }

    /**
     * Coherence and NoMappingOfInvalidSlot per gfn (one, or all with asId = -1), mmu_lock held;
     * null if they hold, else "Name: detail". Every SPTE
     * maps a gfn of a memslot of the current memslots of its address space (none of a deleted
     * slot, nor of a moved slot's old gfns; an INVALID slot's SPTEs exist only until the flush,
     * which runs before the final swap), and maps the frame the primary MMU maps at that gfn's
     * hva, unless an invalidation of that hva is in flight. Lock order: mmu_lock, then the mm.
     */
    private String coherenceLocked(int asId, int gfn) {
        int asFrom = asId < 0 ? 0 : asId;
        int asTo = asId < 0 ? Kvm618.KVM_ADDRESS_SPACE_NUM : asId + 1;
        for (int as = asFrom; as < asTo; as++) {
            MemslotSet slots = kvm.memslots[as];
            int from = gfn < 0 ? 0 : gfn;
            int to = gfn < 0 ? kvm.gfnSpace : gfn + 1;
            for (int g = from; g < to; g++) {
                int f = kvm.spte[as][g];
                if (f == Mm618.NO_PAGE) {
                    continue;
                }
                Memslot s = slots.byGfn(g);
                if (s == null) {
                    return "Coherence: address space " + as + ": KVM maps gfn " + g + " to frame " + f
                            + " but no memslot covers that gfn (deleted, or moved away)";
                }
                if (s.invalid() && isFlushed(as, s.id())) {
                    return "NoMappingOfInvalidSlot: address space " + as + ": KVM maps gfn " + g + " of " + s
                            + " after kvm_arch_flush_shadow_memslot zapped it";
                }
                if (kvm.spteAttr[as][g] != kvm.gfnAttr[g] && !zapInFlight(g)) {
                    return "Coherence: address space " + as + ": the SPTE of gfn " + g + " was built with attribute "
                            + kvm.spteAttr[as][g] + " but the gfn's attribute is " + kvm.gfnAttr[g] + " and no zap of it is in flight";
                }
                int hva = s.gfnToHva(g);
                synchronized (kvm.mm) {
                    if (kvm.mm.covered(hva)) {
                        continue;
                    }
                    int p = kvm.mm.pte(hva);
                    if (p != f) {
                        return "Coherence: address space " + as + ": KVM maps gfn " + g + " (hva " + hva + ", " + s + ") to frame " + f
                                + " but the primary MMU maps hva " + hva + " to " + (p == Mm618.NO_PAGE ? "no page" : "frame " + p)
                                + " and no invalidation of it is in flight";
                    }
                }
            }
        }
        return null;
    }

    /**
     * Every state invariant (InProgressNonNegative, ActiveCountNonNegative, Coherence, and, when
     * no invalidation is in flight, in_progress = 0 and count = 0), then the first violation
     * recorded earlier (MutualExclusion, RangeAdded, NoLostWakeUp...). Takes the locks it needs.
     */
    void checkAll() {
        kvm.mnInvalidateLock.lock();
        try {
            int c = kvm.mnActiveInvalidateCount;
            if (c < 0) {
                throw new InvariantViolation("ActiveCountNonNegative", "mn_active_invalidate_count = " + c);
            }
        } finally {
            kvm.mnInvalidateLock.unlock();
        }
        kvm.mmuLock.lock();
        try {
            if (kvm.mmuInvalidateInProgress < 0) {
                throw new InvariantViolation("InProgressNonNegative", "mmu_invalidate_in_progress = " + kvm.mmuInvalidateInProgress);
            }
        } finally {
            kvm.mmuLock.unlock();
        }
        checkCoherence();
        InvariantViolation earlier;
        synchronized (this) {
            earlier = recorded;
        }
        if (earlier != null) {
            throw new InvariantViolation(earlier.invariant(), "(earlier) "
                    + earlier.getMessage().substring(earlier.invariant().length() + 2));
        }
    }

    /**
     * InProgressBalanced when idle: with no invalidation in flight (the caller knows: all threads
     * joined), mmu_invalidate_in_progress and mn_active_invalidate_count are 0.
     */
    void checkIdle() {
        int ip = kvm.mmuInvalidateInProgress();
        int c = kvm.mnActiveInvalidateCount();
        if (ip != 0 || c != 0) {
            throw new InvariantViolation("InProgressBalanced", "nothing in flight but mmu_invalidate_in_progress = " + ip
                    + ", mn_active_invalidate_count = " + c);
        }
    }

    /** The invariant of the first recorded violation, or null (for a trace recorder: Kvm618#traceFirstViolation). */
    synchronized String firstRecordedInvariant() {
        return recorded == null ? null : recorded.invariant();
    }

    synchronized void record(InvariantViolation v) {
        if (recorded == null) {
            recorded = v;
        }
        if (recordedOnly == null && v.invariant().equals(kvm.throwOnly)) {
            recordedOnly = v;
        }
    }

    /** The first recorded violation of {@link Kvm618#throwOnly}'s invariant, thrown; nothing if none. */
    void checkRecordedOnly() {
        InvariantViolation v;
        synchronized (this) {
            v = recordedOnly;
        }
        if (v != null) {
            throw new InvariantViolation(v.invariant(), "(earlier) " + v.getMessage().substring(v.invariant().length() + 2));
        }
    }

    /** Records the violation; throws it now if per-step checks are on (for that invariant, see {@link Kvm618#throwOnly}). */
    void violation(String invariant, String detail) {
        InvariantViolation v = new InvariantViolation(invariant, detail);
        record(v);
        String only = kvm.throwOnly;
        if (kvm.checks && (only == null || only.equals(invariant))) {
            throw v;
        }
    }
}
