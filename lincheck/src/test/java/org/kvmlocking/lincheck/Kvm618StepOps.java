package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.kvmlocking.kvm.InvariantViolation;
import org.kvmlocking.kvm618.Designs618;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/**
 * The operations on the Linux 6.18 code (org.kvmlocking.kvm618) for Lincheck: whole
 * invalidations (Mm618.remap: the notifier's start, the PTE change, the end, on one thread; a
 * start without its end would make a concurrent swap wait forever), memslot updates, one vCPU
 * fault attempt, a kvm_zap_gfn_range caller and the late registration of the notifier. Every
 * operation returns nothing: the checks are the per-step invariants (an InvariantViolation inside
 * an operation shows as invalid results, or as a hang when thrown under a kernel lock); this
 * class has no validation function (a per-step violation is then reported as the operation's
 * exception), {@link Kvm618Ops} adds it. Every operation notes the invariant it throws in
 * {@link KvmOpsBase#THROWN}, as the 5.15 operations do: a hang whose report lists no exception
 * (one thrown under mmu_lock or mn_invalidate_lock) still names it.
 *
 * <p>Lincheck creates one instance per invocation with the no-argument constructor; design,
 * checks and registration come from {@link #configure}, set by the test before check().
 *
 * <p>Model: 8 hva pages, 8 gfns per address space. Initial layout: slot 0 of address space 0
 * maps gfn [4, 6) to hva [0, 2); slot 0 of address space 1 (the SMM alias) maps gfn [0, 2) to
 * the same hvas. With late registration the VM starts with no memslot and no notifier.
 * Ranges: hva [0, 2), [1, 3), [2, 4); slot 1 of address space 0 is created at gfn [6, 8) -> hva [2, 4).
 */
@Param(name = "range", gen = IntGen.class, conf = "0:2")
@Param(name = "as", gen = IntGen.class, conf = "0:1")
@Param(name = "gfn", gen = IntGen.class, conf = "0:7")
public class Kvm618StepOps {
    static final int PAGES = 8;
    static final HvaRange[] RANGES = {new HvaRange(0, 2), new HvaRange(1, 3), new HvaRange(2, 4)};

    private static volatile String design = "adopted_618";
    private static volatile boolean checks = true;
    private static volatile boolean late;
    static volatile String throwOnly;

    /** Design, per-step checks, late registration, and the one invariant thrown per step (null: all) of the instances from now on. */
    static void configure(String d, boolean c, boolean lateRegistration, String only) {
        design = d;
        checks = c;
        late = lateRegistration;
        throwOnly = only;
    }

    final Mm618 mm = new Mm618(PAGES);
    final Kvm618 kvm;

    public Kvm618StepOps() {
        kvm = Designs618.create(design, mm, PAGES, checks, !late);
        if (throwOnly != null) {
            kvm.throwOnly(throwOnly);
        }
        if (!late) {
            kvm.createMemslot(0, 0, 4, 2, 0);
            kvm.createMemslot(1, 0, 0, 2, 0);
        }
    }

    /** Migration / COW of one hva range: invalidate_range_start, new frames, invalidate_range_end. */
    @Operation
    public void remap(@Param(name = "range") int r) {
        try {
            mm.remap(RANGES[r]);
        } catch (InvariantViolation v) {
            throw KvmOpsBase.thrown(v);
        }
    }

    /** One attempt of the vCPU fault on (as, gfn). */
    @Operation
    public void fault(@Param(name = "as") int as, @Param(name = "gfn") int gfn) {
        try {
            kvm.pageFault(as, gfn);
        } catch (InvariantViolation v) {
            throw KvmOpsBase.thrown(v);
        }
    }

    /** KVM_MR_DELETE of slot 0 of address space 0 (two swaps, the flush); a second one is -EINVAL. */
    @Operation
    public void deleteSlot0() {
        try {
            kvm.deleteMemslot(0, 0);
        } catch (IllegalArgumentException e) {
            // -EINVAL: already deleted
        } catch (InvariantViolation v) {
            throw KvmOpsBase.thrown(v);
        }
    }

    /** KVM_MR_MOVE of slot 0 of address space 0 to gfn [6, 8) (two swaps, the flush). */
    @Operation
    public void moveSlot0() {
        try {
            kvm.moveMemslot(0, 0, 6);
        } catch (IllegalArgumentException e) {
            // -EINVAL / -EEXIST: no slot 0, or slot 1 is there
        } catch (InvariantViolation v) {
            throw KvmOpsBase.thrown(v);
        }
    }

    /** KVM_MR_CREATE of slot 1 of address space 0: gfn [6, 8) -> hva [2, 4) (one swap). */
    @Operation
    public void createSlot1() {
        try {
            kvm.createMemslot(0, 1, 6, 2, 2);
        } catch (IllegalArgumentException e) {
            // -EEXIST: slot 1 exists or slot 0 was moved there
        } catch (InvariantViolation v) {
            throw KvmOpsBase.thrown(v);
        }
    }

    /**
     * Late registration: KVM_MR_CREATE of slot 0 of address space 0 (gfn [4, 6) -> hva [0, 2)) if
     * the notifier is registered by now (the VM's memslots come after its registration).
     */
    @Operation
    public void createSlot0IfRegistered() {
        if (mm.registered()) {
            try {
                kvm.createMemslot(0, 0, 4, 2, 0);
            } catch (IllegalArgumentException e) {
                // -EEXIST: slot 0 exists (the initial layout of random scenarios)
            } catch (InvariantViolation v) {
                throw KvmOpsBase.thrown(v);
            }
        }
    }

    /** Late registration: KVM_MR_CREATE of slot 1 (gfn [6, 8) -> hva [2, 4)) if the notifier is registered by now. */
    @Operation
    public void createSlot1IfRegistered() {
        if (mm.registered()) {
            try {
                kvm.createMemslot(0, 1, 6, 2, 2);
            } catch (IllegalArgumentException e) {
                // -EEXIST: slot 1 exists or slot 0 was moved there
            } catch (InvariantViolation v) {
                throw KvmOpsBase.thrown(v);
            }
        }
    }

    /** KVM_MR_FLAGS_ONLY of slot 0 of address space 0: dirty logging on (one swap, no flush). */
    @Operation
    public void dirtyLogSlot0() {
        try {
            kvm.setMemslotFlags(0, 0, org.kvmlocking.kvm618.Memslot.KVM_MEM_LOG_DIRTY_PAGES);
        } catch (IllegalArgumentException e) {
            // -EINVAL: no slot 0, or already logging
        } catch (InvariantViolation v) {
            throw KvmOpsBase.thrown(v);
        }
    }

    /** A kvm_zap_gfn_range caller over gfn [4, 5) (the attribute of gfn 4 changes, its SPTEs are zapped). */
    @Operation
    public void zap() {
        try {
            kvm.zapCaller(4, 5);
        } catch (InvariantViolation v) {
            throw KvmOpsBase.thrown(v);
        }
    }

    /** mmu_notifier_register (late registration only; otherwise nothing). */
    @Operation
    public void register() {
        if (!mm.registered()) {
            try {
                kvm.mmuNotifierRegister();
            } catch (InvariantViolation v) {
                throw KvmOpsBase.thrown(v);
            }
        }
    }
}
