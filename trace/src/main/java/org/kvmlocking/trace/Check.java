package org.kvmlocking.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.kvmlocking.checks.Tlc;
import org.kvmlocking.trace.Catalog.Expect;
import org.kvmlocking.trace.Catalog.Validation;
import org.kvmlocking.trace.Verdicts.Outcome;
import org.kvmlocking.trace.Verdicts.RunVerdict;

/**
 * Trace validation's orchestration: records runs of each design, validates them with TLC
 * against a spec ({@link TraceTlc}), judges each validation ({@link Judge}) and appends one
 * result row per check of trace/checks.tsv ({@link Catalog}); the self-tests are
 * {@link SelfTests}. Usage: Check ROOT RUNS OUT WORKDIR [DESIGN|seeded]. Exit 1 on an unmet
 * expectation, 2 on bad usage or an I/O error (one line, no stack trace).
 *
 * <p>Validations: the adopted Java design and its broken variants against the adopted spec
 * (KvmMemslotsTrace), each broken variant rejected at the step its mistake makes; the two rwsem
 * designs against the rwsem spec (KvmMemslotsRwsemTrace) with the matching fairness, where the
 * fair one's hung runs must end in a deadlock of the spec; seeded mismatches (the fair rwsem's
 * hangs against a non-fair spec, tampered adopted runs) show that each of these checks can fail.
 * A rejected run also names the first property the Java state recorded at its steps broke
 * before the rejection (the trace's java-broke header).
 */
