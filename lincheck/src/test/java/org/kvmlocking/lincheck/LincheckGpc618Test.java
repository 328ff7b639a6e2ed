package org.kvmlocking.lincheck;

import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Lincheck over the gfn-to-pfn cache of Linux 6.18 (org.kvmlocking.kvm618.gpc): one results row
 * per test, its property, expected verdict and run name from lincheck/checks.tsv (rows whose
 * test is LincheckGpc618Test#...). The adopted cache (adopted_gpc_618) in every hand-written
 * scenario must hold; each seeded mutant, in the scenario that reaches its bug, must be caught.
 * Operations: {@link LincheckGpc618Ops}. Model checking with hand-written scenarios only
 * (random ones mostly hit a valid cache and an idle refresh).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LincheckGpc618Test {
    // Sizes (issue 29; LincheckDesignsTest's profiles: default, medium = 1,000 per scenario, the
    // size until issue 29, large = 10,000). Deterministic (LincheckDesignsTest). Measured
    // (2026-12-06, ladder 1/2/5/10/20/50/100/200/500/700/1,000 invocations): every mutant caught
    // within 20 invocations of its scenario but deactivate_list_first (within 100, not 50) and
    // seq_before_count (refresh during an invalidation: holds at 700, caught at 1,000). Each
    // scenario of the adopted row gets the size at which its mutants are caught, and their rows
    // run at that size (a change that moved the catch beyond fails the row).
    static final int REFRESH = LincheckRun.size(1_000, 1_000, 10_000);
    static final int DEACTIVATION = LincheckRun.size(100, 1_000, 10_000);
    static final int SHALLOW = LincheckRun.size(20, 1_000, 10_000);
    // The mutants' rows: REFRESH (a failing check stops at its first failure).
    static final int INVOCATIONS = REFRESH;

    // ------------------------------------------------------------------ the scenarios

    /** The cache was invalidated (init: remap); a refresh against a second remap of its page. */
    static ExecutionScenario refreshDuringAnInvalidation() {
        return scenario(List.of(op("remap")), thread(op("refresh")), thread(op("remap")));
    }

    /** A user of the valid cache against a remap of its page. */
    static ExecutionScenario useDuringAnInvalidation() {
        return scenario(List.of(), thread(op("use")), thread(op("remap")));
    }

    /** An HVA-based cache of hva 0 (init) re-activated at hva 1 against a user. */
    static ExecutionScenario reactivationDuringAUse() {
        return scenario(List.of(op("activateHva0")), thread(op("activateHva1")), thread(op("use")));
    }

    /** The cache was invalidated (init: remap); two refreshes at once. */
    static ExecutionScenario twoRefreshes() {
        return scenario(List.of(op("remap")), thread(op("refresh")), thread(op("refresh")));
    }

    /** A deactivation against a remap of the cache's page followed by a use. */
    static ExecutionScenario deactivationDuringAnInvalidation() {
        return scenario(List.of(), thread(op("deactivate")), thread(op("remap"), op("use")));
    }

    /** A delete of the cache's memslot against a use. */
    static ExecutionScenario useDuringAMemslotDelete() {
        return scenario(List.of(), thread(op("deleteSlot0")), thread(op("use")));
    }

    static Actor op(String name) {
        return Scenarios.op(LincheckGpc618Ops.class, name);
    }

    static List<Actor> thread(Actor... actors) {
        return Scenarios.thread(actors);
    }

    /** init, then the parallel threads, validated by LincheckGpc618Ops.checkInvariants. */
    @SafeVarargs
    static ExecutionScenario scenario(List<Actor> init, List<Actor>... threads) {
        return Scenarios.scenario(LincheckGpc618Ops.class, init, threads);
    }

    static ModelCheckingOptions targeted(ExecutionScenario... scenarios) {
        return targeted(INVOCATIONS, scenarios);
    }

    static ModelCheckingOptions targeted(int invocations, ExecutionScenario... scenarios) {
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(invocations)
                .minimizeFailedScenario(false);
        for (ExecutionScenario s : scenarios) {
            o.addCustomScenario(s);
        }
        return o;
    }

    // ------------------------------------------------------------------ the row

    /** A mutant's row: its scenario at the size the adopted row gives that scenario. */
    static void row(String design, String runName, int invocations, ExecutionScenario scenario) {
        row(design, runName, "1x" + invocations, java.util.List.of(targeted(invocations, scenario)));
    }

    /**
     * Runs the checks.tsv row of design and run with options through {@link LincheckRun#run}, the
     * runner of every other Lincheck row (the same classification, trace file, results row and
     * -Dlincheck.design selection); fails unless expected.
     */
    static void row(String design, String runName, String states, java.util.List<ModelCheckingOptions> options) {
        Catalog.Check c = Catalog.of(design, runName);
        LincheckRun.assumeSelected(design);
        LincheckRun.run(design, () -> LincheckGpc618Ops.configure(design), c.property(), c.expected(),
                states, runName, options, LincheckGpc618Ops.class,
                LincheckRun.resultsFile());
    }

    // ------------------------------------------------------------------ adopted_gpc_618

    @Test
    @Order(1)
    void adoptedTargeted() {
        row("adopted_gpc_618", "targeted-model-checking", "1x" + REFRESH + "+1x" + DEACTIVATION + "+4x" + SHALLOW,
                java.util.List.of(targeted(REFRESH, refreshDuringAnInvalidation()), targeted(DEACTIVATION, deactivationDuringAnInvalidation()),
                        targeted(SHALLOW, useDuringAnInvalidation(), reactivationDuringAUse(), twoRefreshes(), useDuringAMemslotDelete())));
    }

    // ------------------------------------------------------------------ the mutants

    @Test
    @Order(10)
    void inProgress() {
        row("in_progress_gpc_618", "targeted-refresh-during-an-invalidation", REFRESH, refreshDuringAnInvalidation());
    }

    @Test
    @Order(11)
    void seqBeforeCount() {
        row("seq_before_count_gpc_618", "targeted-refresh-during-an-invalidation", REFRESH, refreshDuringAnInvalidation());
    }

    @Test
    @Order(12)
    void noSeq() {
        row("no_seq_gpc_618", "targeted-refresh-during-an-invalidation", REFRESH, refreshDuringAnInvalidation());
    }

    @Test
    @Order(13)
    void invalidateBeforeCount() {
        row("invalidate_before_count_gpc_618", "targeted-refresh-during-an-invalidation", REFRESH, refreshDuringAnInvalidation());
    }

    @Test
    @Order(14)
    void readLockInvalidate() {
        row("read_lock_invalidate_gpc_618", "targeted-use-during-an-invalidation", SHALLOW, useDuringAnInvalidation());
    }

    @Test
    @Order(15)
    void noClearValid() {
        row("no_clear_valid_gpc_618", "targeted-reactivation-during-a-use", SHALLOW, reactivationDuringAUse());
    }

    @Test
    @Order(16)
    void noRefreshLock() {
        row("no_refresh_lock_gpc_618", "targeted-two-refreshes", SHALLOW, twoRefreshes());
    }

    @Test
    @Order(17)
    void deactivateListFirst() {
        row("deactivate_list_first_gpc_618", "targeted-deactivation-during-an-invalidation", DEACTIVATION, deactivationDuringAnInvalidation());
    }

    @Test
    @Order(18)
    void deactivateNested() {
        row("deactivate_nested_gpc_618", "targeted-deactivation-during-an-invalidation", DEACTIVATION, deactivationDuringAnInvalidation());
    }

    @Test
    @Order(19)
    void noGenerationCheck() {
        row("no_generation_check_gpc_618", "targeted-use-during-a-memslot-delete", SHALLOW, useDuringAMemslotDelete());
    }

    @Test
    @Order(20)
    void noRecheck() {
        // A finding, not a red: holds at the size adopted's row gives this scenario (SHALLOW; was 1,000).
        row("no_recheck_gpc_618", "targeted-use-during-an-invalidation", "1x" + SHALLOW,
                java.util.List.of(targeted(SHALLOW, useDuringAnInvalidation())));
    }
}
