package org.kvmlocking.kvm;

import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kernel.Srcu;

/**
 * The KVM side of the protocol that every design shares: memslots, mmu_lock and the notifier
 * count, __kvm_handle_hva_range with the lock elision of 071064f14d87, the vCPU page fault, the
 * memslot API, kvm_arch_flush_shadow_memslot, the generation handling of install_new_memslots,
 * and the invariant checks.
 *
 * <p>What differs between designs is how memslot updates are kept out of the window between
 * invalidate_range_start and invalidate_range_end: subclasses implement
 * {@link #invalidateRangeStart}, {@link #invalidateRangeEnd} and {@link #waitAndPublish}. The
 * adopted design is {@link Kvm}; {@link RecursiveReaderRwsem} is a correct alternative; the
 * package {@code org.kvmlocking.kvm.broken} holds designs that break an invariant.
 *
 * <p>Model: hvas and gfns are page numbers in [0, mm.size()); the gfn space has the size of the
 * hva space. Ghost state (which in-flight invalidations incremented mmu_notifier_count, which
 * are in flight, pending wake-ups) is kept always, so {@link #checkInvariants()} works at any
 * time; the constructor flag {@code checks} makes every step check the invariants it can break
 * and throw an {@link InvariantViolation} right there.
 */
public abstract class AbstractKvm implements MmuNotifier {
    /** KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (bit 63 of the generation). */
    public static final long KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS = 1L << 63;
    /** KVM_ADDRESS_SPACE_NUM: the generation increment. One address space here. */
    public static final int KVM_ADDRESS_SPACE_NUM = 1;
    /** KVM_USER_MEM_SLOTS: slot ids are 0 .. KVM_USER_MEM_SLOTS - 1. */
    public static final int KVM_USER_MEM_SLOTS = 32;
    /** PAGE_SIZE of the byte-addressed {@link #setUserMemoryRegion} API. */
    public static final int PAGE_SIZE = 4096;

    protected final Mm mm;
    protected final boolean checks;
    private final int gfnSpace;

    /** kvm->slots_lock (a mutex): serialises memslot updaters. */
    protected final SpinLock slotsLock = new SpinLock("slots_lock");
    /** kvm->mmu_lock. */
    protected final SpinLock mmuLock = new SpinLock("mmu_lock");
    /** kvm->srcu: readers of the memslots pointer. */
    protected final Srcu srcu = new Srcu();

    /**
     * kvm->memslots[0]. Published by the updater (slots_lock held, plus the design's exclusion of
     * invalidations) with rcu_assign_pointer; read under srcu. volatile = rcu_assign_pointer /
     * rcu_dereference.
     */
    private volatile Memslots memslots = Memslots.empty();
    /**
     * kvm->mmu_notifier_count. Guarded by mmu_lock; volatile only because the BUG_ON at the end
     * of invalidate_range_end reads it without the lock, as the kernel does.
     */
    private volatile int mmuNotifierCount;
    /**
     * kvm->mmu_notifier_seq. Written under mmu_lock; volatile because the vCPU reads it without
     * the lock at FaultBegin (the kernel's smp_rmb pairs with the smp_wmb of the decrement).
     */
    private volatile long mmuNotifierSeq;
    /** kvm->mmu_notifier_range_start. Guarded by mmu_lock. */
    private int mmuNotifierRangeStart;
    /** kvm->mmu_notifier_range_end. Guarded by mmu_lock. */
    private int mmuNotifierRangeEnd;
    /** The secondary page table: spte[gfn] = frame or Mm.NO_PAGE. Guarded by mmu_lock. */
    private final int[] spte;

    /** Ghost state; its own monitor (see {@link Ghost}). */
    private final Ghost ghost = new Ghost();
    /** Set before the threads start; not volatile on purpose (no extra checker states). */
    private ActionListener listener;
    /** Trace recording (see {@link StepTracer}); null = off. Set before the threads start. */
    protected StepTracer tracer;

    protected AbstractKvm(Mm mm, boolean checks) {
        this.mm = mm;
        this.checks = checks;
        this.gfnSpace = mm.size();
        this.spte = new int[gfnSpace];
        for (int i = 0; i < gfnSpace; i++) {
            spte[i] = Mm.NO_PAGE;
        }
        // kvm_init_mmu_notifier: only stores the reference; the mm calls it once threads run.
        mm.register(this);
    }

