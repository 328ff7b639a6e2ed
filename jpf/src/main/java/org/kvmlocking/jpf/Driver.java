package org.kvmlocking.jpf;

import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.InvariantViolation;
import org.kvmlocking.kvm.Design;
import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.Step;

/**
 * Java PathFinder application driver: a small, bounded program whose every thread interleaving
 * JPF explores. Plain Java (threads, {@code assert}); no JPF API, so Maven builds it without JPF.
 *
 * <p>Usage: {@code Driver DESIGN SCENARIO CHECKS} with DESIGN a design of designs.tsv that has a
 * Java class (its name, or its class name as jpf/check.sh passes it), SCENARIO one of
 * {@code wakeup, retest, readers, fault, delete, fault_invalidation, fault_create, fault_delete,
 * two_overlap, two_disjoint, two_wakeup} and CHECKS {@code on} (per-step invariant checks, which
 * throw {@code InvariantViolation} at the step that breaks an invariant) or {@code off} (only the
 * kernel's BUG_ON and the final check in main). An optional fourth argument chooses main's final
 * check: {@code all} (default, checkInvariants), {@code Balance} or {@code Coherence} (only that
 * state invariant, so that an event violation recorded earlier does not mask it), or
 * {@code CoherenceAfterBugOn} (Coherence, with the invalidators surviving the kernel's BUG_ON in
 * invalidate_range_end, which would otherwise always come first: see {@link #survivesBugOn}); an optional
 * fifth argument {@code trace} prints every spec action (JPF prints the output of every path).
 *
 * <p>The hva space and the gfn space have {@value #PAGES} pages. Every thread runs one kernel
 * operation: an invalidation is {@code Mm.remap} (invalidate_range_start, the primary PTE change,
 * invalidate_range_end on the same thread), the updater is one KVM_SET_USER_MEMORY_REGION
 * (createMemslot or deleteMemslot: one or two install_new_memslots), in scenario fault followed
 * by a vCPU page fault retried at most {@value #FAULT_ATTEMPTS} times. Threads start in an order chosen so that the
 * invalidations can be in flight when the update begins; JPF then interleaves everything.
 *
 * <p>When every thread has finished, main runs {@code checkInvariants()} (Balance,
 * NotifierCountNonNegative, Coherence, NoLostWakeUp, and any recorded MutualExclusion/Balance
 * event violation) and asserts the final layout. A violation is an uncaught exception (JPF:
 * NoUncaughtExceptionsProperty, message starting with the invariant's name); a hang is a JPF
 * deadlock (NotDeadlockedProperty): main waits in join, the others in wait().
 */
public final class Driver {
    static final int PAGES = 4;
    static final int FAULT_ATTEMPTS = 2;

    private Driver() {
    }

    /**
     * The design: its Java class, as jpf/check.sh passes it after looking the design up in
     * designs.tsv on the host (reading the file under JPF would put its URL and stream classes
     * into every state), or its designs.tsv name, for a hand-run RunJPF on a .jpf.
     */
    static AbstractKvm create(String design, Mm mm, boolean checks) {
        if (design.indexOf('.') >= 0) {
            return Design.create(design, mm, checks);
        }
        return Design.javaByName(design).create(mm, checks);
    }

    /**
     * Whether an invalidator survives the kernel's BUG_ON in invalidate_range_end (final check
     * {@code CoherenceAfterBugOn}): the BUG_ON is thrown after range_end has done all its work, so
     * the state is the one TLC's ElisionOnly_Coherence reaches, where NotifierCountNonNegative is
     * not checked; main then checks Coherence on it. Set by main before any thread starts.
     */
    static boolean survivesBugOn;

    /** Invalidations one after the other: invalidate_range_start, PTE change, invalidate_range_end (Mm.remap). */
    static final class Invalidator extends Thread {
        private final Mm mm;
        private final HvaRange[] ranges;
        private final boolean survive;

        Invalidator(String name, Mm mm, HvaRange... ranges) {
            super(name);
            this.mm = mm;
            this.ranges = ranges;
            this.survive = survivesBugOn;
        }

        @Override
        public void run() {
            for (int i = 0; i < ranges.length; i++) {
                if (!survive) {
                    mm.remap(ranges[i]);
                    continue;
                }
                try {
                    mm.remap(ranges[i]);
                } catch (InvariantViolation v) {
                    // Only the BUG_ON, the last statement of invalidate_range_end (Mm.remap's last call).
                    if (!v.invariant().equals("NotifierCountNonNegative")) {
                        throw v;
                    }
                }
            }
        }
    }

