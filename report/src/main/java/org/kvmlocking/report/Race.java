package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counterexample as a race between kernel tasks: who ran which kernel statement, in order,
 * with the values that matter, where the property breaks, and (deadlock) who waits for whom.
 * Built from a {@link Trace}, the configuration's header and the spec's comments.
 */
final class Race {

    /** A configuration file's header and constants. */
    static final class Cfg {
        final String name;
        final String description;
        final Map<String, String> header = new LinkedHashMap<>();
        final Map<String, String> constants = new LinkedHashMap<>();

        /** Read by the checks module (org.kvmlocking.checks.Cfg): description, header, constants. */
        Cfg(Path file) throws IOException {
            org.kvmlocking.checks.Cfg c = org.kvmlocking.checks.Cfg.read(file);
            name = c.name();
            description = c.description();
            header.putAll(c.header());
            constants.putAll(c.constants());
        }

        String design() { return header.getOrDefault("design", "?"); }
        String module() { return header.getOrDefault("module", "?"); }
        String expect() { return header.getOrDefault("expect", ""); }

        /**
         * The bounds in words, from CONSTANTS: "2 invalidations, 1 vCPU, 2 pages, unbounded
         * rounds; the updater switches between a slot on page 1 and slots on pages 1 and 2".
         */
        String boundsInWords() {
            List<String> out = new ArrayList<>();
            int inv = count("Inv"), vcpus = count("VCpus");
            if (inv >= 0) out.add(inv == 0 ? "no invalidation" : inv + (inv == 1 ? " invalidation" : " invalidations"));
            if (vcpus >= 0) out.add(vcpus == 0 ? "no vCPU" : vcpus + (vcpus == 1 ? " vCPU" : " vCPUs"));
            if (constants.containsKey("NPages")) out.add(constants.get("NPages") + (constants.get("NPages").equals("1") ? " page" : " pages"));
            String r = constants.get("Rounds");
            if (r != null) out.add(r.equals("Unbounded") ? "unbounded rounds" : r + (r.equals("1") ? " round" : " rounds") + " per task");
            if ("FALSE".equals(constants.get("FlagsUpdates"))) out.add("no flags-only updates");
            if ("TRUE".equals(constants.get("FairRwsem"))) out.add("a fair rwsem");
            String text = String.join(", ", out);
            String l = constants.get("Layouts");
            if (l != null) {
                try {
                    List<String> ls = new ArrayList<>();
                    for (Tla.Val layout : Tla.parse(l).items) {
                        List<String> pages = layout.members();
                        ls.add(pages.isEmpty() ? "no slot" : pages.size() == 1 ? "a slot on page " + pages.get(0)
                            : "slots on pages " + String.join(", ", pages.subList(0, pages.size() - 1)) + " and " + pages.get(pages.size() - 1));
                    }
                    if (ls.size() > 1) text += "; the updater switches between " + String.join(ls.size() == 2 ? " and " : ", ", ls);
                } catch (IllegalArgumentException e) {
                    // a layout set we cannot read: the page's bounds column has it verbatim
                }
            }
            return text;
        }

        /** How many members the set constant has, -1 if absent or unreadable. */
        int count(String name) {
            String v = constants.get(name);
            if (v == null) return -1;
            try {
                return Tla.parse(v).items.size();
            } catch (IllegalArgumentException e) {
                return -1;
            }
        }

        /** The bounds a reader wants: tasks, pages, layouts, rounds. */
        String bounds() {
            List<String> out = new ArrayList<>();
            for (String k : List.of("Inv", "VCpus", "NPages", "Layouts", "Rounds", "Variant", "FairRwsem"))
                if (constants.containsKey(k)) out.add(k + " = " + constants.get(k));
            return String.join(", ", out);
        }
    }

    /** A task of the behaviour: an invalidation, a vCPU or the memslot updater. */
    static final class Task {
        final String id;
        final String kind;   // "inv", "vcpu", "upd"; 6.18 also "zap" and "env" (registration, destroy)
        final boolean k618;  // named in 6.18's functions
        boolean relevant;
        int steps;
        /** A caller's kernel function, from the Kernel: line of its first step (a task kind the report does not know). */
        String caller;

        Task(String id, String kind) { this(id, kind, false); }