    // ------------------------------------------------------------------ the design's part

    /** Spec: InstallLockMn .. InstallUnlockMn (or InstallDownWrite .. InstallUpWrite): exclude invalidations, then {@link #publish}. */
    protected abstract void waitAndPublish(Memslots slots);

    // ------------------------------------------------------------------ accessors

    public final Mm mm() {
        return mm;
    }

    public final boolean checksEnabled() {
        return checks;
    }

    public final int gfnSpace() {
        return gfnSpace;
    }

    /** The current layout (rcu_dereference). */
    public final Memslots memslots() {
        return memslots;
    }

    /** kvm->slots_lock, which callers of {@link #installNewMemslots} must hold. */
    public final SpinLock slotsLock() {
        return slotsLock;
    }

    public final int mmuNotifierCount() {
        return mmuNotifierCount;
    }

    public final long mmuNotifierSeq() {
        return mmuNotifierSeq;
    }

    public final int mmuNotifierRangeStart() {
        mmuLock.lock();
        try {
            return mmuNotifierRangeStart;
        } finally {
            mmuLock.unlock();
        }
    }

    public final int mmuNotifierRangeEnd() {
        mmuLock.lock();
        try {
            return mmuNotifierRangeEnd;
        } finally {
            mmuLock.unlock();
        }
    }

    /** The KVM mapping of gfn: a frame or Mm.NO_PAGE. */
    public final int spte(int gfn) {
        checkGfn(gfn);
        mmuLock.lock();
        try {
            return spte[gfn];
        } finally {
            mmuLock.unlock();
        }
    }

    /** Invalidations currently in flight (ghost). */
    public final int inFlightInvalidations() {
        return ghost.inFlightCount();
    }

    /** Must be set before any thread uses this KVM. */
    public final void setActionListener(ActionListener l) {
        listener = l;
    }

    /** Must be set before any thread uses this KVM; null turns trace recording off. */
    public final void setStepTracer(StepTracer t) {
        tracer = t;
    }

    /** Begins a traced step (no-op when not tracing). */
    protected final void traceEnter() {
        StepTracer t = tracer;
        if (t != null) {
            t.enter();
        }
    }

    /** Ends a traced step begun with {@link #traceEnter()}. */
    protected final void traceExit(String specAction, String values) {
        StepTracer t = tracer;
        if (t != null) {
            t.exit(specAction, values);
        }
    }

    /** A traced step whose effect is already done under the kernel lock held now. */
    protected final void traceStep(String specAction, String values) {
        StepTracer t = tracer;
        if (t != null) {
            t.enter();
            t.exit(specAction, values);
        }
    }

    protected final void traceStep(String specAction) {
        traceStep(specAction, "");
    }

    /** For trace values: 1 or 0. */
    protected static String bit(boolean b) {
        return b ? "1" : "0";
    }

    /**
     * For trace values: a layout as the gfns its slots cover, those of INVALID slots, and
     * whether any slot logs dirty pages (prefix distinguishes several layouts in one record).
     */
    protected static String layoutValues(String prefix, Memslots s) {
        StringBuilder slots = new StringBuilder();
        StringBuilder invalid = new StringBuilder();
        boolean dirty = false;
        for (int i = 0; i < s.size(); i++) {
            Memslot m = s.get(i);
            for (int g = m.baseGfn(); g < m.gfnEnd(); g++) {
                slots.append(slots.length() > 0 ? "," : "").append(g);
                if (m.invalid()) {
                    invalid.append(invalid.length() > 0 ? "," : "").append(g);
                }
            }
            dirty |= (m.flags() & Memslot.KVM_MEM_LOG_DIRTY_PAGES) != 0;
        }
        return prefix + "slots=" + (slots.length() > 0 ? slots : "-") + " " + prefix + "invalid="
                + (invalid.length() > 0 ? invalid : "-") + " " + prefix + "dirty=" + bit(dirty);
    }

    /** For trace values: a layout's generation, without and whether it has UPDATE_IN_PROGRESS. */
    private static String generationValues(Memslots s) {
        long gen = s.generation();
        return "gen=" + (gen & ~KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS)
                + " inprogress=" + bit((gen & KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS) != 0);
    }

