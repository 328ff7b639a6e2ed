package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvmlocking.checks.TlaValue;
import org.kvmlocking.checks.Tlc;
import org.kvmlocking.checks.TlcOutput;
import org.kvmlocking.kvm618.Step618;
import org.kvmlocking.trace.Catalog.Expect;
import org.kvmlocking.trace.Catalog.Validation;
import org.kvmlocking.trace.Trace618.Run;
import org.kvmlocking.trace.Trace618.Scenario;

/**
 * Trace validation of the Linux 6.18 designs (the rows of trace/checks.tsv whose spec is
 * Kvm618Trace): records each design's runs ({@link Trace618}), validates them with TLC against
 * spec/Kvm618Trace.tla with the Variant of the row (adopted_618 unless named), and writes one
 * row per validation (per property for a VIOLATES one). The validations against one Variant
 * share one TLC run, two TLC runs at a time.
 *
 * <p>A rejection row (a mutant against adopted_618's spec) names the first property the
 * recorded run broke: the first violation in the replay of the same run against the mutant's
 * own Variant, where the Java mistake is the spec's (the mutant's VIOLATES rows).
 */
final class Check618 {
    private Check618() {
    }

    /** The scenarios each design is recorded in: adopted_618 all, a mutant those whose window it gets wrong. */
    static final Map<String, List<Scenario>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("adopted_618", Arrays.asList(Scenario.values()));
        SCENARIOS.put("range_add_hva_618", List.of(Scenario.RANGE_WINDOW));
        SCENARIOS.put("one_range_add_618", List.of(Scenario.RANGE_WINDOW));
        SCENARIOS.put("unmap_no_range_add_618", List.of(Scenario.RANGE_WINDOW));
        SCENARIOS.put("no_unpaired_check_618", List.of(Scenario.UNPAIRED, Scenario.STOLEN));
        SCENARIOS.put("unsafe_only_618", List.of(Scenario.UNSAFE_WINDOW));
        SCENARIOS.put("no_invalid_check_618", List.of(Scenario.INVALID_WINDOW));
        SCENARIOS.put("flush_before_invalid_618", List.of(Scenario.INVALID_WINDOW));
        SCENARIOS.put("zap_no_begin_end_618", List.of(Scenario.ZAP));
        SCENARIOS.put("zap_early_return_618", List.of(Scenario.ZAP));
        SCENARIOS.put("lost_wakeup_618", List.of(Scenario.SWAP));
    }

    /** Runs per scenario: adopted_618 min(RUNS, 3), a mutant min(RUNS, 2). */
    static int runsPerScenario(String design, int runs) {
        return Math.max(1, Math.min(runs, design.equals("adopted_618") ? 3 : 2));
    }

    /** A run's verdict against one spec: how far it matched, how it ended, the first step after which each property failed. */
    record Verdict(Run run, int reach, boolean idle, Map<String, Integer> violated) {
        boolean accepted() {
            return reach == run.tla().size() + 1;
        }

        /** The rejected record: "K: Action by p", or "" if accepted. */
        String rejection() {
            if (accepted()) {
                return "";
            }
            if (reach == 0) {
                return "0: Init";
            }
            String[] r = run.raw().get(reach - 1).split("\t");
            return reach + ": " + r[1] + " by " + r[0];
        }

        String at(int k) {
            if (k == 0) {
                return "0: Init";
            }
            String[] r = run.raw().get(k - 1).split("\t");
            return k + ": " + r[1] + " by " + r[0];
        }

        /** The first property violated, as "P at step K: Action by p", or null. */
        String firstViolation() {
            return violated.entrySet().stream().min(Map.Entry.comparingByValue())
                    .map(e -> e.getKey() + " at step " + at(e.getValue())).orElse(null);
        }
    }

    static boolean run(Path root, int runs, Path out, Path work, List<Validation> vals) throws IOException, InterruptedException {
        if (vals.isEmpty()) {
            return true;
        }
        boolean ok = true;
        // Record each design once.
        Map<String, List<Run>> recorded = new LinkedHashMap<>();
        Map<String, Double> recordSecs = new HashMap<>();
        for (Validation v : vals) {
            String d = v.design();
            if (recorded.containsKey(d)) {
                continue;
            }
            List<Scenario> scs = SCENARIOS.get(d);
            if (scs == null) {
                System.err.println("trace/check: no 6.18 scenarios for design " + d + " (Check618.SCENARIOS)");
                return false;
            }
            long t0 = System.nanoTime();
            Path dir = work.resolve(d);
            Files.createDirectories(dir);
            List<Run> rs = new ArrayList<>();
            long timeout = d.equals("lost_wakeup_618") ? 600 : 3000;
            for (Scenario sc : scs) {
                for (int i = 1; i <= runsPerScenario(d, runs); i++) {
                    Run r = Trace618.run(d, sc, 618_000L + 100L * sc.ordinal() + i, timeout);
                    r.write(dir.resolve(r.name() + ".trace"));
                    rs.add(r);
                }
            }
            recorded.put(d, rs);
            recordSecs.put(d, (System.nanoTime() - t0) / 1e9);
            System.out.printf("  %s: %d runs recorded in %.1f s (%d hung), scenarios %s%n", d, rs.size(), recordSecs.get(d),
                    rs.stream().filter(r -> !r.complete()).count(), scs);
        }
        // The generated IsAction, from the Java enum and the spec's definitions.
        Map<String, String> callerSteps = new TreeMap<>();
        String actions;
        try {
            actions = traceActions(root, callerSteps);
        } catch (SpecActions.BadSpec e) {
            System.err.println("trace/check: " + e.getMessage());
            return false;
        }
        // A run that records a caller's step Kvm618Trace cannot replay is refused here, in one
        // line, rather than rejected by TLC at that step as if the design had departed.
        for (List<Run> rs : recorded.values()) {
            for (Run r : rs) {
                for (String line : r.raw()) {
                    String[] f = line.split("\t");
                    String module = f.length > 1 ? callerSteps.get(f[1]) : null;
                    if (module != null) {
                        System.err.println("trace/check: run " + r.name() + " records step " + f[1] + ", an action of " + module
                                + ", which Kvm618Trace does not extend (a caller's trace validation needs its own trace module)");
                        return false;
                    }
                }
            }
        }
        // One TLC run per Variant over the runs of every validation against it.
        Map<String, List<Validation>> groups = new LinkedHashMap<>();
        for (Validation v : vals) {
            groups.computeIfAbsent(variantOf(v), k -> new ArrayList<>()).add(v);
        }
        // One TLC JVM for all of them (Tlc.runBatch: each run as in a fresh JVM; nine fresh JVMs
        // spent most of their ~2 s each starting TLC).
        List<String> keys = new ArrayList<>(groups.keySet());
        List<Tlc.Model> models = new ArrayList<>();
        Map<String, List<Run>> runsOf = new HashMap<>();
        for (String key : keys) {
            List<Run> all = new ArrayList<>();
            for (String d : groups.get(key).stream().map(Validation::design).distinct().toList()) {
                all.addAll(recorded.get(d));
            }
            runsOf.put(key, all);
            models.add(prepare(root, work.resolve("tlc").resolve("Kvm618Trace-" + key), all, key, actions));
        }
        // C1 only: a run of a few thousand states is over before C2 pays off (measured: 0.8 s CPU
        // instead of 1.4-1.6 s per TLC run of these logs).
        List<Tlc.Result> results = new Tlc(Tlc.jar(root)).jvm(List.of("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-Xmx1g"))
                .options(List.of("-deadlock")).runBatch(models, work.resolve("tlc").resolve("batch-618"));
        Map<String, Double> secs = new HashMap<>();
        Map<String, Map<String, Verdict>> byVariant = new HashMap<>();
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            Tlc.Result run = results.get(k);
            secs.put(key, run.seconds());
            try {
                byVariant.put(key, verdicts(run, runsOf.get(key)));
            } catch (IllegalStateException e) {
                byVariant.put(key, null);
                System.err.println("trace/check: TLC of Kvm618Trace(Variant=" + key + "): " + e.getMessage());
            }
            System.out.printf("  TLC: Kvm618Trace(Variant=%s), %.1f s%n", key, run.seconds());
        }
        java.util.Set<String> timed = new java.util.HashSet<>();
        for (Validation val : vals) {
            String d = val.design();
            List<Run> rs = recorded.get(d);
            String variant = variantOf(val);
            Map<String, Verdict> vs = byVariant.get(variant);
            long records = rs.stream().mapToLong(r -> r.tla().size()).sum();
            long groupRecords = groups.get(variant).stream().map(Validation::design).distinct()
                    .mapToLong(x -> recorded.get(x).stream().mapToLong(r -> r.tla().size()).sum()).sum();
            double s = secs.get(variant) * records / Math.max(1, groupRecords) + (timed.add(d) ? recordSecs.get(d) : 0);
            if (vs == null) {
                Judge.row(out, d, val.property(), val.expected(), "TLC failed (see " + work.resolve("tlc") + ")", 0, s, false,
                        d + "-" + rs.size() + "runs");
                ok = false;
                continue;
            }
            List<Verdict> mine = rs.stream().map(r -> vs.get(r.name())).toList();
            long steps = mine.stream().mapToLong(v -> Math.max(0, v.reach() - 1)).sum();
            writeVerdicts(work.resolve(d).resolve(val.dirName()), mine);
            if (val.expect() == Expect.VIOLATES) {
                for (String prop : val.violates()) {
                    List<Verdict> viol = mine.stream().filter(v -> v.violated().containsKey(prop)).toList();
                    // every run accepted by its own variant's spec up to its first violation
                    List<Verdict> early = mine.stream().filter(v -> !v.accepted() && (v.violated().isEmpty()
                            || v.reach() - 1 < v.violated().values().stream().min(Integer::compare).get())).toList();
                    boolean good = !viol.isEmpty() && early.isEmpty();
                    String got = good ? "violates:" + prop
                            : viol.isEmpty() ? "no run violates " + prop + " (" + mine.size() + " runs)"
                                    : "rejected before any violation: " + early.get(0).run().name() + " at step " + early.get(0).rejection();
                    String runName = viol.isEmpty() ? d + "-" + rs.size() + "runs" : viol.get(0).run().name();
                    Judge.row(out, d, val.spec() + "+" + prop, val.expect().text + prop, got, steps, s, good, runName);
                    System.out.printf("  %s vs %s: %d/%d runs violate %s (first %s)%n", d, val.spec(), viol.size(), mine.size(), prop,
                            viol.isEmpty() ? "-" : viol.get(0).run().name() + " after step " + viol.get(0).at(viol.get(0).violated().get(prop)));
                    ok &= good;
                }
                continue;
            }
            String got;
            boolean good;
            String runName = d + "-" + rs.size() + "runs";
            if (val.expect() == Expect.ACCEPTED) {
                List<Verdict> bad = mine.stream().filter(v -> !v.accepted() || !v.idle() || !v.violated().isEmpty()
                        || !v.run().complete() || !v.run().died().isEmpty() || v.run().javaBroke() != null).toList();
                good = bad.isEmpty();
                Map<Scenario, Integer> per = new TreeMap<>();
                rs.forEach(r -> per.merge(r.scenario(), 1, Integer::sum));
                Map<String, Integer> ev = events(rs);
                List<String> never = ev.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
                String evs = "; events (runs): " + ev.toString().replaceAll("[{}]", "").replace("=", " ");
                got = !good ? "FAIL " + bad.get(0).run().name() + ": " + describe(bad.get(0)) + " (" + bad.size() + "/" + mine.size() + " runs)"
                        : "accepted " + mine.size() + "/" + mine.size() + "; scenarios (runs): " + per.toString().replaceAll("[{}]", "")
                                + evs + (never.isEmpty() ? "" : "; never: " + String.join(", ", never));
                good &= never.isEmpty();
            } else if (val.expect() == Expect.REJECTED) {
                List<Verdict> rej = mine.stream().filter(v -> !v.accepted()).toList();
                List<Verdict> elsewhere = rej.stream().filter(v -> v.reach() == 0
                        || !val.rejectAt().contains(v.run().raw().get(v.reach() - 1).split("\t")[1])).toList();
                List<Verdict> violatedFirst = rej.stream().filter(v -> !v.violated().isEmpty()).toList();
                good = !rej.isEmpty() && elsewhere.isEmpty() && violatedFirst.isEmpty();
                if (rej.isEmpty()) {
                    got = "accepted " + mine.size() + "/" + mine.size() + " (no run entered the mistake's window)";
                } else if (!elsewhere.isEmpty()) {
                    got = "rejected elsewhere: " + elsewhere.get(0).run().name() + " at step " + elsewhere.get(0).rejection();
                } else if (!violatedFirst.isEmpty()) {
                    got = "a property broke before the rejection: " + violatedFirst.get(0).run().name() + " "
                            + violatedFirst.get(0).firstViolation();
                } else {
                    Verdict f = rej.get(0);
                    runName = f.run().name();
                    got = "rejected at step " + f.rejection() + " (" + rej.size() + "/" + mine.size() + " runs rejected)"
                            + javaState(rej) + ownVariant(d, f, byVariant);
                }
            } else {
                got = "unsupported expectation " + val.expected() + " for a 6.18 trace row";
                good = false;
            }
            Judge.row(out, d, val.property(), val.expected(), got, steps, s, good, runName);
            ok &= good;
        }
        return ok;
    }

    /**
     * The protocol's windows the runs entered, counted from the records (how many runs hit each):
     * two-as-walk (one start adds the ranges of two memslots), overlap (mmu_invalidate_in_progress
     * 2), slept (the swap went through schedule()), unpaired-end (an end delivered whose start was
     * not), invalid-retry (a fault on a KVM_MEMSLOT_INVALID slot), unsafe-retry and stale-retry
     * (a lock-free / the locked retry check said retry), delete, move, flags (the changes), zap,
     * destroy. The adopted row fails if one never happened.
     */
    static Map<String, Integer> events(List<Run> runs) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String e : new String[] {"two-as-walk", "overlap", "slept", "unpaired-end", "invalid-retry", "unsafe-retry",
            "stale-retry", "delete", "move", "flags", "zap", "destroy"}) {
            n.put(e, 0);
        }
        for (Run r : runs) {
            java.util.Set<String> hit = new java.util.HashSet<>();
            Map<String, Integer> adds = new HashMap<>();
            Map<String, Boolean> delivered = new HashMap<>();
            Map<String, Boolean> slotFound = new HashMap<>();
            for (String line : r.raw()) {
                String[] f = line.split("\t", -1);
                String p = f[0];
                String a = f[1];
                String v = f[2];
                switch (a) {
                    case "StartLockMmu" -> adds.put(p, 0);
                    case "StartRangeAdd" -> {
                        if (adds.merge(p, 1, Integer::sum) == 2) {
                            hit.add("two-as-walk");
                        }
                    }
                    case "StartInvalidateBegin", "ZapInvalidateBegin" -> {
                        if (v.contains("inprog=2")) {
                            hit.add("overlap");
                        }
                    }
                    case "SwapSchedule" -> hit.add("slept");
                    case "InvBegin" -> delivered.put(p, v.contains("deliv=TRUE"));
                    case "InvEnd" -> {
                        if (v.contains("deliv=TRUE") && !delivered.getOrDefault(p, true)) {
                            hit.add("unpaired-end");
                        }
                    }
                    case "FaultBegin" -> slotFound.put(p, !v.contains("slot=0"));
                    case "FaultCheckSlot" -> {
                        if (v.contains("end=TRUE") && slotFound.getOrDefault(p, false)) {
                            hit.add("invalid-retry");
                        }
                    }
                    case "FaultRetryUnsafeBefore", "FaultRetryUnsafeAfter" -> {
                        if (v.contains("retry=TRUE")) {
                            hit.add("unsafe-retry");
                        }
                    }
                    case "FaultIsStale" -> {
                        if (v.contains("retry=TRUE")) {
                            hit.add("stale-retry");
                        }
                    }
                    case "SetMemoryRegion" -> {
                        if (v.contains("DELETE")) {
                            hit.add("delete");
                        } else if (v.contains("MOVE")) {
                            hit.add("move");
                        } else if (v.contains("FLAGS_ONLY")) {
                            hit.add("flags");
                        }
                    }
                    case "ZapInvalidateEnd" -> hit.add("zap");
                    case "DestroyCheckCount" -> hit.add("destroy");
                    default -> {
                    }
                }
            }
            hit.forEach(h -> n.merge(h, 1, Integer::sum));
        }
        return n;
    }

    /** The first property the same run broke when replayed against the mutant's own variant (if that validation ran). */
    private static String ownVariant(String design, Verdict f, Map<String, Map<String, Verdict>> byVariant) {
        Map<String, Verdict> own = byVariant.get(design);
        if (own == null || own.get(f.run().name()) == null) {
            return "";
        }
        String first = own.get(f.run().name()).firstViolation();
        return first == null ? "; replayed against its own variant: no property broken"
                : "; replayed against its own variant, the recorded state first broke " + first;
    }

    /**
     * What the Java state broke before the rejection (issue 28, as 5.15's rows): the first
     * property the per-step checks recorded, at or before the rejected record, in how many of
     * the rejected runs; "" if none.
     */
    private static String javaState(List<Verdict> rejected) {
        List<Verdict> broke = rejected.stream().filter(v -> v.run().javaBroke() != null && v.run().javaBrokeAt() <= v.reach()).toList();
        if (broke.isEmpty()) {
            // The mistake's first step departs before its effect breaks anything: say what the
            // Java state of the run went on to break (the rejection is the earlier signal).
            List<Verdict> later = rejected.stream().filter(v -> v.run().javaBroke() != null).toList();
            if (later.isEmpty()) {
                return "";
            }
            Verdict f = later.get(0);
            return "; Java state after the rejection: first broke " + f.run().javaBrokeProperty() + " at step "
                    + f.at(f.run().javaBrokeAt()) + " in " + later.size() + "/" + rejected.size() + " rejected runs";
        }
        Verdict f = broke.get(0);
        return "; Java state before the rejection: first broke " + f.run().javaBrokeProperty() + " at step "
                + f.at(f.run().javaBrokeAt()) + " in " + broke.size() + "/" + rejected.size() + " rejected runs";
    }

    private static String describe(Verdict v) {
        if (!v.run().died().isEmpty()) {
            return "died " + v.run().died();
        }
        if (!v.run().complete()) {
            return "hung";
        }
        if (!v.accepted()) {
            return "rejected at step " + v.rejection();
        }
        if (!v.violated().isEmpty()) {
            return "violates " + v.firstViolation();
        }
        if (v.run().javaBroke() != null) {
            return "the Java state broke " + v.run().javaBrokeProperty() + " at step " + v.at(v.run().javaBrokeAt());
        }
        return "ends mid-operation";
    }

    private static String variantOf(Validation v) {
        return v.variant() == null ? "adopted_618" : v.variant();
    }

    private static void writeVerdicts(Path dir, List<Verdict> vs) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder();
        for (Verdict v : vs) {
            b.append(v.run().name()).append('\t').append(v.accepted() ? "accepted" : "rejected at step " + v.rejection())
                    .append('\t').append(v.run().tla().size()).append(" records").append(v.run().complete() ? "" : "\t(hung)")
                    .append(v.run().died().isEmpty() ? "" : "\tdied: " + v.run().died())
                    .append(v.violated().isEmpty() ? "" : "\tfirst violation: " + v.firstViolation() + " " + v.violated())
                    .append(v.run().javaBroke() == null ? "" : "\tJava state: first broke " + v.run().javaBrokeProperty()
                            + " at step " + v.at(v.run().javaBrokeAt()))
                    .append('\n');
        }
        Files.writeString(dir.resolve("verdicts.tsv"), b.toString());
    }

    private static String gfnSet() {
        List<String> g = new ArrayList<>();
        for (int i = 0; i < Trace618.GFNS; i++) {
            g.add(Integer.toString(i));
        }
        return "{" + String.join(", ", g) + "}";
    }

    /** One TLC run: every run against Kvm618Trace with this Variant; each run's verdict by name. */
    /** The modules Kvm618Trace replays (it EXTENDS Kvm618Refinement, hence Kvm618 and Kvm618Mmu). */
    static final List<String> TRACE_MODULES = List.of("spec/Kvm618.tla", "spec/Kvm618Mmu.tla");

    /**
     * The generated module Kvm618TraceActions: IsAction over the Step618 constants that are
     * actions of {@link #TRACE_MODULES}. A Step618 constant that only another 6.18 module of
     * spec/ defines (a new caller's own module, e.g. Kvm618Punch's Punch* steps: CONTRIBUTING.md,
     * "Adding a new caller") is not an action of the spec the traces are replayed against: it is
     * left out and put in {@code callerSteps} (step -> its module), so that adding a caller's
     * steps keeps every existing 6.18 trace row as it was. A constant no 6.18 module defines is
     * refused, naming it.
     */
    static String traceActions(Path root, Map<String, String> callerSteps) throws IOException, SpecActions.BadSpec {
        Path[] traced = TRACE_MODULES.stream().map(root::resolve).toArray(Path[]::new);
        Map<String, SpecActions.Action> defs = SpecActions.parse(traced);
        List<String> steps = new ArrayList<>();
        List<Path> others = null;
        for (Step618 s : Step618.values()) {
            String n = s.name();
            if (defs.containsKey(n)) {
                steps.add(n);
                continue;
            }
            if (others == null) {
                try (var files = Files.list(root.resolve("spec"))) {
                    others = files.filter(p -> p.toString().endsWith(".tla")).sorted().toList();
                }
            }
            String module = null;
            for (Path m : others) {
                if (TRACE_MODULES.contains(root.relativize(m).toString()) || !Files.readString(m).contains("(Linux 6.18)")) {
                    continue;
                }
                if (SpecActions.parse(m).containsKey(n)) {
                    module = root.relativize(m).toString();
                    break;
                }
            }
            if (module == null) {
                throw new SpecActions.BadSpec("Step " + n + " has no action " + n + " in " + String.join(", ", TRACE_MODULES)
                        + " nor in another 6.18 module of spec/ (a Java step needs the spec action of its name)");
            }
            callerSteps.put(n, module);
        }
        return SpecActions.isActionModule("Kvm618TraceActions", "Kvm618", steps, defs, String.join(", ", TRACE_MODULES));
    }

    /**
     * Run by every trace job, whatever its design: the IsAction generation over the current
     * Step618 and spec/ (so a caller's new steps that would break the 6.18 rows show in that
     * caller's own {@code make check DESIGN=...}); one line naming the caller steps left out.
     */
    static boolean actionsSelfTest(Path root) throws IOException {
        Map<String, String> callerSteps = new TreeMap<>();
        try {
            traceActions(root, callerSteps);
        } catch (SpecActions.BadSpec e) {
            System.err.println("trace/check: " + e.getMessage());
            return false;
        }
        Map<String, Integer> byModule = new TreeMap<>();
        callerSteps.values().forEach(m -> byModule.merge(m, 1, Integer::sum));
        System.out.println("  self-test: 6.18 IsAction generated; " + (byModule.isEmpty() ? "every Step618 is an action of Kvm618Trace"
                : "Step618 steps of callers' own modules left out (Kvm618Trace does not extend them): " + byModule));
        return true;
    }

    /** Writes the trace spec of runs against variant into dir: the model of one TLC run. */
    static Tlc.Model prepare(Path root, Path dir, List<Run> runs, String variant, String actions) throws IOException {
        Files.createDirectories(dir);
        for (String m : new String[] {"Kvm618Mmu", "Kvm618", "Kvm618Refinement", "UnfairRwsem", "Kvm618Trace"}) {
            Files.copy(root.resolve("spec/" + m + ".tla"), dir.resolve(m + ".tla"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(dir.resolve("Kvm618TraceData.tla"), Trace618.dataModule(runs));
        Files.writeString(dir.resolve("Kvm618TraceActions.tla"), actions);
        Files.writeString(dir.resolve("Kvm618Trace.cfg"), "\\* Generated by trace/Check618.java: the harness's layout (Trace618).\n"
                + "CONSTANTS\n    Inv = {\"i1\", \"i2\"}\n    VCpus = {\"v1\"}\n    Updater = \"u\"\n    Zappers = {\"z1\"}\n"
                + "    NAs = " + Trace618.NAS + "\n    NSlots = " + Trace618.NSLOTS + "\n    HvaBase = " + Trace618.HVA_BASE
                + "\n    GfnBases = " + gfnSet() + "\n    Changes = {\"CREATE\", \"DELETE\", \"MOVE\", \"FLAGS_ONLY\"}\n"
                + "    LateRegister = TRUE\n    Destroy = TRUE\n    Unbounded = Unbounded\n    Rounds = Unbounded\n"
                + "    Variant = \"" + variant + "\"\n"
                + "INIT TraceInit\nNEXT TraceNext\nINVARIANT EndReport\nINVARIANT PropertyReport\n");
        return new Tlc.Model(dir, "Kvm618Trace", dir.resolve("Kvm618Trace.cfg"), dir.resolve("tlc.out"));
    }

    /** Each run's verdict from one TLC run of {@link #prepare}'s model; IllegalStateException if TLC failed. */
    static Map<String, Verdict> verdicts(Tlc.Result run, List<Run> runs) throws IOException {
        TlcOutput out = run.output();
        if (out.verdict() != TlcOutput.Verdict.HOLDS || run.exitCode() != 0) {
            throw new IllegalStateException("TLC failed (" + run.log() + "): " + out.verdict() + " " + out.property() + " (exit "
                    + run.exitCode() + ")");
        }
        Map<Integer, Integer> reach = new HashMap<>();
        Map<Integer, Boolean> idle = new HashMap<>();
        Map<Integer, Map<String, Integer>> violated = new HashMap<>();
        for (String line : Files.readAllLines(run.log())) {
            if (!line.startsWith("<<\"")) {
                continue;
            }
            TlaValue t = TlaValue.parse(line.strip());
            String tag = TlaValue.plain(t.get("1"));
            int ti = (int) ((TlaValue.Num) t.get("2")).value();
            if (tag.equals("reach")) {
                reach.merge(ti, (int) ((TlaValue.Num) t.get("3")).value(), Math::max);
            } else if (tag.equals("end")) {
                idle.put(ti, ((TlaValue.Bool) t.get("3")).value());
            } else if (tag.equals("violates")) {
                violated.computeIfAbsent(ti, k -> new TreeMap<>()).merge(TlaValue.plain(t.get("4")),
                        (int) ((TlaValue.Num) t.get("3")).value() - 1, Math::min);
            }
        }
        Map<String, Verdict> res = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            res.put(runs.get(i).name(), new Verdict(runs.get(i), reach.getOrDefault(i + 1, 0), idle.getOrDefault(i + 1, false),
                    violated.getOrDefault(i + 1, Map.of())));
        }
        return res;
    }
}