        Task(String id, String kind, boolean k618) { this.id = id; this.kind = kind; this.k618 = k618; }

        /** The program counter variable of the task's kind: ipc, vpc, zpc, upc; null for env. */
        String pcVar() {
            switch (kind) {
                case "inv": return "ipc";
                case "vcpu": return "vpc";
                case "zap": return "zpc";
                case "env": return null;
                case "upd": return "upc";
                default: return kind;   // a caller added later: its own "<x>pc" variable is its kind
            }
        }

        /** The kernel's name for what the task runs, in its kernel's function names. */
        String function() {
            switch (kind) {
                case "inv": return k618 ? "kvm_mmu_notifier_invalidate_range_start/end" : "invalidate_range_start/end";
                case "vcpu": return k618 ? "kvm_mmu_do_page_fault" : "vCPU fault";
                case "zap": return "kvm_zap_gfn_range";
                case "env": return "kvm_create_vm / kvm_destroy_vm";
                case "upd": return k618 ? "kvm_set_memory_region" : "install_new_memslots";
                default: return caller != null ? caller : kind;
            }
        }

        String label() { return function() + " (" + id + ")"; }

        /** One operation of the task, in a sentence. */
        String operation() {
            switch (kind) {
                case "inv": return "an invalidation (range_start and range_end)";
                case "vcpu": return "a page fault";
                case "zap": return "a kvm_zap_gfn_range() call";
                case "env": return "the VM's notifier registration or destruction";
                case "upd": return k618 ? "a memslot update (kvm_set_memory_region())" : "a memslot update (install_new_memslots())";
                default: return "a " + function() + "() call";
            }
        }
    }

    /** One step of one task. */
    static final class Step {
        int n;                 // 1-based step number: the step from TLC's state n to state n+1
        Task task;
        String action;         // spec action
        String statement;      // kernel statement (from the spec's comment)
        String kernel;         // "path: function (Linux 5.15)"
        String module;         // module that defines the action
        int defLine;
        List<String> values = new ArrayList<>();
        Map<String, String> changed = new LinkedHashMap<>();  // var -> value (task's entry for per-task vars)
        boolean breaking;      // the first step after which a checked property is false
        final List<String> notes = new ArrayList<>();  // what fails here, in words
        boolean back;          // the step that closes a lasso
        boolean inLoop;
        boolean fromIdle, toIdle;   // the task starts an operation here / is back at idle after it
    }

    /** A task that cannot move at the end of a deadlock. */
    static final class Blocked {
        Task task;
        String action, statement;
        List<String> guards = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> waitsFor = new LinkedHashSet<>();
    }

    final Cfg cfg;
    final String got;             // results.tsv's got column: deadlock, violates:X, temporal:X
    final String property;        // the violated property
    final String meaning;         // its comment in the spec
    final List<Task> tasks = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final List<Blocked> blocked = new ArrayList<>();
    int loopFrom;                 // first step of a lasso's loop (0: none)
    boolean stuttering;           // the lasso ends in stuttering forever

    /** The configuration's module is a 6.18 one: lanes in 6.18's function names, zappers, the environment. */
    private boolean k618;

    /** Definitions with a MUTANT or VARIANT line of this configuration's design. */
    private final Set<String> mutantDefs = new LinkedHashSet<>();

    private static final Set<String> LOCAL = Set.of("ipc", "vpc", "upc", "irange", "izap", "incremented",
        "iwake", "vgfn", "vpfn", "rounds", "unew", "ufinal", "srcu");

