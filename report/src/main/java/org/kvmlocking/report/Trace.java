package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kvmlocking.checks.TlcOutput;

/**
 * A TLC counterexample, from TLC's whole output as the checks module reads it
 * ({@link TlcOutput#trace()}, its lasso's back edge): each state with its full valuation, the
 * variables it changed, and where TLC says its action is.
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

    /** TLC's whole output (target/check/tlc/&lt;cfg&gt;.out). */
    static Trace read(Path out) throws IOException {
        return of(TlcOutput.read(out, -1));
    }

    static Trace of(TlcOutput out) {
        Trace t = new Trace();
        for (TlcOutput.State s : out.trace()) {
            State cur;
            if (s.label().equals("Stuttering")) {
                cur = new State(s.number(), "Stuttering", "Stuttering", 0, 0, "");
                cur.stuttering = true;
                t.stuttering = true;
            } else {
                cur = state(s.number(), s.label());
            }
            if (!t.states.isEmpty()) cur.vars.putAll(t.states.get(t.states.size() - 1).vars);
            for (String var : s.vars().keySet()) cur.vars.put(var, Tla.of(s.value(var)));
            t.states.add(cur);
        }
        if (out.lassoBack() > 0) {
            t.backTo = out.lassoBack();
            t.backStep = state(0, out.lassoLabel());
        }
        for (int i = 0; i < t.states.size(); i++) {
            State s = t.states.get(i);
            Map<String, Tla.Val> prev = i == 0 ? Map.of() : t.states.get(i - 1).vars;
            for (Map.Entry<String, Tla.Val> e : s.vars.entrySet())
                if (!e.getValue().equals(prev.get(e.getKey()))) s.changed.put(e.getKey(), e.getValue());
        }
        return t;
    }

    private static State state(int n, String label) {
        TlcOutput.Position at = TlcOutput.position(label);
        if (at != null) return new State(n, label, at.action(), at.line(), at.col(), at.module());
        return new State(n, label, label, 0, 0, "");
    }

    boolean isLasso() { return backTo > 0 || stuttering; }
}
