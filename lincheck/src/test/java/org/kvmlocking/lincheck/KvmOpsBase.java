package org.kvmlocking.lincheck;

import org.kvmlocking.kvm.Design;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.InvariantViolation;
import org.kvmlocking.kvm.Memslot;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.Step;
import org.kvmlocking.kvm.StepObserver;

/**
 * The operations a user of the API performs, for random scenarios: whole invalidations (as the
 * mm does them), memslot updates, a vCPU page fault and reads of the observable state. Start and
 * end of an invalidation are not separate operations here (a start without its end would make a
 * concurrent update wait forever); {@link KvmStepOps} adds them for hand-written scenarios.
 *
 * <p>Lincheck creates one instance per invocation with the no-argument constructor; the design
 * and the per-step check flag come from {@link #configure}, set by the JUnit test before it
 * calls {@code check()} (tests in a JVM run one after another).
 *
 * <p>No @Validate here: {@link KvmOps} and {@link KvmTargetedOps} add it; {@link KvmStepOps}
 * (per-step checks only) does not.
 *
 * <p>Model: 8 pages of hva and gfn space. Slot 0 is backed by hvas [0, 2), slot 1 by [2, 4);
 * both have 2 pages. Slot 0 lives at base gfn 0 or 2, slot 1 at 4 or 2 (so a move can clash).
 * Ranges: [0, 2) (slot 0), [1, 3) (both), [2, 4) (slot 1), [5, 7) (no slot: always elided).
 */
@Param(name = "range", gen = IntGen.class, conf = "0:3")
@Param(name = "id", gen = IntGen.class, conf = "0:1")
@Param(name = "which", gen = IntGen.class, conf = "0:1")
@Param(name = "gfn", gen = IntGen.class, conf = "0:5")
public class KvmOpsBase {
    static final int PAGES = 8;
    static final int SLOT_PAGES = 2;
    static final int[] SLOT_HVA = {0, 2};
    /** BASES[id][which]: the base gfns a slot may have; created at which = 0. */
    static final int[][] BASES = {{0, 2}, {4, 2}};
    static final HvaRange[] RANGES = {new HvaRange(0, 2), new HvaRange(1, 3), new HvaRange(2, 4), new HvaRange(5, 7)};
    /** -EINVAL, the result of a rejected memslot update. */
    static final int EINVAL = -22;

    /** The designs.tsv java column of the instances Lincheck creates (a design's, or a seeded mutant's class). */
    private static volatile String current = Design.javaByName("adopted").javaClass();
    private static volatile boolean currentChecks = true;

    private static volatile boolean currentWiden;
    /** Measurement only ({@link IfNotWhileProbe}): makes one more observer per instance, or null. */
    static volatile java.util.function.Supplier<StepObserver> probe;

    /**
     * Stress mode only: the instances created from now on sleep 1 ms on the acting thread right
     * after two protocol steps, StartUnlockMn (an invalidation has counted itself and dropped
     * mn_invalidate_lock) and InstallSchedule (the updater's schedule() returned), so that an
     * update lands inside an invalidation and a woken updater is overtaken by a new start. Not
     * for model checking (a sleep there is just one more event).
     */
    static void widenWindows(boolean on) {
        currentWiden = on;
    }

    /** Sets the design and the per-step check flag of the instances Lincheck creates from now on. */
    static void configure(Design design, boolean checks) {
        configure(design.javaClass(), checks);
    }

    /** The same for a class by name (a seeded mutant, org.kvmlocking.kvm.seeded, which is no design). */
    static void configure(String javaClass, boolean checks) {
        current = javaClass;
        currentChecks = checks;
    }

    /**
     * The invariants ("A", or "A+B" with the others the run broke) that operations threw during
     * the current check, first first. Lincheck's report of a hang does not always list the
     * exceptions the operations threw (a per-step check that threw under mn_invalidate_lock or
     * mmu_lock leaves it held, and the other threads hang); this names them anyway. Cleared by
     * {@link LincheckRun} before each check.
     */
    static final java.util.Set<String> THROWN = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

    /** Notes v in {@link #THROWN}; returns it to be rethrown. */
    protected static InvariantViolation thrown(InvariantViolation v) {
        THROWN.add(v.invariants());
        return v;
    }

    protected final Mm mm;
    protected final AbstractKvm kvm;

    /** The frame get_user_pages returned to this thread's last fault (FaultGup), for the fault's result. */
    private static final ThreadLocal<int[]> GUP_PFN = ThreadLocal.withInitial(() -> new int[1]);