    Race(Spec spec, Cfg cfg, String got, Trace trace) {
        this.cfg = cfg;
        this.got = got;
        String module = cfg.module();
        if (got.startsWith("violates:") || got.startsWith("temporal:")) {
            property = got.substring(got.indexOf(':') + 1);
        } else if (got.equals("deadlock")) {
            property = "DeadlockFree";
        } else {
            property = got;
        }
        meaning = meaning(spec, cfg, property, got);
        if (trace.states.isEmpty()) return;

        // The tasks, from the initial state.
        Trace.State init = trace.states.get(0);
        Map<String, Task> byId = new LinkedHashMap<>();
        k618 = spec.cites618(module);
        addTasks(byId, init.vars.get("ipc"), "inv");
        addTasks(byId, init.vars.get("vpc"), "vcpu");
        addTasks(byId, init.vars.get("zpc"), "zap");
        // A caller added later (CONTRIBUTING.md, "Adding a new caller"): its tasks are the keys of
        // its own program counter, a function variable "<x>pc"; its lane is named by its kernel function.
        for (Map.Entry<String, Tla.Val> e : init.vars.entrySet())
            if (e.getKey().matches("[a-z]+pc") && !List.of("ipc", "vpc", "zpc", "upc").contains(e.getKey())
                && (e.getValue().kind == Tla.Kind.FUN || e.getValue().kind == Tla.Kind.SEQ))
                addTasks(byId, e.getValue(), e.getKey());
        String upd = cfg.constants.getOrDefault("Updater", "u");
        byId.put(upd, new Task(upd, "upd", k618));

        // A refinement module EXTENDS the design's module: the MUTANT lines are in the modules it extends.
        for (String mod : spec.closure(module))
            for (String[] m : spec.mutantLines(mod))
                if (List.of(m[2].split(",")).contains(cfg.design())) mutantDefs.add(m[1]);

        List<Trace.State> ss = new ArrayList<>(trace.states);
        Map<Step, Trace.State> after = new LinkedHashMap<>();
        for (int i = 1; i < ss.size(); i++) {
            Trace.State prev = ss.get(i - 1), cur = ss.get(i);
            if (cur.stuttering) { stuttering = true; continue; }
            Step st = step(spec, module, byId, upd, i, prev, cur, cur);
            steps.add(st);
            after.put(st, cur);
        }
        if (trace.backTo > 0 && trace.backStep != null) {
            Trace.State last = ss.get(ss.size() - 1), to = ss.get(trace.backTo - 1);
            Trace.State synth = new Trace.State(0, trace.backStep.label, trace.backStep.action,
                trace.backStep.line, trace.backStep.col, trace.backStep.module);
            synth.vars.putAll(to.vars);
            for (Map.Entry<String, Tla.Val> e : to.vars.entrySet())
                if (!e.getValue().equals(last.vars.get(e.getKey()))) synth.changed.put(e.getKey(), e.getValue());
            Step s = step(spec, module, byId, upd, ss.size(), last, synth, synth);
            s.back = true;
            steps.add(s);
            loopFrom = trace.backTo;
        }
        for (Step s : steps) if (loopFrom > 0 && s.n >= loopFrom) s.inLoop = true;

        // Where it breaks: the first step after which any checked invariant we can evaluate from
        // the state is false (the count at -1 several steps before TLC's Coherence stops the
        // trace), else the last step of an invariant's or action property's violation.
        Step first = null;
        String firstProp = null;
        List<String> invariants = invariants(spec, module);
        for (Step st : steps) {
            Trace.State cur = after.get(st);
            if (cur == null) continue;
            for (String p : invariants) {
                if (!Boolean.FALSE.equals(Eval.cond(spec, module, p, cur.vars, cfg.design()))) continue;
                if (firstProp == null || p.equals(property)) firstProp = p;
            }
            if (firstProp != null) { first = st; break; }
        }
        Step reported = got.startsWith("violates:") && !steps.isEmpty() ? steps.get(steps.size() - 1) : null;
        if (first != null && !(first == reported && firstProp.equals(property))) {
            first.breaking = true;
            first.notes.add(firstProp + " fails here: " + meaning(spec, cfg, firstProp, "violates:" + firstProp));
        }
        if (reported != null) {
            if (first == null || first == reported) {
                reported.breaking = true;
                reported.notes.add(0, property + " violated here: " + meaning);
            } else reported.notes.add("TLC stops here, " + property + " violated: " + meaning);
        }
        if (got.equals("deadlock")) deadlock(spec, module, byId, upd, ss.get(ss.size() - 1));

        // Which tasks a reader needs: those that change shared state, block, or break.
        for (Step s : steps) {
            if (s.task == null) continue;
            s.task.steps++;
            for (String v : s.changed.keySet()) if (!LOCAL.contains(v.replaceAll("\\[.*", ""))) s.task.relevant = true;
            if (s.breaking) s.task.relevant = true;
        }
        for (Blocked b : blocked) b.task.relevant = true;
        for (Step s : steps) if (s.task != null && !tasks.contains(s.task)) tasks.add(s.task);
    }

