package org.kvmlocking.kvm;

/**
 * The part of the protocol every design shares, on the state of {@link KvmStruct} (struct kvm).
 * The kernel functions live in one file each, as functions of that struct (they depend on
 * {@link KvmStruct} only, never back up on this class): {@link HandleHvaRange} (__kvm_handle_hva_range and the
 * notifier count), {@link InstallNewMemslots} (install_new_memslots, kvm_set_memslot, the flush),
 * {@link SetMemoryRegion} (the KVM_SET_USER_MEMORY_REGION API), {@link PageFault} (the vCPU
 * fault); the invariants are in {@link Invariants}.
 *
 * <p>What differs between designs is how memslot updates are kept out of the window between
 * invalidate_range_start and invalidate_range_end: a design implements
 * {@link #kvmMmuNotifierInvalidateRangeStart}, {@link #kvmMmuNotifierInvalidateRangeEnd} and
 * {@link KvmStruct#waitAndPublish}. The adopted design is {@link Kvm}; the designs are listed in
 * designs.tsv at the top of the repository ({@link Design}).
 *
 * <p>Every step of the protocol is one call, {@code step(Step)} (or {@code lock}/{@code unlock}
 * for a lock step), which the {@link StepObserver}s see. Model: hvas and gfns are page numbers
 * in [0, mm.size()); the gfn space has the size of the hva space. Ghost state (which in-flight
 * invalidations incremented mmu_notifier_count, which are in flight, pending wake-ups) is kept
 * always, so {@link #checkInvariants()} works at any time; the constructor flag {@code checks}
 * subscribes the per-step checks ({@link StepChecks}), which throw an {@link InvariantViolation}
 * at the step that breaks an invariant.
 */
public abstract class AbstractKvm extends KvmStruct implements MmuNotifier {
    protected AbstractKvm(Mm mm, boolean checks) {
        super(mm, checks);
        // kvm_init_mmu_notifier: only stores the reference; the mm calls it once threads run.
        mm.register(this);
    }

    public final boolean checksEnabled() {
        return checks;
    }

    // ------------------------------------------------------------------ the design's part

    /** kvm_mmu_notifier_invalidate_range_start after its entry (StartBegin): the design's exclusion, then {@link #handleHvaRangeStart}. */
    protected abstract void kvmMmuNotifierInvalidateRangeStart(HvaRange range);

    /** kvm_mmu_notifier_invalidate_range_end up to its BUG_ON: {@link #handleHvaRangeEnd}, then the design's release. */
    protected abstract void kvmMmuNotifierInvalidateRangeEnd(HvaRange range);

    // waitAndPublish (the part of install_new_memslots that excludes invalidations, then calls
    // publish) and checkDesignInvariants are declared in KvmStruct: the shared kernel functions
    // call them there.

    // ------------------------------------------------------------------ struct mmu_notifier_ops

    /**
     * .invalidate_range_start = kvm_mmu_notifier_invalidate_range_start.
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (Linux 5.15). Spec: StartBegin, then the design's actions.
     */
    @Override
    public final void invalidateRangeStart(HvaRange range) {
        mm.checkRange(range);
        step(Step.StartBegin, range);
        kvmMmuNotifierInvalidateRangeStart(range);
    }

    /**
     * .invalidate_range_end = kvm_mmu_notifier_invalidate_range_end, ending with its
     * BUG_ON(kvm->mmu_notifier_count < 0), which is on in the kernel and here.
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15). Spec: the design's End* actions.
     */
    @Override
    public final void invalidateRangeEnd(HvaRange range) {
        mm.checkRange(range);
        if (!ghost.inFlight(range)) {
            throw new IllegalStateException("invalidate_range_end of " + range + " without invalidate_range_start on thread "
                    + Thread.currentThread().getName());
        }
        kvmMmuNotifierInvalidateRangeEnd(range);
        invariants.bugOnNegativeNotifierCount();
        if (checks) {
            // The range is no longer in flight: Coherence now covers it too.
            invariants.stepCheckCoherence();
        }
    }

    // ------------------------------------------------------------------ shared kernel functions

    /** __kvm_handle_hva_range for range_start; returns whether mmu_lock was taken. See {@link HandleHvaRange}. */
    protected final boolean handleHvaRangeStart(HvaRange range) {
        return HandleHvaRange.kvmHandleHvaRange(this, range, HandleHvaRange.Callbacks.START);
    }

    /** __kvm_handle_hva_range for range_end; returns whether mmu_lock was taken. See {@link HandleHvaRange}. */
    protected final boolean handleHvaRangeEnd(HvaRange range) {
        return HandleHvaRange.kvmHandleHvaRange(this, range, HandleHvaRange.Callbacks.END);
    }

