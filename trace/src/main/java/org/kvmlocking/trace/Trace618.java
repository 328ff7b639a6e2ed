package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.kvmlocking.kvm618.Designs618;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.MemslotSet;
import org.kvmlocking.kvm618.Mm618;
import org.kvmlocking.kvm618.Step618;
import org.kvmlocking.kvm618.StepObserver618;

/**
 * Records bounded concurrent runs of the Linux 6.18 Java code (org.kvmlocking.kvm618) for
 * trace validation against spec/Kvm618Trace.tla. One run: a KVM of the design on an mm of
 * {@value #HVAS} pages and {@value #GFNS} gfns per address space, created before
 * kvm_init_mmu_notifier (the spec's LateRegister: the registration and the memslots are part of
 * the trace), the threads of the run's {@link Scenario} (i1, i2: mm.remap; v1: page faults; u:
 * memslot updates; z1: a kvm_zap_gfn_range caller), steered into the scenario's window, and
 * kvm_destroy_vm once every thread has returned.
 *
 * <p>Layout (the spec's abstraction, so that the records need no translation beyond the
 * numbers): a memslot is one page; Java slot (as_id, id) sits at hva id and is the spec's slot
 * {@code id * 2 + as_id + 1}, so spec slots 1 and 2 both map hva 0 (the SMM alias: one hva
 * range overlaps a memslot in each address space), slot 3 maps hva 1 in address space 0. The
 * updates keep the slots of address space 0 in id order (kvm_handle_hva_range walks them in the
 * set's order, the spec by id): only slot 3 (as 0, id 1) and slot 2 (as 1) are updated, slot 1
 * only deleted.
 *
 * <p>Recording: a {@link StepObserver618} with one lock around each record, held from a
 * bracketed step's enter to its step (as trace/'s 5.15 recorder: the order of the records is
 * an order of the steps). kvm_handle_hva_range's walk reads each address space's memslots
 * under SRCU; the spec reads them all in one StartHvaRange step (no swap can publish while the
 * walker is counted): the first read is the record, the later ones are not recorded. The
 * register and kvm_destroy_vm steps are the environment's (process env).
 */
final class Trace618 {
    static final int HVAS = 2;
    static final int GFNS = 3;
    /** The spec's HvaBase: Java hva h is spec hva HVA_BASE + h (above every gfn). */
    static final int HVA_BASE = 4;
    static final int NAS = Kvm618.KVM_ADDRESS_SPACE_NUM;
    static final int NSLOTS = 4;
    /** How long a steering wait may last; a wait that times out lets the run go on unsteered. */
    static final long STEER_MS = 100;

    /** The scenarios: each a window of the protocol that some seeded mutant gets wrong. */
    enum Scenario {
        /** Two overlapping invalidations over both address spaces' slots at hva 0; faults in both. */
        NOTIFIER,
        /** DELETE, MOVE, FLAGS_ONLY and CREATE while an invalidation is counted: the swap sleeps and is woken. */
        SWAP,
        /** kvm_zap_gfn_range while a fault holds a pfn and the attribute read with it (and zaps nothing). */
        ZAP,
        /** The notifier registered between an invalidation's start() and end(): an end without its start. */
        UNPAIRED,
        /** As UNPAIRED, then a second invalidation counted and a CREATE swapped: the stolen count. */
        STOLEN,
        /** A fault in the second address space while the first slot's range is added. */
        RANGE_WINDOW,
        /** A fault past both lock-free checks when the invalidation starts; it takes mmu_lock afterwards. */
        UNSAFE_WINDOW,
        /** A fault on a slot being deleted, between kvm_arch_flush_shadow_memslot and the final swap. */
        INVALID_WINDOW
    }

    /** One recorded run: TLA+ records and the same as text lines. */
    record Run(String name, String design, Scenario scenario, List<String> tla, List<String> raw, boolean complete,
            List<String> died, String javaBroke) {
        /** The record number at which the Java state was first seen broken, or 0. */
        int javaBrokeAt() {
            return javaBroke == null ? 0 : Integer.parseInt(javaBroke.substring(0, javaBroke.indexOf(':')));
        }

        String javaBrokeProperty() {
            return javaBroke == null ? null : javaBroke.substring(javaBroke.indexOf(':') + 1);
        }

        void write(Path file) throws IOException {
            StringBuilder b = new StringBuilder("# kvm618-trace v1\n# run " + name + "\n# design " + design + "\n# scenario "
                    + scenario + "\n# complete " + (complete ? 1 : 0) + "\n# died " + (died.isEmpty() ? "-" : String.join(",", died))
                    + "\n# java-broke " + (javaBroke == null ? "-" : javaBroke) + "\n");
            for (String r : raw) {
                b.append(r).append('\n');
            }
            b.append("# end ").append(raw.size()).append('\n');
            Files.writeString(file, b.toString());
        }
    }