    /**
     * What the broken property means: the comment above it; for an action property written as
     * [][XStep]_vars, the comment above XStep; failing both (TypeOK), the configuration's
     * description, which says how the design breaks it. Never empty. Parenthesised asides that
     * hold TLA+ notation are dropped: the note is read by kernel people.
     */
    static String meaning(Spec spec, Cfg cfg, String property, String got) {
        String module = cfg.module();
        String m = "";
        if (got.equals("deadlock")) {
            Spec.Def t = spec.find(module, "Terminated");
            m = t != null ? t.meaning() : "";
            if (m.isEmpty()) m = "no task can take a step";
        }
        Spec.Def pd = spec.find(module, property);
        if (m.isEmpty() && pd != null) m = pd.meaning();
        Spec.Def step = spec.find(module, property + "Step");
        if (m.isEmpty() && step != null) m = step.meaning();
        if (m.isEmpty()) m = cfg.description;
        if (m.isEmpty()) m = property + " is false in the last state";
        return kernelText(m);
    }

    /** Text without the asides that hold TLA+ operators or module prefixes ("[][A]_vars", "UR!Spec"). */
    static String kernelText(String s) {
        String out = s;
        for (String prev = null; !out.equals(prev); ) {
            prev = out;
            out = out.replaceAll("\\s*\\((?:[^()]|\\([^()]*\\))*(?:\\[\\]|<>|~>|/\\\\|\\\\/|\\|->|\\w!\\w|\\\\[A-Za-z])(?:[^()]|\\([^()]*\\))*\\)", "");
        }
        // and whole sentences that still hold some (UR!Spec, [][A]_vars)
        StringBuilder kept = new StringBuilder();
        for (String sentence : out.split("(?<=\\.)\\s+(?=[A-Z])"))
            if (!TLA_NOTATION.matcher(sentence).find()) kept.append(kept.length() > 0 ? " " : "").append(sentence);
        return kept.toString().replaceAll("\\s+([.,;:])", "$1").trim();
    }

    /** TLA+ operators and module prefixes a kernel reader would not write. */
    static final Pattern TLA_NOTATION = Pattern.compile("\\[\\]|<>|~>|/\\\\|\\\\/|\\|->|\\w!\\w|\\\\[A-Za-z]|_vars\\b|==");

    /** The checked invariants, the simplest first (NotifierCountNonNegative before Balance, which uses it). */
    private static List<String> invariants(Spec spec, String module) {
        List<String> out = new ArrayList<>();
        try {
            for (String p : spec.checkedInvariants()) if (spec.find(module, p) != null) out.add(p);
        } catch (java.io.IOException e) {
            return out;
        }
        out.sort(java.util.Comparator.comparingInt(p -> String.join(" ", spec.find(module, p).body).length()));
        return out;
    }

    private void addTasks(Map<String, Task> byId, Tla.Val pcs, String kind) {
        if (pcs == null) return;
        for (String k : pcs.keys()) byId.put(k, new Task(k, kind, k618));
    }

    private static String pcOf(Trace.State s, Task t, String upd) {
        if (t.pcVar() == null) return null;
        Tla.Val v;
        if (t.kind.equals("upd")) v = s.vars.get("upc");
        else v = s.vars.get(t.pcVar()) == null ? null : s.vars.get(t.pcVar()).get(t.id);
        return v == null ? null : v.plain();
    }

