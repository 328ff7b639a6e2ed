package org.kvmlocking.bench;

import java.util.concurrent.TimeUnit;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Kvm;
import org.kvmlocking.kvm.Mm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the lock elision of 071064f14d87 saves, on the adopted design: one
 * invalidate_range_start + invalidate_range_end pair (average time, one thread, no contention) for
 * a range that overlaps no memslot (__kvm_handle_hva_range finds no slot: no mmu_lock, no
 * mmu_notifier_count update) against one that overlaps the slot (mmu_lock taken twice, count
 * incremented and decremented, the range's SPTEs zapped). Both pay mn_invalidate_lock twice, the
 * price of the blocking that makes the elision safe.
 *
 * <p>Two modes: the average time per pair (what the issue asks for), and sampled single pairs,
 * whose median is robust to this thread being descheduled now and then on a shared machine
 * (a preemption inflates the average of a whole iteration; it is one outlier among the samples).
 *
 * <p>Not final, public: JMH generates subclasses of it.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ElisionBench {
    /** Slot 0 maps hvas [0, 8); the hva space is [0, 16). */
    private static final int PAGES = 16;
    private final HvaRange overlapping = new HvaRange(2, 4);
    private final HvaRange disjoint = new HvaRange(12, 14);
    private Kvm kvm;

    @Setup(Level.Trial)
    public void setUp() {
        kvm = new Kvm(new Mm(PAGES));
        kvm.createMemslot(0, 0, PAGES / 2, 0, 0);
        // Guard that each benchmark measures the path it names: only a pair that took mmu_lock
        // bumps mmu_notifier_seq (kvm_dec_notifier_count).
        long seq = kvm.mmuNotifierSeq();
        elided();
        if (kvm.mmuNotifierSeq() != seq) {
            throw new IllegalStateException("the disjoint range took mmu_lock: " + disjoint);
        }
        mmuLock();
        if (kvm.mmuNotifierSeq() != seq + 1) {
            throw new IllegalStateException("the overlapping range did not take mmu_lock: " + overlapping);
        }
    }

    /** Range overlaps no memslot: mmu_lock elided in both start and end. */
    @Benchmark
    public void elided() {
        kvm.invalidateRangeStart(disjoint);
        kvm.invalidateRangeEnd(disjoint);
    }

    /** Range overlaps slot 0: mmu_lock taken in start and in end. */
    @Benchmark
    public void mmuLock() {
        kvm.invalidateRangeStart(overlapping);
        kvm.invalidateRangeEnd(overlapping);
    }
}
