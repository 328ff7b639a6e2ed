package org.kvmlocking.jpf;

import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm618.Designs618;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;
import org.kvmlocking.kvm618.Step618;
import org.kvmlocking.kvm618.StepObserver618;
import org.kvmlocking.kernel.SpinLock;

/**
 * Java PathFinder application driver for the Linux 6.18 code (org.kvmlocking.kvm618): a small,
 * bounded program whose every thread interleaving JPF explores. Plain Java (threads, no JPF API).
 *
 * <p>Usage: {@code Driver618 DESIGN SCENARIO on|off [all|INVARIANT [trace]]}: DESIGN a 6.18
 * design of designs.tsv with Java (its name, or its class name as jpf/check.sh passes it),
 * SCENARIO one of {@code fault_invalidation, wakeup, delete, fault_delete, unpaired,
 * unpaired_twice, unpaired_overlap, unpaired_stolen, zap_fault, smm_fault}, {@code on} = per-step invariant checks
 * (InvariantViolation at the step that breaks one), {@code off} = only the kernel's KVM_BUG_ON
 * and main's final check; {@code all} (default) or one invariant's name (with {@code on}: only
 * its per-step violations are thrown, the others recorded, and main's final check reports only
 * a recorded violation of it, so the row reports that property);
 * {@code trace} prints every step as "thread Step" (for an error path).
 *
 * <p>{@value #PAGES} hva pages and {@value #PAGES} gfns per address space; slot 0 of address space
 * 0 maps gfn [2, 4) to hva [0, 2) (hva and gfn distinct). Every thread runs one or two kernel
 * operations; an invalidation is Mm618.remap (the notifier's start, the PTE change, the end, on
 * one thread). When all threads have finished, main runs checkInvariants() (every state
 * invariant and any violation recorded earlier) and checkIdle() (InProgressBalanced: nothing in
 * flight, so in_progress and mn_active_invalidate_count are 0). A violation is an uncaught
 * InvariantViolation whose message starts with the invariant's name; a hang is a JPF deadlock.
 */
public final class Driver618 {
    static final int PAGES = 4;
    static final int FAULT_ATTEMPTS = 2;
    /** The slot every scenario uses: address space 0, id 0, gfn [2, 4) -> hva [0, 2). */
    static final int BASE_GFN = 2;

    private Driver618() {
    }

    /** Invalidations one after the other on one thread (Mm618.remap: start, PTE change, end). */
    static final class Invalidator extends Thread {
        private final Mm618 mm;
        private final HvaRange[] ranges;

        Invalidator(Mm618 mm, HvaRange... ranges) {
            super("invalidator");
            this.mm = mm;
            this.ranges = ranges;
        }

        @Override
        public void run() {
            for (HvaRange r : ranges) {
                mm.remap(r);
            }
        }
    }

    /** A vCPU: one page fault on (as, gfn), tried at most FAULT_ATTEMPTS times. */
    static final class VCpu extends Thread {
        private final Kvm618 kvm;
        private final int as;
        private final int gfn;

        VCpu(Kvm618 kvm, int as, int gfn) {
            super("vcpu");
            this.kvm = kvm;
            this.as = as;
            this.gfn = gfn;
        }

        @Override
        public void run() {
            for (int i = 0; i < FAULT_ATTEMPTS; i++) {
                if (kvm.pageFault(as, gfn) != FaultResult.RETRY) {
                    return;
                }
            }
        }
    }

    /** The memslot updater: one KVM_SET_USER_MEMORY_REGION (create or delete of slot 0). */
    static final class Updater extends Thread {
        private final Kvm618 kvm;
        private final boolean delete;

        Updater(Kvm618 kvm, boolean delete) {
            super("updater");
            this.kvm = kvm;
            this.delete = delete;
        }

        @Override
        public void run() {
            if (delete) {
                kvm.deleteMemslot(0, 0);
            } else {
                kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
            }
        }
    }

    /**
     * The environment of a late registration: mmu_notifier_register, then a create of slot 1 at
     * hva [2, 4) (or, overlapping, of slot 0 at hva [0, 2)).
     */
    static final class Registrar extends Thread {
        private final Kvm618 kvm;
        private final boolean overlap;

        Registrar(Kvm618 kvm, boolean overlap) {
            super("registrar");
            this.kvm = kvm;
            this.overlap = overlap;
        }

        @Override
        public void run() {
            kvm.mmuNotifierRegister();
            if (overlap) {
                kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
            } else {
                kvm.createMemslot(0, 1, 0, 2, 2);
            }
        }
    }

    /** A kvm_zap_gfn_range caller over [start, end). */
    static final class Zapper extends Thread {
        private final Kvm618 kvm;
        private final int start;
        private final int end;

        Zapper(Kvm618 kvm, int start, int end) {
            super("zapper");
            this.kvm = kvm;
            this.start = start;
            this.end = end;
        }

        @Override
        public void run() {
            kvm.zapCaller(start, end);
        }
    }

    /**
     * Prints every step as "thread Step" (JPF keeps each path's output; check.sh shows the error
     * path's). A bracketed step (enter .. step: a lockless read or write, an unlock) holds a
     * print lock from its enter to its step, so that the printed order is the order of the
     * effects (as the trace recorder of trace/ serialises them). Only for trace runs.
     */
    static final class Printer implements StepObserver618 {
        private final SpinLock lock = new SpinLock("print");

        @Override
        public void enter(Step618 step) {
            lock.lock();
        }

