package org.kvmlocking.bench;

import java.util.List;
import java.util.Locale;

/** The markdown tables of a run (target/bench/bench.md; docs/bench.md quotes a full run's). */
final class BenchTables {
    private BenchTables() {
    }

    static String markdown(List<LatencyRow> rows, List<ElisionRow> erows, BenchArgs a) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Memslot update latency (KVM_SET_USER_MEMORY_REGION, flags only: one install_new_memslots);"
                + " %d invalidator threads; %d fork(s) x %d measured trials of %d ms per row; late = slower than %d ms.%n%n",
                a.invalidators(), Math.max(a.forks(), 1), a.iterations(), a.trialMs(), a.deadlineMs()));
        b.append("| design | arrivals /s per invalidator | window | updates | p50 | p99 | max | late (> ")
                .append(a.deadlineMs()).append(" ms) | invalidations /s (all) | mean window |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LatencyRow r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d µs | %d | %s | %s | %s | %s | %.0f | %s |%n", r.design(),
                    r.rate().equals(BenchArgs.MAX_RATE) ? "max (back-to-back)" : r.rate(), r.windowUs(), r.updates(),
                    LatencyRow.human(r.p50()), LatencyRow.human(r.p99()), LatencyRow.human(r.max()), late(r),
                    r.invalidationsPerSecond(), LatencyRow.human(r.windowMeanUs() * 1e3)));
        }
        b.append(String.format(Locale.ROOT, "%nOne invalidate_range_start + invalidate_range_end pair on the adopted design, one thread"
                + " (JMH, %d fork(s) x %d iterations of %d ms per mode): average time (mean over the iterations with its 99.9%% error,"
                + " and the median iteration), and the median and p90 of sampled single pairs; ns per pair.%n%n", Math.max(a.forks(), 1), a.iterations(), a.elisionMs()));
        b.append("| invalidation | average: mean | average: median iteration | sampled: median | sampled: p90 |\n"
                + "|---|---:|---:|---:|---:|\n");
        ElisionRow elided = null;
        ElisionRow locked = null;
        for (ElisionRow e : erows) {
            String what = e.benchmark().equals("elided") ? "range overlaps no memslot (mmu_lock elided)"
                    : e.benchmark().equals("mmuLock") ? "range overlaps a memslot (mmu_lock taken)" : e.benchmark();
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", what,
                    Double.isNaN(e.error()) ? f(e.nanosPerPair()) : f(e.nanosPerPair()) + " ± " + f(e.error()),
                    f(e.medianIteration()), f(e.sampledP50()), f(e.sampledP90())));
            if (e.benchmark().equals("elided")) {
                elided = e;
            } else if (e.benchmark().equals("mmuLock")) {
                locked = e;
            }
        }
        if (elided != null && locked != null && elided.medianIteration() > 0 && elided.sampledP50() > 0) {
            b.append(String.format(Locale.ROOT, "%nTaking mmu_lock: %.2fx the elided pair by the median iteration's average, %.2fx"
                    + " by the sampled median.%n", locked.medianIteration() / elided.medianIteration(),
                    locked.sampledP50() / elided.sampledP50()));
        }
        return b.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String late(LatencyRow r) {
        if (r.updates() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f%% (%d)", 100 * r.lateFraction(), r.late());
    }
}
