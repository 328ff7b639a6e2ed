package org.kvmlocking.checks;

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
 * What one TLC run printed: its verdict, the figures of its search, and its error trace.
 * The one parser of TLC's output (tlc2.TLC and TLCServer print the same lines).
 *
 * @param verdict      what TLC concluded
 * @param property     the invariant or action property it names (INVARIANT, ACTION), the
 *                     ASSUME's message (REJECTED), the error line (ERROR); empty otherwise
 *                     (TLC names no property for a temporal violation, none for a deadlock)
 * @param generated    states generated (TLC's last count), -1 if it printed none
 * @param distinct     distinct states found (TLC's last count), 0 if it printed none
 * @param depth        the complete search's depth (HOLDS), else the error trace's length
 * @param trace        the error trace's states, in order (empty without a counterexample)
 * @param lassoBack    for a liveness lasso, the state number "Back to state N" returns to;
 *                     0 for a stuttering lasso ("Stuttering"); -1 when the trace is no lasso
 * @param lassoLabel   the label of the "Back to state N" line (the action that closes the
 *                     loop), empty without one
 * @param exitCode     TLC's exit status, or -1 when unknown (a log read without its run)
 * @param server       whether TLCServer (distributed mode) wrote it
 */
public record TlcOutput(Verdict verdict, String property, long generated, long distinct, long depth,
                        List<State> trace, int lassoBack, String lassoLabel, int exitCode, boolean server) {

    /** TLC's conclusions. */
    public enum Verdict { HOLDS, INVARIANT, ACTION, TEMPORAL, DEADLOCK, REJECTED, ERROR }

    /**
     * One state of an error trace: its number, TLC's label line ({@code <Initial predicate>},
     * {@code <Action line 3, col 1 to ... of module M>}), and its variables' values as printed.
     */
    public record State(int number, String label, Map<String, String> vars) {
        /** A variable's value, parsed; null if the state has no such variable. */
        public TlaValue value(String var) {
            String v = vars.get(var);
            return v == null ? null : TlaValue.parse(v);
        }

        /** The action's name in the label (the definition TLC names), or the whole label. */
        public String action() {
            Matcher m = Pattern.compile("^([A-Za-z0-9_]+) line \\d+").matcher(label);
            return m.find() ? m.group(1) : label;
        }

        /** Where the label's action is written; null for a label without a position. */
        public Position position() {
            return TlcOutput.position(label);
        }
    }

    /** A definition's place in a module, as TLC names it: "A line L, col C to ... of module M". */
    public record Position(String action, int line, int col, String module) {}

    private static final Pattern AT = Pattern.compile(
            "^([A-Za-z][A-Za-z0-9_]*) line (\\d+), col (\\d+) to line \\d+, col \\d+ of module ([A-Za-z0-9_]+)$");

    /** The position in a state's label (without its angle brackets); null if it has none. */
    public static Position position(String label) {
        Matcher m = AT.matcher(label);
        return m.find() ? new Position(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4)) : null;
    }

    /**
     * One line of TLC's -coverage statistics: the action (or, for a disjunct of a wrapper such
     * as InvStep, the wrapper with the disjunct's line and column in {@code disjunctLine} and
     * {@code disjunctCol}, else 0), its module, and the distinct and total states it produced.
     */
    public record Coverage(String action, String module, int disjunctLine, int disjunctCol, long distinct, long total) {}

    private static final Pattern COVERAGE = Pattern.compile("(?m)^<([A-Za-z0-9_]+) line (\\d+), col (\\d+) to line \\d+, col \\d+ of module ([A-Za-z0-9_]+)"
            + "(?: \\((\\d+) (\\d+) \\d+ \\d+\\))?>: (\\d+):(\\d+)$");

    /** The last coverage report in a TLC log's text (TLC_COVERAGE=1 runs); empty if none. */
    public static List<Coverage> coverage(String text) {
        List<Coverage> out = new ArrayList<>();
        int last = text.lastIndexOf("The coverage statistics at");
        if (last < 0) return out;
        Matcher m = COVERAGE.matcher(text.substring(last));
        while (m.find()) {
            boolean disjunct = m.group(5) != null;
            out.add(new Coverage(m.group(1), m.group(4), disjunct ? Integer.parseInt(m.group(5)) : 0,
                    disjunct ? Integer.parseInt(m.group(6)) : 0, Long.parseLong(m.group(7)), Long.parseLong(m.group(8))));
        }
        return out;
    }

    /**
     * TLC's documented exit statuses (tlc2.output.EC.ExitStatus): 0 nothing found, 10 an
     * ASSUME false, 11 a deadlock, 12 a safety violation, 13 a liveness (or action property)
     * violation, 14 an error
     * while evaluating (a failed Assert), 75 and above its own failures.
     */
    public static final int EXIT_OK = 0, EXIT_ASSUMPTION = 10, EXIT_DEADLOCK = 11, EXIT_SAFETY = 12,
            EXIT_LIVENESS = 13, EXIT_EVAL = 14;

    private static final Pattern DISTINCT = Pattern.compile("(?<![\\d,])(\\d[\\d,]*) distinct states found");
    private static final Pattern GENERATED = Pattern.compile("(?<![\\d,])(\\d[\\d,]*) states generated");
    private static final Pattern DEPTH = Pattern.compile("^The depth of the complete state graph search is (\\d+)", Pattern.MULTILINE);
    private static final Pattern INV = Pattern.compile("^Error: Invariant ([A-Za-z0-9_]+) is violated", Pattern.MULTILINE);
    private static final Pattern ACT = Pattern.compile("^Error: Action property ([A-Za-z0-9_]+) is violated", Pattern.MULTILINE);
    private static final Pattern STATE = Pattern.compile("^State (\\d+): ?(.*)$");
    private static final Pattern BACK = Pattern.compile("^Back to state (\\d+)");

    /** Reads a TLC log (its whole output). */
    public static TlcOutput read(Path log, int exitCode) throws IOException {
        return parse(Files.readString(log), exitCode);
    }

    /** Parses TLC's whole output; exitCode -1 when unknown. */
    public static TlcOutput parse(String text, int exitCode) {
        List<String> lines = text.lines().toList();
        boolean server = text.lines().anyMatch(l -> l.startsWith("TLC2 TLC Server"));
        long distinct = lastCount(DISTINCT, text, 0);
        long generated = lastCount(GENERATED, text, -1);
        List<State> trace = trace(lines);
        int lasso = -1;
        String lassoLabel = "";
        for (String l : lines) {
            Matcher b = BACK.matcher(l);
            if (b.find()) {
                lasso = Integer.parseInt(b.group(1));
                lassoLabel = l.substring(b.end()).replaceFirst("^: ?", "").trim();
                if (lassoLabel.startsWith("<") && lassoLabel.endsWith(">")) lassoLabel = lassoLabel.substring(1, lassoLabel.length() - 1);
            }
            else if (l.startsWith("State ") && l.contains("Stuttering")) lasso = 0;
        }
        Verdict v;
        String prop = "";
        long depth;
        Matcher m;
        if (text.lines().anyMatch(l -> l.startsWith("Model checking completed. No error has been found"))) {
            v = Verdict.HOLDS;
            Matcher d = DEPTH.matcher(text);
            depth = d.find() ? Long.parseLong(d.group(1)) : 0;
        } else {
            depth = lines.stream().filter(l -> STATE.matcher(l).find()).count();
            if (text.lines().anyMatch(l -> l.startsWith("Error: Deadlock reached"))) {
                v = Verdict.DEADLOCK;
            } else if ((m = INV.matcher(text)).find()) {
                v = Verdict.INVARIANT; prop = m.group(1);
            } else if ((m = ACT.matcher(text)).find()) {
                v = Verdict.ACTION; prop = m.group(1);
            } else if (text.lines().anyMatch(l -> l.startsWith("Error: Temporal properties were violated"))) {
                v = Verdict.TEMPORAL;
            } else if ((prop = assertMessage(lines)) != null) {
                v = Verdict.REJECTED;
            } else if (server && text.lines().anyMatch(l -> l.startsWith("Error: The behavior up to this point is"))) {
                v = Verdict.ERROR;
                prop = "TLCServer stopped at a counterexample and does not name the property (rerun without --distributed)";
            } else if ((prop = assumption(lines)) != null) {
                v = Verdict.ERROR;
            } else {
                v = Verdict.ERROR;
                prop = lines.stream().filter(l -> l.startsWith("Error")).findFirst().map(l -> cut(l, 160)).orElse("");
            }
        }
        return new TlcOutput(v, prop == null ? "" : prop, generated, distinct, depth, trace, lasso, lassoLabel, exitCode, server);
    }

    /**
     * Whether TLC's exit status agrees with its text: a run whose text says "holds" but which
     * exited 12, or a violation with exit 0, is a TLC or a log mixup, not a verdict. True when
     * the status is unknown (-1).
     */
    public boolean exitAgrees() {
        if (exitCode < 0) return true;
        return switch (verdict) {
            case HOLDS -> exitCode == EXIT_OK;
            case DEADLOCK -> exitCode == EXIT_DEADLOCK;
            case INVARIANT -> exitCode == EXIT_SAFETY;
            // TLC 2.18 checks an action property ([][A]_v) with its temporal properties and
            // exits 13 on its violation (measured: IfNotWhile, MutualExclusion).
            case ACTION -> exitCode == EXIT_SAFETY || exitCode == EXIT_LIVENESS;
            case TEMPORAL -> exitCode == EXIT_LIVENESS;
            case REJECTED -> exitCode == EXIT_ASSUMPTION || exitCode == EXIT_EVAL || exitCode >= 75;
            case ERROR -> exitCode != EXIT_OK;
        };
    }

    private static long lastCount(Pattern p, String text, long none) {
        Matcher m = p.matcher(text);
        long n = none;
        while (m.find()) n = Long.parseLong(m.group(1).replace(",", ""));
        return n;
    }

    private static String cut(String s, int n) { return s.length() <= n ? s : s.substring(0, n); }

    /** A failed Assert (the specs' ASSUMEs use Assert for a readable message): its message. */
    private static String assertMessage(List<String> lines) {
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).startsWith("The first argument of Assert evaluated to FALSE")) {
                String next = k + 1 < lines.size() ? lines.get(k + 1) : "";
                return next.startsWith("\"") && next.endsWith("\"") && next.length() >= 2
                        ? next.substring(1, next.length() - 1) : "";
            }
        }
        return null;
    }

    /** A false ASSUME without Assert: the first line naming it and the two after, joined. */
    private static String assumption(List<String> lines) {
        boolean any = lines.stream().anyMatch(l -> l.matches(".*Assumption.*is false.*") || l.contains("Evaluating assumption"));
        if (!any) return null;
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).contains("ssumption")) {
                StringBuilder b = new StringBuilder();
                for (int j = k; j < Math.min(lines.size(), k + 3); j++) b.append(lines.get(j)).append(' ');
                return cut(b.toString(), 160);
            }
        }
        return null;
    }

    /** The error trace: "State N: label" then "/\ var = value" lines (values may go on indented). */
    private static List<State> trace(List<String> lines) {
        List<State> out = new ArrayList<>();
        int k = 0;
        while (k < lines.size()) {
            Matcher h = STATE.matcher(lines.get(k));
            if (!h.find()) { k++; continue; }
            int num = Integer.parseInt(h.group(1));
            String label = h.group(2).trim();
            if (label.startsWith("<") && label.endsWith(">")) label = label.substring(1, label.length() - 1);
            Map<String, String> vars = new LinkedHashMap<>();
            String last = null;
            k++;
            for (; k < lines.size(); k++) {
                String l = lines.get(k);
                if (l.isEmpty() || STATE.matcher(l).find() || BACK.matcher(l).find()) break;
                String body = l.startsWith("/\\ ") ? l.substring(3) : null;
                int eq = body == null ? -1 : body.indexOf(" = ");
                if (body == null && last == null && l.matches("^[A-Za-z_][A-Za-z0-9_]* = .*")) {
                    body = l;                              // a spec of one variable: no /\
                    eq = l.indexOf(" = ");
                }
                if (body != null && eq > 0) {
                    last = body.substring(0, eq);
                    vars.put(last, body.substring(eq + 3));
                } else if (last != null && (l.startsWith(" ") || l.startsWith("\t"))) {
                    vars.put(last, vars.get(last) + " " + l);   // as printed: the old awk kept the indent
                } else {
                    break;
                }
            }
            out.add(new State(num, label, vars));
        }
        return List.copyOf(out);
    }

    /**
     * A TLCWorker JVM as TLCServer's output names it (host:port of its RMI registration; a JVM
     * registers once per thread) and the states the server sent it (the sum of its
     * "Worker: rmi://JVM/... Sent: N" lines).
     */
    public record ServerWorker(String jvm, long sent) {}

    /** The worker JVMs in a TLCServer log, sorted by name. */
    public static List<ServerWorker> serverWorkers(String text) {
        java.util.TreeMap<String, Long> sent = new java.util.TreeMap<>();
        Matcher r = Pattern.compile("(?m)^Registration for worker at rmi://([^/\\s]*)/").matcher(text);
        while (r.find()) sent.putIfAbsent(r.group(1), 0L);
        Matcher w = Pattern.compile("(?m)^Worker: rmi://([^/\\s]*)/.* Sent: (\\d+) ").matcher(text);
        while (w.find()) if (sent.containsKey(w.group(1))) sent.merge(w.group(1), Long.parseLong(w.group(2)), Long::sum);
        List<ServerWorker> out = new ArrayList<>();
        sent.forEach((k, v) -> out.add(new ServerWorker(k, v)));
        return out;
    }

    /**
     * The trace condensed for a reader: each step's label (the action TLC names, resolved to
     * the disjunct's action for a wrapper such as InvStep, from the spec's text in specDir), then
     * the variables it changed (the whole state for state 1), and the lasso's back edge.
     */
    public String condensed(Path specDir) {
        StringBuilder b = new StringBuilder();
        Map<String, String> prev = new LinkedHashMap<>();
        for (State s : trace) {
            String label = s.label();
            String head = s.number() == 0 ? "" : "State " + s.number() + ": ";
            if (label.equals("Stuttering")) {
                b.append(head).append("Stuttering\n");
            } else {
                b.append(head).append('<').append(nameAction(label, specDir)).append(">\n");
            }
            s.vars().forEach((k, v) -> {
                if (!v.equals(prev.get(k))) b.append("      ").append(k).append(" = ").append(v).append('\n');
                prev.put(k, v);
            });
        }
        if (lassoBack > 0) {
            b.append("Back to state ").append(lassoBack)
             .append(lassoLabel.isEmpty() ? "" : ": <" + nameAction(lassoLabel, specDir) + ">").append('\n');
        }
        return b.toString();
    }

    /**
     * TLC labels a step by the definition that holds it: for a wrapper such as InvStep it gives
     * the line and column of the disjunct; the action named there is the step that ran.
     */
    static String nameAction(String label, Path specDir) {
        Matcher m = Pattern.compile("^([A-Za-z0-9_]+) line (\\d+), col (\\d+) to .* of module ([A-Za-z0-9_]+)$").matcher(label);
        if (!m.find() || specDir == null) return label;
        try {
            List<String> src = Files.readAllLines(specDir.resolve(m.group(4) + ".tla"));
            int ln = Integer.parseInt(m.group(2)), col = Integer.parseInt(m.group(3));
            if (ln > src.size() || col > src.get(ln - 1).length() + 1) return label;
            Matcher id = Pattern.compile("^([A-Za-z][A-Za-z0-9_]*)\\(").matcher(src.get(ln - 1).substring(col - 1));
            return id.find() ? id.group(1) + label.substring(m.group(1).length()) : label;
        } catch (IOException e) {
            return label;
        }
    }
}