    public KvmOpsBase() {
        mm = new Mm(PAGES);
        kvm = Design.create(current, mm, currentChecks);
        // The frame a fault maps is the one its get_user_pages returned (PageFault installs it
        // unchanged); the step hands it over on the faulting thread. No lock, no shared state.
        kvm.addStepObserver(new StepObserver() {
            @Override
            public void step(Step step, Object value) {
            }

            @Override
            public void step(Step step, int value) {
                if (step == Step.FaultGup) {
                    GUP_PFN.get()[0] = value;
                }
            }
        });
        java.util.function.Supplier<StepObserver> p = probe;
        if (p != null) {
            kvm.addStepObserver(p.get());
        }
        if (currentWiden) {
            kvm.addStepObserver((step, value) -> {
                if (step == Step.StartUnlockMn || step == Step.InstallSchedule) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }
    }

    // ---------------------------------------------------------------- invalidations (whole)

    /** Migration / COW: invalidate_range_start, fresh frames in the range, invalidate_range_end. */
    @Operation
    public void remap(@Param(name = "range") int r) {
        try {
            mm.remap(RANGES[r]);
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    /** munmap / MADV_DONTNEED: start, clear the PTEs, end. */
    @Operation
    public void unmap(@Param(name = "range") int r) {
        try {
            mm.unmap(RANGES[r]);
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    // ---------------------------------------------------------------- memslot updates

    @Operation
    public int createSlot(@Param(name = "id") int id) {
        try {
            kvm.createMemslot(id, BASES[id][0], SLOT_PAGES, SLOT_HVA[id], 0);
            return 0;
        } catch (IllegalArgumentException e) {
            return EINVAL;
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    @Operation
    public int deleteSlot(@Param(name = "id") int id) {
        try {
            kvm.deleteMemslot(id);
            return 0;
        } catch (IllegalArgumentException e) {
            return EINVAL;
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    @Operation
    public int moveSlot(@Param(name = "id") int id, @Param(name = "which") int which) {
        try {
            kvm.moveMemslot(id, BASES[id][which]);
            return 0;
        } catch (IllegalArgumentException e) {
            return EINVAL;
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    /** Flags-only update: dirty logging on (which = 1) or off (which = 0). */
    @Operation
    public int setFlags(@Param(name = "id") int id, @Param(name = "which") int which) {
        try {
            kvm.setMemslotFlags(id, which == 1 ? Memslot.KVM_MEM_LOG_DIRTY_PAGES : 0);
            return 0;
        } catch (IllegalArgumentException e) {
            return EINVAL;
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    // ---------------------------------------------------------------- vCPU

    /**
     * One attempt of the vCPU page fault, with what the vCPU observes: "INSTALLED <frame>" (the
     * frame now mapped at gfn), "RETRY" (mmu_notifier_retry_hva: an invalidation of the hva is in
     * progress, or one ended during the attempt), "NO_SLOT" (no memslot, or a KVM_MEMSLOT_INVALID
     * one), "NO_PAGE" (get_user_pages found no page). {@link KvmSpec#fault} says which one a
     * fault at that point of a sequential run returns. Used as is by hand-written scenarios,
     * whose faults touch only hvas of the invalidations they race with (see {@link KvmSpec}).
     */
    @Operation
    public String fault(@Param(name = "gfn") int gfn) {
        try {
            return observe(gfn, kvm.pageFault(gfn));
        } catch (InvariantViolation v) {
            throw thrown(v);
        }
    }

    /** The fault's result as the vCPU sees it; INSTALLED with the frame its get_user_pages returned. */
    protected final String observe(int gfn, FaultResult r) {
        return r == FaultResult.INSTALLED ? "INSTALLED " + GUP_PFN.get()[0] : r.name();
    }

    // ---------------------------------------------------------------- observable state

    /**
     * What a gfn maps to: the hva of the slot covering it, or -1. A lockless read of the current
     * layout (rcu_dereference). The KVM_MEMSLOT_INVALID copy of a delete or move counts as the
     * old slot: it is the update's internal intermediate state, and ignoring the flag gives each
     * update a single linearization point, its final publish.
     */
    @Operation
    public int gfnToHva(@Param(name = "gfn") int gfn) {
        Memslot s = kvm.memslots().byGfn(gfn);
        return s == null ? -1 : s.gfnToHva(gfn);
    }

    /**
     * The memslot generation, read under slots_lock. A lockless read could see the
     * UPDATE_IN_PROGRESS bit or the intermediate generation of a two-phase delete/move, neither
     * of which a sequential execution has; under slots_lock the read is serialised with updates.
     */
    @Operation
    public long generation() {
        kvm.slotsLock().lock();
        try {
            Memslots m = kvm.memslots();
            return m.generation();
        } finally {
            kvm.slotsLock().unlock();
        }
    }
}
