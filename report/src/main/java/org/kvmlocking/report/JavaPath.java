package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JPF's error path in spec actions: jpf/check.sh runs every configuration that expects a bug with
 * the driver's step printer ("thread Action", one line per Step, and Step constants are named as
 * the spec's actions) and JPF's path output, so the "output #1" section of its log is the
 * interleaving that broke the property, step by step in the same actions as TLC's counterexample.
 * Each step is matched to the first later TLC step of the same kind of task running the same
 * action, which lines the two interleavings up where they agree.
 */
final class JavaPath {

    /** One step of the Java run: the thread that ran it, its action, the TLC step it matches (0: none). */
    static final class Step {
        final int n;
        final String thread;
        final String action;
        int tlcStep;
        boolean inProgress;   // not printed: the thread was inside it when JPF stopped (snapshot)
        Step(int n, String thread, String action) { this.n = n; this.thread = thread; this.action = action; }
    }

    final List<Step> steps = new ArrayList<>();
    final List<String> threads = new ArrayList<>();
    /** The error JPF reported: the exception line, or the deadlock; and the thread it was found in. */
    String error = "";
    String errorThread = "";
    /** Each thread's state at the error (JPF's snapshot): "name: status, at Class.method". */
    final Map<String, String> snapshot = new LinkedHashMap<>();
    /** Each thread's call stack in JPF's snapshot, "pkg.Class.method" of org.kvmlocking frames, innermost first. */
    final Map<String, List<String>> frames = new LinkedHashMap<>();
    /** The exception's stack (error 1), same form; its outermost frame is the thread's run(). */
    final List<String> errorFrames = new ArrayList<>();
    /** Thread class (org.kvmlocking.jpf.Driver$Updater) -> thread names of that class. */
    final Map<String, List<String>> threadsOfClass = new LinkedHashMap<>();
    /** The TLC task each Java thread lined up with (align), e.g. invalidator-1 -> i2. */
    final Map<String, String> taskOf = new LinkedHashMap<>();

    private JavaPath() {}

    private static final Pattern STEP = Pattern.compile("^([A-Za-z][\\w-]*) ([A-Z][A-Za-z0-9]+)$");
    private static final Pattern THREAD = Pattern.compile("^thread ([\\w.$]+):\\{id:\\d+,name:([^,]+),status:([A-Z_]+)");

    /** The error path of a JPF log, or null when the log has none (a run that holds, or one run without the printer). */
    static JavaPath read(Path log) throws IOException {
        JavaPath p = new JavaPath();
        String section = "";
        String lastThread = null;
        boolean output = false;
        for (String l : Files.readAllLines(log)) {
            if (l.startsWith("=====")) {
                section = l.replaceAll("^=+ ", "");
                output |= section.startsWith("output #1");
                continue;
            }
            if (section.startsWith("output #1")) {
                Matcher m = STEP.matcher(l.trim());
                if (m.matches()) {
                    // main's steps come before any thread starts: the scenario's setup (a memslot created).
                    String thread = m.group(1).equals("main") ? "main (setup)" : m.group(1);
                    p.steps.add(new Step(p.steps.size() + 1, thread, m.group(2)));
                    if (!p.threads.contains(thread)) p.threads.add(thread);
                }
            } else if (section.startsWith("error 1")) {
                if (l.contains("NotDeadlockedProperty")) p.error = "deadlock";
                else if (l.trim().startsWith("at org.kvmlocking.")) p.errorFrames.add(l.trim().substring(3).replaceAll("\\(.*", ""));
                else if (p.error.isEmpty() && !l.isBlank() && !l.startsWith("gov.nasa.jpf")) p.error = l.trim();
            } else if (section.startsWith("snapshot #1")) {
                Matcher m = THREAD.matcher(l);
                if (m.find()) {
                    lastThread = m.group(2);
                    p.snapshot.put(lastThread, m.group(3).toLowerCase());
                    p.threadsOfClass.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(lastThread);
                } else if (lastThread != null && l.trim().startsWith("waiting on: ")) {
                    p.snapshot.put(lastThread, p.snapshot.get(lastThread) + " on " + l.trim().substring(12).replaceAll("^.*\\.|@.*$", ""));
                } else if (lastThread != null && l.trim().startsWith("at ") && !l.trim().startsWith("at java.")) {
                    String frame = l.trim().substring(3).replaceAll("\\(.*", "");
                    if (!p.snapshot.get(lastThread).contains(" at ")) p.snapshot.put(lastThread, p.snapshot.get(lastThread) + " at " + frame);
                    if (frame.startsWith("org.kvmlocking.")) p.frames.computeIfAbsent(lastThread, k -> new ArrayList<>()).add(frame);
                }
            }
        }
        if (!output || p.steps.isEmpty()) return null;
        if (p.error.isEmpty()) p.error = "deadlock";
        for (var e : p.snapshot.entrySet()) if (e.getValue().startsWith("running")) p.errorThread = e.getKey();
        // The thread that threw: the one whose class runs the exception's outermost frame, if only
        // one thread is of that class (else the last running one, as before).
        if (!p.errorFrames.isEmpty()) {
            String run = p.errorFrames.get(p.errorFrames.size() - 1).replaceAll("\\.[A-Za-z0-9_]+$", "");
            List<String> ts = p.threadsOfClass.getOrDefault(run, List.of());
            if (ts.size() == 1) p.errorThread = ts.get(0);
        }
        return p;
    }

