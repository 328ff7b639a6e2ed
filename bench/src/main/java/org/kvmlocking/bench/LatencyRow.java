package org.kvmlocking.bench;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * One cell of the fairness table: a design under one stream (rate, window), its memslot updates'
 * latency percentiles (ns), and the share of updates later than the deadline. The stream's
 * achieved rate and mean window are kept because "max" and a sleep-based window are not numbers
 * one can take on trust.
 */
record LatencyRow(String design, String rate, int windowUs, long updates, long p50, long p99, long max, long late,
        double invalidationsPerSecond, double windowMeanUs) {

    static LatencyRow of(String design, String rate, int windowUs, Histogram h, long deadlineNanos, long invalidations,
            long windowNanosSum, long streamNanos) {
        long n = h.getTotalCount();
        // Values above the deadline; HdrHistogram's 3 significant digits make the boundary exact to 0.1%.
        long late = n - h.getCountBetweenValues(0, deadlineNanos);
        return new LatencyRow(design, rate, windowUs, n, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getMaxValue(), late, streamNanos == 0 ? 0 : invalidations * 1e9 / streamNanos,
                invalidations == 0 ? 0 : windowNanosSum / 1e3 / invalidations);
    }

    double lateFraction() {
        return updates == 0 ? 0 : (double) late / updates;
    }

    static final String TSV_HEADER = "design\trate_per_s\twindow_us\tupdates\tp50_us\tp99_us\tmax_us\tlate_fraction"
            + "\tinvalidations_per_s\twindow_mean_us";

    String tsv() {
        return String.join("\t", design, rate, Integer.toString(windowUs), Long.toString(updates), us(p50), us(p99),
                us(max), String.format(Locale.ROOT, "%.4f", lateFraction()), String.format(Locale.ROOT, "%.0f", invalidationsPerSecond),
                String.format(Locale.ROOT, "%.1f", windowMeanUs));
    }

    private static String us(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e3);
    }

    /** ns as a short human duration: 850 ns, 12.3 us, 4.56 ms, 1.00 s. */
    static String human(double nanos) {
        if (nanos < 1e3) {
            return String.format(Locale.ROOT, "%.0f ns", nanos);
        } else if (nanos < 1e6) {
            return String.format(Locale.ROOT, nanos < 1e5 ? "%.1f µs" : "%.0f µs", nanos / 1e3);
        } else if (nanos < 1e9) {
            return String.format(Locale.ROOT, nanos < 1e8 ? "%.2f ms" : "%.0f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
