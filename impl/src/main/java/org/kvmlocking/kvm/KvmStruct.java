package org.kvmlocking.kvm;

import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kernel.Srcu;
import java.util.function.IntSupplier;

/**
 * struct kvm: the state every design shares, with the kernel's names (kvm->mmu_lock is
 * {@code mmuLock}, kvm->mmu_notifier_count is {@code mmuNotifierCount}, ...), and its accessors.
 * The kernel functions that work on it are in {@link AbstractKvm} and the files it names; the
 * design-specific members (mn_active_invalidate_count, the rwsem) are in the design classes.
 * The accessors that need a lock take it unless the calling thread holds it already, so an
 * observer of a step ({@link StepObserver}) can read the state under the step's locks.
 */
public abstract class KvmStruct {
    /** KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS (bit 63 of the generation). */
    public static final long KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS = 1L << 63;
    /** KVM_ADDRESS_SPACE_NUM: the generation increment. One address space here. */
    public static final int KVM_ADDRESS_SPACE_NUM = 1;
    /** KVM_USER_MEM_SLOTS: slot ids are 0 .. KVM_USER_MEM_SLOTS - 1. */
    public static final int KVM_USER_MEM_SLOTS = 32;
    /** PAGE_SIZE of the byte-addressed {@link AbstractKvm#setUserMemoryRegion} API. */
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

    KvmStruct(Mm mm) {
        this.mm = mm;
        this.gfnSpace = mm.size();
        this.spte = new int[gfnSpace];
        for (int i = 0; i < gfnSpace; i++) {
            spte[i] = Mm.NO_PAGE;
        }
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
