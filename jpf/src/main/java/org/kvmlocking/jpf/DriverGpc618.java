package org.kvmlocking.jpf;

import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kvm618.Designs618;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;
import org.kvmlocking.kvm618.Step618;
import org.kvmlocking.kvm618.StepObserver618;
import org.kvmlocking.kvm618.gpc.GfnToPfnCache;
import org.kvmlocking.kvm618.gpc.GpcDesigns618;
import org.kvmlocking.kvm618.gpc.GpcStep;
import org.kvmlocking.kvm618.gpc.GpcStepObserver;
import org.kvmlocking.kvm618.gpc.KvmGpc;

/**
 * Java PathFinder application driver for the gfn-to-pfn cache of Linux 6.18
 * (org.kvmlocking.kvm618.gpc) over the adopted 6.18 KVM: a small, bounded program whose every
 * thread interleaving JPF explores. Plain Java (threads, no JPF API).
 *
 * <p>Usage: {@code DriverGpc618 DESIGN SCENARIO on|off [all [trace]]}: DESIGN a cache design of
 * designs.tsv (its name, or its class name as jpf/check.sh passes it), SCENARIO one of
 * {@code refresh_invalidation, hva_outside_memslot, two_refreshes, reactivate,
 * use_invalidation, deactivate_invalidation, memslot_delete}; {@code on} = per-step checks (InvariantViolation at the step),
 * {@code off} = only main's final check; {@code trace} prints every step as "thread Step value".
 *
 * <p>{@value #PAGES} hva pages and {@value #PAGES} gfns; slot 0 of address space 0 maps gfn
 * [2, 4) to hva [0, 2); hvas 2 and 3 are in no memslot. A user is kvmGpcUse with one check:
 * read_lock, kvm_gpc_check, the access (GpcCoherent and GpcSlotCurrent checked at the check and
 * again before read_unlock), read_unlock. When all threads have finished, main checks the caches
 * at rest (GpcCoherent, GpcSlotCurrent, RefreshSerialised) and the KVM beneath
 * (checkInvariants, checkIdle). A deadlock is JPF's NotDeadlockedProperty.
 */
public final class DriverGpc618 {
    static final int PAGES = 4;
    static final int BASE_GFN = 2;

    private DriverGpc618() {
    }

    /** A thread running one body. */
    static Thread thread(String name, Runnable body) {
        return new Thread(body, name);
    }

    /** Prints every step of the KVM and of the caches as "thread Step value" (trace runs only). */
    static final class Printer implements StepObserver618, GpcStepObserver {
        private final SpinLock lock = new SpinLock("print");

        @Override
        public void enter(Step618 step) {
            lock.lock();
        }

        @Override
        public void step(Step618 step, int value) {
            print(step.name(), value);
        }

        @Override
        public void step(GpcStep step, int value) {
            print(step.name(), value);
        }

