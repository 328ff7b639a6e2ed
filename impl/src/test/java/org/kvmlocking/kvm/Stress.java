package org.kvmlocking.kvm;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A whole system on real threads: invalidators (the primary MMU), one memslot updater, vCPUs, and
 * the test thread checking the invariants. Seeded randomness; an optional seeded noise listener
 * yields or sleeps at the race windows to make rare interleavings likely. All threads are
 * daemons: a hung broken design cannot keep the JVM alive.
 */
final class Stress {
    static final int PAGES = 16;

    /** Outcome of one run. */
    static final class Result {
        Throwable failure;
        String hang;
        long invalidations;
        long installs;
        long rejected;
        long faultsInstalled;
        long faults;
        long elapsedMillis;
        /** Memslot updates seen waiting longer than starveMillis while other threads went on (starvation). */
        long starved;

        boolean failed() {
            return failure != null || hang != null;
        }

        String describe() {
            if (failure != null) {
                return failure.toString();
            }
            if (hang != null) {
                return "HANG: " + hang;
            }
            return "ok: " + invalidations + " invalidations, " + installs + " memslot updates (" + rejected
                    + " rejected), " + faults + " faults (" + faultsInstalled + " installed) in " + elapsedMillis + " ms"
                    + (starved > 0 ? "; " + starved + " memslot update(s) starved for a while (allowed: the scheme is not fair)" : "");
        }
    }

    private final Design design;
    private final long seed;
    private final boolean checks;
    private final boolean noise;
    private final int invalidators;
    private final int vcpus;
    private final long hangMillis;
    /** Whether the checker checks only the state invariants (Balance, NotifierCountNonNegative, Coherence). */
    private boolean stateInvariantsOnly;
    /** An operation stuck this long while others go on counts as starved (default: the hang timeout). */
    private long starveMillis;

    Stress(Design design, long seed, boolean checks, boolean noise, int invalidators, int vcpus, long hangMillis) {
        this.design = design;
        this.seed = seed;
        this.checks = checks;
        this.noise = noise;
        this.invalidators = invalidators;
        this.vcpus = vcpus;
        this.hangMillis = hangMillis;
        this.starveMillis = hangMillis;
    }

    Stress starveMillis(long ms) {
        starveMillis = ms;
        return this;
    }

    Stress stateInvariantsOnly() {
        stateInvariantsOnly = true;
        return this;
    }

