package org.kvmlocking.lincheck;

import org.kvmlocking.kvm.Design;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
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
    private static final Pattern VIOLATION = Pattern.compile("InvariantViolation: ([A-Za-z]+):");
    /** An exception an operation threw, in Lincheck's list after the interleaving ("#1: ..."). */
    private static final Pattern THROWN = Pattern.compile("(?m)^#\\d+: org\\.kvmlocking\\.kvm\\.InvariantViolation: ([A-Za-z]+):");

    private LincheckRun() {
    }

    static boolean large() {
        return "large".equals(System.getProperty("lincheck.profile", "default"));
    }

    /** Skips the test unless its design is selected by -Dlincheck.design (all by default). */
    static void assumeSelected(Design d) {
        String sel = System.getProperty("lincheck.design", "all");
        Assumptions.assumeTrue(sel.isEmpty() || sel.equals("all") || sel.equals(d.name()), "design " + d.name() + " not selected");
    }

    /**
     * The outcome of a Lincheck message: holds, hung, violates:X (invalid results, or a hang,
     * with an InvariantViolation thrown by an operation), validation:X, nonlinearizable (invalid results
     * and no operation threw: the results are those of no sequential run of {@link KvmSpec}),
     * invalid-results (some other exception among the results).
     */
    static String classify(String msg) {
        if (msg == null) {
            return "holds";
        }
        Matcher m = VIOLATION.matcher(msg);
        String inv = m.find() ? m.group(1) : null;
        if (msg.contains("= The execution has hung =")) {
            // A per-step check that threw under a kernel lock (kernel-BUG semantics: the lock is
            // never released) makes the other threads hang: the verdict is the invariant that
            // broke, as listed among the operations' exceptions (not a violation only recorded).
            Matcher thrown = THROWN.matcher(msg);
            return thrown.find() ? "violates:" + thrown.group(1) : "hung";
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
        String first = msg.strip().split("\n", 2)[0];
        return "other:" + first.replaceAll("[^A-Za-z0-9 _-]", "").strip().replace(' ', '-');
    }

    /**
     * Configures the instances, runs the check on testClass, writes the row.
     *
     * @param states what was explored, as "scenarios x invocations" (bounds; a failure stops early)
     */
    static void row(Design design, boolean checks, String property, String expected, String states, String runName,
            Options<?, ?> options, Class<?> testClass) {
        assumeSelected(design);
        KvmOpsBase.configure(design, checks);
        long t0 = System.nanoTime();
        String msg = null;
        Throwable other = null;
        try {
            options.check(testClass);
        } catch (AssertionError e) {
            msg = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (Throwable e) {
            other = e;
            msg = e.toString();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        String got = other != null ? "error:" + other.getClass().getSimpleName() : classify(msg);
        boolean ok = got.equals(expected);
        if (msg != null) {
            String header = "=== " + design.name() + " / " + runName + ": " + got + " (expected " + expected + ") ===";
            System.out.println(header);
            System.out.println(msg);
            if (other != null) {
                other.printStackTrace(System.out);
            }
            writeTrace(design.name() + "-" + runName + ".txt", header + "\n" + msg + "\n");
        }
        String line = String.join("\t", design.name(), property, "Lincheck", expected, got, states, "-",
                String.format(java.util.Locale.ROOT, "%.1f", secs), ok ? "ok" : "FAIL", runName);
        appendRow(line);
        System.out.println("ROW " + line);
        Assertions.assertEquals(expected, got, design.name() + " / " + runName + ": unexpected outcome; see the log above");
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

    private static synchronized void appendRow(String line) {
        try {
            Path f = Paths.get(System.getProperty("check.results", "target/lincheck-results.tsv"));
            if (f.getParent() != null) {
                Files.createDirectories(f.getParent());
            }
            Files.writeString(f, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new AssertionError("cannot write the results row: " + e, e);
        }
    }
}
