package org.kvmlocking.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Hand-written scenarios over {@link KvmTargetedOps}, built from Java without the Kotlin DSL.
 * Notation: {@code op("start", 0)} is invalidate_range_start of range 0 ([0, 2)), etc.
 */
final class Scenarios {
    private Scenarios() {
    }

    /** One actor: method name of KvmTargetedOps and its int arguments. */
    static Actor op(String name, int... args) {
        return op(KvmTargetedOps.class, name, args);
    }

    /** One actor: a method of the operations class ops (5.15, 6.18, the pfn cache) and its int arguments. */
    static Actor op(Class<?> ops, String name, int... args) {
        for (Method m : ops.getMethods()) {
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

    /** A scenario: init part, parallel threads, no post part, validation = checkInvariants. */
    @SafeVarargs
    static ExecutionScenario scenario(List<Actor> init, List<Actor>... threads) {
        return scenario(KvmTargetedOps.class, init, threads);
    }

    /** The same over the operations class ops, validated by its checkInvariants. */
    @SafeVarargs
    static ExecutionScenario scenario(Class<?> ops, List<Actor> init, List<Actor>... threads) {
        return new ExecutionScenario(new ArrayList<>(init), Arrays.asList(threads), new ArrayList<>(), validator(ops, "checkInvariants"));
    }

    /** The validation actor: the @Validate method of a test class (checkInvariants, checkBalance, checkCoherence). */
    static Actor validator(Class<?> testClass, String method) {
        try {
            return new Actor(testClass.getMethod(method), new ArrayList<>(), false, false, false, false, false);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** The same scenario without the validation function: a per-step check then shows as invalid results. */
    static ExecutionScenario withoutValidation(ExecutionScenario s) {
        return new ExecutionScenario(s.getInitExecution(), s.getParallelExecution(), s.getPostExecution(), null);
    }

    /**
     * The same scenario validated by one property only, for test class {@link KvmBalanceOps}
     * (checkBalance) or {@link KvmCoherenceOps} (checkCoherence): the row then reports that
     * property or nothing, whatever else the mutant breaks.
     */
    static ExecutionScenario validatedBy(Class<?> testClass, String method, ExecutionScenario s) {
        return new ExecutionScenario(s.getInitExecution(), s.getParallelExecution(), s.getPostExecution(),
                validator(testClass, method));
    }

    /** The same scenario with a post part (run after every thread finished). */
    static ExecutionScenario withPost(ExecutionScenario s, Actor... post) {
        return new ExecutionScenario(s.getInitExecution(), s.getParallelExecution(), Arrays.asList(post), s.getValidationFunction());
    }

    static List<Actor> init(Actor... actors) {
        return Arrays.asList(actors);
    }

    // ------------------------------------------------------------------ the targeted scenarios

    /** An update between a start and its end: the create must wait for the end (elided start, elided end). */
    static ExecutionScenario updateBetweenStartAndEnd() {
        return scenario(init(),
                thread(op("start", 0), op("end", 0)),
                thread(op("createSlot", 0)));
    }

    /** Two invalidations around one update: the update must re-test after the first end's wake-up. */
    static ExecutionScenario twoInvalidationsAroundOneUpdate() {
        return scenario(init(op("createSlot", 1)),
                thread(op("start", 2), op("end", 2), op("start", 1), op("end", 1)),
                thread(op("deleteSlot", 1)));
    }

    /** A vCPU fault between a start and its end, against a create: no stale SPTE may survive the end. */
    static ExecutionScenario faultBetweenStartAndEnd() {
        return scenario(init(),
                thread(op("start", 0), op("fault", 0), op("end", 0)),
                thread(op("createSlot", 0)));
    }

    /** A flags-only update during an invalidation of the slot, with a fault on it. */
    static ExecutionScenario flagsOnlyDuringAnInvalidation() {
        return scenario(init(op("createSlot", 0)),
                thread(op("start", 0), op("end", 0)),
                thread(op("setFlags", 0, 1), op("fault", 1)));
    }

    /** The seed's cycle: A between start and end, a queued writer, B's start (3 threads, whole invalidations). */
    static ExecutionScenario seedLockdepCycle() {
        return scenario(init(op("createSlot", 0)),
                thread(op("remap", 0)),
                thread(op("createSlot", 1)),
                thread(op("remap", 2)));
    }

    /**
     * A delete of the slot an invalidation covers, between its start and its end. Adopted: the
     * delete waits for the end. Without the exclusion: the start counts itself in
     * mmu_notifier_count (slot 1 overlaps [2, 4)), the end, seeing no slot, skips the decrement.
     */
    static ExecutionScenario deleteDuringAnInvalidation() {
        return scenario(init(op("createSlot", 1)),
                thread(op("start", 2), op("end", 2)),
                thread(op("deleteSlot", 1)));
    }

    /**
     * A create, then a fault on the new slot, during an invalidation of its hvas. Adopted: the
     * create waits for the end. Without the exclusion: the start is elided (no slot yet), the
     * fault maps the page the end then replaces.
     */
    static ExecutionScenario createAndFaultDuringAnInvalidation() {
        return scenario(init(),
                thread(op("start", 0), op("end", 0)),
                thread(op("createSlot", 0), op("fault", 0)));
    }

    /**
     * Two invalidations on two threads around one delete, with a fault on the hva both ranges
     * cover (hva 2: [2, 4) and [1, 3)) before it: the count can reach 2, KVM's range widens, the
     * wake-up comes from whichever ends last, and the other may start again between the
     * updater's wake-up and its relock... here each thread starts once, so the second start must
     * come after the first end's wake-up for the updater to have to re-test.
     */
    static ExecutionScenario twoInvalidationsOnTwoThreads() {
        return scenario(init(op("createSlot", 0), op("createSlot", 1)),
                thread(op("start", 2), op("end", 2)),
                thread(op("start", 1), op("end", 1)),
                thread(op("fault", 4), op("deleteSlot", 1)));
    }

    /**
     * Two invalidations of different ranges in flight ([0, 2) and [2, 4), on two threads) and a
     * vCPU fault on a page only the first covers (gfn 0, hva 0): while both are in flight, KVM's
     * mmu_notifier_range must be the union, or the fault maps the frame the first invalidation's
     * end then replaces. The fault's result is not compared ({@link KvmStepOps#touch}).
     */
    static ExecutionScenario twoRangesFaultOnAPageOnlyOneCovers() {
        return scenario(init(op("createSlot", 0), op("createSlot", 1)),
                thread(op("start", 0), op("end", 0)),
                thread(op("start", 2), op("end", 2)),
                thread(op("touch", 0)));
    }

    // ------------------------------------------------------------------ the kinds of TLC's counterexamples
    // One per kind of thread and operation in the counterexamples of the seeded designs'
    // configurations (lincheck/README.md, "Reach"): TLC's processes are an invalidation task
    // each, the updater and the vCPU, so each kind runs on a thread of its own here.

    /**
     * An invalidation, a create of the slot it covers on the updater's thread, a fault on that
     * slot's page on a vCPU thread (ElisionOnly_Coherence, LateCount_Coherence): the fault may
     * map the page the invalidation then replaces.
     */
    static ExecutionScenario createDuringAnInvalidationFaultOnAnotherThread() {
        return scenario(init(),
                thread(op("start", 0), op("end", 0)),
                thread(op("createSlot", 0)),
                thread(op("fault", 0)));
    }

    /**
     * Two invalidations of different ranges on two threads and a create of the slot the second
     * covers (IfNotWhile, IfNotWhile_Refinement: one invalidation ends and wakes the updater,
     * the other starts before it relocks).
     */
    static ExecutionScenario twoRangesAroundACreate() {
        return scenario(init(op("createSlot", 0)),
                thread(op("start", 0), op("end", 0)),
                thread(op("start", 2), op("end", 2)),
                thread(op("createSlot", 1)));
    }

    /** Two invalidations of the same range on two threads (RacyCount_TypeOK: their increments race), then an update. */
    static ExecutionScenario twoInvalidationsOfOneRangeThenAnUpdate() {
        return scenario(init(op("createSlot", 1)),
                thread(op("start", 2), op("end", 2)),
                thread(op("start", 2), op("end", 2)),
                thread(op("deleteSlot", 1)));
    }
}
