package org.kvmlocking.kvm618.broken;

import static org.kvmlocking.kvm618.Step618.StartUnmapGfnRange;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design unmap_no_range_add_618): the start's handler is kvm_unmap_gfn_range itself, not
 * kvm_mmu_unmap_gfn_range (the wrapper that first calls kvm_mmu_invalidate_range_add): an easy
 * slip when wiring a kvm_mmu_notifier_range, since both have the handler's signature. begin
 * bumps in_progress and leaves the range at INVALID_GPA, and mmu_lock is dropped so. Caught by
 * RangeAddedUnderLock (mmu_invalidate_retry_gfn's "is a KVM bug" WARN: the fault then retries
 * on every gfn, so Coherence still holds).
 */
public final class UnmapNoRangeAdd extends Kvm618 {
    public UnmapNoRangeAdd(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public UnmapNoRangeAdd(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /** Kernel (mutated): .handler = kvm_unmap_gfn_range in kvm_mmu_notifier_invalidate_range_start. Spec: StartUnmapGfnRange. */
    @Override
    protected boolean kvmMmuUnmapGfnRange(Memslot slot, int gfnStart, int gfnEnd, int hvaStart, int hvaEnd, boolean firstSlot) {
        return kvmUnmapGfnRange(slot.asId(), gfnStart, gfnEnd, StartUnmapGfnRange);
    }
}
