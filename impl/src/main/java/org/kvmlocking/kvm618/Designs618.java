package org.kvmlocking.kvm618;

import org.kvmlocking.kvm618.broken.FlushBeforeInvalid;
import org.kvmlocking.kvm618.broken.LostWakeUp618;
import org.kvmlocking.kvm618.broken.NoInvalidCheck;
import org.kvmlocking.kvm618.broken.OneRangeAdd;
import org.kvmlocking.kvm618.broken.ZapEarlyReturn;
import org.kvmlocking.kvm618.broken.ZapNoBeginEnd;
import org.kvmlocking.kvm618.broken.UnmapNoRangeAdd;
import org.kvmlocking.kvm618.broken.UnsafeOnly;
import org.kvmlocking.kvm618.broken.NoUnpairedCheck;
import org.kvmlocking.kvm618.broken.RangeAddInHva;

/**
 * The Linux 6.18 designs with Java code, by their designs.tsv name or class name. A fixed table,
 * not a read of designs.tsv: under Java PathFinder reading the file puts its stream classes into
 * every state (jpf/README.md). Keep in sync with designs.tsv (the lead registers the rows).
 */
public final class Designs618 {
    /** designs.tsv names, in the order of {@link #CLASSES}. */
    public static final String[] NAMES = {"adopted_618", "range_add_hva_618", "no_unpaired_check_618", "unsafe_only_618",
        "lost_wakeup_618", "no_invalid_check_618", "unmap_no_range_add_618", "one_range_add_618", "zap_no_begin_end_618",
        "zap_early_return_618", "flush_before_invalid_618"};
    /** The Java classes of {@link #NAMES}. */
    public static final String[] CLASSES = {
        "org.kvmlocking.kvm618.Kvm618",
        "org.kvmlocking.kvm618.broken.RangeAddInHva",
        "org.kvmlocking.kvm618.broken.NoUnpairedCheck",
        "org.kvmlocking.kvm618.broken.UnsafeOnly",
        "org.kvmlocking.kvm618.broken.LostWakeUp618",
        "org.kvmlocking.kvm618.broken.NoInvalidCheck",
        "org.kvmlocking.kvm618.broken.UnmapNoRangeAdd",
        "org.kvmlocking.kvm618.broken.OneRangeAdd",
        "org.kvmlocking.kvm618.broken.ZapNoBeginEnd",
        "org.kvmlocking.kvm618.broken.ZapEarlyReturn",
        "org.kvmlocking.kvm618.broken.FlushBeforeInvalid",
    };

    private Designs618() {
    }

    /** A new KVM of the design (its name or class name) on mm, registered as mm's notifier. */
    public static Kvm618 create(String design, Mm618 mm, int gfnSpace, boolean checks) {
        return create(design, mm, gfnSpace, checks, true);
    }

    /** As {@link #create(String, Mm618, int, boolean)}; register = false: late registration ({@link Kvm618#mmuNotifierRegister()}). */
    public static Kvm618 create(String design, Mm618 mm, int gfnSpace, boolean checks, boolean register) {
        switch (design) {
            case "adopted_618":
            case "org.kvmlocking.kvm618.Kvm618":
                return new Kvm618(mm, gfnSpace, checks, register);
            case "range_add_hva_618":
            case "org.kvmlocking.kvm618.broken.RangeAddInHva":
                return new RangeAddInHva(mm, gfnSpace, checks, register);
            case "no_unpaired_check_618":
            case "org.kvmlocking.kvm618.broken.NoUnpairedCheck":
                return new NoUnpairedCheck(mm, gfnSpace, checks, register);
            case "unsafe_only_618":
            case "org.kvmlocking.kvm618.broken.UnsafeOnly":
                return new UnsafeOnly(mm, gfnSpace, checks, register);
            case "lost_wakeup_618":
            case "org.kvmlocking.kvm618.broken.LostWakeUp618":
                return new LostWakeUp618(mm, gfnSpace, checks, register);
            case "no_invalid_check_618":
            case "org.kvmlocking.kvm618.broken.NoInvalidCheck":
                return new NoInvalidCheck(mm, gfnSpace, checks, register);
            case "unmap_no_range_add_618":
            case "org.kvmlocking.kvm618.broken.UnmapNoRangeAdd":
                return new UnmapNoRangeAdd(mm, gfnSpace, checks, register);
            case "one_range_add_618":
            case "org.kvmlocking.kvm618.broken.OneRangeAdd":
                return new OneRangeAdd(mm, gfnSpace, checks, register);
            case "zap_no_begin_end_618":
            case "org.kvmlocking.kvm618.broken.ZapNoBeginEnd":
                return new ZapNoBeginEnd(mm, gfnSpace, checks, register);
            case "zap_early_return_618":
            case "org.kvmlocking.kvm618.broken.ZapEarlyReturn":
                return new ZapEarlyReturn(mm, gfnSpace, checks, register);
            case "flush_before_invalid_618":
            case "org.kvmlocking.kvm618.broken.FlushBeforeInvalid":
                return new FlushBeforeInvalid(mm, gfnSpace, checks, register);
            default:
                throw new IllegalArgumentException("unknown 6.18 design '" + design + "'; known: " + String.join(", ", NAMES));
        }
    }
}