    /**
     * Two invalidations in flight at once, on one thread (a bound: a second invalidator thread
     * next to a vCPU or the updater did not finish in 5 minutes): invalidate_range_start of a,
     * then of b, the primary PTE changes of both, then invalidate_range_end of a and then of b
     * (the first started ends first, while the other is still counted). The other thread
     * interleaves with every step, so it sees mmu_notifier_count 1, 2, 1, 0, the range widened
     * to the union, and the wake-up coming from b's end, the last one.
     */
    static final class TwoInvalidations extends Thread {
        private final AbstractKvm kvm;
        private final Mm mm;
        private final HvaRange a;
        private final HvaRange b;

        TwoInvalidations(AbstractKvm kvm, Mm mm, HvaRange a, HvaRange b) {
            super("invalidator");
            this.kvm = kvm;
            this.mm = mm;
            this.a = a;
            this.b = b;
        }

        @Override
        public void run() {
            kvm.invalidateRangeStart(a);
            kvm.invalidateRangeStart(b);
            mm.replacePtes(a);
            mm.replacePtes(b);
            kvm.invalidateRangeEnd(a);
            kvm.invalidateRangeEnd(b);
        }
    }

    /** A vCPU: one page fault on gfn, tried at most {@code attempts} times (a RETRY is tried again). */
    static final class VCpu extends Thread {
        private final AbstractKvm kvm;
        private final int gfn;
        private final int attempts;

        VCpu(AbstractKvm kvm, int gfn, int attempts) {
            super("vcpu");
            this.kvm = kvm;
            this.gfn = gfn;
            this.attempts = attempts;
        }

        @Override
        public void run() {
            fault(kvm, gfn, attempts);
        }
    }

    /**
     * The memslot updater: one create (one install) or one delete (two installs); with
     * {@code faultAfter}, then a vCPU page fault on gfn 0 of the new slot on the same thread (a
     * bound: one thread fewer than a separate vCPU, whose interleavings JPF could not finish in the
     * time budget).
     */
    static final class Updater extends Thread {
        private final AbstractKvm kvm;
        private final boolean delete;
        private final boolean faultAfter;

        Updater(AbstractKvm kvm, boolean delete, boolean faultAfter) {
            super("updater");
            this.kvm = kvm;
            this.delete = delete;
            this.faultAfter = faultAfter;
        }

        @Override
        public void run() {
            if (delete) {
                kvm.deleteMemslot(0);
            } else {
                kvm.createMemslot(0, 0, 2, 0, 0);
            }
            if (faultAfter) {
                fault(kvm, 0);
            }
        }
    }

    /** A vCPU page fault on gfn, retried at most FAULT_ATTEMPTS times. */
    static void fault(AbstractKvm kvm, int gfn) {
        fault(kvm, gfn, FAULT_ATTEMPTS);
    }

    /** A vCPU page fault on gfn, tried at most attempts times. */
    static void fault(AbstractKvm kvm, int gfn, int attempts) {
        for (int i = 0; i < attempts; i++) {
            if (kvm.pageFault(gfn) != FaultResult.RETRY) {
                return;
            }
        }
    }

