package org.kvmlocking.bench;

import org.kvmlocking.kernel.RwSemaphore;
import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;

/**
 * Bench-only design {@code rwsem_fair_no_pseudo}: the rejected rwsem of 52ac8b358b0c's first
 * version (down_read in range_start, up_read in range_end, down_write around the publish) with a
 * FAIR rwsem, but without the mmu_notifier pseudo-lock {@code __mmu_notifier_invalidate_range_start_map}
 * around the callbacks. It exists to measure what fairness buys the memslot updater; it is not a
 * kernel design (lockdep would still wrap every callback in the map) and is not in designs.tsv.
 *
 * <p>Why it cannot deadlock here, although {@code broken.RwsemFair} does: the
 * seed's cycle is B's start (holding the pseudo-lock) waiting in down_read behind the queued
 * writer, the writer waiting for reader A, and A's end waiting for the pseudo-lock that B holds.
 * Without the pseudo-lock the last edge is gone. What a reader needs on its way from down_read
 * to up_read is srcu (readers never wait) and mmu_lock; the waiting writer holds only slots_lock,
 * which no notifier takes (Documentation/virt/kvm/locking.rst), and mmu_lock is never held
 * across a wait on the rwsem. So every in-flight reader reaches up_read, the writer then gets the
 * lock, publishes and releases it, and the readers queued behind it go on: no cycle, and the
 * writer waits at most for the invalidations that were in flight when it queued (fair).
 *
 * <p>Written against the public/protected API of {@link AbstractKvm} (impl's RwsemKvm cannot be
 * reused: its callbacks are final and take the pseudo-lock). No step observer is attached in the
 * benchmarks, so no steps are reported.
 */
public final class FairRwsemNoPseudoLock extends AbstractKvm {
    /** kvm->mmu_notifier_slots_lock, fair: a queued writer blocks new readers. */
    private final RwSemaphore mmuNotifierSlotsLock = new RwSemaphore("mmu_notifier_slots_lock", true);

    public FairRwsemNoPseudoLock(Mm mm, boolean checks) {
        super(mm, checks);
    }

    @Override
    protected void kvmMmuNotifierInvalidateRangeStart(HvaRange range) {
        // Before the memslots are read: start and end see the same layout (same elision decision).
        mmuNotifierSlotsLock.downRead();
        ghostBegin(range);
        handleHvaRangeStart(range);
    }

    @Override
    protected void kvmMmuNotifierInvalidateRangeEnd(HvaRange range) {
        handleHvaRangeEnd(range);
        ghostEnd(range);
        mmuNotifierSlotsLock.upRead();
    }

    @Override
    protected void waitAndPublish(Memslots slots) {
        mmuNotifierSlotsLock.downWrite();
        publish(slots);
        mmuNotifierSlotsLock.upWrite();
    }
}
