package org.kvmlocking.kvm618.gpc;

import org.kvmlocking.kvm.InvariantViolation;

/**
 * The gfn-to-pfn cache's properties on the Java state, with the ghost state they need, named as
 * the spec's invariants; a violation's message starts with that name.
 * <ul>
 * <li>{@value #GPC_COHERENT}: a cache that kvm_gpc_check accepts maps (through khva) the page
 *   the primary MMU maps at its uhva now: no access to a replaced or freed page. Checked at each
 *   access (read lock held: no invalidation can pass its write_lock meanwhile), at each
 *   RetrySetValid (write lock held), and on the final state.</li>
 * <li>{@value #REFRESH_SERIALISED}: at most one task is inside __kvm_gpc_refresh of a cache
 *   (ghost: tasks between its entry and return).</li>
 * </ul>
 */
final class GpcInvariants {
    static final String GPC_COHERENT = "GpcCoherent";
    static final String REFRESH_SERIALISED = "RefreshSerialised";

    private final KvmGpc kvm;
    /** Ghost, guarded by this monitor: tasks inside __kvm_gpc_refresh, per cache. */
    private final int[] refreshing = new int[KvmGpc.MAX_CACHES];
    /** Guarded by this monitor. */
    private int warnings;
    /** Guarded by this monitor. */
    private InvariantViolation recorded;

    GpcInvariants(KvmGpc kvm) {
        this.kvm = kvm;
    }

    /** Entry of __kvm_gpc_refresh: RefreshSerialised. */
    void refreshBegins(GfnToPfnCache gpc) {
        int n;
        synchronized (this) {
            n = ++refreshing[gpc.index];
        }
        if (n > 1) {
            violation(REFRESH_SERIALISED, n + " tasks inside __kvm_gpc_refresh of " + gpc + " at once");
        }
    }

    /** Return of __kvm_gpc_refresh. */
    synchronized void refreshEnds(GfnToPfnCache gpc) {
        refreshing[gpc.index]--;
    }

    /**
     * At an access through a cache kvm_gpc_check accepted (its read lock held): null if the frame
     * accessed is the one the primary MMU maps at uhva now, else the violation's text.
     */
    String coherentUse(GfnToPfnCache gpc, int frame) {
        int now = kvm.mm.pte(gpc.uhva);
        if (frame == now) {
            return null;
        }
        return gpc + " passed kvm_gpc_check and is accessed at frame " + frame + " (khva), but the primary MMU maps "
                + (now < 0 ? "nothing" : "frame " + now) + " at its uhva " + gpc.uhva;
    }

    /** At RetrySetValid (write lock held): the page just validated is the one mapped now. */
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
                if (kvm.kvmGpcCheck(gpc)) {
                    String stale = coherentUse(gpc, gpc.khva);
                    if (stale != null) {
                        throw new InvariantViolation(GPC_COHERENT, "at rest: " + stale);
                    }
                }
            } finally {
                gpc.lock.readUnlock();
            }
            synchronized (this) {
                if (refreshing[i] != 0) {
                    throw new InvariantViolation(REFRESH_SERIALISED, "at rest: " + refreshing[i] + " tasks still inside __kvm_gpc_refresh of " + gpc);
                }
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
