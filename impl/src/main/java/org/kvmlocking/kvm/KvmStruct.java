package org.kvmlocking.kvm;

import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kernel.Srcu;
import java.util.function.IntSupplier;

/**
 * struct kvm: the state every design shares, with the kernel's names (kvm->mmu_lock is
 * {@code mmuLock}, kvm->mmu_notifier_count is {@code mmuNotifierCount}, ...), its accessors, and
 * the primitives the kernel functions use on it: the step hook ({@link #step}, {@link #enter},
 * {@link #lock}, {@link #unlock}), the invariants' record, and the two places where a design
 * differs inside a shared kernel function ({@link #waitAndPublish}, {@link #checkDesignInvariants}).
 * The kernel functions are functions of this struct, one file each ({@link HandleHvaRange},
 * {@link InstallNewMemslots}, {@link SetMemoryRegion}, {@link PageFault}); they depend on it and
 * on nothing above it. The design-specific members (mn_active_invalidate_count, the rwsem) are
 * in the design classes. The accessors that need a lock take it unless the calling thread holds
 * it already, so an observer of a step ({@link StepObserver}) can read the state under the
 * step's locks.
 */
public abstract class KvmStruct {
    /** KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (bit 63 of the generation). */
    public static final long KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS = 1L << 63;
    /** KVM_ADDRESS_SPACE_NUM: the generation increment. One address space here. */
    public static final int KVM_ADDRESS_SPACE_NUM = 1;
    /** KVM_USER_MEM_SLOTS: slot ids are 0 .. KVM_USER_MEM_SLOTS - 1. */
    public static final int KVM_USER_MEM_SLOTS = 32;
    /** PAGE_SIZE of the byte-addressed KVM_SET_USER_MEMORY_REGION API ({@link SetMemoryRegion}). */
    public static final int PAGE_SIZE = 4096;

    final Mm mm;
    final int gfnSpace;

    /** kvm->slots_lock (a mutex): serialises memslot updaters. */
    final SpinLock slotsLock = new SpinLock("slots_lock");
    /** kvm->mmu_lock. */
    final SpinLock mmuLock = new SpinLock("mmu_lock");
    /** kvm->srcu: readers of the memslots pointer. */
    final Srcu srcu = new Srcu();

    /**
     * kvm->memslots[0]. Published by the updater (slots_lock held, plus the design's exclusion of
     * invalidations) with rcu_assign_pointer; read under srcu. volatile = rcu_assign_pointer /
     * rcu_dereference.
     */
    volatile Memslots memslots = Memslots.empty();
    /**
     * kvm->mmu_notifier_count. Guarded by mmu_lock; volatile only because the BUG_ON at the end
     * of invalidate_range_end reads it without the lock, as the kernel does.
     */
    volatile int mmuNotifierCount;
    /**
     * kvm->mmu_notifier_seq. Written under mmu_lock; volatile because the vCPU reads it without
     * the lock at FaultBegin (the kernel's smp_rmb pairs with the smp_wmb of the decrement).
     */
    volatile long mmuNotifierSeq;
    /** kvm->mmu_notifier_range_start. Guarded by mmu_lock. */
    int mmuNotifierRangeStart;
    /** kvm->mmu_notifier_range_end. Guarded by mmu_lock. */
    int mmuNotifierRangeEnd;
    /** The secondary page table: spte[gfn] = frame or Mm.NO_PAGE. Guarded by mmu_lock. */
    final int[] spte;

    /** Ghost state; its own monitor (see {@link Ghost}). */
    final Ghost ghost = new Ghost();

    /** Per-step invariant checks ({@link StepChecks}) on. */
    final boolean checks;
    final Invariants invariants = new Invariants(this);
    /** Set before the threads start; not volatile on purpose (no extra checker states). */
    private StepObserver observer;

    KvmStruct(Mm mm, boolean checks) {
        this.mm = mm;
        this.gfnSpace = mm.size();
        this.spte = new int[gfnSpace];
        for (int i = 0; i < gfnSpace; i++) {
            spte[i] = Mm.NO_PAGE;
        }
        this.checks = checks;
        if (checks) {
            observer = new StepChecks(this);
        }
    }

    // ------------------------------------------------------------------ the design's part

    /**
     * The part of install_new_memslots that excludes invalidations, then calls
     * {@link InstallNewMemslots#publish}. Called by {@link InstallNewMemslots#install}.
     */
    protected abstract void waitAndPublish(Memslots slots);

    /** The design's own invariants (e.g. NoLostWakeUp); none by default. Called by {@link Invariants#checkAll}. */
    protected void checkDesignInvariants() {
    }

