package org.kvmlocking.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rare events of a recorded run, read from its records: what a run set must have shown for
 * its acceptance to mean something. For the designs with mn_active_invalidate_count:
 * <ul>
 * <li>slept: the updater went through schedule() (InstallSchedule);
 * <li>woken: a range_end's rcuwait_wake_up found the updater registered (EndWakeUp waiter=1);
 * <li>retested: the updater tested the count again after its relock (InstallWaitTest after
 * InstallRelockMn);
 * <li>retest-busy: that re-test found the count busy: an invalidation counted itself in between
 * the wake-up and the relock (the window an {@code if} instead of the {@code while} misses);
 * </ul>
 * for the rwsem designs instead: writer-waited (InstallDownWrite, the queueing, with readers
 * holding the rwsem); and for all:
 * <ul>
 * <li>fault-retry: mmu_notifier_retry_hva() said retry (FaultRetryCheck retry=1);
 * <li>overlap: two invalidations tracked at once (StartIncNotifierCount count=2);
 * <li>widened: that increment widened mmu_notifier_range_start/end;
 * <li>elided: a range_start skipped mmu_lock, its range overlapping no slot (StartHvaRange
 * overlap=0).
 * </ul>
 */
final class Events {
    static final List<String> ACTIVE_COUNT = List.of("slept", "woken", "retested", "retest-busy", "fault-retry", "overlap",
            "widened", "elided");
    static final List<String> RWSEM = List.of("writer-waited", "fault-retry", "overlap", "widened", "elided");

    private Events() {
    }

    /** The events one run hit. */
    static Set<String> of(TraceToTla.Parsed p) {
        Set<String> hit = new LinkedHashSet<>();
        String uLast = "";
        int rs = -1;
        int re = -1;
        for (String r : p.raw()) {
            String[] f = r.split(" ");
            String proc = f[0];
            String a = f[1];
            Map<String, String> v = new HashMap<>();
            for (int i = 2; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                v.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            switch (a) {
                case "InstallSchedule":
                    hit.add("slept");
                    break;
                case "EndWakeUp":
                    if ("1".equals(v.get("waiter"))) {
                        hit.add("woken");
                    }
                    break;
                case "InstallWaitTest":
                    if (uLast.equals("InstallRelockMn")) {
                        hit.add("retested");
                        if ("1".equals(v.get("busy"))) {
                            hit.add("retest-busy");
                        }
                    }
                    break;
                case "InstallDownWrite":
                    // down_write queued while readers hold the rwsem (InstallDownWriteWait is the grant)
                    if (!"0".equals(v.get("readers"))) {
                        hit.add("writer-waited");
                    }
                    break;
                case "FaultRetryCheck":
                    if ("1".equals(v.get("retry"))) {
                        hit.add("fault-retry");
                    }
                    break;
                case "StartIncNotifierCount":
                case "EndDecNotifierCount": {
                    int count = Integer.parseInt(v.get("count"));
                    int s = Integer.parseInt(v.get("rs"));
                    int e = Integer.parseInt(v.get("re"));
                    if (a.equals("StartIncNotifierCount") && count >= 2) {
                        hit.add("overlap");
                        if (s < rs || e > re) {
                            hit.add("widened");
                        }
                    }
                    rs = s;
                    re = e;
                    break;
                }
                case "StartHvaRange":
                    if ("0".equals(v.get("overlap"))) {
                        hit.add("elided");
                    }
                    break;
                default:
                    break;
            }
            if (proc.equals("u")) {
                uLast = a;
            }
        }
        return hit;
    }

    /** The events that matter for these runs' design (read from the first run's records). */
    static List<String> relevant(List<TraceToTla.Parsed> runs) {
        boolean rwsem = runs.stream().anyMatch(p -> p.raw().stream().anyMatch(r -> r.contains(" StartDownRead")
                || r.contains(" StartPseudoAcquire")));
        return rwsem ? RWSEM : ACTIVE_COUNT;
    }

    /** How many runs hit each event. */
    static Map<String, Integer> counts(List<TraceToTla.Parsed> runs) {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (String e : relevant(runs)) {
            c.put(e, 0);
        }
        for (TraceToTla.Parsed p : runs) {
            for (String e : of(p)) {
                c.computeIfPresent(e, (k, n) -> n + 1);
            }
        }
        return c;
    }

    /** "events (runs): slept 97, woken 95, ...". */
    static String summary(List<TraceToTla.Parsed> runs) {
        StringBuilder b = new StringBuilder("events (runs): ");
        int i = 0;
        for (Map.Entry<String, Integer> e : counts(runs).entrySet()) {
            b.append(i++ > 0 ? ", " : "").append(e.getKey()).append(' ').append(e.getValue());
        }
        return b.toString();
    }

    /** The events no run hit. */
    static List<String> missing(List<TraceToTla.Parsed> runs) {
        List<String> m = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts(runs).entrySet()) {
            if (e.getValue() == 0) {
                m.add(e.getKey());
            }
        }
        return m;
    }

    /** "scenarios: FREE 100, WAKE_RELOCK 100, OVERLAP 100". */
    static String scenarios(List<TraceToTla.Parsed> runs) {
        Map<String, Integer> c = new TreeMap<>();
        for (TraceToTla.Parsed p : runs) {
            c.merge(p.scenario(), 1, Integer::sum);
        }
        return "scenarios " + c.toString().replaceAll("[{}]", "").replace("=", " ") + "; steering waits timed out: "
                + runs.stream().mapToInt(TraceToTla.Parsed::steerTimeouts).sum();
    }
}
