package org.kvmlocking.trace;

import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.ActiveCountKvm;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Memslot;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.RwsemKvm;
import org.kvmlocking.kvm.Step;

/**
 * The values a trace record carries for each step ("key=value ..."), as TraceToTla reads them
 * (its KEYS table names the keys per action). Called by the recorder on the acting thread at the
 * step, inside the recorder's window: the locks the step holds are held (the KVM's accessors
 * read without taking them again) and no other step can run, so the state read here is the
 * state right after the step.
 */
final class TraceValues {
    private final AbstractKvm kvm;
    private final Mm mm;

    TraceValues(AbstractKvm kvm, Mm mm) {
        this.kvm = kvm;
        this.mm = mm;
    }

    /** The values of step, with value the step's own (see {@link Step}). */
    String of(Step step, Object value) {
        switch (step) {
            case StartBegin: {
                HvaRange r = (HvaRange) value;
                return "range=" + r.start() + "," + r.end();
            }
            case StartHvaRange:
            case EndHvaRange:
                return "overlap=" + bit((Boolean) value) + " " + layout("", kvm.memslots());
            case StartIncNotifierCount:
            case EndDecNotifierCount:
                return "count=" + kvm.mmuNotifierCount() + " rs=" + kvm.mmuNotifierRangeStart() + " re="
                        + kvm.mmuNotifierRangeEnd();
            case StartUnmap:
            case FaultInstallSpte:
            case FlushShadowZap:
                return sptes();
            case StartIncActive:
                return "active=" + ((ActiveCountKvm) kvm).mnActiveInvalidateCount();
            case EndDecActive:
                return "active=" + ((ActiveCountKvm) kvm).mnActiveInvalidateCount() + " wake=" + bit((Boolean) value);
            case EndWakeUp:
                // rcuwait_wake_up leaves the waiter registered, and prepare/finish are steps of
                // their own: the waiter now is the one the wake-up found.
                return "waiter=" + bit(((ActiveCountKvm) kvm).rcuwaitWaiter() != null);
            case InstallWaitTest:
                return "busy=" + bit((Boolean) value);
            case InstallPublish:
                return layout("", kvm.memslots()) + " " + generation(kvm.memslots());
            case InstallGenerationDone:
                // Read back from the memslots: the record shows what readers see.
                return generation(kvm.memslots());
            case UpdateBegin: {
                Memslots[] layouts = (Memslots[]) value;
                return layout("new", layouts[0]) + " " + layout("final", layouts[1]);
            }
            case FaultBegin:
                return "gfn=" + value;
            case FaultLookup:
                return "found=" + bit((Boolean) value);
            case FaultGup:
                return "pfn=" + value;
            case FaultRetryCheck:
                return "retry=" + bit((Boolean) value);
            case StartDownRead:
            case EndUpRead:
            case InstallDownWrite:
            case InstallDownWriteWait:
            case InstallUpWrite:
                // Inside the rwsem's monitor, atomically with the grant or release.
                return "readers=" + ((RwsemKvm) kvm).rwsem().readers();
            case PrimaryChangePte:
                return ptes();
            default:
                return "";
        }
    }

    /** 1 or 0. */
    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    /**
     * A layout as the gfns its slots cover, those of INVALID slots, and whether any slot logs
     * dirty pages (prefix distinguishes several layouts in one record).
     */
    private static String layout(String prefix, Memslots s) {
        StringBuilder slots = new StringBuilder();
        StringBuilder invalid = new StringBuilder();
        boolean dirty = false;
        for (int i = 0; i < s.size(); i++) {
            Memslot m = s.get(i);
            for (int g = m.baseGfn(); g < m.gfnEnd(); g++) {
                slots.append(slots.length() > 0 ? "," : "").append(g);
                if (m.invalid()) {
                    invalid.append(invalid.length() > 0 ? "," : "").append(g);
                }
            }
            dirty |= (m.flags() & Memslot.KVM_MEM_LOG_DIRTY_PAGES) != 0;
        }
        return prefix + "slots=" + (slots.length() > 0 ? slots : "-") + " " + prefix + "invalid="
                + (invalid.length() > 0 ? invalid : "-") + " " + prefix + "dirty=" + bit(dirty);
    }

    /** A layout's generation, without and whether it has UPDATE_IN_PROGRESS. */
    private static String generation(Memslots s) {
        long gen = s.generation();
        return "gen=" + (gen & ~AbstractKvm.KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS)
                + " inprogress=" + bit((gen & AbstractKvm.KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS) != 0);
    }

    /** The secondary page table (mmu_lock held by the acting thread). */
    private String sptes() {
        StringBuilder b = new StringBuilder("spte=");
        for (int i = 0; i < kvm.gfnSpace(); i++) {
            b.append(i > 0 ? "," : "").append(kvm.spte(i));
        }
        return b.toString();
    }

    /** The primary page table. */
    private String ptes() {
        StringBuilder b = new StringBuilder("pte=");
        for (int i = 0; i < mm.size(); i++) {
            b.append(i > 0 ? "," : "").append(mm.pte(i));
        }
        return b.toString();
    }
}