        private void print(String step, int value) {
            if (!lock.isHeldByCurrentThread()) {
                lock.lock();
            }
            System.out.println(Thread.currentThread().getName() + " " + step + " " + value);
            lock.unlock();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: DriverGpc618 DESIGN SCENARIO on|off [all [trace]]");
        }
        String scenario = args[1];
        boolean checks = args[2].equals("on");
        Mm618 mm = new Mm618(PAGES);
        // The KVM beneath is adopted_618 without its per-step checks (Driver618's runs check its
        // properties; its final checkInvariants and checkIdle still run below): fewer states.
        Kvm618 kvm = Designs618.create("adopted_618", mm, PAGES, false);
        kvm.createMemslot(0, 0, BASE_GFN, 2, 0);
        KvmGpc gpcs = GpcDesigns618.create(args[0], kvm, checks);
        if (args.length > 4 && args[4].equals("trace")) {
            Printer p = new Printer();
            gpcs.addKvmStepObserver(p);
            gpcs.addStepObserver(p);
        }
        GfnToPfnCache gpc = gpcs.kvmGpcInit();
        Thread[] threads;
        switch (scenario) {
            case "refresh_invalidation":
                // The cache of gpa 2 (hva 0, in slot 0) was invalidated (a remap of hva 0 on main);
                // a vCPU refreshes it while hva [0, 1) is remapped again: the refresh must retry
                // while the invalidation is counted or after it ended (mmu_notifier_retry_cache),
                // or a valid cache keeps the replaced page. retry_cache_in_progress: the re-check
                // between the cache invalidation and kvm_mmu_invalidate_begin; retry_cache_no_seq:
                // the whole invalidation while the refresh has dropped gpc->lock.
                gpcs.kvmGpcActivate(gpc, BASE_GFN);
                gpcs.remap(new HvaRange(0, 1));
                threads = new Thread[] {
                    thread("vcpu", () -> gpcs.kvmGpcRefresh(gpc)),
                    thread("invalidator", () -> gpcs.remap(new HvaRange(0, 1))),
                };
                break;
            case "hva_outside_memslot":
                // As refresh_invalidation with an HVA-based cache of hva 3, which no memslot
                // covers: kvm_handle_hva_range finds no slot, so neither begin nor end runs and
                // mmu_invalidate_seq does not move; only the count guards the refresh.
                gpcs.kvmGpcActivateHva(gpc, 3);
                gpcs.remap(new HvaRange(3, 4));
                threads = new Thread[] {
                    thread("vcpu", () -> gpcs.kvmGpcRefresh(gpc)),
                    thread("invalidator", () -> gpcs.remap(new HvaRange(3, 4))),
                };
                break;
            case "two_refreshes":
                // The cache of gpa 2 was invalidated (remap of hva 0 on main); two vCPUs refresh
                // it at once: refresh_lock serialises them (RefreshSerialised).
                gpcs.kvmGpcActivate(gpc, BASE_GFN);
                gpcs.remap(new HvaRange(0, 1));
                threads = new Thread[] {
                    thread("vcpu1", () -> gpcs.kvmGpcRefresh(gpc)),
                    thread("vcpu2", () -> gpcs.kvmGpcRefresh(gpc)),
                };
                break;
            case "reactivate":
                // An HVA-based cache of hva 0 is re-activated at hva 1 while a user checks it:
                // __kvm_gpc_refresh writes the new uhva, so the cache must be invalid before
                // hva_to_pfn_retry drops gpc->lock.
                gpcs.kvmGpcActivateHva(gpc, 0);
                threads = new Thread[] {
                    thread("vcpu", () -> gpcs.kvmGpcActivateHva(gpc, 1)),
                    thread("user", () -> gpcs.kvmGpcUse(gpc, 1)),
                };
                break;
            case "use_invalidation":
                // A user accesses the valid cache of gpa 2 (hva 0) while hva [0, 1) is remapped:
                // the invalidation's write_lock waits for the user's read_unlock, so the page
                // cannot be replaced between the user's kvm_gpc_check and its read_unlock.
                gpcs.kvmGpcActivate(gpc, BASE_GFN);
                threads = new Thread[] {
                    thread("user", () -> gpcs.kvmGpcUse(gpc, 1)),
                    thread("invalidator", () -> gpcs.remap(new HvaRange(0, 1))),
                };
                break;
            case "deactivate_invalidation":
                // The valid cache of gpa 2 (hva 0) is deactivated while hva [0, 1) is remapped,
                // and the invalidating task then checks the cache: it must be inactive or
                // invalid by then (off gpc_list only once inactive), and the two lock orders
                // (gpc_lock then gpc->lock) must not deadlock.
                gpcs.kvmGpcActivate(gpc, BASE_GFN);
                threads = new Thread[] {
                    thread("vcpu", () -> gpcs.kvmGpcDeactivate(gpc)),
                    thread("invalidator", () -> {
                        gpcs.remap(new HvaRange(0, 1));
                        gpcs.kvmGpcUse(gpc, 1);
                    }),
                };
                break;
            case "memslot_delete":
                // The valid cache of gpa 2 (hva 0) while slot 0 is deleted (no hva is
                // invalidated: the page stays mapped): a user's kvm_gpc_check must fail from the
                // first swap on (the generation), the gpa having no hva any more.
                gpcs.kvmGpcActivate(gpc, BASE_GFN);
                threads = new Thread[] {
                    thread("updater", () -> kvm.deleteMemslot(0, 0)),
                    thread("user", () -> gpcs.kvmGpcUse(gpc, 1)),
                };
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
        gpcs.checkInvariants();
        kvm.checkInvariants();
        kvm.checkIdle();
    }
}
