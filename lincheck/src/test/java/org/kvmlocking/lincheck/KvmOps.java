package org.kvmlocking.lincheck;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm.InvariantViolation;
import org.kvmlocking.kvm.Memslot;

/** Random scenarios: the operations of {@link KvmOpsBase}, the invariants checked after every scenario. */
public class KvmOps extends KvmOpsBase {
    /**
     * The guest's access to gfn: page-fault attempts until one does not say retry, as the vCPU
     * re-enters the guest and faults again. Retries: RETRY (mmu_notifier_retry_hva), and
     * NO_SLOT on a KVM_MEMSLOT_INVALID slot (Linux 5.15 kvm_faultin_pfn returns RET_PF_RETRY
     * for a slot being deleted or moved; PageFault reports it as NO_SLOT, so the slot is looked
     * up again here). Random scenarios invalidate with whole remap/unmap operations, which a
     * sequential run never sees in progress, so an attempt's RETRY is no observable result there;
     * what the guest observes is the frame finally mapped, or that no slot covers the gfn.
     * Terminates: every invalidation and update of a scenario ends.
     */
    @Override
    @Operation
    public String fault(@Param(name = "gfn") int gfn) {
        while (true) {
            FaultResult r;
            try {
                r = kvm.pageFault(gfn);
            } catch (InvariantViolation v) {
                throw thrown(v);
            }
            if (r == FaultResult.RETRY) {
                continue;
            }
            if (r == FaultResult.NO_SLOT) {
                Memslot s = kvm.memslots().byGfn(gfn);
                if (s != null && s.invalid()) {
                    continue;
                }
            }
            return observe(gfn, r);
        }
    }

    /** Balance, NotifierCountNonNegative, Coherence, NoLostWakeUp, and any recorded MutualExclusion/Balance. */
    @Validate
    public void checkInvariants() {
        kvm.checkInvariants();
    }
}
