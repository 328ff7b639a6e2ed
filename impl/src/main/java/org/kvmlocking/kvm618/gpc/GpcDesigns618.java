package org.kvmlocking.kvm618.gpc;

import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.gpc.broken.DeactivateListFirst;
import org.kvmlocking.kvm618.gpc.broken.DeactivateNested;
import org.kvmlocking.kvm618.gpc.broken.InProgress;
import org.kvmlocking.kvm618.gpc.broken.InvalidateBeforeCount;
import org.kvmlocking.kvm618.gpc.broken.NoClearValid;
import org.kvmlocking.kvm618.gpc.broken.NoGenerationCheck;
import org.kvmlocking.kvm618.gpc.broken.NoRecheck;
import org.kvmlocking.kvm618.gpc.broken.NoRefreshLock;
import org.kvmlocking.kvm618.gpc.broken.NoSeq;
import org.kvmlocking.kvm618.gpc.broken.ReadLockInvalidate;
import org.kvmlocking.kvm618.gpc.broken.SeqBeforeCount;

/**
 * The gfn-to-pfn cache designs with Java code, by their designs.tsv name or class name (as
 * {@link org.kvmlocking.kvm618.Designs618} for the rest of 6.18: a fixed table, not a read of
 * designs.tsv, which JPF would carry in every state). Each runs over an adopted_618 Kvm618.
 * Names as spec/KvmGpc618.tla's variants (gpc-actions.md), plus no_seq_gpc_618 and
 * no_clear_valid_gpc_618 (Java only so far).
 */
public final class GpcDesigns618 {
    /** designs.tsv names, in the order of {@link #CLASSES}. */
    public static final String[] NAMES = {"adopted_gpc_618", "in_progress_gpc_618", "seq_before_count_gpc_618", "no_seq_gpc_618", "invalidate_before_count_gpc_618", "read_lock_invalidate_gpc_618", "no_recheck_gpc_618", "deactivate_list_first_gpc_618", "deactivate_nested_gpc_618", "no_generation_check_gpc_618", "no_refresh_lock_gpc_618", "no_clear_valid_gpc_618"};
    /** The Java classes of {@link #NAMES}. */
    public static final String[] CLASSES = {
        "org.kvmlocking.kvm618.gpc.KvmGpc",
        "org.kvmlocking.kvm618.gpc.broken.InProgress",
        "org.kvmlocking.kvm618.gpc.broken.SeqBeforeCount",
        "org.kvmlocking.kvm618.gpc.broken.NoSeq",
        "org.kvmlocking.kvm618.gpc.broken.InvalidateBeforeCount",
        "org.kvmlocking.kvm618.gpc.broken.ReadLockInvalidate",
        "org.kvmlocking.kvm618.gpc.broken.NoRecheck",
        "org.kvmlocking.kvm618.gpc.broken.DeactivateListFirst",
        "org.kvmlocking.kvm618.gpc.broken.DeactivateNested",
        "org.kvmlocking.kvm618.gpc.broken.NoGenerationCheck",
        "org.kvmlocking.kvm618.gpc.broken.NoRefreshLock",
        "org.kvmlocking.kvm618.gpc.broken.NoClearValid",
    };

    private GpcDesigns618() {
    }

    /** The caches of the design (its name or class name) over kvm. */
    public static KvmGpc create(String design, Kvm618 kvm, boolean checks) {
        switch (design) {
            case "adopted_gpc_618":
            case "org.kvmlocking.kvm618.gpc.KvmGpc":
                return new KvmGpc(kvm, checks);
            case "in_progress_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.InProgress":
                return new InProgress(kvm, checks);
            case "seq_before_count_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.SeqBeforeCount":
                return new SeqBeforeCount(kvm, checks);
            case "no_seq_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoSeq":
                return new NoSeq(kvm, checks);
            case "invalidate_before_count_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.InvalidateBeforeCount":
                return new InvalidateBeforeCount(kvm, checks);
            case "read_lock_invalidate_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.ReadLockInvalidate":
                return new ReadLockInvalidate(kvm, checks);
            case "no_recheck_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoRecheck":
                return new NoRecheck(kvm, checks);
            case "deactivate_list_first_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.DeactivateListFirst":
                return new DeactivateListFirst(kvm, checks);
            case "deactivate_nested_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.DeactivateNested":
                return new DeactivateNested(kvm, checks);
            case "no_generation_check_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoGenerationCheck":
                return new NoGenerationCheck(kvm, checks);
            case "no_refresh_lock_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoRefreshLock":
                return new NoRefreshLock(kvm, checks);
            case "no_clear_valid_gpc_618":
            case "org.kvmlocking.kvm618.gpc.broken.NoClearValid":
                return new NoClearValid(kvm, checks);
            default:
                throw new IllegalArgumentException("unknown gfn-to-pfn cache design '" + design + "'; known: " + String.join(", ", NAMES));
        }
    }
}
