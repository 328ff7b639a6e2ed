package org.kvmlocking.kvm618.gpc;

import org.kvmlocking.kvm.InvariantViolation;
import org.kvmlocking.kvm618.MemslotSet;

/**
 * The gfn-to-pfn cache's properties on the Java state, with the ghost state they need, named as
 * the spec's invariants; a violation's message starts with that name.
 * <ul>
 * <li>{@value #GPC_COHERENT}: a cache that kvm_gpc_check accepts maps (through khva) the page
 *   the primary MMU maps at its uhva now: no access to a replaced or freed page. Checked at both
 *   ends of a user's access (GpcCheck and GpcUse, read lock held: no invalidation can pass its
 *   write_lock meanwhile), when hva_to_pfn_retry validates (write lock held), and at rest.</li>
 * <li>{@value #GPC_SLOT_CURRENT}: when kvm_gpc_check accepts a GPA-based cache, its uhva is the
 *   one the current memslots give its gpa (the generation check). Checked at GpcCheck and at
 *   rest.</li>
 * <li>{@value #REFRESH_SERIALISED}: at most one task is inside __kvm_gpc_refresh of a cache
 *   (ghost: tasks between its entry and return).</li>
 * </ul>
 */
final class GpcInvariants {
    static final String GPC_COHERENT = "GpcCoherent";
    static final String REFRESH_SERIALISED = "RefreshSerialised";
    static final String GPC_SLOT_CURRENT = "GpcSlotCurrent";

    private final KvmGpc kvm;
    /** Ghost: tasks inside __kvm_gpc_refresh, per cache; guarded by that cache's gpc->lock (held for write). */
    private final int[] refreshing = new int[KvmGpc.MAX_CACHES];
    /** Guarded by this monitor. */
    private int warnings;
    /** Guarded by this monitor. */
    private InvariantViolation recorded;

    GpcInvariants(KvmGpc kvm) {
        this.kvm = kvm;
    }

    /** Entry of __kvm_gpc_refresh, gpc->lock held for write: RefreshSerialised. */
    void refreshBegins(GfnToPfnCache gpc) {
        int n = ++refreshing[gpc.index];
        if (n > 1) {
            violation(REFRESH_SERIALISED, n + " tasks inside __kvm_gpc_refresh of " + gpc + " at once");
        }
    }

    /** Return of __kvm_gpc_refresh, before its last write_unlock. */
    void refreshEnds(GfnToPfnCache gpc) {
        refreshing[gpc.index]--;
    }

    /**
     * A cache kvm_gpc_check accepted, read lock held: null if it maps the frame the primary MMU
     * maps at its uhva now (GpcCoherent) and, at the check itself (slots: the memslot set
     * kvm_gpc_check read; null after it) of a GPA-based cache, its uhva is the one those
     * memslots give its gpa (GpcSlotCurrent); else "Name: what".
     */
    String acceptedUse(GfnToPfnCache gpc, MemslotSet slots) {
        int now = kvm.mm.pte(gpc.uhva);
        if (gpc.khva != now) {
            return GPC_COHERENT + ": " + gpc + " passed kvm_gpc_check and maps frame " + gpc.khva + " (khva), but the primary MMU maps "
                    + (now < 0 ? "nothing" : "frame " + now) + " at its uhva " + gpc.uhva;
        }
        // GpcSlotCurrent only at the check itself: a memslot update does not take gpc->lock, so
        // the memslots may change while the user holds it (the page stays the process's).
        if (slots != null && gpc.gpa != GfnToPfnCache.INVALID_GPA) {
            int hva = KvmGpc.gfnToHvaMemslot(slots.byGfn(gpc.gpa), gpc.gpa);
            if (hva != gpc.uhva) {
                return GPC_SLOT_CURRENT + ": " + gpc + " of gpa " + gpc.gpa + " passed kvm_gpc_check with uhva " + gpc.uhva
                        + " but the memslots map that gpa to " + (hva < 0 ? "no hva" : "hva " + hva);
            }
        }
        return null;
    }

    /** At RetryCheckSeq's validation (write lock held): the page just validated is the one mapped now. */
    void checkValidated(GfnToPfnCache gpc) {
        int now = kvm.mm.pte(gpc.uhva);
        if (gpc.khva != now) {
            violation(GPC_COHERENT, "hva_to_pfn_retry validated " + gpc + " with frame " + gpc.khva
                    + " but the primary MMU maps " + (now < 0 ? "nothing" : "frame " + now) + " at its uhva " + gpc.uhva);
        }
    }

    /** WARN_ON_ONCE(cond): counted, returns cond. */
    synchronized boolean warnOnOnce(boolean cond, String what) {
        if (cond) {
            warnings++;
        }
        return cond;
    }

    synchronized int warnings() {
        return warnings;
    }

    /** With checks on: throws; without: records the first. */
    void violation(String invariant, String detail) {
        InvariantViolation v = new InvariantViolation(invariant, detail);
        if (kvm.checks) {
            throw v;
        }
        synchronized (this) {
            if (recorded == null) {
                recorded = v;
            }
        }
    }

    /**
     * Every cache on the final state (no thread running): one that kvm_gpc_check would accept maps
     * the page mapped at its uhva; nobody is inside a refresh; then the first recorded violation.
     */
    void checkAll() {
        for (int i = 0; i < kvm.ncaches(); i++) {
            GfnToPfnCache gpc = kvm.cache(i);
            gpc.lock.readLock();
            try {
                MemslotSet slots = kvm.kvm.memslots(0);
                if (kvm.kvmGpcCheck(gpc, slots)) {
                    String bad = acceptedUse(gpc, slots);
                    if (bad != null) {
                        int c = bad.indexOf(':');
                        throw new InvariantViolation(bad.substring(0, c), "at rest: " + bad.substring(c + 2));
                    }
                }
            } finally {
                gpc.lock.readUnlock();
            }
            if (refreshing[i] != 0) {
                throw new InvariantViolation(REFRESH_SERIALISED, "at rest: " + refreshing[i] + " tasks still inside __kvm_gpc_refresh of " + gpc);
            }
        }
        InvariantViolation v;
        synchronized (this) {
            v = recorded;
        }
        if (v != null) {
            throw v;
        }
    }
}
