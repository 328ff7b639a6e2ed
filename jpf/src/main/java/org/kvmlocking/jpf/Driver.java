package org.kvmlocking.jpf;

import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Design;
import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.Step;

/**
 * Java PathFinder application driver: a small, bounded program whose every thread interleaving
 * JPF explores. Plain Java (threads, {@code assert}); no JPF API, so Maven builds it without JPF.
 *
 * <p>Usage: {@code Driver DESIGN SCENARIO CHECKS} with DESIGN a design of designs.tsv that has a
 * Java class (its name, or its class name as jpf/check.sh passes it), SCENARIO one of
 * {@code wakeup, retest, readers, fault, delete} and CHECKS {@code on} (per-step invariant checks, which
 * throw {@code InvariantViolation} at the step that breaks an invariant) or {@code off} (only the
 * kernel's BUG_ON and the final check in main). An optional fourth argument chooses main's final
 * check: {@code all} (default, checkInvariants), {@code Balance} or {@code Coherence} (only that
 * state invariant, so that an event violation recorded earlier does not mask it); an optional
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

    /** Invalidations one after the other: invalidate_range_start, PTE change, invalidate_range_end (Mm.remap). */
    static final class Invalidator extends Thread {
        private final Mm mm;
        private final HvaRange[] ranges;

        Invalidator(String name, Mm mm, HvaRange... ranges) {
            super(name);
            this.mm = mm;
            this.ranges = ranges;
        }

        @Override
        public void run() {
            for (int i = 0; i < ranges.length; i++) {
                mm.remap(ranges[i]);
            }
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
        for (int i = 0; i < FAULT_ATTEMPTS; i++) {
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
        } else if (finalCheck.equals("Coherence")) {
            kvm.checkCoherence();
        } else {
            kvm.checkInvariants();
        }
        assert kvm.inFlightInvalidations() == 0 : "invalidations still in flight after all threads ended";
        assert (kvm.memslots().byId(0) != null) == slotAtEnd : "final layout: " + kvm.memslots();
        assert kvm.mmuNotifierCount() == 0 : "Balance: mmu_notifier_count = " + kvm.mmuNotifierCount() + " at the end";
    }
}
