package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.kvmlocking.kvm.InvariantViolation;

/**
 * {@link KvmOpsBase} plus invalidate_range_start and invalidate_range_end as separate steps, for
 * hand-written scenarios only (run with iterations(0)): every start has its end on the same
 * thread, as the primary MMU guarantees and the ghost state requires. No @Validate: a violation
 * shows only through the per-step checks, as invalid results; {@link KvmTargetedOps} adds it.
 */
public class KvmStepOps extends KvmOpsBase {
    /**
     * Whether the instances created from now on let an end return after the kernel's BUG_ON
     * (always on) instead of throwing it: for the rows that validate another property of the
     * same run (LincheckReachTest's Coherence rows), as jpf's Driver.survivesBugOn.
     */
    static volatile boolean survivesBugOnNext;
    private final boolean survivesBugOn = survivesBugOnNext;

    /** invalidate_range_start (mm_notifier side of zap/migrate), before the primary PTE change. */
    @Operation
    public void start(@Param(name = "range") int r) {
        try {
            kvm.invalidateRangeStart(RANGES[r]);
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    /** The primary page-table change (fresh frames), then invalidate_range_end. */
    @Operation
    public void end(@Param(name = "range") int r) {
        try {
            mm.replacePtes(RANGES[r]);
            kvm.invalidateRangeEnd(RANGES[r]);
        } catch (InvariantViolation v) {
            if (survivesBugOn && v.invariant().equals("NotifierCountNonNegative")) {
                // The BUG_ON is range_end's last statement: the state after it is the one TLC's
                // counterexample goes on from; it stays recorded (the validation lists it).
                thrown(v);
                return;
            }
            throw thrown(v);
        }
    }

    /**
     * One page-fault attempt whose result is not compared: for a fault on a page that only one
     * of the racing invalidations covers, whose RETRY may come from another range's end (its
     * mmu_notifier_seq bump), which no sequential state explains (lincheck/README.md). What such
     * a scenario checks is its validation function (Coherence).
     */
    @Operation
    public void touch(@Param(name = "gfn") int gfn) {
        try {
            kvm.pageFault(gfn);
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }
}
