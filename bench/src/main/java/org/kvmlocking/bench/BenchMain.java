package org.kvmlocking.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code make bench} / {@code make bench-smoke}: runs the two JMH benchmarks
 * ({@link UpdateLatencyBench} over designs x rates x windows, {@link ElisionBench}), merges the
 * forks' HdrHistograms, and writes under BENCH_OUT: latency.tsv, elision.tsv, bench.md (both
 * tables), latency.svg, and JMH's own log and JSON. Prints the tables. Exit 2 on bad parameters
 * (one line), 1 if a run failed or produced nothing usable.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(BenchArgs.help());
            return;
        }
        BenchArgs a;
        try {
            a = BenchArgs.parse(args);
        } catch (BenchArgs.BadArgs e) {
            System.out.println("make bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            System.exit(run(a));
        } catch (RunnerException | IOException | RuntimeException e) {
            System.out.println("make bench: failed: " + e + " (JMH's log: " + a.out().resolve("jmh-*.log") + ")");
            System.exit(1);
        }
    }

    private static int run(BenchArgs a) throws RunnerException, IOException {
        Path out = a.out().toAbsolutePath();
        Path cells = out.resolve("cells");
        Files.createDirectories(out);
        deleteTree(cells);
        Files.createDirectories(cells);
        int n = a.designs().size() * a.rates().size() * a.windowsUs().size();
        int trials = a.warmup() + a.iterations();
        int forks = Math.max(a.forks(), 1);
        double est = n * forks * (trials * a.trialMs() / 1e3 + 1.5) + 4 * forks * (trials * a.elisionMs() / 1e3 + 1.5);
        System.out.printf(Locale.ROOT, "bench: %d cells (%s x rates %s x windows %s us), %d fork(s) x (%d warmup + %d measured) trials"
                + " of %d ms, %d invalidators; elision: %d x %d ms iterations; about %.0f s%n", n, String.join(",", a.designs()),
                String.join(",", a.rates()), join(a.windowsUs()), a.forks(), a.warmup(), a.iterations(), a.trialMs(),
                a.invalidators(), a.warmup() + a.iterations(), a.elisionMs(), est);

        ChainedOptionsBuilder latency = common(a, out, "latency")
                .include("^" + Pattern.quote(UpdateLatencyBench.class.getName()) + "\\.")
                .param("design", a.designs().toArray(new String[0]))
                .param("rate", a.rates().toArray(new String[0]))
                .param("windowUs", a.windowsUs().stream().map(String::valueOf).toArray(String[]::new))
                .param("invalidators", Integer.toString(a.invalidators()))
                .param("trialMs", Integer.toString(a.trialMs()))
                .param("updateGapUs", Integer.toString(a.updateGapUs()))
                .jvmArgsAppend("-D" + CellRecord.OUT_PROPERTY + "=" + cells)
                // A starved update ends with the trial; anything far beyond that is a hang.
                .timeout(TimeValue.seconds(a.trialMs() / 1000 * 3L + 60));
        new Runner(latency.build()).run();

        ChainedOptionsBuilder elision = common(a, out, "elision")
                .include("^" + Pattern.quote(ElisionBench.class.getName()) + "\\.")
                .warmupTime(TimeValue.milliseconds(a.elisionMs()))
                .measurementTime(TimeValue.milliseconds(a.elisionMs()));
        Collection<RunResult> er = new Runner(elision.build()).run();

        List<LatencyRow> rows = latencyRows(a, cells);
        List<ElisionRow> erows = elisionRows(er);
        Files.writeString(out.resolve("latency.tsv"), tsv(LatencyRow.TSV_HEADER, rows.stream().map(LatencyRow::tsv).toList()),
                StandardCharsets.UTF_8);
        Files.writeString(out.resolve("elision.tsv"), tsv(ElisionRow.TSV_HEADER, erows.stream().map(ElisionRow::tsv).toList()),
                StandardCharsets.UTF_8);
        String subtitle = String.format(Locale.ROOT, "%d invalidator threads; %d fork(s) x %d trials of %d ms per mark; updater pauses %d µs"
                + " between updates", a.invalidators(), forks, a.iterations(), a.trialMs(), a.updateGapUs());
        String svg = LatencySvg.render(rows, a.designs(), a.rates(), a.windowsUs(), a.deadlineMs() * 1_000_000L, subtitle);
        Files.writeString(out.resolve("latency.svg"), svg, StandardCharsets.UTF_8);
        String md = BenchTables.markdown(rows, erows, a);
        Files.writeString(out.resolve("bench.md"), md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(md);
        System.out.println();
        System.out.println("bench: wrote " + rel(out.resolve("latency.tsv")) + ", " + rel(out.resolve("elision.tsv")) + ", "
                + rel(out.resolve("bench.md")) + ", " + rel(out.resolve("latency.svg")) + " (JMH: " + rel(out.resolve("jmh-*.log"))
                + ", " + rel(out.resolve("jmh-*.json")) + ")");
        List<String> problems = sanity(a, rows, erows, out.resolve("latency.svg"));
        for (String p : problems) {
            System.out.println("bench: FAIL: " + p);
        }
        if (problems.isEmpty()) {
            System.out.println("bench: ok: " + rows.size() + " latency cells, " + erows.size() + " elision rows");
        }
        return problems.isEmpty() ? 0 : 1;
    }

    /** Forks, iterations, JMH's log and JSON: the same for both benchmarks. */
    private static ChainedOptionsBuilder common(BenchArgs a, Path out, String name) {
        return new OptionsBuilder()
                .forks(a.forks())
                .warmupIterations(a.warmup())
                .measurementIterations(a.iterations())
                .threads(1)
                .shouldFailOnError(true)
                .output(out.resolve("jmh-" + name + ".log").toString())
                .result(out.resolve("jmh-" + name + ".json").toString())
                .resultFormat(ResultFormatType.JSON);
    }

    /** The forks' records merged per cell, in the order designs x rates x windows. */
    private static List<LatencyRow> latencyRows(BenchArgs a, Path cells) throws IOException {
        Map<String, List<CellRecord>> byKey = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(cells)) {
            for (Path p : files.sorted().toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        CellRecord r = CellRecord.parse(line);
                        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
        }
        List<LatencyRow> rows = new ArrayList<>();
        for (String d : a.designs()) {
            for (String rate : a.rates()) {
                for (int w : a.windowsUs()) {
                    List<CellRecord> rs = byKey.getOrDefault(new CellRecord(d, rate, w, 0, 0, 0, 0, "").key(), List.of());
                    Histogram h = new Histogram(3);
                    long inv = 0;
                    long wsum = 0;
                    long ns = 0;
                    for (CellRecord r : rs) {
                        h.add(r.decode());
                        inv += r.invalidations();
                        wsum += r.windowNanosSum();
                        ns += r.streamNanos();
                    }
                    rows.add(LatencyRow.of(d, rate, w, h, a.deadlineMs() * 1_000_000L, inv, wsum, ns));
                }
            }
        }
        return rows;
    }

    /** One row per benchmark method, from its AverageTime and SampleTime results. */
    private static List<ElisionRow> elisionRows(Collection<RunResult> results) {
        Map<String, double[]> byMethod = new java.util.TreeMap<>();
        for (RunResult rr : results) {
            Result<?> p = rr.getPrimaryResult();
            String label = rr.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.') + 1);
            double[] v = byMethod.computeIfAbsent(label, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN});
            if (rr.getParams().getMode() == Mode.AverageTime) {
                v[0] = p.getScore();
                v[1] = p.getScoreError();
                // Over the iterations' averages: one iteration hit by preemption moves the mean, not this.
                v[2] = p.getStatistics().getPercentile(50);
            } else if (rr.getParams().getMode() == Mode.SampleTime) {
                v[3] = p.getStatistics().getPercentile(50);
                v[4] = p.getStatistics().getPercentile(90);
            }
        }
        List<ElisionRow> rows = new ArrayList<>();
        byMethod.forEach((k, v) -> rows.add(new ElisionRow(k, v[0], v[1], v[2], v[3], v[4])));
        return rows;
    }

    /** What even a smoke run must show: every cell measured, both elision results, a parseable SVG. */
    private static List<String> sanity(BenchArgs a, List<LatencyRow> rows, List<ElisionRow> erows, Path svg) {
        List<String> problems = new ArrayList<>();
        for (LatencyRow r : rows) {
            if (r.updates() == 0) {
                problems.add(r.design() + " rate " + r.rate() + " window " + r.windowUs() + " us: no memslot update recorded");
            }
            if (r.invalidationsPerSecond() <= 0) {
                problems.add(r.design() + " rate " + r.rate() + " window " + r.windowUs() + " us: no invalidation ran");
            }
        }
        if (erows.size() != 2 || erows.stream().anyMatch(e -> !(e.nanosPerPair() > 0) || !(e.sampledP50() > 0))) {
            problems.add("elision benchmark: expected two positive results, got " + erows);
        }
        try {
            javax.xml.parsers.DocumentBuilder parser = DocumentBuilderFactory.newInstance().newDocumentBuilder();
            parser.setErrorHandler(null); // the exception below says it; no "[Fatal Error]" on stderr
            parser.parse(svg.toFile());
        } catch (Exception e) {
            problems.add(svg + " is not well-formed XML: " + e.getMessage());
        }
        return problems;
    }

    private static String tsv(String header, List<String> lines) {
        StringBuilder b = new StringBuilder(header).append('\n');
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String join(List<Integer> l) {
        return String.join(",", l.stream().map(String::valueOf).toList());
    }

    private static String rel(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
