package org.kvmlocking.kvm618.broken;

import static org.kvmlocking.kvm618.Step618.StartRangeAdd;
import static org.kvmlocking.kvm618.Step618.StartUnmapGfnRange;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design range_add_hva_618): kvm_mmu_unmap_gfn_range adds the slot's part of the range in
 * hva units, as the 5.x code tracked mmu_notifier_range_start/end, to a tracked range that is in
 * gfns since 8569992d64b8 (Linux 6.8). A plausible leftover of the conversion. The zap itself is
 * right; the tracked range misses the gfns being invalidated, so a fault on one of them passes
 * mmu_invalidate_retry_gfn (in_progress, but gfn outside the range; seq unchanged until the end)
 * and installs the frame the primary MMU is replacing. Caught by Coherence.
 */
public final class RangeAddInHva extends Kvm618 {
    public RangeAddInHva(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public RangeAddInHva(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /**
     * Kernel (mutated): virt/kvm/kvm_main.c: kvm_mmu_unmap_gfn_range (Linux 6.18) with
     * {@code kvm_mmu_invalidate_range_add(kvm, hva_start, hva_end)}. Spec: StartRangeAdd, StartUnmapGfnRange.
     */
    @Override
    protected boolean kvmMmuUnmapGfnRange(Memslot slot, int gfnStart, int gfnEnd, int hvaStart, int hvaEnd, boolean firstSlot) {
        kvmMmuInvalidateRangeAdd(hvaStart, hvaEnd, StartRangeAdd);
        return kvmUnmapGfnRange(slot.asId(), gfnStart, gfnEnd, StartUnmapGfnRange);
    }
}
