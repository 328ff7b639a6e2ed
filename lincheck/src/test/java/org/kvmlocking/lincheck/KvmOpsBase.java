package org.kvmlocking.lincheck;

import org.kvmlocking.kvm.Design;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Memslot;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;

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

    private static volatile Design current = Design.javaByName("adopted");
    private static volatile boolean currentChecks = true;

    /** Sets the design and the per-step check flag of the instances Lincheck creates from now on. */
    static void configure(Design design, boolean checks) {
        current = design;
        currentChecks = checks;
    }

    protected final Mm mm;
    protected final AbstractKvm kvm;

    public KvmOpsBase() {
        mm = new Mm(PAGES);
        kvm = current.create(mm, currentChecks);
    }

    // ---------------------------------------------------------------- invalidations (whole)

    /** Migration / COW: invalidate_range_start, fresh frames in the range, invalidate_range_end. */
    @Operation
    public void remap(@Param(name = "range") int r) {
        mm.remap(RANGES[r]);
    }

    /** munmap / MADV_DONTNEED: start, clear the PTEs, end. */
    @Operation
    public void unmap(@Param(name = "range") int r) {
        mm.unmap(RANGES[r]);
    }

    // ---------------------------------------------------------------- memslot updates

    @Operation
    public int createSlot(@Param(name = "id") int id) {
        try {
            kvm.createMemslot(id, BASES[id][0], SLOT_PAGES, SLOT_HVA[id], 0);
            return 0;
        } catch (IllegalArgumentException e) {
            return EINVAL;
        }
    }

    @Operation
    public int deleteSlot(@Param(name = "id") int id) {
        try {
            kvm.deleteMemslot(id);
            return 0;
        } catch (IllegalArgumentException e) {
            return EINVAL;
        }
    }

    @Operation
    public int moveSlot(@Param(name = "id") int id, @Param(name = "which") int which) {
        try {
            kvm.moveMemslot(id, BASES[id][which]);
            return 0;
        } catch (IllegalArgumentException e) {
            return EINVAL;
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
        }
    }

    // ---------------------------------------------------------------- vCPU

    /**
     * One attempt of the vCPU page fault. No result: whether it installs, retries or finds no
     * slot depends on the interleaving itself (a fault racing with an invalidation retries, one
     * during the KVM_MEMSLOT_INVALID phase of a delete or move finds no slot), which no
     * sequential specification can predict. Its effect, the SPTE, is checked by Coherence.
     */
    @Operation
    public void fault(@Param(name = "gfn") int gfn) {
        kvm.pageFault(gfn);
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
