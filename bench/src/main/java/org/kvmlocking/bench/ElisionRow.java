package org.kvmlocking.bench;

import java.util.Locale;

/**
 * The JMH results of one {@link ElisionBench} method: the average time per start+end pair with its
 * 99.9% error and the median of the iterations' averages (AverageTime mode), and the median and
 * p90 of sampled single pairs (SampleTime mode); all in ns. NaN where JMH gave none (one iteration
 * has no error).
 */
record ElisionRow(String benchmark, double nanosPerPair, double error, double medianIteration, double sampledP50,
        double sampledP90) {
    static final String TSV_HEADER = "benchmark\tavg_ns_per_pair\tavg_error_ns\tavg_median_iteration_ns\tsampled_p50_ns"
            + "\tsampled_p90_ns";

    String tsv() {
        return String.join("\t", benchmark, f(nanosPerPair), f(error), f(medianIteration), f(sampledP50), f(sampledP90));
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.1f", v);
    }
}
