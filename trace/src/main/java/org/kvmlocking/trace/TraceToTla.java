package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads recorded trace files and turns them into the TLA+ module KvmTraceData (Traces,
 * TraceInitSlots, TraceInitGen, TraceComplete, TraceNames) that the trace specs
 * (spec/KvmMemslotsTrace.tla, spec/KvmMemslotsRwsemTrace.tla) validate. Maps Java values onto the spec's
 * abstractions: page/gfn j -> spec page j + 1; a range [s, e) -> {s+1 .. e}; frame numbers ->
 * the spec's frames {0, 1} (a page's frame flips at each PrimaryChangePte: the Java frame
 * installed by the k-th change of that page is k mod 2); Mm.NO_PAGE = -1 = the spec's NoMap.
 * A malformed or truncated file is a {@link BadTrace} naming the file and line.
 */
final class TraceToTla {
    static final class BadTrace extends Exception {
        BadTrace(String msg) {
            super(msg);
        }
    }

    /**
     * A parsed trace: name, file, design, initial slots (spec pages), initial generation, records
     * as TLA+ expressions, the raw lines, whether the run ended (false: it hung), and the threads
     * that died of an exception ("-" if none), the harness's steering scenario ("-" if the header has none), how many of its steering waits timed out,
     * and the properties the Java state broke at the recorded steps ("K:Property,...", "-" if none: the java-broke header).
     */
    record Parsed(String name, String file, String design, String initSlots, int initGen, List<String> tla, List<String> raw,
            boolean complete, String died, String scenario, int steerTimeouts, String javaBroke) {
    }

    private static final Set<String> PROCS = Set.of("i1", "i2", "v1", "u");
    private static final Map<String, String[]> KEYS = new HashMap<>();

    static {
        String[] none = {};
        for (String a : new String[] {"StartLockMn", "StartUnlockMn", "StartLockMmu", "StartUnlockMmu", "EndLockMmu",
                "EndUnlockMmu", "EndLockMn", "EndUnlockMn", "InstallLockMn", "InstallPrepareRcuwait", "InstallSetState",
                "InstallUnlockMnToSleep", "InstallSchedule", "InstallRelockMn", "InstallFinishRcuwait", "InstallUnlockMn",
                "InstallSynchronizeSrcu", "FlushShadowLockMmu", "FlushShadowUnlockMmu", "UpdateEnd", "FaultLockMmu",
                "FaultUnlockMmu", "StartPseudoAcquire", "StartPseudoRelease", "EndPseudoAcquire", "EndPseudoRelease"}) {
            KEYS.put(a, none);
        }
        KEYS.put("StartBegin", new String[] {"range"});
        KEYS.put("StartIncActive", new String[] {"active"});
        KEYS.put("EndDecActive", new String[] {"active", "wake"});
        KEYS.put("StartHvaRange", new String[] {"overlap", "slots", "invalid", "dirty"});
        KEYS.put("EndHvaRange", new String[] {"overlap", "slots", "invalid", "dirty"});
        KEYS.put("StartIncNotifierCount", new String[] {"count", "rs", "re"});
        KEYS.put("EndDecNotifierCount", new String[] {"count", "rs", "re"});
        KEYS.put("StartUnmap", new String[] {"spte"});
        KEYS.put("FaultInstallSpte", new String[] {"spte"});
        KEYS.put("FlushShadowZap", new String[] {"spte"});
        KEYS.put("PrimaryChangePte", new String[] {"pte"});
        KEYS.put("EndWakeUp", new String[] {"waiter"});
        KEYS.put("UpdateBegin", new String[] {"newslots", "newinvalid", "newdirty", "finalslots", "finalinvalid", "finaldirty"});
        KEYS.put("InstallWaitTest", new String[] {"busy"});
        KEYS.put("InstallPublish", new String[] {"slots", "invalid", "dirty", "gen", "inprogress"});
        for (String a : new String[] {"StartDownRead", "EndUpRead", "InstallDownWrite", "InstallDownWriteWait", "InstallUpWrite"}) {
            KEYS.put(a, new String[] {"readers"});
        }
        KEYS.put("InstallGenerationDone", new String[] {"gen", "inprogress"});
        KEYS.put("FaultBegin", new String[] {"gfn"});
        KEYS.put("FaultLookup", new String[] {"found"});
        KEYS.put("FaultGup", new String[] {"pfn"});
        KEYS.put("FaultRetryCheck", new String[] {"retry"});
    }

