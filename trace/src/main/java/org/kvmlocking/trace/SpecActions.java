package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where trace validation learns which spec action a record names (issue 25 item 6: no
 * hand-written action-to-position table): read from the spec modules themselves. An action is
 * a definition {@code Name(p) ==} or {@code Name ==} whose first conjunct tests a program
 * counter, {@code /\ ipc[p] = "start_lock_mn"} or {@code /\ upc = "idle"} (every action of the
 * KVM specs starts so; the few environment actions of 6.18 test another variable). From that:
 * <ul>
 * <li>5.15 ({@link #pcTables}): the pc tables KvmMmuTrace's StartsHere reads, a record per
 * process kind mapping each action to the pc it starts at, written to the generated module
 * KvmTracePcs;</li>
 * <li>6.18 ({@link #isActionModule}): IsAction(a, p), one CASE arm per constant of the Java
 * Step enum, each the spec action of that name taken by p (p in the domain of the pc variable
 * it tests; a no-argument action is the updater's if it tests {@code upc}, the
 * environment's otherwise), written to the generated module Kvm618TraceActions.</li>
 * </ul>
 * A new Step and its spec action of the same name need no other entry. The one thing written
 * by hand here is which process a no-argument action belongs to ({@link #SINGLE_PCS}): a new
 * kind of single process (a second updater-like task) adds its pc variable there.
 */
final class SpecActions {
    private SpecActions() {
    }

    /** A spec action: its name, its process parameter (null: none), the variable its first conjunct tests, the pc it tests for (null if not a pc). */
    record Action(String name, String param, String pcVar, String pc) {
    }

    /** Bad spec input for the generator: one line for the user. */
    static final class BadSpec extends Exception {
        BadSpec(String msg) {
            super(msg);
        }
    }

    /** The pc variables of processes that have no parameter, and the process (a TLA+ expression) each belongs to. */
    static final Map<String, String> SINGLE_PCS = Map.of("upc", "Updater");

    private static final Pattern DEF = Pattern.compile("(?m)^(\\w+)(?:\\(([\\w, ]+)\\))? ==[ \\t]*\\n[ \\t]*/\\\\ (.*)$");
    private static final Pattern PC_ARG = Pattern.compile("^(\\w+)\\[(\\w+)\\] = \"(\\w+)\"");
    private static final Pattern PC_ONE = Pattern.compile("^(\\w+) = \"(\\w+)\"");
    private static final Pattern CALL = Pattern.compile("^(\\w+)(?:\\(.*\\))?$");

    /**
     * Every definition of the modules whose body starts with a conjunction, by name. Its process
     * parameter is the one its first conjunct indexes a pc with ({@code StartHvaRange(t, next)}:
     * t); a first conjunct that is another definition ({@code UpdateBegin == /\ UpdateChoose})
     * starts where that one does.
     */
    static Map<String, Action> parse(Path... modules) throws IOException {
        Map<String, String[]> raw = new LinkedHashMap<>();
        for (Path m : modules) {
            Matcher d = DEF.matcher(Files.readString(m));
            while (d.find()) {
                raw.put(d.group(1), new String[] {d.group(2), d.group(3).trim()});
            }
        }
        Map<String, Action> out = new LinkedHashMap<>();
        for (String name : raw.keySet()) {
            out.put(name, resolve(name, raw, 0));
        }
        return out;
    }

    private static Action resolve(String name, Map<String, String[]> raw, int depth) {
        String[] d = raw.get(name);
        List<String> params = d[0] == null ? List.of() : List.of(d[0].split(",\\s*"));
        String first = d[1];
        Matcher a = PC_ARG.matcher(first);
        if (a.find() && params.contains(a.group(2))) {
            return new Action(name, a.group(2), a.group(1), a.group(3));
        }
        Matcher o = PC_ONE.matcher(first);
        if (o.find()) {
            return new Action(name, null, o.group(1), o.group(2));
        }
        Matcher c = CALL.matcher(first);
        if (depth < 2 && c.find() && raw.containsKey(c.group(1)) && !c.group(1).equals(name)) {
            Action inner = resolve(c.group(1), raw, depth + 1);
            if (inner.pc() != null && inner.param() == null) {
                return new Action(name, null, inner.pcVar(), inner.pc());
            }
        }
        return new Action(name, params.isEmpty() ? null : params.get(0), first.split("[^\\w]")[0], null);
    }

    /**
     * The module {@code name} defining IsAction(a, p) for the given action names (the Java Step
     * enum's constants): each must be an action of the spec. Throws naming the first that is not.
     */
    static String isActionModule(String name, String extendsModule, Collection<String> steps, Map<String, Action> defs,
            String specFiles) throws BadSpec {
        StringBuilder b = new StringBuilder("---- MODULE " + name + " ----\nEXTENDS " + extendsModule + "\n"
                + "\\* Generated by org.kvmlocking.trace.SpecActions from the Java Step enum and " + specFiles
                + "; do not edit.\n\\* IsAction(a, p): the step is a step of spec action a taken by process p.\n"
                + "IsAction(a, p) ==\n");
        String sep = "    CASE ";
        for (String s : steps) {
            Action a = defs.get(s);
            if (a == null) {
                throw new BadSpec("Step " + s + " has no action " + s + " in " + specFiles
                        + " (a Java step needs the spec action of its name)");
            }
            String who;
            if (a.param() != null) {
                if (a.pc() == null) {
                    throw new BadSpec("action " + s + "(" + a.param() + ") of " + specFiles + " does not start with /\\ pcvar["
                            + a.param() + "] = \"pc\" (trace validation names its process by that test)");
                }
                who = "p \\in DOMAIN " + a.pcVar() + " /\\ " + s + "(p)";
            } else {
                String single = a.pc() == null ? null : SINGLE_PCS.get(a.pcVar());
                who = "p = " + (single != null ? single : "\"env\"") + " /\\ " + s;
            }
            b.append(sep).append("a = \"").append(s).append("\" -> ").append(who).append('\n');
            sep = "      [] ";
        }
        return b.append("      [] OTHER -> FALSE\n====\n").toString();
    }

    /**
     * The 5.15 pc tables (module KvmTracePcs): for each pc variable (tableOfVar: ipc -> InvPc,
     * ...), a TLA+ record from every action of the vocabulary (the action names trace records
     * carry) that the modules define and that starts by testing that variable, to the pc it tests
     * for. Two actions starting at one pc of one variable would make a record ambiguous: refused,
     * naming both.
     */
    static String pcTables(Map<String, Action> defs, Collection<String> vocabulary, Map<String, String> tableOfVar,
            String specFiles) throws BadSpec {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        for (String t : tableOfVar.values()) {
            tables.put(t, new java.util.TreeMap<>());
        }
        for (String name : new java.util.TreeSet<>(vocabulary)) {
            Action a = defs.get(name);
            String t = a == null || a.pc() == null ? null : tableOfVar.get(a.pcVar());
            if (t == null) {
                continue;
            }
            Map<String, String> m = tables.get(t);
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (e.getValue().equals(a.pc())) {
                    throw new BadSpec("actions " + e.getKey() + " and " + a.name() + " of " + specFiles + " both start at "
                            + a.pcVar() + " = \"" + a.pc() + "\": a record would not name its action");
                }
            }
            m.put(a.name(), a.pc());
        }
        StringBuilder b = new StringBuilder("---- MODULE KvmTracePcs ----\n"
                + "\\* Generated by org.kvmlocking.trace.SpecActions from " + specFiles + " and the actions trace records name\n"
                + "\\* (TraceToTla.KEYS); do not edit. Per process kind: each action, and the pc it starts at (its first conjunct).\n");
        for (Map.Entry<String, Map<String, String>> t : tables.entrySet()) {
            List<String> items = new ArrayList<>();
            for (Map.Entry<String, String> e : t.getValue().entrySet()) {
                items.add(e.getKey() + " |-> \"" + e.getValue() + "\"");
            }
            b.append(t.getKey()).append(" ==\n    [").append(String.join(",\n     ", items)).append("]\n");
        }
        return b.append("====\n").toString();
    }
}
