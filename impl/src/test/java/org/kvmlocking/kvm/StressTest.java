package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Invalidations, memslot updates and page faults on real threads with the invariants checked at
 * every step and by a checker thread. The correct designs must hold them (an updater starved for
 * a while by a stream of invalidations is allowed: the scheme is not fair); each broken design
 * must be caught by its own mistake (the invariant it breaks, or the deadlock).
 */
class StressTest {
    private static final long SEED = 20210527L;

    /** stress.tsv: design -> expected (holds, hang, an invariant, or - for not stressed). */
    static java.util.Map<String, String> expectations() throws java.io.IOException {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        try (var in = StressTest.class.getResourceAsStream("/stress.tsv")) {
            for (String l : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (l.startsWith("#") || l.startsWith("design\t") || l.isBlank()) {
                    continue;
                }
                String[] f = l.split("\t");
                out.put(f[0], f[1]);
            }
        }
        return out;
    }

    static java.util.stream.Stream<String> holding() throws java.io.IOException {
        return expectations().entrySet().stream().filter(e -> e.getValue().equals("holds")).map(java.util.Map.Entry::getKey);
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> broken() throws java.io.IOException {
        return expectations().entrySet().stream().filter(e -> !e.getValue().equals("holds") && !e.getValue().equals("-"))
                .map(e -> org.junit.jupiter.params.provider.Arguments.of(e.getKey(), e.getValue()));
    }

    /**
     * Every Linux 5.15 design with Java code (designs.tsv) has its row in stress.tsv, and every
     * row names such a design: a new design or caller cannot be left out of the stress run by
     * not knowing the list exists.
     */
    @Test
    void everyJavaDesignOf515HasItsStressRow() throws java.io.IOException {
        java.util.Map<String, String> rows = expectations();
        for (Design d : Design.all()) {
            if (d.hasJava() && d.javaClass().startsWith("org.kvmlocking.kvm.")) {
                assertTrue(rows.containsKey(d.name()), "designs.tsv's " + d.name() + " has no row in impl/src/test/resources/stress.tsv:"
                        + " add one (design, expected: holds, hang, the invariant it breaks, or - with the reason)");
            }
        }
        for (String name : rows.keySet()) {
            assertTrue(Design.javaByName(name).javaClass().startsWith("org.kvmlocking.kvm."), name + ": not a 5.15 Java design");
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("holding")
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void correctDesignsHoldTheInvariants(String name) throws InterruptedException {
        Design d = Design.javaByName(name);
        Stress.Result r = new Stress(d, SEED, true, true, 3, 2, 3000).run(3000);
        System.out.println(d + ": " + r.describe());
        assertFalse(r.failed(), d + ": " + r.describe());
        assertTrue(r.installs > 10 && r.faultsInstalled > 10 && r.invalidations > 100, r.describe());
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void adoptedDesignWithoutNoiseOrPerStepChecks() throws InterruptedException {
        Stress.Result r = new Stress(Design.javaByName("adopted"), SEED + 1, false, false, 2, 2, 3000).run(2000);
        System.out.println("ADOPTED (no noise, no per-step checks): " + r.describe());
        assertFalse(r.failed(), r.describe());
    }

    /**
     * The starvation the seed admits is not a hang: with four invalidators, operations (the
     * updater behind a stream of invalidations) wait a while (over 2 ms here) while other threads
     * go on; that is counted as starvation, not failed, and every operation finishes once the
     * invalidations stop. A hang needs an operation stuck for the whole hang timeout while no
     * other operation completes, or one that does not finish after the workers stop.
     */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void adoptedStarvationIsNotReportedAsAHang() throws InterruptedException {
        Stress.Result r = new Stress(Design.javaByName("adopted"), SEED + 2, true, true, 4, 1, 1500).starveMillis(2).run(2000);
        System.out.println("ADOPTED (starved after 2 ms): " + r.describe());
        assertFalse(r.failed(), r.describe());
        assertTrue(r.starved > 0, "no memslot update waited longer than 2 ms: " + r.describe());
    }

    /**
     * ElisionOnly without per-step checks, looking only at the state: the imbalance
     * (count below zero: the kernel's BUG_ON; or stuck above zero) or a stale mapping shows up.
     */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void elisionWithoutBlockingBreaksBalanceOrCoherence() throws InterruptedException {
        Stress.Result r = null;
        long seed = SEED;
        long t0 = System.currentTimeMillis();
        while (System.currentTimeMillis() - t0 < 8000) {
            r = new Stress(Design.javaByName("elision_only"), seed++, false, true, 3, 2, 1500).stateInvariantsOnly().run(3000);
            if (r.failed()) {
                break;
            }
        }
        System.out.println("ELISION_WITHOUT_BLOCKING (state only) caught after " + (seed - SEED) + " run(s): "
                + r.describe().split("\n")[0]);
        assertTrue(r.failure instanceof InvariantViolation, r.describe());
        String inv = ((InvariantViolation) r.failure).invariant();
        assertTrue(inv.equals("Balance") || inv.equals("NotifierCountNonNegative") || inv.equals("Coherence"), r.describe());
    }

    /**
     * Each broken design is caught by its own mistake: the invariant its spec counterpart breaks
     * (per-step checks on, so the first violation is thrown at the step), or for the fair rwsem
     * the deadlock of the seed (a hang; no invariant breaks before it).
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("broken")
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void brokenDesignsAreCaught(String name, String expected) throws InterruptedException {
        Design d = Design.javaByName(name);
        Stress.Result r = null;
        long seed = SEED;
        long t0 = System.currentTimeMillis();
        // Several short seeded runs, within a bounded total time.
        while (System.currentTimeMillis() - t0 < 8000) {
            r = new Stress(d, seed++, true, true, 3, 2, 1500).run(3000);
            if (r.failed()) {
                break;
            }
        }
        System.out.println(d + " caught after " + (seed - SEED) + " run(s): " + r.describe().split("\\n")[0]);
        assertTrue(r.failed(), d + " was not caught: " + r.describe());
        if (expected.equals("hang")) {
            assertTrue(r.hang != null, d + ": expected a hang, got " + r.describe());
        } else {
            assertTrue(r.failure instanceof InvariantViolation, d + ": expected " + expected + ", got " + r.describe());
            assertEquals(expected, ((InvariantViolation) r.failure).invariant(), r.describe());
        }
    }
}
