package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.kvmlocking.kvm618.Designs618;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.GpcDesigns618;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * The operations on the gfn-to-pfn cache of Linux 6.18 (org.kvmlocking.kvm618.gpc) for Lincheck,
 * over an adopted_618 KVM without its own per-step checks (Lincheck618Test checks those). Every
 * operation returns nothing: the checks are the cache's per-step properties (an
 * InvariantViolation inside an operation shows as invalid results, or as a hang when thrown
 * under a lock) and the validation function (the properties at rest, and the KVM's).
 *
 * <p>Model: 4 hva pages, 4 gfns; slot 0 maps gfn [2, 4) to hva [0, 2). One cache, activated at
 * gpa 2 (hva 0) when the instance is made: valid. Lincheck makes one instance per invocation
 * with the no-argument constructor; the design comes from {@link #configure}.
 */
public class LincheckGpc618Ops {
    static final int PAGES = 4;
    static final int BASE_GFN = 2;

    private static volatile String design = "adopted_gpc_618";

    /** The cache design of the instances from now on. */
    static void configure(String d) {
        design = d;
    }

    final Mm618 mm = new Mm618(PAGES);
    final Kvm618 kvm;
    final KvmGpc gpcs;
    final GfnToPfnCache gpc;

    public LincheckGpc618Ops() {
        kvm = Designs618.create("adopted_618", mm, PAGES, false);
        kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
        gpcs = GpcDesigns618.create(design, kvm, true);
        gpc = gpcs.kvmGpcInit();
        gpcs.kvmGpcActivate(gpc, BASE_GFN);
    }

    /** Migration / COW of hva [0, 1), the cache's page: invalidate_range_start, a new frame, invalidate_range_end. */
    @Operation
    public void remap() {
        gpcs.remap(new HvaRange(0, 1));
    }

    /** kvm_gpc_refresh. */
    @Operation
    public void refresh() {
        gpcs.kvmGpcRefresh(gpc);
    }

    /** A user: read_lock, kvm_gpc_check, the access, read_unlock (one check, no refresh). */
    @Operation
    public void use() {
        gpcs.kvmGpcUse(gpc, 1);
    }

    /** kvm_gpc_activate_hva at hva 0 (the same hva; an HVA-based cache from now on). */
    @Operation
    public void activateHva0() {
        gpcs.kvmGpcActivateHva(gpc, 0);
    }

    /** kvm_gpc_activate_hva at hva 1: a re-activation at another hva. */
    @Operation
    public void activateHva1() {
        gpcs.kvmGpcActivateHva(gpc, 1);
    }

    /** kvm_gpc_deactivate. */
    @Operation
    public void deactivate() {
        gpcs.kvmGpcDeactivate(gpc);
    }

    /** KVM_MR_DELETE of slot 0 (two swaps, the flush); a second one is -EINVAL. */
    @Operation
    public void deleteSlot0() {
        try {
            kvm.deleteMemslot(0, 0);
        } catch (IllegalArgumentException e) {
            // -EINVAL: already deleted
        }
    }

    /** The cache's properties at rest (GpcCoherent, GpcSlotCurrent, RefreshSerialised) and the first recorded violation; the KVM's. */
    @Validate
    public void checkInvariants() {
        gpcs.checkInvariants();
        kvm.checkInvariants();
        kvm.checkIdle();
    }
}
