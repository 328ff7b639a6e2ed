package org.kvmlocking.lincheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Options;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one Lincheck check of the 6.18 code as a results row, as {@link LincheckRun} does for
 * 5.15 (same verdict classification, {@link LincheckRun#classify}; same row format; same
 * -Dlincheck.design selection and trace files), but configuring {@link Kvm618Ops} by design name
 * (the 6.18 designs are not in org.kvmlocking.kvm.Design). Also builds hand-written scenarios
 * over {@link Kvm618Ops}.
 */
final class Lincheck618Run {
    private Lincheck618Run() {
    }

    /**
     * Configures the instances, runs the check, writes the row, fails the test unless got = expected.
     *
     * @param states what was explored, as "scenarios x invocations"
     */
    static void row(String design, boolean checks, boolean late, String throwOnly, String property, String expected,
            String states, String runName, Options<?, ?> options) {
        row(design, checks, late, throwOnly, property, expected, states, runName, options, Kvm618Ops.class);
    }

    /** As above on testClass: {@link Kvm618Ops} (validated) or {@link Kvm618StepOps} (per-step checks only). */
    static void row(String design, boolean checks, boolean late, String throwOnly, String property, String expected,
            String states, String runName, Options<?, ?> options, Class<?> testClass) {
        String sel = System.getProperty("lincheck.design", "all");
        Assumptions.assumeTrue(sel.isEmpty() || sel.equals("all") || sel.equals(design), "design " + design + " not selected");
        Kvm618StepOps.configure(design, checks, late, throwOnly);
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
        String got = other != null ? "error:" + other.getClass().getSimpleName() : LincheckRun.classify(msg);
        boolean ok = got.equals(expected);
        if (msg != null) {
            String header = "=== " + design + " / " + runName + ": " + got + " (expected " + expected + ") ===";
            System.out.println(header);
            System.out.println(msg);
            if (other != null) {
                other.printStackTrace(System.out);
            }
            writeTrace(design + "-" + runName + ".txt", header + "\n" + msg + "\n");
        }
        String line = String.join("\t", design, property, "Lincheck", expected, got, states, "-",
                String.format(java.util.Locale.ROOT, "%.1f", secs), ok ? "ok" : "FAIL", runName);
        appendRow(line);
        System.out.println("ROW " + line);
        Assertions.assertEquals(expected, got, design + " / " + runName + ": unexpected outcome; see the log above");
    }

    /** One actor: a method of Kvm618Ops and its int arguments. */
    static Actor op(String name, int... args) {
        for (Method m : Kvm618Ops.class.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                List<Object> a = new ArrayList<>();
                for (int x : args) {
                    a.add(x);
                }
                return new Actor(m, a, false, false, false, false, false);
            }
        }
        throw new IllegalArgumentException("no operation " + name + "/" + args.length);
    }

    static List<Actor> thread(Actor... actors) {
        return Arrays.asList(actors);
    }

    /** A scenario of parallel threads, no init or post part, validated by Kvm618Ops.checkInvariants. */
    @SafeVarargs
    static ExecutionScenario scenario(List<Actor>... threads) {
        try {
            Actor validate = new Actor(Kvm618Ops.class.getMethod("checkInvariants"), new ArrayList<>(), false, false, false, false, false);
            return new ExecutionScenario(new ArrayList<>(), Arrays.asList(threads), new ArrayList<>(), validate);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The same scenario without the validation function: a per-step violation (which the
     * validation would also report, as recorded) then shows as the operation's exception.
     */
    static ExecutionScenario withoutValidation(ExecutionScenario s) {
        return new ExecutionScenario(s.getInitExecution(), s.getParallelExecution(), s.getPostExecution(), null);
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
