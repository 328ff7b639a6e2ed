package org.kvmlocking.kvm;

import static org.kvmlocking.kvm.Step.EndPseudoAcquire;
import static org.kvmlocking.kvm.Step.EndPseudoRelease;
import static org.kvmlocking.kvm.Step.EndUpRead;
import static org.kvmlocking.kvm.Step.InstallDownWrite;
import static org.kvmlocking.kvm.Step.InstallDownWriteWait;
import static org.kvmlocking.kvm.Step.InstallUpWrite;
import static org.kvmlocking.kvm.Step.StartDownRead;
import static org.kvmlocking.kvm.Step.StartPseudoAcquire;
import static org.kvmlocking.kvm.Step.StartPseudoRelease;

import org.kvmlocking.kernel.PseudoLock;
import org.kvmlocking.kernel.RwSemaphore;

/**
 * The rejected first version of 52ac8b358b0c: an rwsem kvm->mmu_notifier_slots_lock, read-held
 * from range_start to range_end, write-held around the publish. Each notifier callback runs
 * inside lock_map_acquire/release of __mmu_notifier_invalidate_range_start_map (done by
 * mm/mmu_notifier.c in the kernel, here by the callbacks themselves). Whether it deadlocks
 * depends on the rwsem's fairness: see {@link RwsemUnfair} and
 * {@code broken.RwsemFair}.
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
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start (rejected v1 of the
     * patch), inside mm/mmu_notifier.c's lock_map_acquire/release.
     * Spec: StartPseudoAcquire, StartDownRead, StartHvaRange .. StartUnlockMmu, StartPseudoRelease.
     */
    @Override
    protected final void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
        invalidateRangeStartMap.acquire();
        step(StartPseudoAcquire);
        // (*) of the seed: the rwsem is taken inside the pseudo-lock.
        mmuNotifierSlotsLock.downRead(inMonitor(StartDownRead));
        ghostBegin(range);
        handleHvaRangeStart(range);
        enter(StartPseudoRelease);
        invalidateRangeStartMap.release();
        step(StartPseudoRelease);
    }

    /**
     * Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (rejected v1 of the
     * patch), inside mm/mmu_notifier.c's lock_map_acquire/release.
     * Spec: EndPseudoAcquire, EndHvaRange .. EndUnlockMmu, EndUpRead, EndPseudoRelease.
     */
    @Override
    protected final void kvmMmuNotifierInvalidateRangeEnd(HvaRange range) {
        // (**) of the seed: the pseudo-lock is taken while the rwsem is read-held.
        invalidateRangeStartMap.acquire();
        step(EndPseudoAcquire);
        handleHvaRangeEnd(range);
        ghostEnd(range);
        mmuNotifierSlotsLock.upRead(inMonitor(EndUpRead));
        enter(EndPseudoRelease);
        invalidateRangeStartMap.release();
        step(EndPseudoRelease);
    }

    /**
     * Kernel: virt/kvm/kvm_main.c: install_new_memslots (rejected v1 of the patch).
     * Spec: InstallDownWrite (queued), InstallDownWriteWait (granted), InstallPublish, InstallUpWrite.
     */
    @Override
    protected final void waitAndPublish(Memslots slots) {
        mmuNotifierSlotsLock.downWrite(inMonitor(InstallDownWrite), inMonitor(InstallDownWriteWait));
        publish(slots);
        mmuNotifierSlotsLock.upWrite(inMonitor(InstallUpWrite));
    }

    /**
     * An rwsem step, taken by {@link RwSemaphore} inside its monitor, atomically with the grant,
     * queueing or release (null, so no allocation, when nobody observes).
     */
    private Runnable inMonitor(Step s) {
        return observed() ? () -> step(s) : null;
    }

    public final RwSemaphore rwsem() {
        return mmuNotifierSlotsLock;
    }
}