    private Step step(Spec spec, String module, Map<String, Task> byId, String upd, int n,
                      Trace.State prev, Trace.State cur, Trace.State label) {
        Step s = new Step();
        s.n = n;
        for (Task t : byId.values()) {
            String a = pcOf(prev, t, upd), b = pcOf(cur, t, upd);
            if (a != null && !a.equals(b)) { s.task = t; break; }
        }
        String name = label.action;
        if (s.task == null && (name.startsWith("Install") || name.startsWith("Update") || name.startsWith("Flush")))
            s.task = byId.get(upd);
        // A wrapper (InvStep, Next, EndHvaRangeStep, ...): the action its task's program counter
        // enabled; failing that, the identifier at TLC's line and column.
        Spec.Def d = spec.find(module, name);
        if (d == null || !d.isAction() || d.name.endsWith("Step") || d.name.endsWith("Next")) {
            // A wrapper whose disjunct names one action (6.18's VCpuNext: FaultBegin(v) /\
            // UNCHANGED ...): that action, by TLC's line and column; it is exact, where a pc
            // such as "idle" enables the actions of several tasks.
            String at = label.line > 0 && (name.endsWith("Next") && !name.equals("Next"))
                    ? spec.identAt(label.module, label.line, label.col) : null;
            Spec.Def named = at == null ? null : spec.find(module, at);
            Spec.Def byPc = null;
            if (s.task != null) {
                String pc = pcOf(prev, s.task, upd);
                if (pc != null) byPc = spec.actionAt(module, s.task.pcVar(), pc);
            }
            if (named != null && named.isAction()) { d = named; name = at; }
            else if (byPc != null) { d = byPc; name = byPc.name; }
            else if (label.line > 0) {
                String id = spec.identAt(label.module, label.line, label.col);
                Spec.Def d2 = id == null ? null : spec.find(module, id);
                if (d2 != null && d2.isAction()) { d = d2; name = id; }
            }
        }
        // 6.18's environment (the late mmu_notifier_register(), kvm_destroy_vm()) has no program
        // counter: its steps run on a lane of their own, never folded as if they changed nothing.
        // A step that leaves its task's program counter where it was (one_range_add_618's walk
        // unmapping a second slot): the one task whose pc enables the action.
        String guard = s.task == null && d != null && d.isAction() ? d.pcGuard() : null;
        if (guard != null) {
            Task only = null;
            int enabled = 0;
            for (Task t : byId.values())
                if (guard.equals(t.pcVar() + "=" + pcOf(prev, t, upd))) { only = t; enabled++; }
            if (enabled == 1) s.task = only;
        }
        if (s.task == null && k618 && d != null && d.isAction() && guard == null && !cur.changed.isEmpty())
            s.task = byId.computeIfAbsent("kvm", id -> new Task(id, "env", true));
        if (s.task != null && s.task.caller == null && d != null && d.kernel != null && d.kernel.contains(": "))
            s.task.caller = d.kernel.replaceAll("^.*: (\\S+) \\(.*$", "$1");
        s.action = name;
        s.statement = d != null && d.isAction() ? d.statement() : name;
        s.kernel = d != null ? d.kernel : null;
        s.module = d != null ? d.module : module;
        s.defLine = d != null ? d.line : 0;
        String tid = s.task == null ? null : s.task.id;
        for (Map.Entry<String, Tla.Val> e : cur.changed.entrySet()) {
            Tla.Val v = e.getValue();
            Tla.Val was = prev.vars.get(e.getKey());
            if ((v.kind == Tla.Kind.FUN || v.kind == Tla.Kind.SEQ) && was != null) {
                for (String k : v.keys()) {
                    Tla.Val x = v.get(k), y = was.get(k);
                    if (x != null && !x.equals(y)) s.changed.put(e.getKey() + "[" + k + "]", x.toString());
                }
            } else s.changed.put(e.getKey(), v.toString());
        }
        if (s.task != null) {
            s.fromIdle = "idle".equals(pcOf(prev, s.task, upd));
            s.toIdle = "idle".equals(pcOf(cur, s.task, upd));
        }
        s.values = values(prev, cur, s.task, name);
        boolean differs = mutantDefs.contains(label.action) || mutantDefs.contains(name);
        // The disjunct TLC names may be a design's own wrapper around the action the pc enables
        // (InstallSynchronizeSrcuStep: IF Variant = "flags_no_srcu" /\ FlagsToggled THEN skip
        // ELSE InstallSynchronizeSrcu): whether the step took the design's branch is the IF's
        // condition in the state before it; taken, and the action in the ELSE, it was skipped.
        String at = label.line > 0 ? spec.identAt(label.module, label.line, label.col) : null;
        Spec.Def via = at == null ? null : spec.find(module, at);
        if (via == null) via = spec.find(module, label.action);   // TLC names the wrapper itself (EndUnlockMmuStep)
        if (via != null && d != null && via != d && mutantDefs.contains(via.name)) {
            String ifLine = null;
            for (String l : via.body) if (l.contains("MUTANT") && l.contains("IF ")) ifLine = l;
            Boolean taken = ifLine == null ? null : Eval.cond(spec, module,
                ifLine.replaceAll("\\\\\\*.*$", "").replaceAll("^.*\\bIF\\s+", "").replaceAll("\\s+THEN\\b.*$", ""), prev.vars, cfg.design());
            if (taken == null || taken) {
                differs = true;
                String body = String.join(" ", via.body);
                String mine = body.replaceAll("(?s)\\bELSE\\b.*$", "");   // the design's branch
                if (taken != null && body.matches("(?s).*\\bELSE\\s+" + d.name + "\\b.*")) {
                    String st = s.statement.strip().replaceAll("\\s*\\.\\.\\.$", "").replaceAll(";$", "");
                    s.statement = "/* skipped: " + st + " */";
                } else if (taken != null && !mine.matches("(?s).*\\b" + d.name + "\\b.*")) {
                    // The design's own code, not the adopted statement: said as the spec's Variant list says it.
                    String what = spec.variantSummary(module, cfg.design());
                    if (what != null) s.statement = "/* " + cfg.design() + ": " + what + " */";
                }
            }
        }
        if (differs) s.values.add(0, "(" + cfg.design() + " differs here)");
        return s;
    }

