package org.kvmlocking.lincheck;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Options;

/**
 * Runs one Lincheck check of the 6.18 code as a results row through {@link LincheckRun#run} (the
 * 5.15 rows' runner), configuring {@link Kvm618Ops} by design name (the 6.18 designs are not in
 * org.kvmlocking.kvm.Design). Also builds hand-written scenarios over {@link Kvm618Ops}.
 */
final class Lincheck618Run {
    private Lincheck618Run() {
    }

    /**
     * Configures the instances, runs the check, writes the row, fails the test unless got meets expected.
     *
     * @param states what was explored, as "scenarios x invocations"
     */
    static void row(String design, boolean checks, boolean late, String throwOnly, String property, String expected,
            String states, String runName, Options<?, ?> options) {
        row(design, checks, late, throwOnly, property, expected, states, runName, options, Kvm618Ops.class);
    }

    /** The same with several option sets (scenarios with different invocation counts), checked in turn. */
    static void row(String design, boolean checks, boolean late, String throwOnly, String property, String expected,
            String states, String runName, List<? extends Options<?, ?>> options) {
        row(design, checks, late, throwOnly, property, expected, states, runName, options, Kvm618Ops.class);
    }

    /**
     * As above on testClass: {@link Kvm618Ops} (validated) or {@link Kvm618StepOps} (per-step
     * checks only). Run by {@link LincheckRun#run}, the runner of the 5.15 rows: the same
     * classification (an invariant thrown under a held lock names the row, not "hung":
     * {@link Kvm618StepOps} notes what its operations throw in {@link KvmOpsBase#THROWN}), the
     * same row, trace files and -Dlincheck.design selection.
     */
    static void row(String design, boolean checks, boolean late, String throwOnly, String property, String expected,
            String states, String runName, Options<?, ?> options, Class<?> testClass) {
        row(design, checks, late, throwOnly, property, expected, states, runName, List.of(options), testClass);
    }

    /** As above with several option sets, checked in turn until the first failure. */
    static void row(String design, boolean checks, boolean late, String throwOnly, String property, String expected,
            String states, String runName, List<? extends Options<?, ?>> options, Class<?> testClass) {
        LincheckRun.assumeSelected(design);
        LincheckRun.run(design, () -> Kvm618StepOps.configure(design, checks, late, throwOnly), property, expected, states,
                runName, options, testClass, LincheckRun.resultsFile());
    }

    /** One actor: a method of Kvm618Ops and its int arguments. */
    static Actor op(String name, int... args) {
        return Scenarios.op(Kvm618Ops.class, name, args);
    }

    static List<Actor> thread(Actor... actors) {
        return Scenarios.thread(actors);
    }

    /** A scenario of parallel threads, no init or post part, validated by Kvm618Ops.checkInvariants. */
    @SafeVarargs
    static ExecutionScenario scenario(List<Actor>... threads) {
        return Scenarios.scenario(Kvm618Ops.class, List.of(), threads);
    }

    /**
     * The same scenario without the validation function: a per-step violation (which the
     * validation would also report, as recorded) then shows as the operation's exception.
     */
    static ExecutionScenario withoutValidation(ExecutionScenario s) {
        return Scenarios.withoutValidation(s);
    }
}
