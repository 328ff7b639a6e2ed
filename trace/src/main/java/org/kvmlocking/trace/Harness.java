package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.ActiveCountKvm;
import org.kvmlocking.kvm.Design;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Memslot;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.Step;

/**
 * Records one bounded concurrent run of the real implementation: threads i1, i2 (each 2
 * mm.remap of a range: invalidate_range_start, PTE change, invalidate_range_end), u (1-2
 * memslot updates: create or delete of page 1's slot, or a flags-only update toggling
 * KVM_MEM_LOG_DIRTY_PAGES; one memslot of one page per page, gfn == hva), v1 (2 page faults).
 * Operation choices and the run's {@link Steer.Scenario} come from the seed; the interleaving is
 * the JVM's, steered into the protocol's windows by {@link Steer} and widened by random yields
 * and 1 ms sleeps. Runs that do not finish within the timeout (a lost wake-up, the rwsem
 * deadlock) keep their partial trace.
 *
 * <p>The runs stay within the constants of the exhaustively checked TLC configurations
 * (spec/large/Adopted_Safety.cfg: NPages = 2, Layouts = {{1}, {1, 2}}, two invalidation tasks, one
 * vCPU, flags-only updates): page 0 always has a slot, page 1's slot comes and goes. The spec's flags are one bit,
 * "some slot logs dirty pages" (the only flag change it models flips it). So at most one slot
 * logs dirty pages at a time, and a slot that does is never deleted: then every flags-only update
 * flips that bit, and creates and deletes keep it. Moves are not generated: a moved slot has
 * gfn != hva, outside the spec's abstraction.
 */
final class Harness {
    /** The constants of spec/large/Adopted_Safety.cfg (and of the configurations make check runs). */
    static final int NPAGES = 2;
    static final String LAYOUTS = "{{1}, {1, 2}}";
    static final String[] PROCS = {"i1", "i2", "v1", "u"};

    record Run(String name, String design, List<String> records, boolean complete, List<Integer> initSlots, long initGen,
            List<String> died, Steer.Scenario scenario, int steerTimeouts, String javaBroke) {
        /** The trace file: header, records, end line with the record count. */
        void write(Path file) throws IOException {
            StringBuilder b = new StringBuilder();
            b.append("# kvm-trace v1\n# run ").append(name).append("\n# design ").append(design)
                    .append("\n# npages ").append(NPAGES).append("\n# init ");
            for (int i = 0; i < initSlots.size(); i++) {
                b.append(i > 0 ? "," : "").append(initSlots.get(i));
            }
            if (initSlots.isEmpty()) {
                b.append('-');
            }
            b.append("\n# gen ").append(initGen).append("\n# complete ").append(complete ? 1 : 0)
                    .append("\n# died ").append(died.isEmpty() ? "-" : String.join(",", died))
                    .append("\n# scenario ").append(scenario).append("\n# steer-timeouts ").append(steerTimeouts)
                    .append("\n# java-broke ").append(javaBroke).append('\n');
            for (String r : records) {
                b.append(r).append('\n');
            }
            b.append("# end ").append(records.size()).append('\n');
            Files.writeString(file, b.toString());
        }
    }