    /**
     * kvm_inc_notifier_count with another invalidation in flight (mmu_notifier_count > 1 after
     * the increment): KVM tracks only the union of the ranges, so faults anywhere in it retry.
     * mmu_lock held. Overridable only for a seeded mutant of this bookkeeping
     * (org.kvmlocking.kvm.seeded.NarrowNotifierRange).
     * Kernel: virt/kvm/kvm_main.c: kvm_inc_notifier_count (Linux 5.15). Spec: StartIncNotifierCount.
     */
    protected void widenNotifierRange(HvaRange range) {
        mmuNotifierRangeStart = Math.min(mmuNotifierRangeStart, range.start());
        mmuNotifierRangeEnd = Math.max(mmuNotifierRangeEnd, range.end());
    }

    /** mmu_notifier_range_start/end = range; mmu_lock held (for the seeded mutant's override above). */
    protected final void setNotifierRange(HvaRange range) {
        mmuNotifierRangeStart = range.start();
        mmuNotifierRangeEnd = range.end();
    }

    // ------------------------------------------------------------------ steps

    /**
     * Subscribes an observer to every step of this KVM and of its mm, after those already
     * subscribed. Must be called before any thread uses the KVM.
     */
    public final void addStepObserver(StepObserver o) {
        observer = StepObserver.both(observer, o);
        mm.addStepObserver(o);
    }

    /** Whether any observer is subscribed (to build a step's value only when someone reads it). */
    protected final boolean observed() {
        return observer != null;
    }

    /** The step happened (under the lock it needs, if any). */
    protected final void step(Step s) {
        StepObserver o = observer;
        if (o != null) {
            o.step(s, null);
        }
    }

    /** The step happened; value as {@link Step} names it (a Boolean is boxed without allocation). */
    protected final void step(Step s, Object value) {
        StepObserver o = observer;
        if (o != null) {
            o.step(s, value);
        }
    }

    /** The step happened; an int value (gfn, pfn) is boxed only by observers that want an Object. */
    protected final void step(Step s, int value) {
        StepObserver o = observer;
        if (o != null) {
            o.step(s, value);
        }
    }

    /** Opens a step whose effect no kernel lock orders; {@link #step} closes it. */
    protected final void enter(Step s) {
        StepObserver o = observer;
        if (o != null) {
            o.enter(s);
        }
    }

    /** spin_lock / mutex_lock as a step. */
    protected final void lock(SpinLock l, Step s) {
        l.lock();
        step(s);
    }

    /** spin_unlock / mutex_unlock as a step (bracketed: the next owner's steps come after it). */
    protected final void unlock(SpinLock l, Step s) {
        enter(s);
        l.unlock();
        step(s);
    }

    // ------------------------------------------------------------------ accessors

    public final Mm mm() {
        return mm;
    }

    public final int gfnSpace() {
        return gfnSpace;
    }

    /** The current layout (rcu_dereference). */
    public final Memslots memslots() {
        return memslots;
    }

    /** kvm->slots_lock, which callers of {@link InstallNewMemslots#install} must hold. */
    public final SpinLock slotsLock() {
        return slotsLock;
    }

    public final int mmuNotifierCount() {
        return mmuNotifierCount;
    }

    public final long mmuNotifierSeq() {
        return mmuNotifierSeq;
    }

    /** kvm->mmu_notifier_range_start; takes mmu_lock unless the caller holds it. */
    public final int mmuNotifierRangeStart() {
        return readLocked(mmuLock, () -> mmuNotifierRangeStart);
    }

    /** kvm->mmu_notifier_range_end; takes mmu_lock unless the caller holds it. */
    public final int mmuNotifierRangeEnd() {
        return readLocked(mmuLock, () -> mmuNotifierRangeEnd);
    }

    /** The KVM mapping of gfn: a frame or Mm.NO_PAGE; takes mmu_lock unless the caller holds it. */
    public final int spte(int gfn) {
        checkGfn(gfn);
        return readLocked(mmuLock, () -> spte[gfn]);
    }

    /**
     * A read under lock l, which is taken unless the calling thread holds it (an observer at a
     * step under that lock). Not for the protocol's own reads: the lambda is an allocation.
     */
    static int readLocked(SpinLock l, IntSupplier read) {
        if (l.isHeldByCurrentThread()) {
            return read.getAsInt();
        }
        l.lock();
        try {
            return read.getAsInt();
        } finally {
            l.unlock();
        }
    }

    /** Invalidations currently in flight (ghost). */
    public final int inFlightInvalidations() {
        return ghost.inFlightCount();
    }

    void checkGfn(int gfn) {
        if (gfn < 0 || gfn >= gfnSpace) {
            throw new IllegalArgumentException("gfn " + gfn + " outside the gfn space [0, " + gfnSpace + ")");
        }
    }

}