    /** The values a reader of this step wants beside the statement. */
    static List<String> values(Trace.State prev, Trace.State cur, Task task, String action) {
        List<String> out = new ArrayList<>();
        String tid = task == null ? null : task.id;
        String pcVar = task == null ? null : task.pcVar();
        Tla.Val pcNow = pcVar == null ? null : cur.vars.get(pcVar);
        String next = pcNow == null ? "" : task.kind.equals("upd") ? pcNow.plain()
            : pcNow.get(tid) == null ? "" : pcNow.get(tid).plain();
        boolean ends = next.equals("idle");
        Map<String, Tla.Val> ch = cur.changed;
        if (action.endsWith("HvaRange") && tid != null) {
            Tla.Val ms = prev.vars.get("memslots"), r = prev.vars.get("irange");
            boolean overlap = next.endsWith("lock_mmu");
            out.add("overlap=" + overlap);
            if (ms != null && r != null && r.get(tid) != null)
                out.add("(range " + range(r.get(tid)) + ", slots " + slots(ms) + ")");
        }
        if (ch.containsKey("irange") && tid != null && !ends) out.add("range=" + range(cur.vars.get("irange").get(tid)));
        if (action.equals("InstallWaitTest") && cur.vars.get("mn_active_invalidate_count") != null)
            out.add("active=" + cur.vars.get("mn_active_invalidate_count"));
        // The gfn a fault picks when it begins; later changes clear a dead value (FaultInstallSpte).
        Tla.Val pcWas = pcVar == null || prev.vars.get(pcVar) == null ? null
            : task.kind.equals("upd") ? prev.vars.get(pcVar) : prev.vars.get(pcVar).get(tid);
        boolean begins = pcWas != null && pcWas.plain().equals("idle");
        if (ch.containsKey("vgfn") && tid != null && begins) out.add("gfn=" + cur.vars.get("vgfn").get(tid));
        if (action.equals("FaultGup") && tid != null && cur.vars.get("vpfn") != null) out.add("pfn=" + cur.vars.get("vpfn").get(tid));
        if (action.equals("FaultRetryCheck")) out.add("retry=" + next.equals("unlock_mmu"));
        if (action.equals("FaultLookup") && ends) out.add("no usable slot: no mapping");
        if (ch.containsKey("unew") && action.startsWith("Update")) out.add(update(prev.vars.get("memslots"), cur.vars.get("unew")));
        if (ch.containsKey("mmu_notifier_count")) out.add("count=" + ch.get("mmu_notifier_count"));
        if (ch.containsKey("mn_active_invalidate_count")) out.add("active=" + ch.get("mn_active_invalidate_count"));
        if (ch.containsKey("iwake") && tid != null && cur.vars.get("iwake").get(tid) != null && !action.equals("EndWakeUp"))
            out.add("wake=" + cur.vars.get("iwake").get(tid).plain());
        if (action.equals("EndWakeUp")) {
            Tla.Val w = cur.vars.get("rcuwait_task");
            Tla.Val st = prev.vars.get("task_state");
            if (w == null || w.plain().equals("none")) out.add("w->task=NULL: nobody to wake");
            else if (st != null && st.plain().equals("TASK_RUNNING"))
                out.add("wakes " + w.plain() + ", already TASK_RUNNING: no effect");
            else out.add("wakes " + w.plain());
        }
        if (ch.containsKey("mmu_notifier_range_start") || ch.containsKey("mmu_notifier_range_end")) {
            Tla.Val a = cur.vars.get("mmu_notifier_range_start"), b = cur.vars.get("mmu_notifier_range_end");
            if (a != null && b != null && !(a.num == 0 && b.num == 0)) out.add("mmu_notifier_range=[" + a + "," + b + ")");
        }
        if (ch.containsKey("memslots")) out.add("memslots=" + slots(ch.get("memslots")));
        if (ch.containsKey("rwsem_readers")) out.add("readers=" + ch.get("rwsem_readers"));
        if (ch.containsKey("rwsem_writer_queued")) out.add(ch.get("rwsem_writer_queued").isTrue() ? "writer queued" : "writer_queued=false");
        if (ch.containsKey("rwsem_writer")) out.add("writer=" + ch.get("rwsem_writer").plain());
        if (ch.containsKey("task_state")) out.add("state=" + ch.get("task_state").plain());
        if (ch.containsKey("rcuwait_task")) {
            String w = ch.get("rcuwait_task").plain();
            out.add("w->task=" + (w.equals("none") ? "NULL" : w));
        }
        for (String arr : List.of("pte", "spte")) {
            if (!ch.containsKey(arr) || prev.vars.get(arr) == null) continue;
            Tla.Val v = ch.get(arr), was = prev.vars.get(arr);
            for (String k : v.keys())
                if (!v.get(k).equals(was.get(k))) out.add(arr + "[" + kernelKey(k) + "]=" + kernelValue(v.get(k)));
        }
        if (ch.containsKey("gfn_attr") && prev.vars.get("gfn_attr") != null) {   // 6.18: what kvm_zap_gfn_range's caller changed
            Tla.Val v = ch.get("gfn_attr"), was = prev.vars.get("gfn_attr");
            for (String k : v.keys())
                if (!v.get(k).equals(was.get(k))) out.add("the attribute of gfn " + k + " now " + v.get(k).plain());
        }
        if (ch.containsKey("seq_moved")) {
            Tla.Val v = ch.get("seq_moved");
            for (String k : v.keys()) if (v.get(k).isTrue()) out.add((task != null && task.k618 ? "mmu_invalidate_seq" : "seq") + " moved for " + k);
        }
        return out;
    }

