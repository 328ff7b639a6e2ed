package org.kvmlocking.kvm618.gpc;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.broken.DeactivateUnlistFirst;
import org.kvmlocking.kvm618.gpc.broken.NoClearValid;
import org.kvmlocking.kvm618.gpc.broken.NoRecheck;
import org.kvmlocking.kvm618.gpc.broken.NoRefreshLock;
import org.kvmlocking.kvm618.gpc.broken.RetryCacheInProgress;
import org.kvmlocking.kvm618.gpc.broken.RetryCacheNoSeq;

/**
 * The gfn-to-pfn cache designs with Java code, by their designs.tsv name or class name (as
 * {@link org.kvmlocking.kvm618.Designs618} for the rest of 6.18: a fixed table, not a read of
 * designs.tsv, which JPF would carry in every state). Each runs over an adopted_618 Kvm618.
 */
public final class GpcDesigns618 {
    /** designs.tsv names, in the order of {@link #CLASSES}. */
    public static final String[] NAMES = {"adopted_gpc_618", "retry_cache_in_progress_gpc_618", "retry_cache_no_seq_gpc_618",
        "no_refresh_lock_gpc_618", "no_clear_valid_gpc_618", "deactivate_unlist_first_gpc_618", "no_recheck_gpc_618"};
    /** The Java classes of {@link #NAMES}. */
    public static final String[] CLASSES = {
        "org.kvmlocking.kvm618.gpc.KvmGpc",
        "org.kvmlocking.kvm618.gpc.broken.RetryCacheInProgress",
        "org.kvmlocking.kvm618.gpc.broken.RetryCacheNoSeq",
        "org.kvmlocking.kvm618.gpc.broken.NoRefreshLock",
        "org.kvmlocking.kvm618.gpc.broken.NoClearValid",
        "org.kvmlocking.kvm618.gpc.broken.DeactivateUnlistFirst",
        "org.kvmlocking.kvm618.gpc.broken.NoRecheck",
    };

    private GpcDesigns618() {
    }

    /** The caches of the design (its name or class name) over kvm. */
    public static KvmGpc create(String design, Kvm618 kvm, boolean checks) {
        switch (design) {
            case "adopted_gpc_618":
            case "org.kvmlocking.kvm618.gpc.KvmGpc":
                return new KvmGpc(kvm, checks);
            case "retry_cache_in_progress_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.RetryCacheInProgress":
                return new RetryCacheInProgress(kvm, checks);
            case "retry_cache_no_seq_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.RetryCacheNoSeq":
                return new RetryCacheNoSeq(kvm, checks);
            case "no_refresh_lock_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoRefreshLock":
                return new NoRefreshLock(kvm, checks);
            case "no_clear_valid_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoClearValid":
                return new NoClearValid(kvm, checks);
            case "deactivate_unlist_first_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.DeactivateUnlistFirst":
                return new DeactivateUnlistFirst(kvm, checks);
            case "no_recheck_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoRecheck":
                return new NoRecheck(kvm, checks);
            default:
                throw new IllegalArgumentException("unknown gfn-to-pfn cache design '" + design + "'; known: " + String.join(", ", NAMES));
        }
    }
}
