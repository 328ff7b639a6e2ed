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
import org.kvmlocking.kvm.Mm;

/**
 * Records one bounded concurrent run of the real implementation: threads i1, i2 (each 2
 * mm.remap of a random range: invalidate_range_start, PTE change, invalidate_range_end), u (1-2
 * memslot creates/deletes, one memslot of one page per page, gfn == hva), v1 (2 page faults on a
 * random gfn). Operation choices come from the seed; the interleaving is the JVM's, widened by
 * random yields and 1 ms sleeps in the ActionListener. Runs that do not finish within the
 * timeout (a lost wake-up) keep their partial trace.
 */
final class Harness {
    static final int NPAGES = 3;
    static final String[] PROCS = {"i1", "i2", "v1", "u"};

    record Run(String name, String design, List<String> records, boolean complete, List<Integer> initSlots) {
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
            b.append("\n# complete ").append(complete ? 1 : 0).append('\n');
            for (String r : records) {
                b.append(r).append('\n');
            }
            b.append("# end ").append(records.size()).append('\n');
            Files.writeString(file, b.toString());
        }
    }

    static Design designOf(String name) {
        switch (name) {
            case "adopted": return Design.ADOPTED;
            case "elision_only": return Design.ELISION_WITHOUT_BLOCKING;
            case "no_wait_loop": return Design.NO_WAIT_LOOP;
            case "if_not_while": return Design.IF_INSTEAD_OF_WHILE;
            case "lost_wakeup": return Design.LOST_WAKE_UP;
            default: throw new IllegalArgumentException("unknown design " + name);
        }
    }

    static Run run(String design, long seed, long timeoutMs) throws InterruptedException {
        Random rnd = new Random(seed);
        Mm mm = new Mm(NPAGES);
        AbstractKvm kvm = designOf(design).create(mm, false);
        List<Integer> init = new ArrayList<>();
        for (int p = 0; p < NPAGES; p++) {
            if (rnd.nextBoolean()) {
                kvm.createMemslot(p, p, 1, p, 0);
                init.add(p);
            }
        }
        TraceRecorder rec = new TraceRecorder();
        kvm.setStepTracer(rec);
        mm.setStepTracer(rec);
        kvm.setActionListener(a -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int widen = a.equals("InstallSchedule") || a.equals("EndUnlockMn") || a.equals("InstallWaitTest") ? 3 : 20;
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
                if (kvm.memslots().byId(p) != null) {
                    kvm.deleteMemslot(p);
                } else {
                    kvm.createMemslot(p, p, 1, p, 0);
                }
            }
        }, "u"));
        for (Thread th : threads) {
            th.setDaemon(true);
            th.setUncaughtExceptionHandler((th2, e) -> { }); // e.g. the BUG_ON of elision_only ends that thread
        }
        for (Thread th : threads) {
            th.start();
        }
        long deadline = System.currentTimeMillis() + timeoutMs;
        boolean complete = true;
        for (Thread th : threads) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                th.join(left);
            }
            if (th.isAlive()) {
                complete = false;
            }
        }
        return new Run(design + "-" + seed, design, rec.snapshot(), complete, init);
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
