package org.kvmlocking.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Memslot;
import org.kvmlocking.kvm.Mm;

/**
 * One trial of the fairness experiment: a stream of invalidations from {@code invalidators}
 * threads, each invalidation invalidate_range_start, the primary MMU's PTE change, a window of
 * {@code windowNanos}, invalidate_range_end (as mm/ code brackets a zap or a migration), while the
 * calling thread, the one memslot updater, repeatedly toggles KVM_MEM_LOG_DIRTY_PAGES on the one
 * slot (KVM_SET_USER_MEMORY_REGION, flags only: one install_new_memslots) and records each call's
 * latency. The slot covers the whole hva space, so every invalidation overlaps it and takes
 * mmu_lock, as an invalidation KVM cares about does.
 *
 * <p>The invalidators stop at the trial's end, so an update that the stream starved for the whole
 * trial completes then, and its latency (about the trial's length) is recorded: a starved update
 * is never dropped, and the maximum is bounded by the trial length.
 */
final class UpdateLatencyTrial {
    /** Pages of the hva (and gfn) space; slot 0 maps all of them. */
    static final int PAGES = 16;

    /** What one trial does. periodNanos 0 = back-to-back. */
    record Config(String design, long periodNanos, long windowNanos, int invalidators, long trialNanos,
            long updateGapNanos) {
    }

    /** What one trial saw besides the latencies. */
    record Outcome(long updates, long invalidations, long windowNanosSum, long elapsedNanos) {
    }

    private UpdateLatencyTrial() {
    }

    /** Runs one trial; each update's latency (ns) goes into latencies. */
    static Outcome run(Config c, Histogram latencies) throws InterruptedException {
        Mm mm = new Mm(PAGES);
        AbstractKvm kvm = BenchDesigns.create(c.design(), mm);
        kvm.createMemslot(0, 0, PAGES, 0, 0);
        long t0 = System.nanoTime();
        long end = t0 + c.trialNanos();
        CountDownLatch started = new CountDownLatch(c.invalidators());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Invalidator> inv = new ArrayList<>();
        for (int i = 0; i < c.invalidators(); i++) {
            // Staggered by period/K: with pacing, the threads' windows interleave instead of coinciding.
            Invalidator w = new Invalidator(kvm, mm, c, t0 + i * c.periodNanos() / c.invalidators(), end, i, started, failure);
            inv.add(w);
            w.thread.start();
        }
        started.await();
        // The first update meets a stream already running: a few windows or periods after t0.
        long settle = Math.min(Math.max(2 * Math.max(c.periodNanos(), c.windowNanos()), 1_000_000L), c.trialNanos() / 4);
        sleepUntil(t0 + settle);
        long updates = 0;
        int flags = 0;
        // At least one update even if this thread got no CPU until after the end (a loaded
        // machine stalls a JVM for 100s of ms): a trial always measures something.
        while ((updates == 0 || System.nanoTime() < end) && failure.get() == null) {
            flags ^= Memslot.KVM_MEM_LOG_DIRTY_PAGES;
            long s = System.nanoTime();
            kvm.setMemslotFlags(0, flags);
            latencies.recordValue(System.nanoTime() - s);
            updates++;
            // Memslot updates are rare in a VM's life; the gap lets the stream re-form, so each
            // update meets it as it is rather than the wake of the previous update.
            sleepUntil(System.nanoTime() + c.updateGapNanos());
        }
        long invalidations = 0;
        long windowSum = 0;
        for (Invalidator w : inv) {
            w.thread.join();
            invalidations += w.count;
            windowSum += w.windowSum;
        }
        if (failure.get() != null) {
            throw new IllegalStateException("invalidator failed: " + failure.get(), failure.get());
        }
        // The stream ended balanced: nothing in flight, every increment undone.
        if (kvm.inFlightInvalidations() != 0 || kvm.mmuNotifierCount() != 0) {
            throw new IllegalStateException(c.design() + ": after the trial " + kvm.inFlightInvalidations()
                    + " invalidations in flight, mmu_notifier_count " + kvm.mmuNotifierCount());
        }
        return new Outcome(updates, invalidations, windowSum, System.nanoTime() - t0);
    }

    /** parkNanos until the deadline (it may return early); on Linux it oversleeps by the timer slack (~50 us). */
    static void sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** One thread of the stream: the primary MMU invalidating ranges, paced or back-to-back. */
    private static final class Invalidator implements Runnable {
        final Thread thread;
        private final AbstractKvm kvm;
        private final Mm mm;
        private final Config c;
        private final long firstArrival;
        private final long end;
        private final SplittableRandom rnd;
        private final CountDownLatch started;
        private final AtomicReference<Throwable> failure;
        /** Read by the updater after join(). */
        long count;
        long windowSum;

        Invalidator(AbstractKvm kvm, Mm mm, Config c, long firstArrival, long end, int id, CountDownLatch started,
                AtomicReference<Throwable> failure) {
            this.kvm = kvm;
            this.mm = mm;
            this.c = c;
            this.firstArrival = firstArrival;
            this.end = end;
            this.rnd = new SplittableRandom(0x5eed + id);
            this.started = started;
            this.failure = failure;
            this.thread = new Thread(this, "invalidator-" + id);
            // A design that hangs must not keep the JMH fork alive.
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                started.countDown();
                long next = firstArrival;
                while (true) {
                    if (c.periodNanos() > 0) {
                        sleepUntil(next);
                    }
                    long now = System.nanoTime();
                    if (now >= end && count > 0) {
                        return; // at least one invalidation per thread, however late it got the CPU
                    }
                    // Paced without catch-up: a late arrival is followed by at most one immediate one.
                    next = Math.max(next + c.periodNanos(), now);
                    int len = 1 + rnd.nextInt(4);
                    int start = rnd.nextInt(PAGES - len + 1);
                    HvaRange range = new HvaRange(start, start + len);
                    kvm.invalidateRangeStart(range);
                    long w0 = System.nanoTime();
                    mm.replacePtes(range);
                    if (c.windowNanos() > 0) {
                        // The primary MMU's work between start and end (zap, copy, migrate), as a sleep:
                        // on a shared 2-core machine a spin would take the CPU from the updater.
                        sleepUntil(w0 + c.windowNanos());
                    }
                    windowSum += System.nanoTime() - w0;
                    kvm.invalidateRangeEnd(range);
                    count++;
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
