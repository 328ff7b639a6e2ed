package org.kvmlocking.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of {@code make bench}, as NAME=value arguments (the Makefile passes its BENCH_*
 * variables through unchanged). One place knows the names, the defaults and the formats: the
 * Makefile runs this file alone ({@code java BenchArgs.java --check ARGS}, JDK only, no build)
 * before it builds anything, so a typo costs one line and exit 2, and {@link BenchMain} parses
 * the same way. A later argument overrides an earlier one (bench-smoke's settings, then the
 * user's).
 */
public record BenchArgs(List<String> designs, List<String> rates, List<Integer> windowsUs, int invalidators,
        int trialMs, int warmup, int iterations, int forks, int deadlineMs, int elisionMs, int updateGapUs,
        Path out) {

    /** The designs the benchmark can build; rwsem_fair_no_pseudo exists only in bench/. */
    public static final List<String> DESIGNS = List.of("adopted", "rwsem_unfair", "rwsem_fair_no_pseudo");
    /** A rate of this value means back-to-back: the next start right after the previous end. */
    public static final String MAX_RATE = "max";

    /** Name, default, what it is (the --help text and the error line list these). */
    private static final String[][] KNOWN = {
        {"BENCH_DESIGNS", String.join(",", DESIGNS), "designs to measure"},
        {"BENCH_RATES", "max,1000,200", "invalidation arrivals per second per invalidator thread; max = back-to-back"},
        {"BENCH_WINDOWS", "0,100,1000", "microseconds between range_start and range_end of each invalidation"},
        {"BENCH_INVALIDATORS", "2", "invalidator threads (the overlapping stream)"},
        {"BENCH_TRIAL_MS", "1000", "length of one trial (one JMH iteration) of the latency benchmark"},
        {"BENCH_WARMUP", "1", "JMH warmup iterations (both benchmarks)"},
        {"BENCH_ITERATIONS", "5", "JMH measurement iterations (both benchmarks)"},
        {"BENCH_FORKS", "1", "JMH forks per benchmark and parameter combination"},
        {"BENCH_DEADLINE_MS", "10", "an update slower than this counts as late"},
        {"BENCH_ELISION_MS", "1000", "length of one JMH iteration of the elision benchmark"},
        {"BENCH_UPDATE_GAP_US", "1000", "pause of the updater between two memslot updates"},
        {"BENCH_OUT", "target/bench", "output directory"},
    };

    /** A bad argument: one line, naming the known parameters. */
    public static final class BadArgs extends Exception {
        BadArgs(String message) {
            super(message + "; known parameters: " + knownNames(), null, false, false);
        }
    }

    public static String knownNames() {
        StringBuilder b = new StringBuilder();
        for (String[] k : KNOWN) {
            b.append(b.length() == 0 ? "" : " ").append(k[0]).append("=<").append(k[1]).append('>');
        }
        return b.toString();
    }

    public static String help() {
        StringBuilder b = new StringBuilder("make bench [NAME=value ...]; make bench-smoke runs a few seconds' version\n");
        for (String[] k : KNOWN) {
            b.append(String.format("  %-20s %-44s default %s%n", k[0], k[2], k[1]));
        }
        return b.toString();
    }

    /** NAME=value arguments; anything else is bad. */
    public static BenchArgs parse(String... args) throws BadArgs {
        Map<String, String> v = new LinkedHashMap<>();
        for (String[] k : KNOWN) {
            v.put(k[0], k[1]);
        }
        for (String a : args) {
            int eq = a.indexOf('=');
            String name = eq < 0 ? a : a.substring(0, eq);
            if (eq < 0 || !v.containsKey(name)) {
                throw new BadArgs("unknown parameter '" + name + "'");
            }
            v.put(name, a.substring(eq + 1).trim());
        }
        List<String> designs = new ArrayList<>();
        for (String d : list(v, "BENCH_DESIGNS")) {
            if (d.equals("rwsem_fair")) {
                throw new BadArgs("BENCH_DESIGNS: rwsem_fair deadlocks (the seed's pseudo-lock cycle); the fair rwsem measured here is"
                        + " rwsem_fair_no_pseudo");
            }
            if (!DESIGNS.contains(d)) {
                throw new BadArgs("BENCH_DESIGNS: unknown design '" + d + "' (known: " + String.join(",", DESIGNS) + ")");
            }
            if (!designs.contains(d)) {
                designs.add(d);
            }
        }
        List<String> rates = new ArrayList<>();
        for (String r : list(v, "BENCH_RATES")) {
            if (!r.equals(MAX_RATE)) {
                int n = number("BENCH_RATES", r, 1, 1_000_000);
                r = Integer.toString(n);
            }
            if (!rates.contains(r)) {
                rates.add(r);
            }
        }
        List<Integer> windows = new ArrayList<>();
        for (String w : list(v, "BENCH_WINDOWS")) {
            int n = number("BENCH_WINDOWS", w, 0, 1_000_000);
            if (!windows.contains(n)) {
                windows.add(n);
            }
        }
        String out = v.get("BENCH_OUT");
        if (out.isEmpty()) {
            throw new BadArgs("BENCH_OUT: empty");
        }
        return new BenchArgs(designs, rates, windows,
                number("BENCH_INVALIDATORS", v.get("BENCH_INVALIDATORS"), 1, 64),
                number("BENCH_TRIAL_MS", v.get("BENCH_TRIAL_MS"), 20, 600_000),
                number("BENCH_WARMUP", v.get("BENCH_WARMUP"), 0, 100),
                number("BENCH_ITERATIONS", v.get("BENCH_ITERATIONS"), 1, 100),
                number("BENCH_FORKS", v.get("BENCH_FORKS"), 0, 20),
                number("BENCH_DEADLINE_MS", v.get("BENCH_DEADLINE_MS"), 1, 600_000),
                number("BENCH_ELISION_MS", v.get("BENCH_ELISION_MS"), 10, 600_000),
                number("BENCH_UPDATE_GAP_US", v.get("BENCH_UPDATE_GAP_US"), 0, 10_000_000),
                Path.of(out));
    }

    /** Inter-arrival period per invalidator in ns; 0 = back-to-back. */
    public static long periodNanos(String rate) {
        return rate.equals(MAX_RATE) ? 0 : 1_000_000_000L / Long.parseLong(rate);
    }

    private static List<String> list(Map<String, String> v, String name) throws BadArgs {
        List<String> l = new ArrayList<>();
        for (String s : v.get(name).split(",", -1)) {
            s = s.trim();
            if (s.isEmpty()) {
                throw new BadArgs(name + "='" + v.get(name) + "': expected a comma-separated list with no empty element");
            }
            l.add(s);
        }
        return l;
    }

    private static int number(String name, String s, int min, int max) throws BadArgs {
        try {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadArgs(name + ": '" + s + "' is not " + (name.equals("BENCH_RATES") ? "'max' or " : "")
                + "an integer in [" + min + ", " + max + "]");
    }

    /** {@code java BenchArgs.java --check ARGS}: exit 0 silently, or one line and exit 2. */
    public static void main(String[] args) {
        int from = args.length > 0 && args[0].equals("--check") ? 1 : 0;
        try {
            parse(java.util.Arrays.copyOfRange(args, from, args.length));
        } catch (BadArgs e) {
            System.out.println("make bench: " + e.getMessage());
            System.exit(2);
        }
    }
}