    /** For trace values: the secondary page table; mmu_lock held. */
    private String spteValues() {
        StringBuilder b = new StringBuilder("spte=");
        for (int i = 0; i < spte.length; i++) {
            b.append(i > 0 ? "," : "").append(spte[i]);
        }
        return b.toString();
    }

    protected final void action(String specAction) {
        ActionListener l = listener;
        if (l != null) {
            l.action(specAction);
        }
    }

    // ------------------------------------------------------------------ __kvm_handle_hva_range

    /**
     * __kvm_handle_hva_range for invalidate_range_start: on_lock = kvm_inc_notifier_count,
     * handler = kvm_unmap_gfn_range. mmu_lock and the count update only if the range overlaps a
     * slot of the current layout (071064f14d87); this is why the layout must not change before
     * the matching end.
     *
     * <p>Spec: StartHvaRange, StartLockMmu, StartIncNotifierCount, StartUnmap, StartUnlockMmu.
     *
     * @return whether mmu_lock was taken (and the count incremented)
     */
    protected final boolean handleHvaRangeStart(HvaRange range) {
        int idx = srcu.readLock();
        traceEnter();
        Memslots slots = memslots;
        boolean overlaps = slots.overlapsHva(range);
        if (tracer != null) {
            traceExit("StartHvaRange", "overlap=" + bit(overlaps) + " " + layoutValues("", slots));
        }
        action("StartHvaRange");
        if (!overlaps) {
            srcu.readUnlock(idx);
            return false;
        }
        mmuLock.lock();
        traceStep("StartLockMmu");
        action("StartLockMmu");
        kvmIncNotifierCount(range);
        if (tracer != null) {
            traceStep("StartIncNotifierCount", "count=" + mmuNotifierCount + " rs=" + mmuNotifierRangeStart
                    + " re=" + mmuNotifierRangeEnd);
        }
        action("StartIncNotifierCount");
        for (int i = 0; i < slots.size(); i++) {
            kvmUnmapGfnRange(slots.get(i), range.start(), range.end());
        }
        if (tracer != null) {
            traceStep("StartUnmap", spteValues());
        }
        action("StartUnmap");
        traceStep("StartUnlockMmu");
        mmuLock.unlock();
        srcu.readUnlock(idx);
        action("StartUnlockMmu");
        return true;
    }

    /**
     * __kvm_handle_hva_range for invalidate_range_end: on_lock = kvm_dec_notifier_count, no
     * handler. Same overlap test as the start, against the layout current now.
     *
     * <p>Spec: EndHvaRange, EndLockMmu, EndDecNotifierCount, EndUnlockMmu.
     *
     * @return whether mmu_lock was taken (and the count decremented)
     */
    protected final boolean handleHvaRangeEnd(HvaRange range) {
        int idx = srcu.readLock();
        traceEnter();
        Memslots slots = memslots;
        boolean overlaps = slots.overlapsHva(range);
        if (tracer != null) {
            traceExit("EndHvaRange", "overlap=" + bit(overlaps) + " " + layoutValues("", slots));
        }
        action("EndHvaRange");
        if (!overlaps) {
            srcu.readUnlock(idx);
            if (ghost.isIncremented(range)) {
                // The start saw a slot here and incremented; the layout changed since.
                violation("Balance", "invalidate_range_end of " + range + " skipped the decrement although its start"
                        + " incremented mmu_notifier_count (the memslots changed between start and end)");
            }
            return false;
        }
        mmuLock.lock();
        traceStep("EndLockMmu");
        action("EndLockMmu");
        // In the trace window: FaultBegin reads mmu_notifier_seq without mmu_lock.
        traceEnter();
        kvmDecNotifierCount(range);
        if (tracer != null) {
            traceExit("EndDecNotifierCount", "count=" + mmuNotifierCount + " rs=" + mmuNotifierRangeStart
                    + " re=" + mmuNotifierRangeEnd);
        }
        action("EndDecNotifierCount");
        traceStep("EndUnlockMmu");
        mmuLock.unlock();
        srcu.readUnlock(idx);
        action("EndUnlockMmu");
        return true;
    }