    static String range(Tla.Val pages) {
        List<String> ms = pages.members();
        if (ms.isEmpty()) return "[]";
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (String m : ms) { long x = Long.parseLong(m); lo = Math.min(lo, x); hi = Math.max(hi, x); }
        return "[" + lo + "," + (hi + 1) + ")";
    }

    /**
     * An SPTE or PTE index in kernel words: 6.18 indexes SPTEs by <<address space, gfn>>
     * ("as 0, gfn 1"); 5.15 by page.
     */
    static String kernelKey(String k) {
        Matcher m = Pattern.compile("^<<(\\d+), ?(\\d+)>>$").matcher(k);
        return m.find() ? "as " + m.group(1) + ", gfn " + m.group(2) : k;
    }

    /** A value in kernel words: none for NoMap (-1 or a model value), a record's fields as "pfn 0 attr 0". */
    static String kernelValue(Tla.Val v) {
        if (v.num == -1 && v.kind == Tla.Kind.INT) return "none";
        if (v.kind == Tla.Kind.REC) {
            List<String> f = new ArrayList<>();
            for (String k : v.keys()) f.add(k + " " + v.get(k).plain());
            return String.join(" ", f);
        }
        String p = v.plain();
        return p.equals("NoMap") ? "none" : p;
    }

    static String slots(Tla.Val ms) {
        if (ms.kind == Tla.Kind.SEQ) {   // 6.18: one slot record per slot id
            List<String> out = new ArrayList<>();
            List<String> ids = ms.keys();
            for (String id : ids) {
                Tla.Val s = ms.get(id);
                Tla.Val present = s.get("present"), gfn = s.get("gfn"), inv = s.get("invalid"), flags = s.get("flags");
                if (present != null && !present.isTrue()) { out.add("slot " + id + " none"); continue; }
                String d = "slot " + id + (gfn != null ? " at gfn " + gfn.plain() : "");
                if (inv != null && inv.isTrue()) d += " INVALID";
                if (flags != null && flags.isTrue()) d += " dirty-logging";
                out.add(d);
            }
            return String.join("; ", out);
        }
        Tla.Val s = ms.get("slots"), inv = ms.get("invalid"), dirty = ms.get("dirty");
        String out = s == null ? ms.toString() : s.toString();
        if (inv != null && !inv.members().isEmpty()) out += " (" + String.join(",", inv.members()) + " INVALID)";
        if (dirty != null && dirty.isTrue()) out += " dirty-logging";
        return out;
    }

