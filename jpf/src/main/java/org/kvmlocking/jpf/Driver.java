package org.kvmlocking.jpf;

import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.FaultResult;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Kvm;
import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.RecursiveReaderRwsem;
import org.kvmlocking.kvm.broken.ElisionWithoutBlocking;
import org.kvmlocking.kvm.broken.FairRwsemWithPseudoLock;
import org.kvmlocking.kvm.broken.IfInsteadOfWhile;
import org.kvmlocking.kvm.broken.LostWakeUp;
import org.kvmlocking.kvm.broken.NoWaitLoop;

/**
 * Java PathFinder application driver: a small, bounded program whose every thread interleaving
 * JPF explores. Plain Java (threads, {@code assert}); no JPF API, so Maven builds it without JPF.
 *
 * <p>Usage: {@code Driver DESIGN SCENARIO CHECKS} with DESIGN one of {@code adopted, elision_only,
 * no_wait_loop, if_not_while, lost_wakeup, rwsem_fair, rwsem_unfair}, SCENARIO one of
 * {@code wakeup, retest, fault, delete} and CHECKS {@code on} (per-step invariant checks, which
 * throw {@code InvariantViolation} at the step that breaks an invariant) or {@code off} (only the
 * kernel's BUG_ON and the final check in main). An optional fourth argument {@code trace} prints
 * every spec action (debugging; adds no scheduling points but makes JPF's output long).
 *
 * <p>The hva space and the gfn space have {@value #PAGES} pages. Every thread runs one kernel
 * operation: an invalidation is {@code Mm.remap} (invalidate_range_start, the primary PTE change,
 * invalidate_range_end on the same thread), the updater is one KVM_SET_USER_MEMORY_REGION
 * (createMemslot or deleteMemslot: one or two install_new_memslots), the vCPU is a page fault
 * retried at most {@value #FAULT_ATTEMPTS} times. Threads start in an order chosen so that the
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

    /** The design by its check.sh name. */
    static AbstractKvm create(String design, Mm mm, boolean checks) {
        switch (design) {
            case "adopted":
                return new Kvm(mm, checks);
            case "rwsem_unfair":
                return new RecursiveReaderRwsem(mm, checks);
            case "rwsem_fair":
                return new FairRwsemWithPseudoLock(mm, checks);
            case "elision_only":
                return new ElisionWithoutBlocking(mm, checks);
            case "lost_wakeup":
                return new LostWakeUp(mm, checks);
            case "if_not_while":
                return new IfInsteadOfWhile(mm, checks);
            case "no_wait_loop":
                return new NoWaitLoop(mm, checks);
            default:
                throw new IllegalArgumentException("unknown design " + design);
        }
    }

    /** An invalidation: invalidate_range_start, PTE change, invalidate_range_end (Mm.remap). */
    static final class Invalidator extends Thread {
        private final Mm mm;
        private final HvaRange range;

        Invalidator(String name, Mm mm, HvaRange range) {
            super(name);
            this.mm = mm;
            this.range = range;
        }

        @Override
        public void run() {
            mm.remap(range);
        }
    }

    /** The memslot updater: one create (one install) or one delete (two installs). */
    static final class Updater extends Thread {
        private final AbstractKvm kvm;
        private final boolean delete;

        Updater(AbstractKvm kvm, boolean delete) {
            super("updater");
            this.kvm = kvm;
            this.delete = delete;
        }

        @Override
        public void run() {
            if (delete) {
                kvm.deleteMemslot(0);
            } else {
                kvm.createMemslot(0, 0, 2, 0, 0);
            }
        }
    }

    /** A vCPU faulting on gfn, retrying a bounded number of times. */
    static final class Vcpu extends Thread {
        private final AbstractKvm kvm;
        private final int gfn;

        Vcpu(AbstractKvm kvm, int gfn) {
            super("vcpu");
            this.kvm = kvm;
            this.gfn = gfn;
        }

        @Override
        public void run() {
            for (int i = 0; i < FAULT_ATTEMPTS; i++) {
                if (kvm.pageFault(gfn) != FaultResult.RETRY) {
                    return;
                }
            }
        }
    }

    /** Prints every spec action with its thread (JPF prints the output of every explored path). */
    static final class TraceActions implements org.kvmlocking.kvm.ActionListener {
        @Override
        public void action(String name) {
            System.out.println(Thread.currentThread().getName() + " " + name);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: Driver DESIGN SCENARIO on|off");
        }
        String design = args[0];
        String scenario = args[1];
        boolean checks = args[2].equals("on");
        Mm mm = new Mm(PAGES);
        AbstractKvm kvm = create(design, mm, checks);
        if (args.length > 3 && args[3].equals("trace")) {
            kvm.setActionListener(new TraceActions());
            mm.setActionListener(new TraceActions());
        }
        Thread[] threads;
        boolean slotAtEnd;
        switch (scenario) {
            case "wakeup":
                // One invalidation against one create: the lost wake-up (the end must come while
                // the updater is between its unlock and its sleep), MutualExclusion.
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2)),
                    new Updater(kvm, false),
                };
                slotAtEnd = true;
                break;
            case "retest":
                // Two overlapping invalidations against one create: the second may start between
                // the wake-up by the first and the updater's relock (if instead of while), or
                // queue behind the writer while holding the pseudo-lock (fair rwsem).
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2)),
                    new Invalidator("invalidator-2", mm, new HvaRange(1, 3)),
                    new Updater(kvm, false),
                };
                slotAtEnd = true;
                break;
            case "fault":
                // One invalidation, one create, one vCPU fault on gfn 0 of the new slot: Coherence
                // (a fault must not map a page the invalidation is replacing).
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(0, 2)),
                    new Updater(kvm, false),
                    new Vcpu(kvm, 0),
                };
                slotAtEnd = true;
                break;
            case "delete":
                // Slot 0 exists; one invalidation of it against its delete (two installs): a start
                // that increments and an end that no longer sees the slot (Balance).
                kvm.createMemslot(0, 0, 2, 0, 0); // single-threaded setup, before JPF interleaves
                threads = new Thread[] {
                    new Invalidator("invalidator-1", mm, new HvaRange(1, 3)),
                    new Updater(kvm, true),
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
        kvm.checkInvariants();
        assert kvm.inFlightInvalidations() == 0 : "invalidations still in flight after all threads ended";
        assert (kvm.memslots().byId(0) != null) == slotAtEnd : "final layout: " + kvm.memslots();
        assert kvm.mmuNotifierCount() == 0 : "Balance: mmu_notifier_count = " + kvm.mmuNotifierCount() + " at the end";
    }
}
