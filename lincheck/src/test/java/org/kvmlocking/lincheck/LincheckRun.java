package org.kvmlocking.lincheck;

import org.kvmlocking.kvm.Design;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.kvmlocking.checks.Row;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jetbrains.lincheck.datastructures.Options;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one Lincheck check as a results row: classifies the outcome by the failure header,
 * writes the interleaving of a failure to the log and to target/lincheck-traces/, appends the
 * row to {@code check.results}, then fails the JUnit test if the expectation is not met.
 */
final class LincheckRun {
    /** An InvariantViolation's message: its invariant, and the others the same run broke ("[also broke: A+B]"). */
    private static final Pattern VIOLATION = Pattern.compile(
            "InvariantViolation: ([A-Za-z]+):[^\\n]*?(?:\\[also broke: ([A-Za-z+]+)\\])?$", Pattern.MULTILINE);
    /** An exception an operation threw, in Lincheck's list after the interleaving ("#1: ..."). */
    private static final Pattern THROWN = Pattern.compile(
            "(?m)^#\\d+: org\\.kvmlocking\\.kvm\\.InvariantViolation: ([A-Za-z]+):[^\\n]*?(?:\\[also broke: ([A-Za-z+]+)\\])?$");

    private LincheckRun() {
    }

    static boolean large() {
        return "large".equals(profile());
    }

    /** -Dlincheck.profile: default (make check's sizes), medium (the sizes before issue 29) or large. */
    static String profile() {
        return System.getProperty("lincheck.profile", "default");
    }

    /** The size of the profile: default, medium (make check's sizes until issue 29) or large. */
    static int size(int dflt, int medium, int large) {
        switch (profile()) {
            case "large":
                return large;
            case "medium":
                return medium;
            default:
                return dflt;
        }
    }

    /** The results file the rows of designs go to (-Dcheck.results; seeded mutants' rows: -Dcheck.seeded). */
    static String resultsFile() {
        return System.getProperty("check.results", "target/lincheck-results.tsv");
    }

    /** Skips the test unless its design is selected by -Dlincheck.design (all by default). */
    static void assumeSelected(String name) {
        String sel = System.getProperty("lincheck.design", "all");
        Assumptions.assumeTrue(sel.isEmpty() || sel.equals("all") || sel.equals(name), "design " + name + " not selected");
    }

    /** "A" or "A+B+C": the invariant of m's match and the others it lists. */
    private static String invariants(Matcher m) {
        return m.group(2) == null ? m.group(1) : m.group(1) + "+" + m.group(2);
    }

    /** The outcome of a Lincheck message, with nothing known of what the operations threw (see below). */
    static String classify(String msg) {
        return classify(msg, null);
    }

    /**
     * The outcome of a Lincheck message: holds, hung, violates:X (invalid results, or a hang,
     * with an InvariantViolation thrown by an operation), validation:X, nonlinearizable (invalid results
     * and no operation threw: the results are those of no sequential run of {@link KvmSpec}),
     * invalid-results (some other exception among the results). X is the first invariant the
     * run broke, then "+" and the others it broke (e.g. violates:MutualExclusion+Balance).
     *
     * @param thrown the invariants the operations threw during the check ({@link KvmOpsBase#THROWN},
     *        first first), or null: names a hang whose report lists no exception
     */
    static String classify(String msg, String thrown) {
        if (msg == null) {
            return "holds";
        }
        Matcher m = VIOLATION.matcher(msg);
        String inv = m.find() ? invariants(m) : null;
        if (msg.contains("The execution has hung")) {
            // A per-step check that threw under a kernel lock (kernel-BUG semantics: the lock is
            // never released) makes the other threads hang: the verdict is the invariant that
            // broke, as listed among the operations' exceptions (model checking lists them), or
            // else as the operations threw it (stress mode's report of a hang lists none); not a
            // violation only recorded.
            Matcher t = THROWN.matcher(msg);
            if (t.find()) {
                return "violates:" + invariants(t);
            }
            return thrown != null ? "violates:" + thrown : "hung";
        }
        if (msg.contains("= Validation function")) {
            return inv != null ? "validation:" + inv : "validation";
        }
        if (msg.contains("= Invalid execution results =")) {
            if (inv != null) {
                return "violates:" + inv;
            }
            // The results table only: the interleaving below it also shows violations that were
            // recorded (checks off) but not thrown.
            int cut = msg.indexOf("The following interleaving");
            String results = cut < 0 ? msg : msg.substring(0, cut);
            return results.contains("Exception") || results.contains("Error") ? "invalid-results" : "nonlinearizable";
        }
        if (thrown != null) {
            return "violates:" + thrown;
        }
        String first = msg.strip().split("\n", 2)[0];
        return "other:" + first.replaceAll("[^A-Za-z0-9 _-]", "").strip().replace(' ', '-');
    }

