package org.kvmlocking.kvm618.gpc;

import org.kvmlocking.kvm618.HvaRange;

/**
 * The hva range of the invalidation each thread is running, for gfn_to_pfn_cache_invalidate_start:
 * the kernel passes range-&gt;start and range-&gt;end down from kvm_mmu_notifier_invalidate_range_start;
 * Kvm618's step at that point (StartUnlockMn) carries no range, so {@link KvmGpc#remap} and
 * {@link KvmGpc#unmap} note it here around the primary MMU's call. A small table by thread
 * (no ThreadLocal: JPF and Lincheck explore plain arrays and monitors cheaply).
 */
final class InvalidationRanges {
    private static final int MAX_THREADS = 8;
    /** Guarded by this monitor. */
    private final Thread[] threads = new Thread[MAX_THREADS];
    /** Guarded by this monitor. */
    private final HvaRange[] ranges = new HvaRange[MAX_THREADS];

    /** The calling thread begins an invalidation of range. */
    synchronized void push(HvaRange range) {
        Thread me = Thread.currentThread();
        for (int i = 0; i < MAX_THREADS; i++) {
            if (threads[i] == me) {
                throw new IllegalStateException("nested invalidation on " + me.getName());
            }
        }
        for (int i = 0; i < MAX_THREADS; i++) {
            if (threads[i] == null) {
                threads[i] = me;
                ranges[i] = range;
                return;
            }
        }
        throw new IllegalStateException("more than " + MAX_THREADS + " invalidations at once");
    }

    /** The calling thread's invalidation has returned. */
    synchronized void pop() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < MAX_THREADS; i++) {
            if (threads[i] == me) {
                threads[i] = null;
                ranges[i] = null;
                return;
            }
        }
    }

    /** The range of the calling thread's invalidation. */
    synchronized HvaRange current() {
        Thread me = Thread.currentThread();
        for (int i = 0; i < MAX_THREADS; i++) {
            if (threads[i] == me) {
                return ranges[i];
            }
        }
        throw new IllegalStateException("an invalidation reached range_start without KvmGpc.remap/unmap:"
                + " gfn_to_pfn_cache_invalidate_start cannot know its range");
    }
}