    /** kvm_inc_notifier_count; mmu_lock held. */
    private void kvmIncNotifierCount(HvaRange range) {
        mmuNotifierCount++;
        if (mmuNotifierCount == 1) {
            mmuNotifierRangeStart = range.start();
            mmuNotifierRangeEnd = range.end();
        } else {
            // Concurrent invalidations: KVM tracks only the union, so faults anywhere in it retry.
            mmuNotifierRangeStart = Math.min(mmuNotifierRangeStart, range.start());
            mmuNotifierRangeEnd = Math.max(mmuNotifierRangeEnd, range.end());
        }
        ghost.markIncremented(range);
        if (checks) {
            checkBalanceLocked();
        }
    }

    /** kvm_dec_notifier_count; mmu_lock held. */
    private void kvmDecNotifierCount(HvaRange range) {
        // seq first: a fault that sees the count drop must also see the seq change (smp_wmb).
        mmuNotifierSeq++;
        mmuNotifierCount--;
        if (!ghost.markDecremented(range)) {
            violation("Balance", "invalidate_range_end of " + range + " decremented mmu_notifier_count (now "
                    + mmuNotifierCount + ") but its start did not increment it (the memslots changed between start and end)");
        }
        if (checks) {
            checkBalanceLocked();
        }
    }

    /** kvm_unmap_gfn_range for one slot: zap the SPTEs of the slot's part of the range; mmu_lock held. */
    private void kvmUnmapGfnRange(Memslot slot, int hvaStart, int hvaEnd) {
        int start = Math.max(hvaStart, slot.userspaceAddr());
        int end = Math.min(hvaEnd, slot.hvaEnd());
        for (int hva = start; hva < end; hva++) {
            spte[slot.baseGfn() + (hva - slot.userspaceAddr())] = Mm.NO_PAGE;
        }
    }

    /** BUG_ON(kvm->mmu_notifier_count < 0) at the end of invalidate_range_end: always on, as in the kernel. */
    protected final void bugOnNegativeNotifierCount() {
        int c = mmuNotifierCount;
        if (c < 0) {
            InvariantViolation v = new InvariantViolation("NotifierCountNonNegative", "BUG_ON(mmu_notifier_count < 0): "
                    + "mmu_notifier_count = " + c);
            ghost.record(v);
            throw v;
        }
    }

    // ------------------------------------------------------------------ install_new_memslots

    /**
     * install_new_memslots: mark the new layout's generation update-in-progress, exclude
     * invalidations and publish (the design's {@link #waitAndPublish}), wait for SRCU readers of
     * the old layout, then finish the generation. The caller holds slots_lock.
     *
     * <p>Spec: InstallLockMn (generation part), then the design's install actions,
     * InstallSynchronizeSrcu, InstallGenerationDone.
     *
     * @return the old layout
     */
    public final Memslots installNewMemslots(Memslots slots) {
        if (!slotsLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("installNewMemslots: slots_lock not held by the caller");
        }
        Memslots old = memslots;
        if (slots == null || slots == old) {
            throw new IllegalArgumentException("installNewMemslots: needs a new layout");
        }
        long gen = old.generation();
        if ((gen & KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS) != 0) {
            throw new IllegalStateException("installNewMemslots: current generation has UPDATE_IN_PROGRESS set");
        }
        // Readers that see the new layout before synchronize_srcu ends must not cache by it.
        slots.setGeneration(gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS);
        waitAndPublish(slots);
        srcu.synchronize();
        traceStep("InstallSynchronizeSrcu");
        action("InstallSynchronizeSrcu");
        gen = slots.generation() & ~KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;
        gen += KVM_ADDRESS_SPACE_NUM;
        slots.setGeneration(gen);
        if (tracer != null) {
            // Read back from the memslots, not the local: the record shows what readers see.
            traceStep("InstallGenerationDone", generationValues(slots));
        }
        action("InstallGenerationDone");
        return old;
    }

    /**
     * rcu_assign_pointer(kvm->memslots[as_id], slots), with the MutualExclusion check: no
     * invalidation may be in flight (between its exclusion point and its end) at this moment.
     *
     * <p>Spec: InstallPublish.
     */
    protected final void publish(Memslots slots) {
        // One read of the ghost: the count and the list in the message are the same moment's.
        String inFlight = ghost.describeInFlightIfAny();
        if (inFlight != null) {
            violation("MutualExclusion", "memslots published (generation 0x" + Long.toHexString(slots.generation())
                    + ") while " + inFlight);
        }
        traceEnter();
        memslots = slots;
        if (tracer != null) {
            traceExit("InstallPublish", layoutValues("", slots) + " " + generationValues(slots));
        }
        action("InstallPublish");
    }