    /**
     * Whether got meets expected: the same verdict; for a verdict naming invariants, the same
     * first one, and every other one expected among got's (got may name more: a property the
     * run broke that the row does not claim).
     */
    static boolean meets(String expected, String got) {
        if (expected.equals(got)) {
            return true;
        }
        int ce = expected.indexOf(':');
        int cg = got.indexOf(':');
        if (ce < 0 || cg < 0 || !expected.substring(0, ce).equals(got.substring(0, cg))
                || !(expected.startsWith("violates:") || expected.startsWith("validation:"))) {
            return false;
        }
        java.util.List<String> e = java.util.List.of(expected.substring(ce + 1).split("\\+"));
        java.util.List<String> g = java.util.List.of(got.substring(cg + 1).split("\\+"));
        return e.get(0).equals(g.get(0)) && g.containsAll(e);
    }

    /**
     * Runs the check of lincheck/checks.tsv named by design and run (its property, expected
     * verdict and per-step check flag come from there) on testClass with options, and writes
     * the row: to {@code check.results}, or for a seeded mutant ("seeded:CLASS", a test of the
     * checker, no design) to {@code check.seeded}.
     *
     * @param states what was explored, as "scenarios x invocations" (bounds; a failure stops early)
     */
    static void row(String design, String runName, String states, Options<?, ?> options, Class<?> testClass) {
        row(design, runName, states, List.of(options), testClass);
    }

    /** The same with several option sets (e.g. scenarios with different invocation counts), run in turn: the first failure ends the check. */
    static void row(String design, String runName, String states, List<? extends Options<?, ?>> options, Class<?> testClass) {
        Catalog.Check c = Catalog.of(design, runName);
        boolean seeded = design.startsWith("seeded:");
        assumeSelected(seeded ? "seeded" : design);
        String javaClass = seeded ? "org.kvmlocking.kvm.seeded." + design.substring("seeded:".length())
                : Design.javaByName(design).javaClass();
        String file = seeded ? System.getProperty("check.seeded", "target/seeded-results.tsv")
                : resultsFile();
        run(design, () -> KvmOpsBase.configure(javaClass, c.checks()), c.property(), c.expected(), states, runName,
                options, testClass, file);
    }

    /**
     * The one runner of both kernels' rows (5.15: {@link #row}; 6.18: {@link Lincheck618Run#row}):
     * configures the instances Lincheck will create ({@code configure}), clears
     * {@link KvmOpsBase#THROWN}, runs the check, classifies its outcome ({@link #classify}: a hang
     * with an invariant thrown under a held lock is that invariant), writes the trace and the
     * row to {@code file}, and fails the test unless the outcome {@link #meets} the expectation.
     */
    static void run(String name, Runnable configure, String property, String expected, String states,
            String runName, Options<?, ?> options, Class<?> testClass, String file) {
        run(name, configure, property, expected, states, runName, List.of(options), testClass, file);
    }

    /** The same with several option sets, checked in turn until the first failure. */
    static void run(String name, Runnable configure, String property, String expected, String states,
            String runName, List<? extends Options<?, ?>> options, Class<?> testClass, String file) {
        configure.run();
        KvmOpsBase.THROWN.clear();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        String msg = null;
        Throwable other = null;
        try {
            for (Options<?, ?> o : options) {
                o.check(testClass);
            }
        } catch (AssertionError e) {
            msg = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (Throwable e) {
            other = e;
            msg = e.toString();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        String thrown;
        synchronized (KvmOpsBase.THROWN) {
            thrown = KvmOpsBase.THROWN.isEmpty() ? null : KvmOpsBase.THROWN.iterator().next();
        }
        String got = other != null ? "error:" + other.getClass().getSimpleName() : classify(msg, thrown);
        boolean ok = meets(expected, got);
        if (msg != null) {
            String header = "=== " + name + " / " + runName + ": " + got + " (expected " + expected + ") ===";
            System.out.println(header);
            System.out.println(msg);
            if (other != null) {
                other.printStackTrace(System.out);
            }
            writeTrace(name.replace(':', '-') + "-" + runName + ".txt", header + "\n" + msg + "\n");
        }
        Row row = Row.of(List.of(name, property, "Lincheck", expected, got, states, "-",
                String.format(java.util.Locale.ROOT, "%.1f", secs), ok ? Row.OK : Row.FAIL, runName));
        appendRow(Paths.get(file), row);
        System.out.println("ROW " + row.line());
        // The JVM's CPU seconds during the check (all its threads): a cost that load does not inflate much.
        System.out.println(String.format(java.util.Locale.ROOT, "ROW-CPU %s/%s %.1f s wall %.1f s cpu", name, runName, secs, cpu));
        Assertions.assertTrue(ok, name + " / " + runName + ": got " + got + ", expected " + expected + "; see the log above");
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    private static void writeTrace(String name, String text) {
        try {
            Path dir = Paths.get(System.getProperty("lincheck.traces", "target/lincheck-traces"));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("could not write trace " + name + ": " + e);
        }
    }

    private static synchronized void appendRow(Path f, Row row) {
        try {
            Row.append(f, row);
        } catch (IOException e) {
            throw new AssertionError("cannot write the results row: " + e, e);
        }
    }
}
