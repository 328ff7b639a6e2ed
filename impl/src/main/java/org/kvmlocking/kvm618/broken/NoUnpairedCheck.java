package org.kvmlocking.kvm618.broken;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/**
 * MUTANT (design no_unpaired_check_618): range_end as before Linux 6.9 (d489ec956583):
 * {@code wake = !--kvm->mn_active_invalidate_count;} without the WARN_ON_ONCE(!count) check. An
 * end whose start KVM never saw (the notifier registered between the primary MMU's start() and
 * end()) takes the count to -1; the next range_start then counts 0, the memslot swap's wait loop
 * passes and the swap runs inside that invalidation. Caught by ActiveCountNonNegative at the end
 * (per-step checks on), by MutualExclusion at the swap (checks off), or as a hang (a swap waiting
 * on -1, which never reaches 0 again).
 */
public final class NoUnpairedCheck extends Kvm618 {
    public NoUnpairedCheck(Mm618 mm, int gfnSpace, boolean checks) {
        super(mm, gfnSpace, checks);
    }

    /** With late registration (register = false): see {@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}. */
    public NoUnpairedCheck(Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        super(mm, gfnSpace, checks, register);
    }

    /**
     * Kernel (mutated): virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 6.8 and
     * earlier: no unpaired-call check). Spec: EndDecActive.
     */
    @Override
    protected boolean mnActiveInvalidateCountDec() {
        // wake = !--kvm->mn_active_invalidate_count;
        --mnActiveInvalidateCount;
        ghostUncounted();
        return mnActiveInvalidateCount == 0;
    }
}
