package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.Design;
import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Memslot;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.Step;

/**
 * Records one bounded concurrent run of the real implementation: threads i1, i2 (each 2
 * mm.remap of a random range: invalidate_range_start, PTE change, invalidate_range_end), u (1-2
 * memslot updates: create, delete, or a flags-only update toggling KVM_MEM_LOG_DIRTY_PAGES; one
 * memslot of one page per page, gfn == hva), v1 (2 page faults on a random gfn). Operation
 * choices come from the seed; the interleaving is the JVM's, widened by random yields and 1 ms
 * sleeps in a StepObserver after each step. Runs that do not finish within the timeout (a lost wake-up, the
 * rwsem deadlock) keep their partial trace.
 *
 * <p>The spec's flags are one bit, "some slot logs dirty pages" (the only flag change it
 * models flips it). So at most one slot logs dirty pages at a time, and a slot that does is
 * never deleted: then every flags-only update flips that bit, and creates and deletes keep it.
 * Moves are not generated: a moved slot has gfn != hva, outside the spec's abstraction.
 */
final class Harness {
    static final int NPAGES = 3;
    static final String[] PROCS = {"i1", "i2", "v1", "u"};

    record Run(String name, String design, List<String> records, boolean complete, List<Integer> initSlots, long initGen,
            List<String> died) {
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
                    .append("\n# died ").append(died.isEmpty() ? "-" : String.join(",", died)).append('\n');
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
        AbstractKvm kvm = Design.javaByName(design).create(mm, false);
        List<Integer> init = new ArrayList<>();
        for (int p = 0; p < NPAGES; p++) {
            if (rnd.nextBoolean()) {
                kvm.createMemslot(p, p, 1, p, 0);
                init.add(p);
            }
        }
        long initGen = kvm.memslots().generation();
        // The recorder first: its step() closes the step's window before the jitter sleeps.
        TraceRecorder rec = new TraceRecorder(kvm);
        kvm.addStepObserver(rec);
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
        int nUpd = 1 + rnd.nextInt(2);
        int[] upd = {rnd.nextInt(NPAGES), rnd.nextInt(NPAGES)};
        boolean[] flagsOnly = {rnd.nextInt(3) == 0, rnd.nextInt(3) == 0};
        int[] delays = new int[4];
        for (int i = 0; i < 4; i++) {
            delays[i] = rnd.nextInt(3);
        }
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            final int ti = t;
            threads.add(new Thread(() -> {
                pause(delays[ti]);
                for (int k = 0; k < 2; k++) {
                    mm.remap(new HvaRange(ranges[ti][2 * k], ranges[ti][2 * k + 1]));
                }
            }, PROCS[t]));
        }
        threads.add(new Thread(() -> {
            pause(delays[2]);
            for (int g : gfns) {
                kvm.pageFault(g);
            }
        }, "v1"));
        threads.add(new Thread(() -> {
            pause(delays[3]);
            for (int k = 0; k < nUpd; k++) {
                int p = upd[k];
                Memslots now = kvm.memslots();
                Memslot slot = now.byId(p);
                int logging = -1;
                for (int i = 0; i < now.size(); i++) {
                    if ((now.get(i).flags() & Memslot.KVM_MEM_LOG_DIRTY_PAGES) != 0) {
                        logging = now.get(i).id();
                    }
                }
                if (slot == null) {
                    kvm.createMemslot(p, p, 1, p, 0);
                } else if (flagsOnly[k] || logging == p) {
                    if (logging == -1 || logging == p) {
                        kvm.setMemslotFlags(p, slot.flags() ^ Memslot.KVM_MEM_LOG_DIRTY_PAGES);
                    } else {
                        kvm.setMemslotFlags(logging, 0); // turn the other slot's logging off instead
                    }
                } else {
                    kvm.deleteMemslot(p);
                }
            }
        }, "u"));
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
        // is given up to 2 s more; if it still has not stopped it is kept as incomplete, and its
        // end then shows the spec not deadlocked (a visible failure, not a silent one).
        for (int tries = 0; tries < 20 && anyAlive(threads); tries++) {
            int before = rec.size();
            pause(100);
            if (rec.size() == before && allBlocked(threads)) {
                break;
            }
        }
        boolean complete = !anyAlive(threads);
        return new Run(design + "-" + seed, design, rec.snapshot(), complete, init, initGen, List.copyOf(died));
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