    /** rcu_assign_pointer(kvm->memslots[as_id], slots), with the MutualExclusion check. See {@link InstallNewMemslots#publish}. */
    protected final void publish(Memslots slots) {
        InstallNewMemslots.publish(this, slots);
    }

    /** install_new_memslots; the caller holds slots_lock. Returns the old layout. See {@link InstallNewMemslots#install}. */
    public final Memslots installNewMemslots(Memslots slots) {
        return InstallNewMemslots.install(this, slots);
    }

    /** One attempt of the vCPU page fault on gfn; the caller retries as the guest would. See {@link PageFault}. */
    public final FaultResult pageFault(int gfn) {
        return PageFault.directPageFault(this, gfn);
    }

    // ------------------------------------------------------------------ memslot API (SetMemoryRegion)

    /** KVM_CREATE: a new slot. Overlapping or malformed slots and existing ids are rejected. */
    public final void createMemslot(int id, int baseGfn, int npages, int userspaceAddr, int flags) {
        SetMemoryRegion.create(this, id, baseGfn, npages, userspaceAddr, flags);
    }

    /** KVM_MR_DELETE: installs a KVM_MEMSLOT_INVALID copy, zaps the slot's SPTEs, installs the layout without it. */
    public final void deleteMemslot(int id) {
        SetMemoryRegion.delete(this, id);
    }

    /** KVM_MR_MOVE: same two phases as delete, then the slot at its new base gfn. */
    public final void moveMemslot(int id, int newBaseGfn) {
        SetMemoryRegion.move(this, id, newBaseGfn);
    }

    /** KVM_MR_FLAGS_ONLY: one install; KVM_MEM_READONLY cannot change. */
    public final void setMemslotFlags(int id, int flags) {
        SetMemoryRegion.flags(this, id, flags);
    }

    /** KVM_SET_USER_MEMORY_REGION with byte addresses, checked as kvm_set_memory_region checks them. */
    public final void setUserMemoryRegion(int slot, int flags, long guestPhysAddr, long memorySize, long userspaceAddr) {
        SetMemoryRegion.setUserMemoryRegion(this, slot, flags, guestPhysAddr, memorySize, userspaceAddr);
    }

    // ------------------------------------------------------------------ steps
    // The step hook (addStepObserver, step, enter, lock, unlock) is KvmStruct's: the kernel
    // functions take steps on the struct.

    // ------------------------------------------------------------------ invariants (Invariants)

    /**
     * All invariants on the current state (Balance, NotifierCountNonNegative, Coherence, and the
     * design's own, e.g. NoLostWakeUp), then any event invariant (MutualExclusion, Balance at an
     * end) that was violated earlier. Takes mmu_lock; callable from any thread at any time.
     */
    public final void checkInvariants() {
        invariants.checkAll();
    }

    /**
     * The invariants this run has broken so far, in the order it broke them, "+"-separated, ""
     * if none: every event violation recorded (MutualExclusion at a publish, Balance at an end,
     * the BUG_ON), then the state invariants the current state breaks (Balance or
     * NotifierCountNonNegative, Coherence). Takes no kernel lock: call it only where no other
     * step can run (the trace recorder calls it inside its window, right after each step).
     */
    public final String brokenSoFarUnlocked() {
        return invariants.brokenSoFarUnlocked();
    }

    /** NotifierCountNonNegative and Balance: count >= 0 and = in-flight invalidations whose start incremented it. */
    public final void checkBalance() {
        invariants.checkBalance();
    }

    /** Coherence: outside in-flight ranges, every SPTE maps the frame the primary MMU maps at its hva. */
    public final void checkCoherence() {
        invariants.checkCoherence();
    }

    /** Ghost: this thread's invalidation of range is now in flight (at the design's exclusion point). */
    protected final void ghostBegin(HvaRange range) {
        ghost.begin(range);
    }

    /** Ghost: this thread's invalidation of range is no longer in flight; Balance if it still holds an increment. */
    protected final void ghostEnd(HvaRange range) {
        if (ghost.end(range)) {
            invariants.violation("Balance", "invalidation of " + range + " ended but mmu_notifier_count still holds its increment");
        }
    }

    /** Ghost: an end has a wake-up to deliver (pending) or delivered it. */
    protected final void ghostWakeUp(boolean pending) {
        if (pending) {
            ghost.wakeUpPending();
        } else {
            ghost.wakeUpDone();
        }
    }

    protected final int ghostPendingWakeUps() {
        return ghost.pendingWakeUps();
    }
}