    private Trace618() {
    }

    // ------------------------------------------------------------------ the recorder

    /** Records every step; also the steering: waits for events other threads recorded. */
    static final class Recorder implements StepObserver618 {
        private final ReentrantLock lock = new ReentrantLock();
        private final Kvm618 kvm;
        private final Mm618 mm;
        final List<String> tla = new ArrayList<>();
        final List<String> raw = new ArrayList<>();
        /** What each process is doing (its operation's arguments), set by the scripts before the call. */
        final Map<String, int[]> intent = new ConcurrentHashMap<>();
        /** "proc Action" of every record and every mark so far; guarded by this monitor. */
        private final Set<String> seen = new HashSet<>();
        /** Each process's last recorded action; guarded by lock. */
        private final Map<String, String> last = new HashMap<>();
        /** ZapLeafs steps of the zap in progress, per process; guarded by lock. */
        private final Map<String, Integer> zapLeafs = new HashMap<>();
        /** Whether each vCPU's fault found no memslot; guarded by lock. */
        private final Map<String, Boolean> noSlot = new HashMap<>();
        /** The frame abstraction: Java frame -> 0/1 (an hva's k-th frame is k mod 2); guarded by lock. */
        private final Map<Integer, Integer> bit = new HashMap<>();
        private final int[] cur = new int[HVAS];
        /** Steering: after "proc Action", wait until one of these "proc Action" has been seen. */
        final Map<String, String[]> waitAfter = new HashMap<>();
        private final Random jitter;

        Recorder(Kvm618 kvm, Mm618 mm, long seed) {
            this.kvm = kvm;
            this.mm = mm;
            this.jitter = new Random(seed);
            for (int h = 0; h < HVAS; h++) {
                cur[h] = mm.pte(h);
                bit.put(cur[h], 0);
            }
        }

        static String proc(Step618 s) {
            switch (s) {
                case MmuNotifierRegister:
                case DestroyUnregister:
                case DestroyCheckRcuwait:
                case DestroyCheckCount:
                    return "env";
                default:
                    return Thread.currentThread().getName();
            }
        }

        @Override
        public void enter(Step618 step) {
            lock.lock();
        }

        @Override
        public void step(Step618 step, int value) {
            String p = proc(step);
            if (!lock.isHeldByCurrentThread()) {
                lock.lock();
            }
            String key = p + " " + step;
            boolean recorded;
            try {
                recorded = record(p, step, value);
                pollJava();
            } finally {
                lock.unlock();
            }
            if (!recorded) {
                return;
            }
            mark(key);
            String[] await = waitAfter.get(key);
            if (await != null) {
                awaitAny(await);
            }
            // jitter: widen the interleavings the JVM gives
            int j;
            synchronized (jitter) {
                j = jitter.nextInt(10);
            }
            if (j == 0) {
                Thread.yield();
            } else if (j == 1) {
                sleep(1);
            }
        }

        /** The Java state's first broken property and the record count when it was first seen: "K:Property", or null. */
        String javaBroke;

        /** Notes the first property the Java state broke, at the record count now (lock held). */
        void pollJava() {
            if (javaBroke == null) {
                String v = kvm.traceFirstViolation();
                if (v != null) {
                    javaBroke = Math.max(1, raw.size()) + ":" + v;
                }
            }
        }

        /** A harness event (a script's marker): "proc done", ... */
        synchronized void mark(String key) {
            seen.add(key);
            notifyAll();
        }