    /** kvm_arch_flush_shadow_memslot: zap every SPTE of the slot. Spec: FlushShadowLockMmu, FlushShadowZap, FlushShadowUnlockMmu. */
    private void kvmArchFlushShadowMemslot(Memslot slot) {
        mmuLock.lock();
        traceStep("FlushShadowLockMmu");
        action("FlushShadowLockMmu");
        for (int gfn = slot.baseGfn(); gfn < slot.gfnEnd(); gfn++) {
            spte[gfn] = Mm.NO_PAGE;
        }
        if (tracer != null) {
            traceStep("FlushShadowZap", spteValues());
        }
        action("FlushShadowZap");
        traceStep("FlushShadowUnlockMmu");
        mmuLock.unlock();
        action("FlushShadowUnlockMmu");
    }

    // ------------------------------------------------------------------ memslot API

    private static final int OP_ANY = 0;
    private static final int OP_CREATE = 1;
    private static final int OP_DELETE = 2;
    private static final int OP_MOVE = 3;
    private static final int OP_FLAGS = 4;

    /** KVM_CREATE: a new slot. Overlapping or malformed slots and existing ids are rejected. */
    public final void createMemslot(int id, int baseGfn, int npages, int userspaceAddr, int flags) {
        setMemoryRegion(OP_CREATE, id, flags, baseGfn, npages, userspaceAddr);
    }

    /** KVM_MR_DELETE: installs a KVM_MEMSLOT_INVALID copy, zaps the slot's SPTEs, installs the layout without it. */
    public final void deleteMemslot(int id) {
        setMemoryRegion(OP_DELETE, id, 0, 0, 0, 0);
    }

    /** KVM_MR_MOVE: same two phases as delete, then the slot at its new base gfn. */
    public final void moveMemslot(int id, int newBaseGfn) {
        setMemoryRegion(OP_MOVE, id, 0, newBaseGfn, 0, 0);
    }

    /** KVM_MR_FLAGS_ONLY: one install; KVM_MEM_READONLY cannot change. */
    public final void setMemslotFlags(int id, int flags) {
        setMemoryRegion(OP_FLAGS, id, flags, 0, 0, 0);
    }