    /**
     * The kind of task that runs an action, in TLC's terms (Race.Task.kind): by the action, not
     * the Java thread, because a driver thread may run two kernel tasks one after the other (the
     * updater's thread faults after its update).
     */
    static String kind(String action) {
        if (action.startsWith("Start") || action.startsWith("End") || action.startsWith("Primary")) return "inv";
        if (action.startsWith("Fault")) return "vcpu";
        return "upd";
    }

    /**
     * The step a thread was inside when JPF stopped, which the step printer had not printed yet
     * (it prints after the step; a MutualExclusion check throws inside the publish): the
     * innermost frame of the thread whose method performs exactly one spec action (methodAction,
     * from JavaSource), added as the thread's last step unless it is that already.
     */
    void addInProgress(Map<String, String> methodAction) {
        // Every thread's snapshot stack is where it stopped (blocked, for a deadlock), except the
        // thread that threw: its place is the exception's stack (the snapshot comes after the unwinding).
        Map<String, List<String>> at = new LinkedHashMap<>();
        at.putAll(frames);
        if (!error.equals("deadlock") && !errorFrames.isEmpty() && !errorThread.isEmpty()) at.put(errorThread, errorFrames);
        for (var e : at.entrySet()) {
            String thread = e.getKey();
            if (!threads.contains(thread)) continue;
            // The innermost frame past the kernel primitives (a lock, schedule()) and the checks
            // (Invariants, Ghost) must perform exactly one action; else nothing is added.
            String action = null;
            for (String f : e.getValue()) {
                if (f.startsWith("org.kvmlocking.kernel.") || f.matches(".*\\.(Invariants|Ghost|StepChecks)\\.[^.]+$")) continue;
                action = methodAction.get(f.replaceAll("^.*\\.([A-Za-z0-9_$]+\\.[A-Za-z0-9_]+)$", "$1"));
                break;
            }
            if (action == null) continue;
            Step last = null;
            for (Step s : steps) if (s.thread.equals(thread)) last = s;
            if (last != null && last.action.equals(action)) continue;
            Step s = new Step(steps.size() + 1, thread, action);
            s.inProgress = true;
            steps.add(s);
        }
    }

    /**
     * Lines this path up with TLC's steps: each Java step takes the first unmatched later TLC step
     * of the same kind and action, run by the TLC task its thread lined up with before (a thread
     * is one task: symmetry may give invalidator-1's part to TLC's i2).
     */
    void align(Race race) {
        taskOf.clear();
        int from = 0;
        for (Step s : steps) {
            s.tlcStep = 0;
            if (s.thread.startsWith("main")) continue;   // the scenario's setup, before any task runs
            String want = taskOf.get(s.thread);
            for (int i = from; i < race.steps.size(); i++) {
                Race.Step t = race.steps.get(i);
                if (t.task == null || !t.task.kind.equals(kind(s.action)) || !t.action.equals(s.action)) continue;
                if (want == null ? taskOf.containsValue(t.task.id) : !want.equals(t.task.id)) continue;
                s.tlcStep = t.n;
                taskOf.putIfAbsent(s.thread, t.task.id);
                from = i + 1;
                break;
            }
        }
    }

    /**
     * The lane of a thread, named as TLC names its task: the task it lined up with, else by the
     * driver's thread name (invalidator-N: iN, vcpu-N: vN, updater: the updater's id).
     */
    String lane(String thread, String updater) {
        if (taskOf.containsKey(thread)) return taskOf.get(thread);
        java.util.regex.Matcher m = Pattern.compile("^(invalidator|vcpu)-(\\d+)$").matcher(thread);
        if (m.matches()) return (m.group(1).equals("invalidator") ? "i" : "v") + m.group(2);
        return thread.equals("updater") ? updater : thread;
    }

    int aligned() {
        int n = 0;
        for (Step s : steps) if (s.tlcStep > 0) n++;
        return n;
    }
}
