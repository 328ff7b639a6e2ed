package org.kvmlocking.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A TLC run's rows: one per check its configuration's body makes ({@link Cfg#checks()}), each
 * with its own expectation, derived from the header's {@code \* expect:} (the run's verdict):
 *
 * <pre>
 *   expect: holds                 every check: holds
 *   expect: violates:P[|Q]        P (or Q): violates:P (one of them is enough: the others of the
 *                                 set may stay unrefuted); any other check: unrefuted
 *   expect: deadlock              DeadlockFree: deadlock; any other check: unrefuted
 *   expect: temporal:P            P: temporal:P; an invariant, an action property ([][A]_v) or
 *                                 DeadlockFree: holds (with -lncheck final the liveness check
 *                                 runs after the whole state graph was searched without a safety
 *                                 violation); another liveness property: unrefuted
 *   expect: rejected:MESSAGE      one row, ConstantsOK: rejected:MESSAGE... (TLC stops at the
 *                                 ASSUME before any state)
 * </pre>
 * "unrefuted": TLC stopped at another check's counterexample before it could decide this one;
 * the row says the check was made and not refuted, and fails if TLC stopped at it instead.
 * A pinned {@code \* states: N} (expect holds) must equal the run's distinct states.
 */
public final class Checks {
    private Checks() {}

    public static final String HOLDS = "holds", UNREFUTED = "unrefuted", DEADLOCK = "deadlock";

    /** The rows and the lines to print (unmet expectations, a pinned count that differs). */
    public record Judged(List<Row> rows, List<String> messages, boolean ok) {}

    /** What the configuration expects of one check. */
    public static String expected(Cfg cfg, String check, Path specDir) {
        String e = cfg.expect();
        if (e.equals(HOLDS) || e.startsWith("rejected:")) return e;
        if (e.equals(DEADLOCK)) return check.equals(Cfg.DEADLOCK) ? DEADLOCK : UNREFUTED;
        if (e.startsWith("violates:")) return List.of(e.substring(9).split("\\|")).contains(check) ? e : UNREFUTED;
        if (e.startsWith("temporal:")) {
            if (e.substring(9).equals(check)) return e;
            return safety(cfg, check, specDir) ? HOLDS : UNREFUTED;
        }
        return e;
    }

    /** What the run says of one check. */
    public static String got(Cfg cfg, TlcOutput out, String check, Path specDir) {
        if (!out.exitAgrees()) {
            return "error:TLC exited " + out.exitCode() + " but its output says " + out.verdict().name().toLowerCase()
                    + (out.property().isEmpty() ? "" : " " + out.property());
        }
        return switch (out.verdict()) {
            case HOLDS -> HOLDS;
            case DEADLOCK -> check.equals(Cfg.DEADLOCK) ? DEADLOCK : UNREFUTED;
            case INVARIANT, ACTION -> check.equals(out.property()) ? "violates:" + check : UNREFUTED;
            case TEMPORAL -> {
                // TLC does not name the liveness property it refuted: the candidates are the
                // body's properties that are not action properties.
                List<String> live = liveness(cfg, specDir);
                if (live.contains(check)) yield "temporal:" + String.join("|", live);
                yield safety(cfg, check, specDir) ? HOLDS : UNREFUTED;
            }
            case REJECTED -> "rejected:" + out.property();
            case ERROR -> "error:" + (out.property().isEmpty() ? "TLC ended without a verdict" : out.property());
        };
    }

    /**
     * Judges a run: its rows (design, check, TLC, expected, got, distinct states, depth, seconds,
     * status, run name) and whether every expectation is met.
     */
    public static Judged judge(Cfg cfg, TlcOutput out, Path specDir, String seconds, Path log) {
        List<String> msgs = new ArrayList<>();
        List<String> checks = cfg.checks();
        List<String> exp = new ArrayList<>(), got = new ArrayList<>();
        for (String c : checks) { exp.add(expected(cfg, c, specDir)); got.add(got(cfg, out, c, specDir)); }
        // violates:P|Q: met when one of them is violated; the others of the set are unrefuted.
        boolean anyOfSet = false;
        for (int i = 0; i < checks.size(); i++) if (exp.get(i).startsWith("violates:") && got.get(i).equals("violates:" + checks.get(i))) anyOfSet = true;
        boolean pinFail = false;
        long pin = cfg.pinnedStates();
        if (pin >= 0 && out.verdict() == TlcOutput.Verdict.HOLDS && out.distinct() != pin) {
            pinFail = true;
            msgs.add(cfg.name() + ": " + out.distinct() + " distinct states, but its header pins " + pin
                    + " (\\* states:): the state space changed; if that is meant, say why and pin the new count");
        }
        List<Row> rows = new ArrayList<>();
        boolean allOk = !pinFail;
        for (int i = 0; i < checks.size(); i++) {
            String e = exp.get(i), g = got.get(i);
            boolean ok;
            if (e.startsWith("violates:")) ok = g.equals("violates:" + checks.get(i)) || (g.equals(UNREFUTED) && anyOfSet);
            else if (e.startsWith("rejected:")) ok = g.startsWith(e);
            else ok = g.equals(e);
            ok &= !pinFail;
            if (!ok && !pinFail) msgs.add(cfg.name() + ": " + checks.get(i) + ": expected " + e + ", got " + g + " (log: " + log + ")");
            allOk &= ok;
            rows.add(Row.of(List.of(cfg.design(), checks.get(i), "TLC", e, g, Long.toString(out.distinct()),
                    Long.toString(out.depth()), seconds, ok ? Row.OK : Row.FAIL, cfg.name())));
        }
        // The row TLC's verdict is about first (the violated check, the deadlock, the rejected
        // constants), then the others in the body's order: a reader of the run's first row (the
        // report's evidence link) sees what the log shows.
        List<Row> ordered = new ArrayList<>();
        for (Row r : rows) if (decisive(r.got())) ordered.add(r);
        for (Row r : rows) if (!decisive(r.got())) ordered.add(r);
        return new Judged(ordered, msgs, allOk);
    }

    /** A got that is the run's own verdict, not a consequence of it (holds, unrefuted). */
    static boolean decisive(String got) {
        return !got.equals(HOLDS) && !got.equals(UNREFUTED);
    }

    /** An invariant, the deadlock check, or an action property: decided by the full search. */
    static boolean safety(Cfg cfg, String check, Path specDir) {
        return check.equals(Cfg.DEADLOCK) || cfg.invariants().contains(check)
                || (cfg.properties().contains(check) && actionProperty(specDir, check));
    }

    /** The body's properties that are not action properties. */
    static List<String> liveness(Cfg cfg, Path specDir) {
        return cfg.properties().stream().filter(p -> !actionProperty(specDir, p)).toList();
    }

    /** Whether NAME is defined in a module of specDir as {@code NAME == [][...]_...}. */
    static boolean actionProperty(Path specDir, String name) {
        if (specDir == null) return false;
        Pattern def = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*==\\s*(\\S.{0,3})");
        try (Stream<Path> s = Files.list(specDir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".tla")).sorted().toList()) {
                Matcher m = def.matcher(Files.readString(p));
                if (m.find()) return m.group(1).startsWith("[][");
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