    /**
     * KVM_SET_USER_MEMORY_REGION with byte addresses, as kvm_set_memory_region checks them:
     * page-aligned sizes and addresses, size 0 deletes, a new base moves, new flags change flags.
     */
    public final void setUserMemoryRegion(int slot, int flags, long guestPhysAddr, long memorySize, long userspaceAddr) {
        if ((memorySize & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("memory_size 0x" + Long.toHexString(memorySize) + " is not page aligned");
        }
        if ((guestPhysAddr & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("guest_phys_addr 0x" + Long.toHexString(guestPhysAddr) + " is not page aligned");
        }
        if ((userspaceAddr & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("userspace_addr 0x" + Long.toHexString(userspaceAddr) + " is not page aligned");
        }
        if (memorySize < 0 || guestPhysAddr < 0 || userspaceAddr < 0) {
            throw new IllegalArgumentException("negative memory_size, guest_phys_addr or userspace_addr");
        }
        long npages = memorySize / PAGE_SIZE;
        long gfn = guestPhysAddr / PAGE_SIZE;
        long hva = userspaceAddr / PAGE_SIZE;
        if (npages > gfnSpace || gfn > gfnSpace || hva > mm.size()) {
            throw new IllegalArgumentException("memory region outside the guest or host address space");
        }
        setMemoryRegion(OP_ANY, slot, flags, (int) gfn, (int) npages, (int) hva);
    }

    /**
     * __kvm_set_memory_region + kvm_set_memslot, under slots_lock. All checks come before any
     * state change; bad input throws IllegalArgumentException with no effect.
     *
     * <p>Spec: UpdateBegin, (install phases), UpdateEnd.
     */
    private void setMemoryRegion(int op, int id, int flags, int baseGfn, int npages, int userspaceAddr) {
        if (id < 0 || id >= KVM_USER_MEM_SLOTS) {
            throw new IllegalArgumentException("invalid slot id " + id + " (valid: 0.." + (KVM_USER_MEM_SLOTS - 1) + ")");
        }
        if ((flags & ~Memslot.USER_FLAGS) != 0) {
            throw new IllegalArgumentException("invalid memslot flags 0x" + Integer.toHexString(flags));
        }
        slotsLock.lock();
        try {
            Memslots cur = memslots;
            Memslot old = cur.byId(id);
            int change = op;
            if (op == OP_ANY) {
                if (npages == 0) {
                    change = OP_DELETE;
                } else if (old == null) {
                    change = OP_CREATE;
                } else {
                    if (npages != old.npages() || userspaceAddr != old.userspaceAddr()) {
                        throw new IllegalArgumentException("slot " + id + ": size and userspace_addr cannot change");
                    }
                    if (baseGfn != old.baseGfn()) {
                        change = OP_MOVE;
                    } else if (flags != old.flags()) {
                        change = OP_FLAGS;
                    } else {
                        return; // no change: the kernel returns 0
                    }
                }
            }
            Memslot neu;
            if (change == OP_CREATE) {
                if (old != null) {
                    throw new IllegalArgumentException("slot " + id + " already exists");
                }
                if (npages <= 0 || baseGfn < 0 || userspaceAddr < 0) {
                    throw new IllegalArgumentException("malformed slot " + id + ": npages=" + npages + " baseGfn=" + baseGfn
                            + " userspaceAddr=" + userspaceAddr);
                }
                neu = new Memslot(id, baseGfn, npages, userspaceAddr, flags);
            } else {
                if (old == null) {
                    throw new IllegalArgumentException("unknown slot id " + id);
                }
                if (change == OP_DELETE) {
                    neu = null;
                } else if (change == OP_MOVE) {
                    if (baseGfn < 0) {
                        throw new IllegalArgumentException("malformed move of slot " + id + ": baseGfn=" + baseGfn);
                    }
                    neu = old.withBaseGfn(baseGfn).withFlags(op == OP_MOVE ? old.flags() : flags);
                } else {
                    if (((flags ^ old.flags()) & Memslot.KVM_MEM_READONLY) != 0) {
                        throw new IllegalArgumentException("slot " + id + ": KVM_MEM_READONLY cannot change");
                    }
                    neu = old.withFlags(flags);
                }
            }
            if (neu != null) {
                if (neu.gfnEnd() > gfnSpace || neu.gfnEnd() < 0) {
                    throw new IllegalArgumentException(neu + " exceeds the gfn space [0, " + gfnSpace + ")");
                }
                if (neu.hvaEnd() > mm.size() || neu.hvaEnd() < 0) {
                    throw new IllegalArgumentException(neu + " exceeds the hva space [0, " + mm.size() + ")");
                }
                Memslot clash = cur.gfnOverlap(neu.baseGfn(), neu.npages(), id);
                if (clash != null) {
                    throw new IllegalArgumentException(neu + " overlaps " + clash);
                }
            }
            if (tracer != null) {
                Memslots first = change == OP_DELETE || change == OP_MOVE
                        ? cur.with(old.withFlags(old.flags() | Memslot.KVM_MEMSLOT_INVALID)) : cur.with(neu);
                Memslots fin = change == OP_DELETE ? cur.without(id) : cur.with(neu);
                traceStep("UpdateBegin", layoutValues("new", first) + " " + layoutValues("final", fin));
            }
            action("UpdateBegin");
            if (change == OP_DELETE || change == OP_MOVE) {
                // Phase 1: the INVALID copy stops new faults on the slot (FaultLookup); once
                // synchronize_srcu has let in-progress faults finish, zapping is final.
                Memslot invalid = old.withFlags(old.flags() | Memslot.KVM_MEMSLOT_INVALID);
                installNewMemslots(cur.with(invalid));
                kvmArchFlushShadowMemslot(invalid);
                Memslots now = memslots;
                installNewMemslots(change == OP_DELETE ? now.without(id) : now.with(neu));
            } else {
                installNewMemslots(cur.with(neu));
            }
        } finally {
            slotsLock.unlock();
        }
        traceStep("UpdateEnd");
        action("UpdateEnd");
    }

    // ------------------------------------------------------------------ vCPU page fault

    /**
     * One attempt of the vCPU page fault on gfn (e.g. x86 direct_page_fault); the caller retries
     * as the guest would.
     *
     * <p>Spec: FaultBegin, FaultLookup, FaultGup, FaultLockMmu, FaultRetryCheck, FaultInstallSpte,
     * FaultUnlockMmu.
     */
    public final FaultResult pageFault(int gfn) {
        checkGfn(gfn);
        // Read before the lookup and gup: an invalidation that ends after this bumps the seq.
        traceEnter();
        long mmuSeq = mmuNotifierSeq;
        if (tracer != null) {
            traceExit("FaultBegin", "gfn=" + gfn);
        }
        action("FaultBegin");
        // Held up to the SPTE install, so synchronize_srcu in a delete/move waits for this fault
        // before kvm_arch_flush_shadow_memslot zaps the slot.
        int idx = srcu.readLock();
        traceEnter();
        Memslot slot = memslots.byGfn(gfn);
        if (tracer != null) {
            traceExit("FaultLookup", "found=" + bit(slot != null && !slot.invalid()));
        }
        action("FaultLookup");
        if (slot == null || slot.invalid()) {
            srcu.readUnlock(idx);
            return FaultResult.NO_SLOT;
        }
        int hva = slot.gfnToHva(gfn);
        // In the trace window: get_user_pages reads the primary page table without KVM's locks.
        traceEnter();
        int pfn = mm.getUserPage(hva);
        if (tracer != null) {
            traceExit("FaultGup", "pfn=" + pfn);
        }
        action("FaultGup");
        if (pfn == Mm.NO_PAGE) {
            srcu.readUnlock(idx);
            return FaultResult.NO_PAGE;
        }
        mmuLock.lock();
        traceStep("FaultLockMmu");
        action("FaultLockMmu");
        boolean retry = mmuNotifierRetryHva(mmuSeq, hva);
        if (tracer != null) {
            traceStep("FaultRetryCheck", "retry=" + bit(retry));
        }
        action("FaultRetryCheck");
        if (retry) {
            traceStep("FaultUnlockMmu");
            mmuLock.unlock();
            srcu.readUnlock(idx);
            return FaultResult.RETRY;
        }
        spte[gfn] = pfn;
        if (tracer != null) {
            traceStep("FaultInstallSpte", spteValues());
        }
        action("FaultInstallSpte");
        if (checks) {
            String bad = coherenceLocked(gfn);
            if (bad != null) {
                violation("Coherence", bad);
            }
        }
        traceStep("FaultUnlockMmu");
        mmuLock.unlock();
        srcu.readUnlock(idx);
        action("FaultUnlockMmu");
        return FaultResult.INSTALLED;
    }

    /** mmu_notifier_retry_hva; mmu_lock held. */
    private boolean mmuNotifierRetryHva(long mmuSeq, int hva) {
        if (mmuNotifierCount != 0 && hva >= mmuNotifierRangeStart && hva < mmuNotifierRangeEnd) {
            return true;
        }
        return mmuNotifierSeq != mmuSeq;
    }

    // ------------------------------------------------------------------ invariants

    /**
     * All invariants on the current state (Balance, NotifierCountNonNegative, Coherence, and the
     * design's own, e.g. NoLostWakeUp), then any event invariant (MutualExclusion, Balance at an
     * end) that was violated earlier. Takes mmu_lock; callable from any thread at any time.
     */
    public final void checkInvariants() {
        checkBalance();
        checkCoherence();
        checkDesignInvariants();
        InvariantViolation earlier = ghost.recorded();
        if (earlier != null) {
            throw new InvariantViolation(earlier.invariant(), "(earlier) " + earlier.getMessage()
                    .substring(earlier.invariant().length() + 2));
        }
    }

    /** Invariants only some designs have (e.g. NoLostWakeUp). */
    protected void checkDesignInvariants() {
    }

    /** NotifierCountNonNegative and Balance: count >= 0 and = in-flight invalidations whose start incremented it. */
    public final void checkBalance() {
        mmuLock.lock();
        try {
            checkBalanceLocked();
        } finally {
            mmuLock.unlock();
        }
    }

    private void checkBalanceLocked() {
        int c = mmuNotifierCount;
        if (c < 0) {
            throw new InvariantViolation("NotifierCountNonNegative", "mmu_notifier_count = " + c);
        }
        int g = ghost.incrementedCount();
        if (c != g) {
            throw new InvariantViolation("Balance", "mmu_notifier_count = " + c + " but " + g
                    + " in-flight invalidation(s) incremented it; in flight: " + ghost.describeInFlight());
        }
    }

    /** Coherence: outside in-flight ranges, every SPTE maps the frame the primary MMU maps at its hva. */
    public final void checkCoherence() {
        mmuLock.lock();
        try {
            String bad = coherenceLocked(-1);
            if (bad != null) {
                throw new InvariantViolation("Coherence", bad);
            }
        } finally {
            mmuLock.unlock();
        }
    }

    /** Per-step Coherence check of the whole secondary page table (only with checks on). */
    protected final void stepCheckCoherence() {
        if (!checks) {
            return;
        }
        mmuLock.lock();
        try {
            String bad = coherenceLocked(-1);
            if (bad != null) {
                violation("Coherence", bad);
            }
        } finally {
            mmuLock.unlock();
        }
    }

    /**
     * mmu_lock held. Holding the ghost monitor while reading the primary page table makes the
     * check exact: a PTE can only change inside an in-flight invalidation, and none can start or
     * end while we hold it. Lock order: mmu_lock, ghost, mm.
     */
    private String coherenceLocked(int onlyGfn) {
        Memslots slots = memslots;
        synchronized (ghost) {
            int from = onlyGfn < 0 ? 0 : onlyGfn;
            int to = onlyGfn < 0 ? gfnSpace : onlyGfn + 1;
            for (int gfn = from; gfn < to; gfn++) {
                int f = spte[gfn];
                if (f == Mm.NO_PAGE) {
                    continue;
                }
                Memslot s = slots.byGfn(gfn);
                if (s == null) {
                    return "KVM maps gfn " + gfn + " to frame " + f + " but no memslot covers that gfn";
                }
                int hva = s.gfnToHva(gfn);
                if (ghost.covers(hva)) {
                    continue;
                }
                int p = mm.pte(hva);
                if (p != f) {
                    return "KVM maps gfn " + gfn + " (hva " + hva + ", " + s + ") to frame " + f
                            + " but the primary MMU maps hva " + hva + " to " + (p == Mm.NO_PAGE ? "no page" : "frame " + p)
                            + " and no in-flight invalidation covers it";
                }
            }
        }
        return null;
    }

    /** Records the violation for {@link #checkInvariants()}; throws it now if per-step checks are on. */
    protected final void violation(String invariant, String detail) {
        InvariantViolation v = new InvariantViolation(invariant, detail);
        ghost.record(v);
        if (checks) {
            throw v;
        }
    }

    /** Ghost: this thread's invalidation of range is now in flight (at the design's exclusion point). */
    protected final void ghostBegin(HvaRange range) {
        ghost.begin(range);
    }

    /** Ghost: this thread's invalidation of range is no longer in flight. */
    protected final void ghostEnd(HvaRange range) {
        if (ghost.end(range)) {
            violation("Balance", "invalidation of " + range + " ended but mmu_notifier_count still holds its increment");
        }
    }

    /** Ghost: an end decremented mn_active_invalidate_count to 0 and has a wake-up to deliver. */
    protected final void ghostWakeUpPending() {
        ghost.wakeUpPending();
    }

    /** Ghost: that wake-up was delivered (rcuwait_wake_up returned). */
    protected final void ghostWakeUpDone() {
        ghost.wakeUpDone();
    }

    protected final int ghostPendingWakeUps() {
        return ghost.pendingWakeUps();
    }

    protected final void checkRange(HvaRange range) {
        mm.checkRange(range);
    }

    /** Bad input for invalidate_range_end: a bad range, or no matching start on this thread (no state change). */
    protected final void checkEndRange(HvaRange range) {
        mm.checkRange(range);
        if (!ghost.inFlight(range)) {
            throw new IllegalStateException("invalidate_range_end of " + range + " without invalidate_range_start on thread "
                    + Thread.currentThread().getName());
        }
    }

    private void checkGfn(int gfn) {
        if (gfn < 0 || gfn >= gfnSpace) {
            throw new IllegalArgumentException("gfn " + gfn + " outside the gfn space [0, " + gfnSpace + ")");
        }
    }
}
