package org.kvmlocking.lincheck;

import static org.kvmlocking.lincheck.Scenarios.init;
import static org.kvmlocking.lincheck.Scenarios.op;
import static org.kvmlocking.lincheck.Scenarios.scenario;
import static org.kvmlocking.lincheck.Scenarios.thread;

import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm.Design;

/** Measurement only (-Dlincheck.probe=N invocations): how far Lincheck's model checker gets on if_not_while. */
class IfNotWhileProbe {
    static ExecutionScenario pick(String name) {
        switch (name) {
            case "elided3":
                return scenario(init(), thread(op("start", 3), op("end", 3)), thread(op("start", 3), op("end", 3)),
                        thread(op("createSlot", 0)));
            case "elided2":
                return scenario(init(), thread(op("start", 3), op("end", 3), op("start", 3), op("end", 3)),
                        thread(op("createSlot", 0)));
            case "twoOnTwo":
                return Scenarios.twoInvalidationsOnTwoThreads();
            default:
                return Scenarios.twoInvalidationsAroundOneUpdate();
        }
    }

    @Test
    void probe() {
        int n = Integer.getInteger("lincheck.probe", 0);
        Assumptions.assumeTrue(n > 0);
        String which = System.getProperty("lincheck.probe.scenario", "original");
        KvmOpsBase.configure(Design.javaByName(System.getProperty("lincheck.probe.design", "if_not_while")), false);
        long t0 = System.nanoTime();
        String got;
        try {
            ModelCheckingOptions o = new ModelCheckingOptions();
            if (Boolean.getBoolean("lincheck.probe.atomic")) {
                o.addGuarantee(org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt
                        .forClasses("org.kvmlocking.kvm.Ghost").allMethods().treatAsAtomic());
                o.addGuarantee(org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt
                        .forClasses("org.kvmlocking.lincheck.KvmOpsBase$1", "org.kvmlocking.kvm.StepObserver$1").allMethods().ignore());
            }
            o.iterations(0).invocationsPerIteration(n).minimizeFailedScenario(false)
                    .sequentialSpecification(KvmSpec.class).addCustomScenario(pick(which)).check(KvmTargetedOps.class);
            got = "holds";
        } catch (AssertionError e) {
            got = LincheckRun.classify(e.getMessage());
        }
        System.out.printf("PROBE %s %s invocations=%d seconds=%.1f got=%s%n", which,
                System.getProperty("lincheck.probe.design", "if_not_while"), n, (System.nanoTime() - t0) / 1e9, got);
    }
}