        /** Waits (at most STEER_MS) until one of the events has been seen; false if none came. */
        synchronized boolean awaitAny(String... keys) {
            long until = System.currentTimeMillis() + STEER_MS;
            while (true) {
                for (String k : keys) {
                    if (seen.contains(k)) {
                        return true;
                    }
                }
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }

        private static String b(boolean v) {
            return v ? "TRUE" : "FALSE";
        }

        /** Appends the record of a step (lock held); false for a step the spec folds into an earlier one. */
        private boolean record(String p, Step618 s, int value) {
            String prev = last.get(p);
            // kvm_handle_hva_range reads each address space's memslots: the first read is the spec's StartHvaRange/EndHvaRange.
            if (s == Step618.StartHvaRange && !"StartUnlockMn".equals(prev)) {
                return false;
            }
            if (s == Step618.EndHvaRange && !"InvEnd".equals(prev)) {
                return false;
            }
            // kvm_zap_gfn_range zaps address space by address space under one mmu_lock; the spec's
            // ZapLeafs is the whole zap: the last address space's is the record.
            if (s == Step618.ZapLeafs) {
                int n = zapLeafs.merge(p, 1, Integer::sum);
                if (n < NAS) {
                    return false;
                }
                zapLeafs.remove(p);
            }
            last.put(p, s.name());
            int[] c = kvm.traceCounters();
            int[] in = intent.get(p);
            Map<String, String> v = new java.util.LinkedHashMap<>();
            switch (s) {
                case InvBegin:
                    v.put("s", Integer.toString(HVA_BASE + in[0]));
                    v.put("e", Integer.toString(HVA_BASE + in[1]));
                    v.put("deliv", b(value == 1));
                    break;
                case InvEnd:
                    v.put("deliv", b(value == 1));
                    break;
                case EndDecActive:
                    v.put("active", Integer.toString(c[0]));
                    v.put("wake", b(value == 1));
                    break;
                case StartIncActive:
                case DestroyCheckCount:
                    v.put("active", Integer.toString(c[0]));
                    break;
                case StartInvalidateBegin:
                case EndInvalidateEnd:
                case ZapInvalidateBegin:
                case ZapInvalidateEnd:
                    v.put("inprog", Integer.toString(c[1]));
                    break;
                case StartRangeAdd:
                case ZapRangeAdd:
                    v.put("rs", Integer.toString(c[2]));
                    v.put("re", Integer.toString(c[3]));
                    break;
                case StartUnmapGfnRange:
                case ZapLeafs:
                case FlushShadowZap:
                case FaultMap:
                    v.put("spte", spte());
                    break;
                case PrimaryChangePte: {
                    StringBuilder t = new StringBuilder("<<");
                    for (int h = 0; h < HVAS; h++) {
                        int f = mm.pte(h);
                        if (f != cur[h]) {
                            Integer old = bit.get(cur[h]);
                            bit.put(f, old == null ? -2 : 1 - old);
                            cur[h] = f;
                        }
                        t.append(h > 0 ? ", " : "").append(frame(f));
                    }
                    v.put("pte", t.append(">>").toString());
                    break;
                }
                case FaultBegin:
                    noSlot.put(p, value < 0);
                    v.put("as", Integer.toString(in[0]));
                    v.put("gfn", Integer.toString(in[1]));
                    v.put("slot", Integer.toString(value < 0 ? 0 : specSlot(in[0], value)));
                    break;
                case FaultCheckSlot:
                    // the fault ends here: no slot (emulated MMIO) or a KVM_MEMSLOT_INVALID one (retry)
                    v.put("end", b(value == 1 || noSlot.getOrDefault(p, false)));
                    break;
                case FaultGetPfn:
                    v.put("pfn", Integer.toString(frame(value)));
                    v.put("attr", Integer.toString(kvm.traceGfnAttr(in[1])));
                    break;
                case FaultRetryUnsafeBefore:
                case FaultRetryUnsafeAfter:
                case FaultIsStale:
                    v.put("retry", b(value == 1));
                    break;
                case SetMemoryRegion:
                    v.put("slot", Integer.toString(in[0]));
                    v.put("change", "\"" + new String[] {"CREATE", "DELETE", "MOVE", "FLAGS_ONLY"}[in[1]] + "\"");
                    v.put("gfn", Integer.toString(in[2]));
                    v.put("dirty", b(in[3] != 0));
                    break;
                case SwapWaitTest:
                    v.put("busy", b(value == 1));
                    break;
                case SwapPublish:
                    v.put("slots", slots());
                    break;
                case ZapCallerUpdate:
                    v.put("zs", Integer.toString(in[0]));
                    v.put("ze", Integer.toString(in[1]));
                    break;
                default:
                    break;
            }
            StringBuilder t = new StringBuilder("[p |-> \"" + p + "\", a |-> \"" + s + "\"");
            StringBuilder r = new StringBuilder(p + "\t" + s + "\t");
            boolean first = true;
            for (Map.Entry<String, String> e : v.entrySet()) {
                t.append(", ").append(e.getKey()).append(" |-> ").append(e.getValue());
                r.append(first ? "" : " ").append(e.getKey()).append('=').append(e.getValue().replace(" ", ""));
                first = false;
            }
            tla.add(t.append(']').toString());
            raw.add(r.toString());
            return true;
        }

        private int frame(int f) {
            if (f == Mm618.NO_PAGE) {
                return -1;
            }
            Integer x = bit.get(f);
            return x == null ? -2 : x; // -2: a frame the spec never had, so the step cannot match
        }

        private String spte() {
            StringBuilder t = new StringBuilder("<<");
            for (int as = 0; as < NAS; as++) {
                for (int g = 0; g < GFNS; g++) {
                    int[] e = kvm.traceSpte(as, g);
                    t.append(as + g > 0 ? ", " : "").append("<<").append(frame(e[0])).append(", ")
                            .append(e[0] == Mm618.NO_PAGE ? -1 : e[1]).append(">>");
                }
            }
            return t.append(">>").toString();
        }

        private String slots() {
            StringBuilder t = new StringBuilder("<<");
            for (int k = 1; k <= NSLOTS; k++) {
                int as = (k - 1) % NAS;
                MemslotSet set = kvm.memslots(as);
                Memslot m = set.byId((k - 1) / NAS);
                t.append(k > 1 ? ", " : "");
                if (m == null) {
                    t.append("<<FALSE, 0, FALSE, FALSE>>");
                } else {
                    t.append("<<TRUE, ").append(m.baseGfn()).append(", ").append(b(m.invalid())).append(", ")
                            .append(b((m.flags() & Memslot.KVM_MEM_LOG_DIRTY_PAGES) != 0)).append(">>");
                }
            }
            return t.append(">>").toString();
        }
    }