    /** The actions trace records may name (the vocabulary of the generated pc tables, SpecActions). */
    static Set<String> actions() {
        return KEYS.keySet();
    }

    static Parsed parse(Path file) throws IOException, BadTrace {
        List<String> lines = Files.readAllLines(file);
        String f = file.toString();
        Map<String, String> header = new LinkedHashMap<>();
        int i = 0;
        if (lines.isEmpty() || !lines.get(0).equals("# kvm-trace v1")) {
            throw new BadTrace(f + ":1: malformed trace: expected '# kvm-trace v1'");
        }
        for (i = 1; i < lines.size() && lines.get(i).startsWith("# ") && !lines.get(i).startsWith("# end"); i++) {
            String[] kv = lines.get(i).substring(2).split(" ", 2);
            if (kv.length != 2) {
                throw new BadTrace(f + ":" + (i + 1) + ": malformed header line: " + lines.get(i));
            }
            header.put(kv[0], kv[1]);
        }
        for (String k : new String[] {"run", "design", "npages", "init", "gen", "complete", "died"}) {
            if (!header.containsKey(k)) {
                throw new BadTrace(f + ":" + (i + 1) + ": malformed trace: header '# " + k + "' missing");
            }
        }
        int npages = intOf(header.get("npages"), f, i);
        if (npages != Harness.NPAGES) {
            throw new BadTrace(f + ": malformed trace: npages " + npages + " (the trace spec is configured for " + Harness.NPAGES + ")");
        }
        String init = setOf(header.get("init"), f, i, npages);
        int gen = intOf(header.get("gen"), f, i);
        // frame abstraction: initial frames 1..n (Mm's constructor) are frame 0
        Map<Integer, Integer> bit = new HashMap<>();
        int[] cur = new int[npages];
        for (int p = 0; p < npages; p++) {
            cur[p] = p + 1;
            bit.put(p + 1, 0);
        }
        List<String> tla = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        boolean ended = false;
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            int ln = i + 1;
            if (line.startsWith("# end")) {
                int n = intOf(line.substring(5).trim(), f, ln);
                if (n != tla.size()) {
                    throw new BadTrace(f + ":" + ln + ": truncated trace: end line says " + n + " records, file has " + tla.size());
                }
                if (i != lines.size() - 1) {
                    throw new BadTrace(f + ":" + (ln + 1) + ": malformed trace: text after the end line");
                }
                ended = true;
                break;
            }
            String[] parts = line.split("\t", -1);
            if (parts.length != 3) {
                throw new BadTrace(f + ":" + ln + ": malformed record (want process TAB action TAB values): " + line);
            }
            String proc = parts[0];
            String action = parts[1];
            if (!PROCS.contains(proc)) {
                throw new BadTrace(f + ":" + ln + ": malformed record: unknown process '" + proc + "'");
            }
            String[] keys = KEYS.get(action);
            if (keys == null) {
                throw new BadTrace(f + ":" + ln + ": malformed record: unknown action '" + action + "'");
            }
            Map<String, String> vals = new HashMap<>();
            if (!parts[2].isEmpty()) {
                for (String kv : parts[2].split(" ")) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new BadTrace(f + ":" + ln + ": malformed value '" + kv + "'");
                    }
                    vals.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            for (String k : keys) {
                if (!vals.containsKey(k)) {
                    throw new BadTrace(f + ":" + ln + ": malformed record: " + action + " needs value '" + k + "'");
                }
            }
            StringBuilder b = new StringBuilder("[p |-> \"").append(proc).append("\", a |-> \"").append(action).append('"');
            for (String k : keys) {
                String v = vals.get(k);
                String t;
                switch (k) {
                    case "range": {
                        int[] se = ints(v, f, ln, 2);
                        if (se[0] < 0 || se[1] > npages || se[0] >= se[1]) {
                            throw new BadTrace(f + ":" + ln + ": malformed range " + v);
                        }
                        t = (se[0] + 1) + ".." + se[1];
                        k = "r";
                        break;
                    }
                    case "slots": case "invalid": case "newslots": case "newinvalid": case "finalslots": case "finalinvalid":
                        t = setOf(v, f, ln, npages);
                        break;
                    case "overlap": case "dirty": case "newdirty": case "finaldirty": case "wake": case "waiter": case "busy":
                    case "found": case "retry": case "inprogress":
                        t = boolOf(v, f, ln);
                        break;
                    case "rs": case "re": case "gfn":
                        t = Integer.toString(intOf(v, f, ln) + 1);
                        break;
                    case "count": case "active": case "readers":
                        t = Integer.toString(intOf(v, f, ln));
                        break;
                    case "gen":
                        t = Integer.toString(intOf(v, f, ln)); // TLC's integers are 32-bit; runs are short
                        break;
                    case "pfn": {
                        int fr = intOf(v, f, ln);
                        t = Integer.toString(frame(fr, bit));
                        break;
                    }
                    case "pte": {
                        int[] fr = ints(v, f, ln, npages);
                        StringBuilder s = new StringBuilder("<<");
                        for (int p = 0; p < npages; p++) {
                            if (fr[p] != cur[p] && fr[p] >= 0) {
                                Integer old = bit.get(cur[p]);
                                bit.put(fr[p], old == null ? -2 : 1 - old);
                            }
                            cur[p] = fr[p];
                            s.append(p > 0 ? ", " : "").append(frame(fr[p], bit));
                        }
                        t = s.append(">>").toString();
                        break;
                    }
                    case "spte": {
                        int[] fr = ints(v, f, ln, npages);
                        StringBuilder s = new StringBuilder("<<");
                        for (int p = 0; p < npages; p++) {
                            s.append(p > 0 ? ", " : "").append(frame(fr[p], bit));
                        }
                        t = s.append(">>").toString();
                        break;
                    }
                    default:
                        throw new IllegalStateException(k);
                }
                b.append(", ").append(k).append(" |-> ").append(t);
            }
            if (action.equals("UpdateBegin")) {
                // nest the two layouts as records new and final
                String s = b.toString();
                s = s.replaceFirst(", newslots \\|-> (\\{[^}]*\\}), newinvalid \\|-> (\\{[^}]*\\}), newdirty \\|-> (\\w+), "
                        + "finalslots \\|-> (\\{[^}]*\\}), finalinvalid \\|-> (\\{[^}]*\\}), finaldirty \\|-> (\\w+)",
                        ", new |-> [slots |-> $1, invalid |-> $2, dirty |-> $3], final |-> [slots |-> $4, invalid |-> $5, dirty |-> $6]");
                b = new StringBuilder(s);
            }
            tla.add(b.append(']').toString());
            raw.add(proc + " " + action + (parts[2].isEmpty() ? "" : " " + parts[2]));
        }
        if (!ended) {
            throw new BadTrace(f + ":" + lines.size() + ": truncated trace: no '# end' line after the last record (line "
                    + lines.size() + ")");
        }
        String complete = header.get("complete");
        if (!complete.equals("0") && !complete.equals("1")) {
            throw new BadTrace(f + ": malformed header '# complete " + complete + "' (want 0 or 1)");
        }
        return new Parsed(header.get("run"), f, header.get("design"), init, gen, tla, raw, complete.equals("1"),
                header.get("died"), header.getOrDefault("scenario", "-"),
                intOf(header.getOrDefault("steer-timeouts", "0"), f, 1), javaBroke(header.getOrDefault("java-broke", "-"), f, tla.size()));
    }

    /** The java-broke header: "-", or "K:Property" items (K a record number, 1..records) separated by commas. */
    private static String javaBroke(String v, String f, int records) throws BadTrace {
        if (v.equals("-")) {
            return v;
        }
        for (String item : v.split(",")) {
            String[] kp = item.split(":");
            if (kp.length != 2 || !kp[0].matches("\\d+") || !kp[1].matches("[A-Za-z]+") || Integer.parseInt(kp[0]) < 1
                    || Integer.parseInt(kp[0]) > records) {
                throw new BadTrace(f + ": malformed header '# java-broke " + v + "' (want K:Property,... with K in 1.." + records + ")");
            }
        }
        return v;
    }

    private static int frame(int javaFrame, Map<Integer, Integer> bit) {
        if (javaFrame == -1) {
            return -1;
        }
        Integer b = bit.get(javaFrame);
        return b == null ? -2 : b; // -2: no frame of the spec, so the step cannot match
    }

    private static int intOf(String v, String f, int ln) throws BadTrace {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadTrace(f + ":" + ln + ": malformed number '" + v + "'");
        }
    }

    private static int[] ints(String v, String f, int ln, int n) throws BadTrace {
        String[] p = v.split(",");
        if (p.length != n) {
            throw new BadTrace(f + ":" + ln + ": malformed list '" + v + "' (want " + n + " numbers)");
        }
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = intOf(p[i], f, ln);
        }
        return r;
    }

    private static String setOf(String v, String f, int ln, int npages) throws BadTrace {
        if (v.equals("-")) {
            return "{}";
        }
        StringBuilder b = new StringBuilder("{");
        String[] p = v.split(",");
        for (int i = 0; i < p.length; i++) {
            int g = intOf(p[i], f, ln);
            if (g < 0 || g >= npages) {
                throw new BadTrace(f + ":" + ln + ": page " + g + " outside [0, " + npages + ")");
            }
            b.append(i > 0 ? ", " : "").append(g + 1);
        }
        return b.append('}').toString();
    }

    private static String boolOf(String v, String f, int ln) throws BadTrace {
        if (v.equals("1")) {
            return "TRUE";
        }
        if (v.equals("0")) {
            return "FALSE";
        }
        throw new BadTrace(f + ":" + ln + ": malformed boolean '" + v + "'");
    }

    /** Appends "name == <<f(trace 1), f(trace 2), ...>>", one entry per trace. */
    private static void tuple(StringBuilder b, String name, List<Parsed> traces, java.util.function.Function<Parsed, String> f) {
        b.append(name).append(" == <<");
        for (int i = 0; i < traces.size(); i++) {
            b.append(i > 0 ? ", " : "").append(f.apply(traces.get(i)));
        }
        b.append(">>\n");
    }

    /** The module KvmTraceData for these traces. */
    static String module(List<Parsed> traces) {
        StringBuilder b = new StringBuilder("---- MODULE KvmTraceData ----\nEXTENDS Integers\n\\* Generated by org.kvmlocking.trace.TraceToTla from recorded runs; do not edit.\n");
        tuple(b, "TraceNames", traces, p -> '"' + p.name() + '"');
        tuple(b, "TraceInitSlots", traces, Parsed::initSlots);
        tuple(b, "TraceInitGen", traces, p -> Integer.toString(p.initGen()));
        tuple(b, "TraceComplete", traces, p -> p.complete() ? "TRUE" : "FALSE");
        b.append("Traces == <<\n");
        for (int i = 0; i < traces.size(); i++) {
            b.append(i > 0 ? ",\n" : "").append("  << \\* ").append(traces.get(i).name()).append('\n');
            List<String> t = traces.get(i).tla();
            for (int j = 0; j < t.size(); j++) {
                b.append("    ").append(t.get(j)).append(j < t.size() - 1 ? ",\n" : "\n");
            }
            b.append("  >>");
        }
        b.append("\n>>\n====\n");
        return b.toString();
    }
}
