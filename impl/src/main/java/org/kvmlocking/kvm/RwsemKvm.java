package org.kvmlocking.kvm;

import org.kvmlocking.kernel.PseudoLock;
import org.kvmlocking.kernel.RwSemaphore;

/**
 * The rejected first version of 52ac8b358b0c: an rwsem kvm->mmu_notifier_slots_lock, read-held
 * from range_start to range_end, write-held around the publish. Each notifier callback runs
 * inside lock_map_acquire/release of __mmu_notifier_invalidate_range_start_map (done by
 * mm/mmu_notifier.c in the kernel, here by the callbacks themselves). Whether it deadlocks
 * depends on the rwsem's fairness: see {@link RecursiveReaderRwsem} and
 * {@code broken.FairRwsemWithPseudoLock}.
 */
public abstract class RwsemKvm extends AbstractKvm {
    /** kvm->mmu_notifier_slots_lock. */
    protected final RwSemaphore mmuNotifierSlotsLock;
    /** __mmu_notifier_invalidate_range_start_map (global in the kernel; one mm per KVM here). */
    protected final PseudoLock invalidateRangeStartMap = new PseudoLock("mmu_notifier_invalidate_range_start");

    protected RwsemKvm(Mm mm, boolean checks, boolean fairRwsem) {
        super(mm, checks);
        mmuNotifierSlotsLock = new RwSemaphore("mmu_notifier_slots_lock", fairRwsem);
    }

    /**
     * Spec: StartBegin, StartPseudoAcquire, StartDownRead, StartHvaRange .. StartUnlockMmu,
     * StartPseudoRelease.
     */
    @Override
    public final void invalidateRangeStart(HvaRange range) {
        checkRange(range);
        if (tracer != null) {
            traceStep("StartBegin", "range=" + range.start() + "," + range.end());
        }
        invalidateRangeStartMap.acquire();
        traceStep("StartPseudoAcquire");
        action("StartPseudoAcquire");
        // (*) of the seed: the rwsem is taken inside the pseudo-lock.
        mmuNotifierSlotsLock.downRead(rwsemStep("StartDownRead"));
        ghostBegin(range);
        action("StartDownRead");
        handleHvaRangeStart(range);
        traceStep("StartPseudoRelease");
        invalidateRangeStartMap.release();
        action("StartPseudoRelease");
    }

    /**
     * Spec: EndPseudoAcquire, EndHvaRange .. EndUnlockMmu, EndUpRead, EndPseudoRelease.
     */
    @Override
    public final void invalidateRangeEnd(HvaRange range) {
        checkEndRange(range);
        // (**) of the seed: the pseudo-lock is taken while the rwsem is read-held.
        invalidateRangeStartMap.acquire();
        traceStep("EndPseudoAcquire");
        action("EndPseudoAcquire");
        handleHvaRangeEnd(range);
        ghostEnd(range);
        mmuNotifierSlotsLock.upRead(rwsemStep("EndUpRead"));
        action("EndUpRead");
        traceStep("EndPseudoRelease");
        invalidateRangeStartMap.release();
        action("EndPseudoRelease");
        bugOnNegativeNotifierCount();
        stepCheckCoherence();
    }

    /** Spec: InstallDownWrite, InstallDownWriteWait, InstallPublish, InstallUpWrite. */
    @Override
    protected final void waitAndPublish(Memslots slots) {
        mmuNotifierSlotsLock.downWrite(rwsemStep("InstallDownWrite"), rwsemStep("InstallDownWriteWait"));
        action("InstallDownWrite");
        publish(slots);
        mmuNotifierSlotsLock.upWrite(rwsemStep("InstallUpWrite"));
        action("InstallUpWrite");
    }

    /**
     * The trace record of an rwsem step, run by {@link RwSemaphore} inside its monitor (null when
     * not tracing), with the number of readers after the step.
     */
    private Runnable rwsemStep(String specAction) {
        if (tracer == null) {
            return null;
        }
        return () -> traceStep(specAction, "readers=" + mmuNotifierSlotsLock.readers());
    }

    public final RwSemaphore rwsem() {
        return mmuNotifierSlotsLock;
    }
}