    /**
     * Runs for at most {@code millis} (stops at the first failure if {@code stopAtFailure}), then
     * stops the workers and requires them all to finish within the hang timeout.
     */
    Result run(long millis) throws InterruptedException {
        Mm mm = new Mm(PAGES);
        AbstractKvm kvm = design.create(mm, checks);
        if (noise) {
            kvm.addStepObserver(new Noise(seed));
        }
        Result r = new Result();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong inv = new AtomicLong();
        AtomicLong inst = new AtomicLong();
        AtomicLong rej = new AtomicLong();
        AtomicLong fInst = new AtomicLong();
        AtomicLong f = new AtomicLong();
        int n = invalidators + 1 + vcpus + 1;
        Thread[] threads = new Thread[n];
        long[] opStart = new long[n];
        String[] opName = new String[n];
        Object progress = new Object();
        boolean[] stop = new boolean[1];
        // When any operation last completed (guarded by progress): a stuck operation is a hang
        // only if nothing else moves either; otherwise it is starvation, which the adopted
        // design allows (an updater behind a stream of invalidations), and the drain decides.
        long[] lastDone = {System.nanoTime()};
        boolean[] starvedSeen = new boolean[n];

        for (int i = 0; i < n; i++) {
            final int id = i;
            final Random rnd = new Random(seed * 31 + i);
            String name;
            Runnable body;
            if (i < invalidators) {
                name = "invalidator-" + i;
                body = () -> {
                    int len = 1 + rnd.nextInt(4);
                    int start = rnd.nextInt(PAGES - len + 1);
                    HvaRange range = new HvaRange(start, start + len);
                    int k = rnd.nextInt(10);
                    if (k < 6) {
                        mm.remap(range);
                    } else if (k < 8) {
                        mm.unmap(range);
                    } else {
                        mm.populate(range);
                    }
                    inv.incrementAndGet();
                    if (rnd.nextInt(4) == 0) {
                        pause(rnd);
                    }
                };
            } else if (i == invalidators) {
                name = "updater";
                body = () -> {
                    int id2 = rnd.nextInt(4);
                    Memslot s = kvm.memslots().byId(id2);
                    try {
                        if (s == null) {
                            int np = 1 + rnd.nextInt(4);
                            kvm.createMemslot(id2, rnd.nextInt(PAGES - np + 1), np, rnd.nextInt(PAGES - np + 1),
                                    rnd.nextBoolean() ? Memslot.KVM_MEM_LOG_DIRTY_PAGES : 0);
                        } else {
                            int k = rnd.nextInt(3);
                            if (k == 0) {
                                kvm.deleteMemslot(id2);
                            } else if (k == 1) {
                                kvm.moveMemslot(id2, rnd.nextInt(PAGES - s.npages() + 1));
                            } else {
                                kvm.setMemslotFlags(id2, s.flags() ^ Memslot.KVM_MEM_LOG_DIRTY_PAGES);
                            }
                        }
                        inst.incrementAndGet();
                    } catch (IllegalArgumentException e) {
                        rej.incrementAndGet(); // overlap with another slot: rejected, no change
                    }
                };
            } else if (i == n - 1) {
                // The checker is a worker too: a broken design may die holding a kernel lock,
                // and the test thread itself must never block on one.
                name = "checker";
                body = () -> {
                    if (stateInvariantsOnly) {
                        kvm.checkBalance();
                        kvm.checkCoherence();
                    } else {
                        kvm.checkInvariants();
                    }
                    pause(rnd);
                };
            } else {
                name = "vcpu-" + (i - invalidators - 1);
                body = () -> {
                    FaultResult fr = kvm.pageFault(rnd.nextInt(PAGES));
                    f.incrementAndGet();
                    if (fr == FaultResult.INSTALLED) {
                        fInst.incrementAndGet();
                    }
                };
            }
            opName[i] = name;
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        synchronized (progress) {
                            if (stop[0] || failure.get() != null) {
                                opStart[id] = 0;
                                return;
                            }
                            opStart[id] = System.nanoTime();
                        }
                        body.run();
                        synchronized (progress) {
                            opStart[id] = 0;
                            lastDone[0] = System.nanoTime();
                            starvedSeen[id] = false;
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name);
            t.setDaemon(true);
            threads[i] = t;
        }
        long t0 = System.nanoTime();
        for (Thread t : threads) {
            t.start();
        }
        long deadline = t0 + millis * 1_000_000L;
        String hang = null;
        while (System.nanoTime() < deadline && failure.get() == null && hang == null) {
            Thread.sleep(5);
            hang = stuck(threads, opStart, opName, progress, kvm, lastDone, starvedSeen, r);
        }
        synchronized (progress) {
            stop[0] = true;
        }
        // Drain: every worker must finish its current operation within the hang timeout.
        long drainDeadline = System.nanoTime() + hangMillis * 1_000_000L;
        if (failure.get() == null && hang == null) {
            for (Thread t : threads) {
                long left = (drainDeadline - System.nanoTime()) / 1_000_000L;
                t.join(Math.max(1, left));
            }
            for (int i = 0; i < n; i++) {
                if (threads[i].isAlive() && failure.get() == null) {
                    hang = opName[i] + " did not finish within " + hangMillis + " ms after the workers were stopped"
                            + describeKvm(kvm) + "\n" + stack(threads[i]);
                    break;
                }
            }
        }
        if (failure.get() == null && hang == null) {
            try {
                if (stateInvariantsOnly) {
                    kvm.checkBalance();
                    kvm.checkCoherence();
                } else {
                    kvm.checkInvariants();
                }
                if (kvm.mmuNotifierCount() != 0 || kvm.inFlightInvalidations() != 0) {
                    throw new AssertionError("quiescent but mmu_notifier_count = " + kvm.mmuNotifierCount());
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
        r.failure = failure.get();
        r.hang = r.failure == null ? hang : null;
        r.invalidations = inv.get();
        r.installs = inst.get();
        r.rejected = rej.get();
        r.faults = f.get();
        r.faultsInstalled = fInst.get();
        r.elapsedMillis = (System.nanoTime() - t0) / 1_000_000L;
        return r;
    }

    /**
     * A hang: an operation stuck longer than the hang timeout while no operation of any thread
     * completed in that time. Stuck while others go on is counted as starvation.
     */
    private String stuck(Thread[] threads, long[] opStart, String[] opName, Object progress, AbstractKvm kvm,
            long[] lastDone, boolean[] starvedSeen, Result r) {
        long now = System.nanoTime();
        long limit = hangMillis * 1_000_000L;
        synchronized (progress) {
            for (int i = 0; i < threads.length; i++) {
                if (opStart[i] != 0 && now - opStart[i] > Math.min(limit, starveMillis * 1_000_000L)) {
                    if (now - opStart[i] > limit && now - lastDone[0] > limit) {
                        return opName[i] + " stuck in one operation for more than " + hangMillis
                                + " ms and no other operation completed meanwhile" + describeKvm(kvm) + "\n" + stack(threads[i]);
                    }
                    if (!starvedSeen[i] && opName[i].equals("updater")) {
                        starvedSeen[i] = true;
                        r.starved++;
                    }
                }
            }
        }
        return null;
    }

    private static String describeKvm(AbstractKvm kvm) {
        // Lock-free reads only: the kernel locks may be held by a hung or dead thread.
        return " (in-flight invalidations: " + kvm.inFlightInvalidations() + ", mmu_notifier_count: "
                + kvm.mmuNotifierCount() + ")";
    }

    private static String stack(Thread t) {
        StringBuilder b = new StringBuilder("  stack of " + t.getName() + ":");
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(st.length, 8); i++) {
            b.append("\n    at ").append(st[i]);
        }
        return b.toString();
    }

    private static void pause(Random rnd) {
        try {
            Thread.sleep(0, rnd.nextInt(200_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Seeded scheduling noise at the protocol's race windows. */
    static final class Noise implements StepObserver {
        private final ThreadLocal<Random> rnd;

        Noise(long seed) {
            rnd = ThreadLocal.withInitial(() -> new Random(seed ^ Thread.currentThread().getName().hashCode()));
        }

        @Override
        public void step(Step a, Object value) {
            Random r = rnd.get();
            boolean window = a == Step.InstallUnlockMnToSleep || a == Step.InstallSchedule
                    || a == Step.StartDownRead || a == Step.StartUnlockMmu || a == Step.FaultGup
                    || a == Step.EndUnlockMn || a == Step.InstallDownWrite || a == Step.PrimaryChangePte;
            if (window && r.nextInt(3) == 0) {
                pause(r);
            } else if (r.nextInt(8) == 0) {
                Thread.yield();
            }
        }
    }
}