    static String update(Tla.Val now, Tla.Val next) {
        if (now == null || next == null) return "";
        Tla.Val a = now.get("slots"), b = next.get("slots"), inv = next.get("invalid");
        if (inv != null && !inv.members().isEmpty()) return "delete slot " + String.join(",", inv.members()) + ": INVALID copy first";
        if (a != null && !a.equals(b)) return "slots " + a + " -> " + b;
        return "flags-only (dirty logging " + (next.get("dirty") != null && next.get("dirty").isTrue() ? "on" : "off") + ")";
    }

    private void deadlock(Spec spec, String module, Map<String, Task> byId, String upd, Trace.State last) {
        Pattern ident = Pattern.compile("\\b[a-z][a-z_]*\\b");
        for (Task t : byId.values()) {
            String pc = pcOf(last, t, upd);
            if (pc == null || pc.equals("idle")) continue;
            Spec.Def a = t.pcVar() == null ? null : spec.actionAt(module, t.pcVar(), pc);
            Blocked b = new Blocked();
            b.task = t;
            b.action = a == null ? pc : a.name;
            b.statement = a == null ? pc : a.statement().strip();
            if (b.statement.startsWith("...")) {   // the second half of the task's last statement
                for (int i = steps.size() - 1; i >= 0; i--)
                    if (steps.get(i).task == t) { b.statement = steps.get(i).statement.strip() + " " + b.statement; break; }
            }
            if (a != null) {
                for (String g : spec.waitGuards(module, a)) {
                    b.guards.add(g);
                    Matcher m = ident.matcher(g);
                    while (m.find()) {
                        String v = m.group();
                        if (!last.vars.containsKey(v) || b.values.containsKey(v)) continue;
                        Tla.Val val = last.vars.get(v);
                        b.values.put(v, val.plain());
                        boolean named = false;
                        for (String id : byId.keySet())
                            if (!id.equals(t.id) && Pattern.compile("\\b" + id + "\\b").matcher(val.toString()).find()) {
                                b.waitsFor.add(id);
                                named = true;
                            }
                        if (!named) {   // who set it last
                            for (int i = steps.size() - 1; i >= 0; i--) {
                                Step s = steps.get(i);
                                if (s.changed.containsKey(v) && s.task != null && s.task != t) { b.waitsFor.add(s.task.id); break; }
                            }
                        }
                    }
                }
            }
            blocked.add(b);
        }
    }

    /** The cycle of a deadlock, "i1 -> u -> i2 -> i1", if every blocked task waits for one other. */
    String cycle() {
        Map<String, String> next = new LinkedHashMap<>();
        for (Blocked b : blocked) if (b.waitsFor.size() == 1) next.put(b.task.id, b.waitsFor.iterator().next());
        for (String start : next.keySet()) {
            List<String> path = new ArrayList<>();
            String x = start;
            while (x != null && !path.contains(x)) { path.add(x); x = next.get(x); }
            if (start.equals(x)) { path.add(x); return String.join(" -> ", path); }
        }
        return null;
    }

    String kindOfBreak() {
        if (got.equals("deadlock")) return "deadlock";
        if (got.startsWith("temporal:")) return "lasso";
        return "violation";
    }
}
