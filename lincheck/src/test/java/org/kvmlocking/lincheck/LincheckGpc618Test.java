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
    static final int INVOCATIONS = LincheckRun.large() ? 10_000 : 1_000;

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
        ModelCheckingOptions o = new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(INVOCATIONS)
                .minimizeFailedScenario(false);
        for (ExecutionScenario s : scenarios) {
            o.addCustomScenario(s);
        }
        return o;
    }

    // ------------------------------------------------------------------ the row

    /**
     * Runs the checks.tsv row of design and run with options through {@link LincheckRun#run}, the
     * runner of every other Lincheck row (the same classification, trace file, results row and
     * -Dlincheck.design selection); fails unless expected.
     */
    static void row(String design, String runName, int scenarios, ModelCheckingOptions options) {
        Catalog.Check c = Catalog.of(design, runName);
        LincheckRun.assumeSelected(design);
        LincheckRun.run(design, () -> LincheckGpc618Ops.configure(design), c.property(), c.expected(),
                scenarios + "x" + INVOCATIONS, runName, options, LincheckGpc618Ops.class,
                System.getProperty("check.results", "target/lincheck-results.tsv"));
    }

    // ------------------------------------------------------------------ adopted_gpc_618

    @Test
    @Order(1)
    void adoptedTargeted() {
        row("adopted_gpc_618", "targeted-model-checking", 6, targeted(refreshDuringAnInvalidation(), useDuringAnInvalidation(),
                reactivationDuringAUse(), twoRefreshes(), deactivationDuringAnInvalidation(), useDuringAMemslotDelete()));
    }

    // ------------------------------------------------------------------ the mutants

    @Test
    @Order(10)
    void inProgress() {
        row("in_progress_gpc_618", "targeted-refresh-during-an-invalidation", 1, targeted(refreshDuringAnInvalidation()));
    }

    @Test
    @Order(11)
    void seqBeforeCount() {
        row("seq_before_count_gpc_618", "targeted-refresh-during-an-invalidation", 1, targeted(refreshDuringAnInvalidation()));
    }

    @Test
    @Order(12)
    void noSeq() {
        row("no_seq_gpc_618", "targeted-refresh-during-an-invalidation", 1, targeted(refreshDuringAnInvalidation()));
    }

    @Test
    @Order(13)
    void invalidateBeforeCount() {
        row("invalidate_before_count_gpc_618", "targeted-refresh-during-an-invalidation", 1, targeted(refreshDuringAnInvalidation()));
    }

    @Test
    @Order(14)
    void readLockInvalidate() {
        row("read_lock_invalidate_gpc_618", "targeted-use-during-an-invalidation", 1, targeted(useDuringAnInvalidation()));
    }

    @Test
    @Order(15)
    void noClearValid() {
        row("no_clear_valid_gpc_618", "targeted-reactivation-during-a-use", 1, targeted(reactivationDuringAUse()));
    }

    @Test
    @Order(16)
    void noRefreshLock() {
        row("no_refresh_lock_gpc_618", "targeted-two-refreshes", 1, targeted(twoRefreshes()));
    }

    @Test
    @Order(17)
    void deactivateListFirst() {
        row("deactivate_list_first_gpc_618", "targeted-deactivation-during-an-invalidation", 1, targeted(deactivationDuringAnInvalidation()));
    }

    @Test
    @Order(18)
    void deactivateNested() {
        row("deactivate_nested_gpc_618", "targeted-deactivation-during-an-invalidation", 1, targeted(deactivationDuringAnInvalidation()));
    }

    @Test
    @Order(19)
    void noGenerationCheck() {
        row("no_generation_check_gpc_618", "targeted-use-during-a-memslot-delete", 1, targeted(useDuringAMemslotDelete()));
    }

    @Test
    @Order(20)
    void noRecheck() {
        row("no_recheck_gpc_618", "targeted-use-during-an-invalidation", 1, targeted(useDuringAnInvalidation()));
    }
}
