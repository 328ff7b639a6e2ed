package org.kvmlocking.kvm618.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design flush_before_invalid_618): DELETE and MOVE zap the slot's SPTEs before the
 * KVM_MEMSLOT_INVALID copy is swapped in ("zap first, then hide it"). Between the flush and the
 * swap a fault still sees the valid slot and maps it; nothing zaps that mapping again, and after
 * the final swap it maps a gfn of a deleted (or moved) slot. Caught by Coherence (the mapping of
 * a gfn no memslot covers; spec618's NoMappingOfInvalidSlot sees it earlier, while the INVALID
 * copy is active).
 */
public final class FlushBeforeInvalid extends Kvm618 {
    public FlushBeforeInvalid(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public FlushBeforeInvalid(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /**
     * Kernel (mutated): virt/kvm/kvm_main.c: kvm_invalidate_memslot with
     * kvm_arch_flush_shadow_memslot before kvm_swap_active_memslots. Spec: FlushShadowLockMmu,
     * FlushShadowZap, FlushShadowUnlockMmu, InvalidateMemslotCopy, the swap's actions.
     */
    @Override
    protected void kvmInvalidateMemslot(Memslot old) {
        kvmArchFlushShadowMemslot(old);
        swapInInvalidCopy(old);
        relockSlotsArch();
    }
}
