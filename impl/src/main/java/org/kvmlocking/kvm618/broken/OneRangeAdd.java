package org.kvmlocking.kvm618.broken;

import static org.kvmlocking.kvm618.Step618.StartRangeAdd;
import static org.kvmlocking.kvm618.Step618.StartUnmapGfnRange;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design one_range_add_618): the range is added once, with on_lock, at the first
 * overlapping memslot (as begin took the range before 6.8), while every overlapping slot is still
 * zapped. With one hva in two memslots (x86's SMM alias in address space 1) the second slot's
 * gfns are unmapped but not tracked: a fault on them passes mmu_invalidate_retry_gfn and maps the
 * page being replaced. Caught by Coherence.
 */
public final class OneRangeAdd extends Kvm618 {
    public OneRangeAdd(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public OneRangeAdd(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /** Kernel (mutated): virt/kvm/kvm_main.c: kvm_handle_hva_range with range_add inside the found_memslot block. Spec: StartRangeAdd, StartUnmapGfnRange. */
    @Override
    protected boolean kvmMmuUnmapGfnRange(Memslot slot, int gfnStart, int gfnEnd, int hvaStart, int hvaEnd, boolean firstSlot) {
        if (firstSlot) {
            kvmMmuInvalidateRangeAdd(gfnStart, gfnEnd, StartRangeAdd);
        }
        return kvmUnmapGfnRange(slot.asId(), gfnStart, gfnEnd, StartUnmapGfnRange);
    }
}
