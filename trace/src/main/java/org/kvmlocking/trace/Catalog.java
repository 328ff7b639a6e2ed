package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The catalogue of trace validation: what each validation expects, read from trace/checks.tsv
 * (one row per check, so that one grep lists every check of a design), and the harness's
 * settings per design.
 */
final class Catalog {
    private Catalog() {
    }

    /** The properties each trace spec checks on the replayed behaviour (its PropertyReport and StepReport). */
    static final Map<String, List<String>> PROPERTIES = Map.of(
            "KvmMemslotsTrace", List.of("Balance", "Coherence", "NoLostWakeUp", "MutualExclusion"),
            "KvmMemslotsRwsemTrace", List.of("Balance", "Coherence", "MutualExclusion"),
            "Kvm618Trace", List.of("TypeOK", "InProgressBalanced", "RangeAddedUnderLock", "ActiveCountNonNegative", "Coherence",
                    "NoMappingOfInvalidSlot", "NoLostWakeUp", "NoDanglingInvalidationAtDestroy", "MutualExclusion",
                    "RefinesUnfairRwsem"));

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
        /** The tampered-runs self-test, not a TLC validation of its own. */
        boolean tampered() {
            return module == null;
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
            return expect == Expect.REJECTED ? expect.text + " " + String.join("|", new TreeSet<>(rejectAt)) : expect.text;
        }

        String dirName() {
            return module + (fairRwsem != null ? "-FairRwsem" + fairRwsem : variant != null ? "-" + variant : "");
        }
    }

    /** The tampered-runs self-test's expectation (a row of checks.tsv with spec "-"). */
    static final String TAMPERED = "tampered";

    /** The validations of checks.tsv, in its order: rows of one design and spec expecting violates are one validation. */
    static List<Validation> load(Path file) throws IOException {
        List<Validation> out = new ArrayList<>();
        Map<String, List<String>> violates = new LinkedHashMap<>();
        int ln = 0;
        boolean header = true;
        for (String line : Files.readAllLines(file)) {
            ln++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IOException(file + ":" + ln + ": expected 5 tab-separated columns (design spec property expected why)");
            }
            if (header) {
                header = false;
                continue;
            }
            String design = f[0];
            String spec = f[1];
            String expected = f[3];
            if (spec.equals("-")) {
                if (!expected.equals(TAMPERED)) {
                    throw new IOException(file + ":" + ln + ": a row without a spec must expect " + TAMPERED);
                }
                out.add(new Validation(design, null, null, null, null, Set.of(), List.of()));
                continue;
            }
            String module = spec.contains("(") ? spec.substring(0, spec.indexOf('(')) : spec;
            if (!PROPERTIES.containsKey(module)) {
                throw new IOException(file + ":" + ln + ": unknown trace spec " + module + " (known: " + PROPERTIES.keySet() + ")");
            }
            String fair = spec.contains("(FairRwsem=") ? spec.replaceAll(".*\\(FairRwsem=(\\w+)\\)", "$1") : null;
            String variant = spec.contains("(Variant=") ? spec.replaceAll(".*\\(Variant=(\\w+)\\)", "$1") : null;
            if (expected.startsWith("rejected at ")) {
                out.add(new Validation(design, module, fair, variant, Expect.REJECTED,
                        new TreeSet<>(List.of(expected.substring("rejected at ".length()).split("\\|"))), List.of()));
            } else if (expected.equals("violates")) {
                String key = design + "\t" + spec;
                if (!violates.containsKey(key)) {
                    violates.put(key, new ArrayList<>());
                    out.add(new Validation(design, module, fair, variant, Expect.VIOLATES, Set.of(), violates.get(key)));
                }
                violates.get(key).add(f[2]);
            } else {
                Expect e = switch (expected) {
                    case "accepted" -> Expect.ACCEPTED;
                    case "deadlocks" -> Expect.DEADLOCKS;
                    case "hang-unexplained" -> Expect.HANG_UNEXPLAINED;
                    default -> throw new IOException(file + ":" + ln + ": unknown expectation '" + expected + "'");
                };
                out.add(new Validation(design, module, fair, variant, e, Set.of(), List.of()));
            }
        }
        return out;
    }

    /** Runs per design: adopted gets RUNS, the others min(RUNS, this; 20 if not listed), at least 5. */
    static final Map<String, Integer> RUNS_CAP = Map.of("elision_only", 20, "no_wait_loop", 20, "if_not_while", 60,
            "lost_wakeup", 40, "late_count", 40, "rwsem_unfair", 40, "rwsem_fair", 30, "seeded:OffByOneWait", 30,
            "seeded:NarrowNotifierRange", 40);
    /** Designs that can hang get a short timeout: the partial trace is what is validated. */
    static final Set<String> CAN_HANG = Set.of("lost_wakeup", "rwsem_fair");
}
