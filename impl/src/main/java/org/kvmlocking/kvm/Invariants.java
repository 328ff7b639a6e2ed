package org.kvmlocking.kvm;

/**
 * The invariants of spec/KvmMmu.tla on the Java state, and the record of event violations
 * (MutualExclusion at a publish, Balance at an end) that the KVM's checkInvariants() reports.
 * The per-step checks that call these are {@link StepChecks}.
 */
final class Invariants {
    private final KvmStruct kvm;

    Invariants(KvmStruct kvm) {
        this.kvm = kvm;
    }

    /**
     * Every state invariant, the design's own, and every event violation recorded earlier: throws
     * the first one the run broke (an event recorded earlier, else the first state invariant
     * broken now), listing the others it broke ({@link InvariantViolation#also()}), so that one
     * invariant does not mask another (MutualExclusion at a publish, then Balance at the end).
     */
    void checkAll() {
        java.util.List<InvariantViolation> now = new java.util.ArrayList<>();
        for (InvariantViolation v : kvm.ghost.recordedAll()) {
            now.add(new InvariantViolation(v.invariant(), "(earlier) " + v.getMessage().substring(v.invariant().length() + 2)));
        }
        try {
            checkBalance();
        } catch (InvariantViolation v) {
            now.add(v);
        }
        try {
            checkCoherence();
        } catch (InvariantViolation v) {
            now.add(v);
        }
        try {
            kvm.checkDesignInvariants();
        } catch (InvariantViolation v) {
            now.add(v);
        }
        if (now.isEmpty()) {
            return;
        }
        InvariantViolation first = now.get(0);
        StringBuilder also = new StringBuilder();
        for (InvariantViolation v : now) {
            String name = v.invariant();
            if (!name.equals(first.invariant()) && !("+" + also + "+").contains("+" + name + "+")) {
                also.append(also.length() > 0 ? "+" : "").append(name);
            }
        }
        throw new InvariantViolation(first.invariant(), first.getMessage().substring(first.invariant().length() + 2),
                also.toString());
    }

    /**
     * A per-step check of a state invariant: the violation is recorded (so that a run whose
     * thread then hangs on a lock the throw left held still names it) and thrown.
     */
    void stepCheckBalanceLocked() {
        try {
            checkBalanceLocked();
        } catch (InvariantViolation v) {
            throw recordAndList(v);
        }
    }

    /** Records v, and returns it with the invariants recorded before it listed. */
    InvariantViolation recordAndList(InvariantViolation v) {
        kvm.ghost.record(v);
        String also = kvm.ghost.recordedOtherThan(v.invariant());
        return also.isEmpty() ? v : new InvariantViolation(v.invariant(), v.getMessage().substring(v.invariant().length() + 2), also);
    }

    /**
     * The invariants broken so far, first first, "+"-separated ("" if none): the event
     * violations recorded, then those the current state breaks (NotifierCountNonNegative or
     * Balance, Coherence). Takes no kernel lock: only for an observer that runs while no other
     * step can (the trace recorder, inside its window), which reads the state right after a step.
     */
    String brokenSoFarUnlocked() {
        StringBuilder b = new StringBuilder();
        for (InvariantViolation v : kvm.ghost.recordedAll()) {
            b.append(b.length() > 0 ? "+" : "").append(v.invariant());
        }
        String state = null;
        try {
            checkBalanceLocked();
        } catch (InvariantViolation v) {
            state = v.invariant();
        }
        for (String name : new String[] {state, coherenceLocked(-1) != null ? "Coherence" : null}) {
            if (name != null && !("+" + b + "+").contains("+" + name + "+")) {
                b.append(b.length() > 0 ? "+" : "").append(name);
            }
        }
        return b.toString();
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
            InvariantViolation v = recordAndList(new InvariantViolation("NotifierCountNonNegative", "BUG_ON(mmu_notifier_count < 0): "
                    + "mmu_notifier_count = " + c));
            // No kernel lock is held here (range_end has done all its work): Coherence of this
            // state is listed too, so that the BUG_ON does not mask it.
            kvm.mmuLock.lock();
            String incoherent;
            try {
                incoherent = coherenceLocked(-1);
            } finally {
                kvm.mmuLock.unlock();
            }
            if (incoherent != null && !("+" + v.also() + "+").contains("+Coherence+")) {
                v = new InvariantViolation(v.invariant(), v.getMessage().substring(v.invariant().length() + 2)
                        .replaceFirst(" \\[also broke: .*\\]$", ""), v.also().isEmpty() ? "Coherence" : v.also() + "+Coherence");
            }
            throw v;
        }
    }

    /** Records the violation for {@link #checkAll()}; throws it now if per-step checks are on. */
    void violation(String invariant, String detail) {
        InvariantViolation v = recordAndList(new InvariantViolation(invariant, detail));
        if (kvm.checks) {
            throw v;
        }
    }
}