    static int specSlot(int as, int id) {
        return id * NAS + as + 1;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the operations of the scripts

    /** The operations, each announcing its arguments to the recorder first. */
    static final class Ops {
        final Kvm618 kvm;
        final Mm618 mm;
        final Recorder rec;

        Ops(Kvm618 kvm, Mm618 mm, Recorder rec) {
            this.kvm = kvm;
            this.mm = mm;
            this.rec = rec;
        }

        private String me() {
            return Thread.currentThread().getName();
        }

        void remap(int s, int e) {
            rec.intent.put(me(), new int[] {s, e});
            mm.remap(new HvaRange(s, e));
            rec.mark(me() + " done");
        }

        /** One fault, retried once (the guest faults again). */
        void fault(int as, int gfn) {
            rec.intent.put(me(), new int[] {as, gfn});
            for (int i = 0; i < 2; i++) {
                if (kvm.pageFault(as, gfn) != org.kvmlocking.kvm.FaultResult.RETRY) {
                    break;
                }
            }
            rec.mark(me() + " done");
        }

        void zap(int s, int e) {
            rec.intent.put(me(), new int[] {s, e});
            kvm.zapCaller(s, e);
            rec.mark(me() + " done");
        }

        /** Spec slot k's Java coordinates: as_id (k - 1) % 2, id and hva (k - 1) / 2. */
        void create(int k, int gfn) {
            int as = (k - 1) % NAS;
            int id = (k - 1) / NAS;
            rec.intent.put(me(), new int[] {k, 0, gfn, 0});
            kvm.createMemslot(as, id, gfn, 1, id);
        }

        void delete(int k) {
            rec.intent.put(me(), new int[] {k, 1, 0, 0});
            kvm.deleteMemslot((k - 1) % NAS, (k - 1) / NAS);
        }

        void move(int k, int gfn) {
            Memslot old = kvm.memslots((k - 1) % NAS).byId((k - 1) / NAS);
            rec.intent.put(me(), new int[] {k, 2, gfn, old.flags() & Memslot.KVM_MEM_LOG_DIRTY_PAGES});
            kvm.moveMemslot((k - 1) % NAS, (k - 1) / NAS, gfn);
        }

        /** KVM_MR_FLAGS_ONLY toggling KVM_MEM_LOG_DIRTY_PAGES. */
        void flags(int k) {
            Memslot old = kvm.memslots((k - 1) % NAS).byId((k - 1) / NAS);
            int nf = old.flags() ^ Memslot.KVM_MEM_LOG_DIRTY_PAGES;
            rec.intent.put(me(), new int[] {k, 3, old.baseGfn(), nf & Memslot.KVM_MEM_LOG_DIRTY_PAGES});
            kvm.setMemslotFlags((k - 1) % NAS, (k - 1) / NAS, nf);
        }

        /** The script waits (bounded) for an event before its next operation. */
        void after(String... keys) {
            rec.awaitAny(keys);
        }
    }

    // ------------------------------------------------------------------ one run

    /** A thread of a scenario: its process name and its script. */
    record Actor(String name, java.util.function.Consumer<Ops> script) {
    }

    /** Records one run of design in scenario sc. */
    static Run run(String design, Scenario sc, long seed, long timeoutMs) throws InterruptedException {
        Mm618 mm = new Mm618(HVAS);
        // Per-step checks on, none thrown (throwOnly names no invariant): the first property the
        // Java state breaks is recorded (issue 28's "what broke in the Java state").
        Kvm618 kvm = Designs618.create(design, mm, GFNS, true, false);
        kvm.throwOnly("(trace: record only)");
        Recorder rec = new Recorder(kvm, mm, seed);
        kvm.addStepObserver(rec);
        Ops ops = new Ops(kvm, mm, rec);
        Random rnd = new Random(seed);
        List<Actor> actors = new ArrayList<>();
        boolean setup = true; // register and create slots 1 and 2 (both at hva 0) before the threads start
        switch (sc) {
            case NOTIFIER:
                rec.waitAfter.put("i1 StartUnlockMmu", new String[] {"i2 StartIncActive"});
                actors.add(new Actor("i1", o -> o.remap(0, 1)));
                actors.add(new Actor("i2", o -> {
                    o.after("i1 StartIncActive");
                    o.remap(0, 2);
                }));
                actors.add(new Actor("v1", o -> {
                    o.after("i1 StartInvalidateBegin");
                    o.fault(0, 2);
                    o.fault(1, 0);
                }));
                break;
            case SWAP:
                // u's first update finds i1 counted and sleeps; i1 ends once u sleeps, and wakes it
                rec.waitAfter.put("i1 StartUnlockMmu", new String[] {"u SwapUnlockMnToSleep"});
                // lost_wakeup_618 unlocks before set_current_state: the wake-up comes in between
                rec.waitAfter.put("u SwapUnlockMnToSleep", new String[] {"i1 EndWakeUp", "i1 done"});
                actors.add(new Actor("i1", o -> o.remap(0, 2)));
                actors.add(new Actor("u", o -> {
                    o.after("i1 StartIncActive");
                    o.create(3, 1);
                    o.delete(3);
                    o.move(2, 1 + rnd.nextInt(2));
                    o.flags(2);
                }));
                actors.add(new Actor("v1", o -> {
                    o.fault(1, rnd.nextInt(GFNS));
                    o.fault(0, 2);
                }));
                break;
            case ZAP:
                // z1 changes the attribute after v1 read it with the pfn; v1 maps once z1 is through
                rec.waitAfter.put("v1 FaultGetPfn", new String[] {"z1 ZapUnlockMmu"});
                actors.add(new Actor("v1", o -> {
                    o.fault(0, 2);
                    o.fault(1, 0);
                }));
                actors.add(new Actor("z1", o -> {
                    o.after("v1 FaultGetPfn");
                    o.zap(rnd.nextInt(2), GFNS);
                }));
                actors.add(new Actor("i1", o -> {
                    o.after("z1 done");
                    o.remap(0, 1);
                }));
                break;
            case UNPAIRED:
                setup = false;
                rec.waitAfter.put("i1 InvBegin", new String[] {"env MmuNotifierRegister"});
                actors.add(new Actor("i1", o -> o.remap(0, 1)));
                actors.add(new Actor("u", o -> {
                    o.after("i1 InvBegin");
                    o.kvm.mmuNotifierRegister();
                    // hva 1: i1's unpaired end finds no memslot (one that did would call
                    // kvm_mmu_invalidate_end unpaired: KVM_BUG_ON, spec K618_Adopted_LateRegisterBugOn)
                    o.create(3, 2);
                }));
                break;
            case STOLEN:
                setup = false;
                rec.waitAfter.put("i1 InvBegin", new String[] {"env MmuNotifierRegister"});
                rec.waitAfter.put("i2 StartUnlockMn", new String[] {"u SwapPublish"});
                actors.add(new Actor("i1", o -> o.remap(1, 2)));
                actors.add(new Actor("i2", o -> {
                    o.after("i1 EndDecActive");
                    o.remap(0, 1);
                }));
                actors.add(new Actor("u", o -> {
                    o.after("i1 InvBegin");
                    o.kvm.mmuNotifierRegister();
                    o.after("i2 StartIncActive");
                    o.create(1, 2);
                }));
                break;
            case RANGE_WINDOW:
                rec.waitAfter.put("i1 StartUnlockMmu", new String[] {"v1 done"});
                actors.add(new Actor("i1", o -> o.remap(0, 1)));
                actors.add(new Actor("v1", o -> {
                    o.after("i1 StartUnlockMmu");
                    o.fault(1, 0);
                }));
                break;
            case UNSAFE_WINDOW:
                rec.waitAfter.put("v1 FaultRetryUnsafeAfter", new String[] {"i1 PrimaryChangePte"});
                rec.waitAfter.put("i1 PrimaryChangePte", new String[] {"v1 done"});
                actors.add(new Actor("v1", o -> o.fault(0, 2)));
                actors.add(new Actor("i1", o -> {
                    o.after("v1 FaultRetryUnsafeAfter");
                    o.remap(0, 1);
                }));
                break;
            case INVALID_WINDOW:
                rec.waitAfter.put("u FlushShadowUnlockMmu", new String[] {"v1 done"});
                actors.add(new Actor("u", o -> o.delete(1)));
                actors.add(new Actor("v1", o -> {
                    o.after("u FlushShadowUnlockMmu");
                    o.fault(0, 2);
                }));
                break;
            default:
                throw new IllegalStateException(sc.toString());
        }
        if (setup) {
            Thread t = new Thread(() -> {
                kvm.mmuNotifierRegister();
                ops.create(1, 2);
                ops.create(2, 0);
                if (sc == Scenario.NOTIFIER) {
                    ops.create(3, 1);
                }
            }, "u");
            t.start();
            t.join();
        }
        List<String> died = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (Actor a : actors) {
            Thread t = new Thread(() -> a.script().accept(ops), a.name());
            t.setDaemon(true); // a hung run (lost_wakeup_618) leaves its threads behind
            t.setUncaughtExceptionHandler((th, e) -> {
                synchronized (died) {
                    died.add(th.getName() + ":" + e.getClass().getSimpleName());
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.start();
        }
        long until = System.currentTimeMillis() + timeoutMs;
        boolean complete = true;
        for (Thread t : threads) {
            t.join(Math.max(1, until - System.currentTimeMillis()));
            complete &= !t.isAlive();
        }
        if (complete && died.isEmpty()) {
            kvm.kvmDestroyVm();
        }
        List<String> tla;
        List<String> raw;
        String javaBroke;
        rec.lock.lock();
        try {
            rec.pollJava();
            tla = new ArrayList<>(rec.tla);
            raw = new ArrayList<>(rec.raw);
            javaBroke = rec.javaBroke;
        } finally {
            rec.lock.unlock();
        }
        List<String> d;
        synchronized (died) {
            d = new ArrayList<>(died);
        }
        return new Run(design + "-" + sc.name().toLowerCase() + "-" + seed, design, sc, tla, raw, complete, d, javaBroke);
    }

    // ------------------------------------------------------------------ the generated modules

    /** Kvm618TraceData: the logs as TLA+ records. */
    static String dataModule(List<Run> runs) {
        StringBuilder b = new StringBuilder("---- MODULE Kvm618TraceData ----\nEXTENDS Integers\n"
                + "\\* Generated by org.kvmlocking.trace.Trace618 from recorded runs; do not edit.\nTraceNames == <<");
        for (int i = 0; i < runs.size(); i++) {
            b.append(i > 0 ? ", " : "").append('"').append(runs.get(i).name()).append('"');
        }
        b.append(">>\nTraces == <<\n");
        for (int i = 0; i < runs.size(); i++) {
            b.append(i > 0 ? ",\n" : "").append("  << \\* ").append(runs.get(i).name()).append('\n');
            List<String> t = runs.get(i).tla();
            for (int j = 0; j < t.size(); j++) {
                b.append("    ").append(t.get(j)).append(j < t.size() - 1 ? ",\n" : "\n");
            }
            b.append("  >>");
        }
        return b.append("\n>>\n====\n").toString();
    }
}
