package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Invalidations, memslot updates and page faults on real threads with the invariants checked at
 * every step and by a checker thread. The correct designs must hold them; each broken design must
 * be caught (an invariant violation, or a hang detected by a timeout).
 */
class StressTest {
    private static final long SEED = 20210527L;

    @ParameterizedTest
    @EnumSource(value = Design.class, names = {"ADOPTED", "RECURSIVE_READER_RWSEM"})
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void correctDesignsHoldTheInvariants(Design d) throws InterruptedException {
        Stress.Result r = new Stress(d, SEED, true, true, 3, 2, 3000).run(3000);
        System.out.println(d + ": " + r.describe());
        assertFalse(r.failed(), d + ": " + r.describe());
        assertTrue(r.installs > 10 && r.faultsInstalled > 10 && r.invalidations > 100, r.describe());
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void adoptedDesignWithoutNoiseOrPerStepChecks() throws InterruptedException {
        Stress.Result r = new Stress(Design.ADOPTED, SEED + 1, false, false, 2, 2, 3000).run(2000);
        System.out.println("ADOPTED (no noise, no per-step checks): " + r.describe());
        assertFalse(r.failed(), r.describe());
    }

    /**
     * ElisionWithoutBlocking without per-step checks, looking only at the state: the imbalance
     * (count below zero: the kernel's BUG_ON; or stuck above zero) or a stale mapping shows up.
     */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void elisionWithoutBlockingBreaksBalanceOrCoherence() throws InterruptedException {
        Stress.Result r = null;
        long seed = SEED;
        long t0 = System.currentTimeMillis();
        while (System.currentTimeMillis() - t0 < 8000) {
            r = new Stress(Design.ELISION_WITHOUT_BLOCKING, seed++, false, true, 3, 2, 1500).stateInvariantsOnly().run(3000);
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

    @ParameterizedTest
    @EnumSource(value = Design.class, names = {"FAIR_RWSEM_WITH_PSEUDO_LOCK", "ELISION_WITHOUT_BLOCKING", "LOST_WAKE_UP",
        "IF_INSTEAD_OF_WHILE", "NO_WAIT_LOOP"})
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void brokenDesignsAreCaught(Design d) throws InterruptedException {
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
    }
}