public final class Check {
    public static void main(String[] args) {
        try {
            System.exit(run(args) ? 0 : 1);
        } catch (IOException | UncheckedIOException | TraceToTla.BadTrace e) {
            System.err.println("trace/check: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            System.err.println("trace/check: interrupted");
            System.exit(2);
        }
    }

    static boolean run(String[] args) throws IOException, InterruptedException, TraceToTla.BadTrace {
        Path root = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Path work = Path.of(args[3]);
        String only = args.length > 4 ? args[4] : null;
        Files.createDirectories(work);
        boolean ok = SelfTests.badInputSelfTest(work) & SelfTests.eventsSelfTest(work) & Check618.actionsSelfTest(root);
        List<Validation> catalog = Catalog.load(root.resolve("trace/checks.tsv"));
        // every design by default, seeded:* mutants too; "seeded" selects those only
        List<Validation> selected = catalog.stream().filter(v -> only == null || only.equals(v.design())
                || (only.equals("seeded") && v.design().startsWith("seeded:"))).toList();
        boolean tamper = selected.stream().anyMatch(Validation::tampered);
        // Linux 6.18's rows (spec Kvm618Trace) have their own harness and TLC runs: Check618.
        List<Validation> vals618 = selected.stream().filter(v -> !v.tampered() && v.module().equals("Kvm618Trace")).toList();
        List<Validation> vals = selected.stream().filter(v -> !v.tampered() && !v.module().equals("Kvm618Trace")).toList();
        if (!vals618.isEmpty()) {
            ok &= Check618.run(root, runs, out, work, vals618);
        }
        // Record every design's runs once.
        Map<String, List<TraceToTla.Parsed>> recorded = new LinkedHashMap<>();
        Map<String, Double> recordSecs = new HashMap<>();
        // A design whose recording fails (a malformed trace of our own harness, an exception in
        // it) gets FAIL rows naming the error; the other designs' rows are still written.
        Map<String, String> broken = new HashMap<>();
        for (Validation val : vals) {
            String d = val.design();
            if (!recorded.containsKey(d) && !broken.containsKey(d)) {
                long t0 = System.nanoTime();
                try {
                    recorded.put(d, record(d, runs, work.resolve(d)));
                } catch (TraceToTla.BadTrace | RuntimeException e) {
                    broken.put(d, e.getClass().getSimpleName() + ": " + e.getMessage());
                    System.err.println("trace/check: " + d + ": recording failed: " + broken.get(d));
                    e.printStackTrace();
                    continue;
                }
                recordSecs.put(d, (System.nanoTime() - t0) / 1e9);
                System.out.printf("  %s: %d runs recorded in %.1f s (%d hung, partial traces kept; %s); %s%n", d,
                        recorded.get(d).size(), recordSecs.get(d), recorded.get(d).stream().filter(p -> !p.complete()).count(),
                        Events.scenarios(recorded.get(d)), Events.summary(recorded.get(d)));
            }
        }
        // One TLC run (per batch) for all the validations against the same spec and constants:
        // each design's runs are a slice of it.
        for (Validation val : vals) {
            if (broken.containsKey(val.design())) {
                for (String prop : val.expect() == Expect.VIOLATES ? val.violates() : List.of(val.property())) {
                    Judge.row(out, val.design(), val.expect() == Expect.VIOLATES ? val.spec() + "+" + prop : prop,
                            val.expect() == Expect.VIOLATES ? val.expect().text + prop : val.expected(),
                            "recording failed: " + broken.get(val.design()), 0, 0, false, val.design() + "-error");
                }
                ok = false;
            }
        }
        vals = vals.stream().filter(v -> !broken.containsKey(v.design())).toList();
        Map<String, List<Validation>> groups = new LinkedHashMap<>();
        for (Validation val : vals) {
            groups.computeIfAbsent(val.spec(), k -> new ArrayList<>()).add(val);
        }
        Map<Validation, Verdicts.Of> verdicts = new HashMap<>();
        Map<Validation, Double> tlcSecs = new HashMap<>();
        // The TLC runs of every group in one TLC JVM (Tlc.runBatch: each run as in a fresh JVM;
        // six fresh JVMs spent 1-2 s each starting TLC).
        List<TraceTlc.Prepared> prepared = new ArrayList<>();
        List<Tlc.Model> models = new ArrayList<>();
        for (List<Validation> g : groups.values()) {
            Validation first = g.get(0);
            List<TraceToTla.Parsed> all = new ArrayList<>();
            for (Validation val : g) {
                all.addAll(recorded.get(val.design()));
            }
            TraceTlc.Prepared pr = TraceTlc.prepare(root, work.resolve("tlc").resolve(first.dirName()), all, first.module(),
                    first.fairRwsem(), first.variant());
            prepared.add(pr);
            models.addAll(pr.models());
        }
        List<Tlc.Result> results = models.isEmpty() ? List.of() : TraceTlc.tlc(root).runBatch(models, work.resolve("tlc").resolve("batch"));
        int gi = 0, next = 0;
        for (List<Validation> g : groups.values()) {
            TraceTlc.Prepared pr = prepared.get(gi++);
            List<Tlc.Result> ran = results.subList(next, next + pr.models().size());
            next += pr.models().size();
            Verdicts.Of v = TraceTlc.judge(pr, ran);
            double secs = ran.stream().mapToDouble(Tlc.Result::seconds).sum();
            List<TraceToTla.Parsed> all = pr.traces();
            int from = 0;
            long allRecords = all.stream().mapToInt(p -> p.tla().size()).sum();
            for (Validation val : g) {
                List<TraceToTla.Parsed> mine = recorded.get(val.design());
                verdicts.put(val, v.slice(from, mine.size()));
                from += mine.size();
                tlcSecs.put(val, secs * mine.stream().mapToInt(p -> p.tla().size()).sum() / Math.max(1, allRecords));
            }
            System.out.printf("  TLC: %s, %d runs of %s, %.1f s%n", g.get(0).spec(), all.size(),
                    String.join(", ", g.stream().map(Validation::design).toList()), secs);
        }
        Verdicts.Of adoptedVerdicts = null;
        Set<String> timed = new java.util.HashSet<>();
        for (Validation val : vals) {
            String d = val.design();
            List<TraceToTla.Parsed> traces = recorded.get(d);
            Verdicts.Of v = verdicts.get(val);
            writeVerdicts(work.resolve(d).resolve(val.dirName()), traces, v);
            if (val.expect() == Expect.ACCEPTED && d.equals("adopted") && val.variant() == null) {
                adoptedVerdicts = v;
            }
            // seconds: the design's recording (in its first row) and its share of the TLC run
            double secs = tlcSecs.get(val) + (timed.add(d) ? recordSecs.get(d) : 0);
            RunVerdict firstRejected = v.first(Outcome.REJECTED);
            if (val.expect() == Expect.VIOLATES) {
                for (String prop : val.violates()) {
                    String[] got = Judge.judgeViolates(prop, v);
                    boolean good = got[1].equals("ok");
                    List<RunVerdict> vs = v.error() == null ? v.violating(prop) : List.of();
                    Judge.row(out, d, val.spec() + "+" + prop, val.expect().text + prop, got[0], v.steps(), secs, good,
                            vs.isEmpty() ? d + "-" + traces.size() + "runs" : vs.get(0).name());
                    System.out.printf("  %s vs %s: %d/%d runs violate %s (first %s); %d rejected, %d of them before any violation%n",
                            d, val.spec(), vs.size(), traces.size(), prop,
                            vs.isEmpty() ? "-" : vs.get(0).name() + " after step " + vs.get(0).violated().get(prop),
                            v.count(Outcome.REJECTED), v.error() == null ? Judge.rejectedBeforeViolation(v).size() : 0);
                    ok &= good;
                }
            } else {
                String[] got = Judge.judge(val, v, traces);
                boolean good = got[1].equals("ok");
                String runName = val.expect() == Expect.REJECTED && firstRejected != null ? firstRejected.name()
                        : d + "-" + traces.size() + "runs";
                Judge.row(out, d, val.property(), val.expected(), got[0], v.steps(), secs, good, runName);
                ok &= good;
            }
            System.out.printf("  %s vs %s: %d runs, %d records, %d steps validated; each run's verdict in %s%n", d, val.spec(),
                    traces.size(), traces.stream().mapToInt(p -> p.tla().size()).sum(), v.steps(),
                    work.resolve(d).resolve(val.dirName()).resolve("verdicts.tsv"));
        }
        if (tamper && recorded.containsKey("adopted")) {
            ok &= SelfTests.tampered(root, work.resolve("tampered"), recorded.get("adopted"), adoptedVerdicts, out);
        }
        return ok;
    }


    /**
     * Records the runs of one design into dir. rwsem_fair, whose row needs a hung run, goes on
     * past its count (up to 3 times it) until one has hung: how often the JVM's scheduling
     * closes the cycle varies.
     */
    static List<TraceToTla.Parsed> record(String d, int runs, Path dir) throws IOException, InterruptedException,
            TraceToTla.BadTrace {
        int n = d.equals("adopted") ? runs : Math.max(5, Math.min(runs, Catalog.RUNS_CAP.getOrDefault(d, 20)));
        long timeout = Catalog.CAN_HANG.contains(d) ? 200 : 3000;
        Files.createDirectories(dir);
        List<TraceToTla.Parsed> traces = new ArrayList<>();
        int hung = 0;
        for (int s = 1; s <= n || (d.equals("rwsem_fair") && hung == 0 && s <= 3 * n); s++) {
            Harness.Run r = Harness.run(d, 1000L * (d.hashCode() & 0xff) + s, timeout);
            Path f = dir.resolve(r.name() + ".trace");
            r.write(f);
            TraceToTla.Parsed p = TraceToTla.parse(f); // our own files: a BadTrace here is a harness bug
            hung += p.complete() ? 0 : 1;
            traces.add(p);
        }
        return traces;
    }

    /** Writes each run's verdict line to dir/verdicts.tsv. */
    static void writeVerdicts(Path dir, List<TraceToTla.Parsed> traces, Verdicts.Of v) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder();
        if (v.error() != null) {
            b.append("error: ").append(v.error()).append('\n');
        }
        for (RunVerdict rv : v.runs()) {
            b.append(rv.line()).append('\n');
        }
        Files.writeString(dir.resolve("verdicts.tsv"), b.toString());
    }

}
