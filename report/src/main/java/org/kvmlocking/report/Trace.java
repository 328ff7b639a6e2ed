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
 * A TLC counterexample: TLC's whole output ({@code .out}) or the condensed trace that
 * spec/tlc-check.sh writes ({@code .trace}: each state's action and the variables it changed).
 * Either way each state ends up with its full valuation.
 */
final class Trace {

    /** One state of the behaviour and the action that led to it. */
    static final class State {
        final int number;              // TLC's "State N"
        final String label;            // TLC's text between < and >, or "Initial predicate"
        final String action;           // the action's name ("Initial predicate" for state 1)
        final int line, col;           // where TLC says the action is (0 if not given)
        final String module;
        final Map<String, Tla.Val> vars = new LinkedHashMap<>();     // full valuation
        final Map<String, Tla.Val> changed = new LinkedHashMap<>();  // vs the previous state
        final Map<String, String> raw = new LinkedHashMap<>();       // text as TLC printed it
        boolean stuttering;

        State(int number, String label, String action, int line, int col, String module) {
            this.number = number;
            this.label = label;
            this.action = action;
            this.line = line;
            this.col = col;
            this.module = module;
        }
    }

    final List<State> states = new ArrayList<>();
    /** For a lasso: the state the last step goes back to (TLC's "Back to state N"), else 0. */
    int backTo;
    /** The action of the step back into the loop. */
    State backStep;
    boolean stuttering;

    private static final Pattern HEAD = Pattern.compile("^State (\\d+): (?:<(.*)>|(Stuttering))\\s*$");
    private static final Pattern BACK = Pattern.compile("^Back to state (\\d+): <(.*)>\\s*$");
    private static final Pattern LABEL = Pattern.compile(
        "^([A-Za-z][A-Za-z0-9_]*) line (\\d+), col (\\d+) to line \\d+, col \\d+ of module ([A-Za-z0-9_]+)$");

    static Trace read(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    static Trace parse(List<String> lines, String what) {
        Trace t = new Trace();
        State cur = null;
        String lastVar = null;
        for (String l : lines) {
            Matcher h = HEAD.matcher(l);
            Matcher b = BACK.matcher(l);
            if (h.find()) {
                int n = Integer.parseInt(h.group(1));
                if (h.group(3) != null) {
                    cur = new State(n, "Stuttering", "Stuttering", 0, 0, "");
                    cur.stuttering = true;
                    t.stuttering = true;
                } else {
                    cur = state(n, h.group(2));
                }
                if (!t.states.isEmpty()) cur.vars.putAll(t.states.get(t.states.size() - 1).vars);
                t.states.add(cur);
                lastVar = null;
                continue;
            }
            if (b.find()) {
                t.backTo = Integer.parseInt(b.group(1));
                t.backStep = state(0, b.group(2));
                cur = null;
                continue;
            }
            if (cur == null) continue;
            String name = null, value = null;
            if (l.startsWith("/\\ ")) {
                int eq = l.indexOf(" = ");
                name = l.substring(3, eq);
                value = l.substring(eq + 3);
            } else if (l.matches("^      [A-Za-z_][A-Za-z0-9_]* = .*")) {
                int eq = l.indexOf(" = ");
                name = l.substring(6, eq);
                value = l.substring(eq + 3);
            } else if (l.startsWith("  ") && lastVar != null) {
                // a continuation line of TLC's pretty-printing: parse the joined text again
                String joined = cur.raw.get(lastVar) + " " + l.trim();
                cur.raw.put(lastVar, joined);
                set(cur, lastVar, joined, what);
                continue;
            } else if (l.isBlank()) {
                lastVar = null;
                continue;
            } else {
                // anything else ends the trace (TLC's statistics after it)
                if (!l.startsWith("Error")) cur = null;
                continue;
            }
            cur.raw.put(name, value);
            lastVar = name;
            set(cur, name, value, what);
        }
        // changed variables, for .out input (full states)
        for (int i = 0; i < t.states.size(); i++) {
            State s = t.states.get(i);
            s.changed.clear();
            Map<String, Tla.Val> prev = i == 0 ? Map.of() : t.states.get(i - 1).vars;
            for (Map.Entry<String, Tla.Val> e : s.vars.entrySet())
                if (!e.getValue().equals(prev.get(e.getKey()))) s.changed.put(e.getKey(), e.getValue());
        }
        return t;
    }

    private static void set(State cur, String name, String value, String what) {
        try {
            cur.vars.put(name, Tla.parse(value));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            // incomplete until its continuation lines are read; parsed again then
            cur.vars.remove(name);
        }
    }

    private static State state(int n, String label) {
        Matcher m = LABEL.matcher(label);
        if (m.find())
            return new State(n, label, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4));
        return new State(n, label, label, 0, 0, "");
    }

    boolean isLasso() { return backTo > 0 || stuttering; }
}
