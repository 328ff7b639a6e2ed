package org.kvmlocking.kvm618.gpc;

import org.kvmlocking.kvm618.HvaRange;

/**
 * The hva range of the invalidation the calling thread is running, for
 * gfn_to_pfn_cache_invalidate_start: the kernel passes range-&gt;start and range-&gt;end down from
 * kvm_mmu_notifier_invalidate_range_start; Kvm618's step at that point (StartUnlockMn) carries no
 * range, so {@link KvmGpc#remap} and {@link KvmGpc#unmap} note it here around the primary MMU's
 * call. A ThreadLocal: each thread reads only its own entry, so neither JPF nor Lincheck sees a
 * shared access (a table under a monitor cost JPF a scheduling point at every lookup).
 */
final class InvalidationRanges {
    private final ThreadLocal<HvaRange> range = new ThreadLocal<>();

    /** The calling thread begins an invalidation of r. */
    void push(HvaRange r) {
        if (range.get() != null) {
            throw new IllegalStateException("nested invalidation on " + Thread.currentThread().getName());
        }
        range.set(r);
    }

    /** The calling thread's invalidation has returned. */
    void pop() {
        range.remove();
    }

    /** The range of the calling thread's invalidation. */
    HvaRange current() {
        HvaRange r = range.get();
        if (r == null) {
            throw new IllegalStateException("an invalidation reached range_start without KvmGpc.remap/unmap:"
                    + " gfn_to_pfn_cache_invalidate_start cannot know its range");
        }
        return r;
    }
}
