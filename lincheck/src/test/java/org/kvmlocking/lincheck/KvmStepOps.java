package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * {@link KvmOpsBase} plus invalidate_range_start and invalidate_range_end as separate steps, for
 * hand-written scenarios only (run with iterations(0)): every start has its end on the same
 * thread, as the primary MMU guarantees and the ghost state requires. No @Validate: a violation
 * shows only through the per-step checks, as invalid results; {@link KvmTargetedOps} adds it.
 */
public class KvmStepOps extends KvmOpsBase {
    /** invalidate_range_start (mm_notifier side of zap/migrate), before the primary PTE change. */
    @Operation
    public void start(@Param(name = "range") int r) {
        kvm.invalidateRangeStart(RANGES[r]);
    }

    /** The primary page-table change (fresh frames), then invalidate_range_end. */
    @Operation
    public void end(@Param(name = "range") int r) {
        mm.replacePtes(RANGES[r]);
        kvm.invalidateRangeEnd(RANGES[r]);
    }
}