        @Override
        public void step(Step618 step, int value) {
            boolean bracketed = lock.isHeldByCurrentThread();
            if (!bracketed) {
                lock.lock();
            }
            System.out.println(Thread.currentThread().getName() + " " + step + " " + value);
            lock.unlock();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: Driver618 DESIGN SCENARIO on|off [all [trace]]");
        }
        String scenario = args[1];
        boolean checks = args[2].equals("on");
        Mm618 mm = new Mm618(PAGES);
        boolean late = scenario.startsWith("unpaired");
        // unpaired: late registration, the registrar thread registers the notifier.
        Kvm618 kvm = Designs618.create(args[0], mm, PAGES, checks, !late);
        if (args.length > 3 && !args[3].equals("all")) {
            kvm.throwOnly(args[3]);
        }
        if (args.length > 4 && args[4].equals("trace")) {
            kvm.addStepObserver(new Printer());
        }
        Thread[] threads;
        switch (scenario) {
            case "fault_invalidation":
                // A fault on gfn 2 (hva 0) while hva [0, 2) is remapped: it must retry (in_progress
                // and the gfn range, or the seq) or map the new frame (Coherence). range_add_hva:
                // the tracked range is hva [0, 2), gfn 2 outside it; unsafe_only: no locked check.
                kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
                threads = new Thread[] {new Invalidator(mm, new HvaRange(0, 2)), new VCpu(kvm, 0, BASE_GFN)};
                break;
            case "wakeup":
                // One invalidation against one create of slot 0: the swap must wait for the end
                // and be woken (NoLostWakeUp, MutualExclusion).
                threads = new Thread[] {new Invalidator(mm, new HvaRange(0, 2)), new Updater(kvm, false)};
                break;
            case "delete":
                // Slot 0 exists; one invalidation against its delete (two swaps, the flush).
                kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
                threads = new Thread[] {new Invalidator(mm, new HvaRange(1, 3)), new Updater(kvm, true)};
                break;
            case "fault_delete":
                // Slot 0 exists; a fault on gfn 2 while the slot is deleted: before the INVALID
                // copy, on it (retry), during synchronize_srcu, after (NoMappingOfInvalidSlot, Coherence).
                kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
                threads = new Thread[] {new VCpu(kvm, 0, BASE_GFN), new Updater(kvm, true)};
                break;
            case "unpaired":
                // The notifier is registered at any point of an invalidation of hva [0, 2): before
                // its start (a paired call), between start() and end() (an end without its start),
                // after its end; then a create of slot 1 (hva [2, 4), no overlap) must wait while
                // the count is not 0, and the count must never underflow. (A second invalidation
                // on the invalidator thread: 180,328 states, 108 s, over the budget; measured once.)
                threads = new Thread[] {new Invalidator(mm, new HvaRange(0, 2)), new Registrar(kvm, false)};
                break;
            case "unpaired_overlap":
                // As unpaired, but the created slot covers the invalidated hvas: an end whose
                // start KVM never saw now finds a memslot and calls kvm_mmu_invalidate_end.
                threads = new Thread[] {new Invalidator(mm, new HvaRange(0, 2)), new Registrar(kvm, true)};
                break;
            case "unpaired_stolen":
                // Late registration (spec618's K618_Adopted_LateRegisterStolenCount on two
                // threads): the invalidator remaps hva [0, 2), then, if the notifier is registered
                // by then, creates slot 1 (hva [2, 4)); the registrar registers, then remaps hva
                // [0, 2) itself. If the registration comes between the invalidator's start() and
                // end() while the registrar's start() is counted, the unpaired end takes that count
                // to 0 and the create swaps inside the registrar's invalidation.
                threads = new Thread[] {
                    new Thread("invalidator") {
                        @Override
                        public void run() {
                            mm.remap(new HvaRange(0, 2));
                            if (mm.registered()) {
                                kvm.createMemslot(0, 1, 0, 2, 2);
                            }
                        }
                    },
                    new Thread("registrar") {
                        @Override
                        public void run() {
                            kvm.mmuNotifierRegister();
                            mm.remap(new HvaRange(0, 2));
                        }
                    },
                };
                break;
            case "unpaired_twice":
                // As unpaired with a second invalidation of hva [0, 2) on the invalidator thread:
                // after an end without its start, the next start counts itself (adopted: 1).
                threads = new Thread[] {new Invalidator(mm, new HvaRange(0, 2), new HvaRange(0, 2)), new Registrar(kvm, false)};
                break;
            case "zap_fault":
                // Slot 0 exists; a fault on gfn 2 while a kvm_zap_gfn_range caller changes what the
                // SPTE of gfn 2 derives from and zaps it: the fault must retry or use the new value.
                kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
                threads = new Thread[] {new Zapper(kvm, BASE_GFN, BASE_GFN + 1), new VCpu(kvm, 0, BASE_GFN)};
                break;
            case "smm_fault":
                // Slot 0 of both address spaces maps hva [0, 2) (address space 1, the SMM alias, at
                // gfn [0, 2)): the remap of hva [0, 1) adds two gfn ranges, gfn [2, 3) and [0, 1),
                // under one begin; a fault on gfn 0 of address space 1. (hva [0, 2): 82,868
                // states, 72 s, over the budget; measured once.)
                kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
                kvm.createMemslot(1, 0, 0, 2, 0);
                threads = new Thread[] {new Invalidator(mm, new HvaRange(0, 1)), new VCpu(kvm, 1, 0)};
                break;
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (args.length > 3 && !args[3].equals("all")) {
            // A row about one invariant: only its recorded violation counts.
            kvm.checkRecordedOnly();
            return;
        }
        kvm.checkInvariants();
        kvm.checkIdle();
    }
}
