package org.kvmlocking.kvm.broken;

import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;

/**
 * BROKEN (imbalance, stale mapping): the lock elision of 071064f14d87 without 52ac8b358b0c.
 * Memslot updates do not wait for invalidations at all, so start and end may see different
 * layouts: a start that saw no slot skips the increment and the end, seeing a new slot,
 * decrements (mmu_notifier_count < 0, the kernel's BUG_ON; meanwhile a vCPU could map the old
 * page because no retry was forced: stale mapping); or a start increments and the end, its slot
 * deleted, skips the decrement (count stuck > 0, faults in the range retry forever).
 */
public final class ElisionOnly extends AbstractKvm {
    public ElisionOnly(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /**
     * Spec: StartHvaRange, StartLockMmu, StartIncNotifierCount, StartUnmap, StartUnlockMmu (no
     * StartIncActive). There is no counter, so the window in which start and end must see the
     * same memslots is the whole callback (the spec's Active(t) for elision_only).
     */
    @Override
    protected void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
        ghostBegin(range);
        handleHvaRangeStart(range);
    }

    /** Spec: EndHvaRange, EndLockMmu, EndDecNotifierCount, EndUnlockMmu (no EndDecActive, no wake-up). */
    @Override
    protected void kvmMmuNotifierInvalidateRangeEnd(HvaRange range) {
        handleHvaRangeEnd(range);
        ghostEnd(range);
    }

    /** Spec: InstallPublish, with no wait. */
    @Override
    protected void waitAndPublish(Memslots slots) {
        publish(slots);
    }
}
