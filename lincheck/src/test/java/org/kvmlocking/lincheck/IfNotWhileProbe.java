package org.kvmlocking.lincheck;

import static org.kvmlocking.lincheck.Scenarios.init;
import static org.kvmlocking.lincheck.Scenarios.op;
import static org.kvmlocking.lincheck.Scenarios.scenario;
import static org.kvmlocking.lincheck.Scenarios.thread;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm.Design;

/**
 * Measurement only, skipped unless -Dlincheck.probe=N (invocations): one custom scenario
 * (-Dlincheck.probe.scenario=original|twoOnTwo|elided2|elided3) of one design
 * (-Dlincheck.probe.design, default if_not_while), model checking or stress
 * (-Dlincheck.probe.stress=true), optionally with widened windows (-Dlincheck.probe.widen=true),
 * fewer switch points (-Dlincheck.probe.atomic=true) and the updater's sleeps and re-tests
 * counted (-Dlincheck.probe.count=true: PROBE-EVENT lines). Prints one PROBE line.
 * Run: mvn -B -q -o -pl lincheck test -Dtest=IfNotWhileProbe -Dsurefire.failIfNoSpecifiedTests=false -Dlincheck.probe=2000 ...
 */
class IfNotWhileProbe {
    static ExecutionScenario pick(String name) {
        switch (name) {
            case "elided3":
                return scenario(init(), thread(op("start", 3), op("end", 3)), thread(op("start", 3), op("end", 3)),
                        thread(op("createSlot", 0)));
            case "elided2":
                return scenario(init(), thread(op("start", 3), op("end", 3), op("start", 3), op("end", 3)),
                        thread(op("createSlot", 0)));
            case "flagsOnly":
                return Scenarios.flagsOnlyDuringAnInvalidation();
            case "twoOnTwo":
                return Scenarios.twoInvalidationsOnTwoThreads();
            default:
                return Scenarios.twoInvalidationsAroundOneUpdate();
        }
    }

    /**
     * Per instance: the updater's wait test found invalidations (slept), found them again after a
     * wake-up (retested), a start counted itself between the updater's wake-up and its relock
     * (woken-then-overtaken). Printed as PROBE-EVENT lines: Lincheck restores static fields
     * between invocations, so the static counts only cover the last one.
     */
    static final class Counter implements org.kvmlocking.kvm.StepObserver {
        static int slept;
        static int retested;
        static int wokenThenOvertaken;
        private int busyTests;
        private boolean woken;

        @Override
        public void step(org.kvmlocking.kvm.Step step, Object value) {
            if (step == org.kvmlocking.kvm.Step.InstallWaitTest && Boolean.TRUE.equals(value)) {
                busyTests++;
                if (busyTests == 1) {
                    slept++;
                    System.out.println("PROBE-EVENT slept");
                } else if (busyTests == 2) {
                    retested++;
                    System.out.println("PROBE-EVENT retested");
                }
            }
            if (step == org.kvmlocking.kvm.Step.InstallSchedule) {
                woken = true;
            }
            if (step == org.kvmlocking.kvm.Step.StartIncActive && woken) {
                wokenThenOvertaken++;
                System.out.println("PROBE-EVENT woken-then-overtaken");
                woken = false;
            }
            if (step == org.kvmlocking.kvm.Step.InstallRelockMn) {
                woken = false;
            }
        }
    }

    @Test
    void probe() {
        int n = Integer.getInteger("lincheck.probe", 0);
        Assumptions.assumeTrue(n > 0);
        String which = System.getProperty("lincheck.probe.scenario", "original");
        KvmOpsBase.configure(Design.javaByName(System.getProperty("lincheck.probe.design", "if_not_while")),
                Boolean.getBoolean("lincheck.probe.checks"));
        if (Boolean.getBoolean("lincheck.probe.count")) {
            KvmOpsBase.probe = Counter::new;
        }
        boolean stress = Boolean.getBoolean("lincheck.probe.stress");
        KvmOpsBase.widenWindows(Boolean.getBoolean("lincheck.probe.widen"));
        long t0 = System.nanoTime();
        String got;
        try {
            if (stress) {
                new StressOptions().iterations(0).invocationsPerIteration(n).minimizeFailedScenario(false)
                        .sequentialSpecification(KvmSpec.class).addCustomScenario(pick(which)).check(KvmTargetedOps.class);
            } else {
                ModelCheckingOptions o = new ModelCheckingOptions();
                if (Boolean.getBoolean("lincheck.probe.atomic")) {
                    // Fewer switch points: the ghost bookkeeping as one step, the observers not at all.
                    o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses("org.kvmlocking.kvm.Ghost").allMethods().treatAsAtomic());
                    o.addGuarantee(ManagedStrategyGuaranteeKt.forClasses("org.kvmlocking.lincheck.KvmOpsBase$1",
                            "org.kvmlocking.kvm.StepObserver$1", "org.kvmlocking.lincheck.IfNotWhileProbe$Counter")
                            .allMethods().ignore());
                }
                o.iterations(0).invocationsPerIteration(n).minimizeFailedScenario(false)
                        .sequentialSpecification(KvmSpec.class).addCustomScenario(pick(which)).check(KvmTargetedOps.class);
            }
            got = "holds";
        } catch (AssertionError e) {
            got = LincheckRun.classify(e.getMessage());
            if (Boolean.getBoolean("lincheck.probe.print")) {
                System.out.println(e.getMessage());
            }
        } finally {
            KvmOpsBase.widenWindows(false);
        }
        System.out.printf("PROBE %s%s %s %s invocations=%d seconds=%.1f got=%s slept=%d retested=%d woken-then-overtaken=%d%n",
                stress ? "stress" : "mc", Boolean.getBoolean("lincheck.probe.widen") ? "-widened" : "", which,
                System.getProperty("lincheck.probe.design", "if_not_while"), n, (System.nanoTime() - t0) / 1e9, got,
                Counter.slept, Counter.retested, Counter.wokenThenOvertaken);
        KvmOpsBase.probe = null;
    }

    /**
     * Measurement only, skipped unless -Dlincheck.probe.random=N (iterations of 1,000
     * invocations): the adopted design's random model checking in the large profile's shape
     * (3 threads x 3 operations), to look for false alarms of the fault results with three threads.
     */
    @Test
    void randomThreeThreads() {
        int n = Integer.getInteger("lincheck.probe.random", 0);
        Assumptions.assumeTrue(n > 0);
        KvmOpsBase.configure(Design.javaByName("adopted"), true);
        long t0 = System.nanoTime();
        String got;
        try {
            new ModelCheckingOptions().iterations(n).invocationsPerIteration(1_000).threads(3).actorsPerThread(3)
                    .actorsBefore(2).actorsAfter(1).sequentialSpecification(KvmSpec.class).check(KvmOps.class);
            got = "holds";
        } catch (AssertionError e) {
            got = LincheckRun.classify(e.getMessage());
            System.out.println(e.getMessage());
        }
        System.out.printf("PROBE random-3x3 adopted iterations=%d seconds=%.1f got=%s%n", n, (System.nanoTime() - t0) / 1e9, got);
    }
}