    static Run run(String design, long seed, long timeoutMs) throws InterruptedException {
        Random rnd = new Random(seed);
        Mm mm = new Mm(NPAGES);
        // seeded:CLASS: a mutant of org.kvmlocking.kvm.seeded (a test of the checker, no design)
        AbstractKvm kvm = design.startsWith("seeded:") ? Design.create("org.kvmlocking.kvm.seeded." + design.substring(7), mm, false)
                : Design.javaByName(design).create(mm, false);
        Steer.Scenario sc = Steer.Scenario.values()[(int) Math.floorMod(seed, (long) Steer.Scenario.values().length)];
        List<Integer> init = new ArrayList<>();
        kvm.createMemslot(0, 0, 1, 0, 0); // page 0 always has a slot (Layouts = {{1}, {1, 2}})
        init.add(0);
        if (rnd.nextBoolean() && sc != Steer.Scenario.LATE) {
            kvm.createMemslot(1, 1, 1, 1, 0);
            init.add(1);
        }
        long initGen = kvm.memslots().generation();
        if (sc == Steer.Scenario.WAKE_RELOCK && !(kvm instanceof ActiveCountKvm)) {
            sc = Steer.Scenario.FREE; // no rcuwait to steer into
        }
        Steer steer = new Steer(sc, rnd.nextBoolean());
        // The recorder first: its step() closes the step's window before the steering waits and
        // the jitter sleeps.
        TraceRecorder rec = new TraceRecorder(kvm);
        kvm.addStepObserver(rec);
        kvm.addStepObserver(steer);
        kvm.addStepObserver((step, value) -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int widen = step == Step.InstallSchedule || step == Step.EndUnlockMn || step == Step.InstallWaitTest ? 3 : 20;
            if (r.nextInt(widen) == 0) {
                sleep1();
            } else if (r.nextInt(4) == 0) {
                Thread.yield();
            }
        });
        int[][] ranges = new int[2][4];
        for (int t = 0; t < 2; t++) {
            for (int k = 0; k < 2; k++) {
                int s = rnd.nextInt(NPAGES);
                int e = s + 1 + rnd.nextInt(NPAGES - s);
                ranges[t][2 * k] = s;
                ranges[t][2 * k + 1] = e;
            }
        }
        int[] gfns = {rnd.nextInt(NPAGES), rnd.nextInt(NPAGES)};
        if (sc == Steer.Scenario.OVERLAP) {
            // i1's first range one page, i2's both: i2's increment widens i1's range
            int p = init.contains(1) && rnd.nextBoolean() ? 1 : 0; // a page with a slot: not elided
            ranges[0][0] = p;
            ranges[0][1] = p + 1;
            ranges[1][0] = 0;
            ranges[1][1] = 2;
            gfns[0] = 0; // always has a slot, inside both ranges
        }
        int nUpd = 1 + rnd.nextInt(2);
        boolean[] flagsOnly = {rnd.nextInt(3) == 0, rnd.nextInt(3) == 0};
        if (sc == Steer.Scenario.LATE) {
            // i1 on page 1 only, which u's first update gives a slot; v1 faults there
            ranges[0][0] = 1;
            ranges[0][1] = 2;
            gfns[0] = 1;
            flagsOnly[0] = false;
        }
        int[] flagsOn = {rnd.nextInt(NPAGES), rnd.nextInt(NPAGES)};
        int[] delays = new int[4];
        for (int i = 0; i < 4; i++) {
            delays[i] = sc == Steer.Scenario.FREE ? rnd.nextInt(3) : 0;
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            final int ti = t;
            threads.add(new Thread(() -> {
                pause(delays[ti]);
                steer.beforeFirst(PROCS[ti]);
                for (int k = 0; k < 2; k++) {
                    mm.remap(new HvaRange(ranges[ti][2 * k], ranges[ti][2 * k + 1]));
                }
            }, PROCS[t]));
        }
        threads.add(new Thread(() -> {
            pause(delays[2]);
            steer.beforeFirst("v1");
            for (int g : gfns) {
                kvm.pageFault(g);
            }
        }, "v1"));
        Thread u = new Thread(() -> {
            pause(delays[3]);
            steer.beforeFirst("u");
            for (int k = 0; k < nUpd; k++) {
                Memslots now = kvm.memslots();
                int logging = -1;
                for (int i = 0; i < now.size(); i++) {
                    if ((now.get(i).flags() & Memslot.KVM_MEM_LOG_DIRTY_PAGES) != 0) {
                        logging = now.get(i).id();
                    }
                }
                Memslot page1 = now.byId(1);
                if (flagsOnly[k] || logging == 1) {
                    // flip the one logging slot off, or turn logging on for a slot that has one
                    int p = logging != -1 ? logging : now.byId(flagsOn[k]) != null ? flagsOn[k] : 0;
                    kvm.setMemslotFlags(p, now.byId(p).flags() ^ Memslot.KVM_MEM_LOG_DIRTY_PAGES);
                } else if (page1 == null) {
                    kvm.createMemslot(1, 1, 1, 1, 0);
                } else {
                    kvm.deleteMemslot(1);
                }
            }
        }, "u");
        threads.add(u);
        steer.updater(u);
        List<String> died = java.util.Collections.synchronizedList(new ArrayList<>());
        for (Thread th : threads) {
            th.setDaemon(true);
            // e.g. the BUG_ON of elision_only ends that thread; the header says so, and a
            // design expected to be accepted fails on it (Check)
            th.setUncaughtExceptionHandler((th2, e) -> died.add(th2.getName() + ":" + e.getClass().getSimpleName()));
        }
        for (Thread th : threads) {
            th.start();
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        for (Thread th : threads) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                th.join(left);
            }
        }
        // A timeout is a hang only once the run has stopped: no new record for 100 ms and every
        // live thread blocked (WAITING/BLOCKED, not in the jitter's sleep). A run still moving
        // is given up to 10 s more (on a loaded machine a runnable thread may wait seconds for a
        // CPU); if it still has not stopped it is kept as incomplete, and its
        // end then shows the spec not deadlocked (a visible failure, not a silent one).
        for (int tries = 0; tries < 100 && anyAlive(threads); tries++) {
            int before = rec.size();
            pause(100);
            if (rec.size() == before && allBlocked(threads)) {
                break;
            }
        }
        boolean complete = !anyAlive(threads);
        List<String> records = rec.snapshot();
        String broke = rec.brokeAt();
        // a hung run's snapshot may stop before a later record's note (the recorder lock was not free)
        if (!broke.equals("-")) {
            List<String> kept = new ArrayList<>();
            for (String item : broke.split(",")) {
                if (Integer.parseInt(item.substring(0, item.indexOf(':'))) <= records.size()) {
                    kept.add(item);
                }
            }
            broke = kept.isEmpty() ? "-" : String.join(",", kept);
        }
        return new Run(design.replace(':', '-') + "-" + seed, design, records, complete, init, initGen, List.copyOf(died), sc,
                steer.timeouts(), broke);
    }

    private static boolean anyAlive(List<Thread> threads) {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    private static boolean allBlocked(List<Thread> threads) {
        return threads.stream().filter(Thread::isAlive)
                .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.BLOCKED);
    }

    private static void pause(int ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep1() {
        pause(1);
    }
}
