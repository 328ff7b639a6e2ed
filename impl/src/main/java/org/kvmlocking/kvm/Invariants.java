package org.kvmlocking.kvm;

/**
 * The invariants of spec/KvmMmu.tla on the Java state, and the record of event violations
 * (MutualExclusion at a publish, Balance at an end) for {@link AbstractKvm#checkInvariants()}.
 * The per-step checks that call these are {@link StepChecks}.
 */
final class Invariants {
    private final AbstractKvm kvm;

    Invariants(AbstractKvm kvm) {
        this.kvm = kvm;
    }

    /** Every state invariant, the design's own, then any event violation recorded earlier. */
    void checkAll() {
        checkBalance();
        checkCoherence();
        kvm.checkDesignInvariants();
        InvariantViolation earlier = kvm.ghost.recorded();
        if (earlier != null) {
            throw new InvariantViolation(earlier.invariant(), "(earlier) " + earlier.getMessage()
                    .substring(earlier.invariant().length() + 2));
        }
    }

    /** Spec: NotifierCountNonNegative and Balance. Takes mmu_lock. */
    void checkBalance() {
        kvm.mmuLock.lock();
        try {
            checkBalanceLocked();
        } finally {
            kvm.mmuLock.unlock();
        }
    }

    /** Spec: NotifierCountNonNegative, Balance (count = in-flight invalidations whose start incremented it); mmu_lock held. */
    void checkBalanceLocked() {
        int c = kvm.mmuNotifierCount;
        if (c < 0) {
            throw new InvariantViolation("NotifierCountNonNegative", "mmu_notifier_count = " + c);
        }
        int g = kvm.ghost.incrementedCount();
        if (c != g) {
            throw new InvariantViolation("Balance", "mmu_notifier_count = " + c + " but " + g
                    + " in-flight invalidation(s) incremented it; in flight: " + kvm.ghost.describeInFlight());
        }
    }

    /** Spec: Coherence. Takes mmu_lock. */
    void checkCoherence() {
        kvm.mmuLock.lock();
        try {
            String bad = coherenceLocked(-1);
            if (bad != null) {
                throw new InvariantViolation("Coherence", bad);
            }
        } finally {
            kvm.mmuLock.unlock();
        }
    }

    /** Coherence of the whole secondary page table as a per-step check (recorded, then thrown). */
    void stepCheckCoherence() {
        kvm.mmuLock.lock();
        try {
            String bad = coherenceLocked(-1);
            if (bad != null) {
                violation("Coherence", bad);
            }
        } finally {
            kvm.mmuLock.unlock();
        }
    }

    /** Coherence of one gfn as a per-step check; mmu_lock held. */
    void stepCheckCoherenceLocked(int gfn) {
        String bad = coherenceLocked(gfn);
        if (bad != null) {
            violation("Coherence", bad);
        }
    }

    /**
     * Spec: Coherence (one gfn, or all with -1); null if it holds. mmu_lock held. Holding the
     * ghost monitor while reading the primary page table makes the check exact: a PTE can only
     * change inside an in-flight invalidation, and none can start or end while we hold it. Lock
     * order: mmu_lock, ghost, mm.
     */
    private String coherenceLocked(int onlyGfn) {
        Memslots slots = kvm.memslots;
        Ghost ghost = kvm.ghost;
        synchronized (ghost) {
            int from = onlyGfn < 0 ? 0 : onlyGfn;
            int to = onlyGfn < 0 ? kvm.gfnSpace : onlyGfn + 1;
            for (int gfn = from; gfn < to; gfn++) {
                int f = kvm.spte[gfn];
                if (f == Mm.NO_PAGE) {
                    continue;
                }
                Memslot s = slots.byGfn(gfn);
                if (s == null) {
                    return "KVM maps gfn " + gfn + " to frame " + f + " but no memslot covers that gfn";
                }
                int hva = s.gfnToHva(gfn);
                if (ghost.covers(hva)) {
                    continue;
                }
                int p = kvm.mm.pte(hva);
                if (p != f) {
                    return "KVM maps gfn " + gfn + " (hva " + hva + ", " + s + ") to frame " + f
                            + " but the primary MMU maps hva " + hva + " to " + (p == Mm.NO_PAGE ? "no page" : "frame " + p)
                            + " and no in-flight invalidation covers it";
                }
            }
        }
        return null;
    }

    /**
     * BUG_ON(kvm->mmu_notifier_count < 0) at the end of invalidate_range_end: always on, as in the
     * kernel. Kernel: virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end (Linux 5.15).
     */
    void bugOnNegativeNotifierCount() {
        int c = kvm.mmuNotifierCount;
        if (c < 0) {
            InvariantViolation v = new InvariantViolation("NotifierCountNonNegative", "BUG_ON(mmu_notifier_count < 0): "
                    + "mmu_notifier_count = " + c);
            kvm.ghost.record(v);
            throw v;
        }
    }

    /** Records the violation for {@link #checkAll()}; throws it now if per-step checks are on. */
    void violation(String invariant, String detail) {
        InvariantViolation v = new InvariantViolation(invariant, detail);
        kvm.ghost.record(v);
        if (kvm.checks) {
            throw v;
        }
    }
}