    /** Prints every step with its thread (JPF prints the output of every explored path). */
    static void printStep(Step step, Object value) {
        System.out.println(Thread.currentThread().getName() + " " + step);
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: Driver DESIGN SCENARIO on|off [all|Balance|Coherence [trace]]");
        }
        String design = args[0];
        String scenario = args[1];
        boolean checks = args[2].equals("on");
        Mm mm = new Mm(PAGES);
        AbstractKvm kvm = create(design, mm, checks);
        String finalCheck = args.length > 3 ? args[3] : "all";
        survivesBugOn = finalCheck.equals("CoherenceAfterBugOn");
        if (args.length > 4 && args[4].equals("trace")) {
            kvm.addStepObserver(Driver::printStep);
        }
        Thread[] threads;
        boolean slotAtEnd;
        switch (scenario) {
            case "wakeup":
                // One invalidation against one create: the lost wake-up (the end must come while
                // the updater is between its unlock and its sleep), MutualExclusion.
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2)),
                    new Updater(kvm, false, false),
                };
                slotAtEnd = true;
                break;
            case "retest":
                // Two invalidations, one after the other on one thread, against one create: the
                // second may start between the wake-up by the first and the updater's relock
                // (if instead of while).
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2), new HvaRange(1, 3)),
                    new Updater(kvm, false, false),
                };
                slotAtEnd = true;
                break;
            case "readers":
                // Two overlapping invalidations on two threads against one create: one may be in
                // flight while the other starts (fair rwsem: the second start queues behind the
                // writer while holding the pseudo-lock that the first one's end needs).
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2)),
                    new Invalidator("invalidator-2", mm, new HvaRange(1, 3)),
                    new Updater(kvm, false, false),
                };
                slotAtEnd = true;
                break;
            case "fault":
                // One invalidation against a create followed by a vCPU fault on gfn 0 of the new
                // slot: Coherence (the fault must not map the page the invalidation replaces).
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2)),
                    new Updater(kvm, false, true),
                };
                slotAtEnd = true;
                break;
            case "delete":
                // Slot 0 exists; one invalidation of it against its delete (two installs): a start
                // that increments and an end that no longer sees the slot (Balance).
                kvm.createMemslot(0, 0, 2, 0, 0); // single-threaded setup, before JPF interleaves
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(1, 3)),
                    new Updater(kvm, true, false),
                };
                slotAtEnd = false;
                break;
            case "fault_invalidation":
                // Slot 0 exists; a vCPU faults on gfn 0 while invalidator-1 remaps hva [0,2): the
                // fault must retry (count, range, seq) or map the new page, never keep the old.
                kvm.createMemslot(0, 0, 2, 0, 0);
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2)),
                    new VCpu(kvm, 0, FAULT_ATTEMPTS),
                };
                slotAtEnd = true;
                break;
            case "fault_create":
                // A vCPU faults on gfn 0 while the updater creates slot 0: before the publish (no
                // slot), during synchronize_srcu, after it.
                threads = new Thread[] {
                    new VCpu(kvm, 0, FAULT_ATTEMPTS),
                    new Updater(kvm, false, false),
                };
                slotAtEnd = true;
                break;
            case "fault_delete":
                // Slot 0 exists; a vCPU faults on gfn 0 while the updater deletes it: before the
                // KVM_MEMSLOT_INVALID copy is published, between it and the final install (during
                // synchronize_srcu, which waits for the fault's SRCU read side, and during the
                // flush), after the final install.
                kvm.createMemslot(0, 0, 2, 0, 0);
                threads = new Thread[] {
                    new VCpu(kvm, 0, FAULT_ATTEMPTS),
                    new Updater(kvm, true, false),
                };
                slotAtEnd = false;
                break;
            case "two_overlap":
            case "two_disjoint":
                // Slot 0 covers all 4 pages; two invalidations in flight at once (TwoInvalidations:
                // the count reaches 2, mmu_notifier_range widens to their union) and a vCPU fault
                // on gfn 0, inside the first range only (overlap: [0,2) and [1,3); disjoint: [0,2)
                // and [2,4)): it must retry, or map the page after both changes.
                kvm.createMemslot(0, 0, PAGES, 0, 0);
                threads = new Thread[] {
                    new TwoInvalidations(kvm, mm, new HvaRange(0, 2),
                            scenario.equals("two_overlap") ? new HvaRange(1, 3) : new HvaRange(2, 4)),
                    new VCpu(kvm, 0, FAULT_ATTEMPTS),
                };
                slotAtEnd = true;
                break;
            case "two_wakeup":
                // Two invalidations in flight at once (TwoInvalidations: [0,1) and [1,2)) against
                // one create of slot 0 (gfn [0,2) -> hva [0,2)): the updater may sleep while the
                // count is 2 or 1, and must be woken by the last end, not the first.
                threads = new Thread[] {
                    new TwoInvalidations(kvm, mm, new HvaRange(0, 1), new HvaRange(1, 2)),
                    new Updater(kvm, false, false),
                };
                slotAtEnd = true;
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
        if (finalCheck.equals("Balance")) {
            kvm.checkBalance();
        } else if (finalCheck.equals("Coherence") || finalCheck.equals("CoherenceAfterBugOn")) {
            kvm.checkCoherence();
        } else {
            kvm.checkInvariants();
        }
        if (survivesBugOn) {
            return; // the count may be -1 (the BUG_ON let through): only Coherence is this run's question
        }
        assert kvm.inFlightInvalidations() == 0 : "invalidations still in flight after all threads ended";
        assert (kvm.memslots().byId(0) != null) == slotAtEnd : "final layout: " + kvm.memslots();
        assert kvm.mmuNotifierCount() == 0 : "Balance: mmu_notifier_count = " + kvm.mmuNotifierCount() + " at the end";
    }
}
