package org.kvmlocking.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLC configuration (.cfg): its header comment lines ({@code \* key:   value}, the first
 * comment line without a key being its description) and its body: SPECIFICATION (or INIT and
 * NEXT), INVARIANT(S), PROPERTY/PROPERTIES, CHECK_DEADLOCK, CONSTANT(S), SYMMETRY, VIEW.
 *
 * <p>What a run checks comes from the body alone ({@link #checks()}): each invariant, each
 * property, and the deadlock check unless CHECK_DEADLOCK is FALSE (TLC's default is TRUE).
 *
 * @param path          the file
 * @param description   the header's first comment line without a key ("" if none)
 * @param header        the header's {@code key: value} lines, in order (the first of each key)
 * @param invariants    INVARIANT(S), in order
 * @param properties    PROPERTY/PROPERTIES, in order
 * @param checkDeadlock CHECK_DEADLOCK's value, TRUE when the body does not say
 * @param constants     CONSTANT(S): name to the text after {@code =} (or {@code <-})
 * @param specification SPECIFICATION's name, "" if the body uses INIT/NEXT
 * @param symmetry      SYMMETRY's name, "" if none
 * @param view          VIEW's name, "" if none
 */
public record Cfg(Path path, String description, Map<String, String> header, List<String> invariants,
                  List<String> properties, boolean checkDeadlock, Map<String, String> constants,
                  String specification, String symmetry, String view) {

    /** The row name of TLC's deadlock check (the name the checkers' rows have always used). */
    public static final String DEADLOCK = "DeadlockFree";
    /** The row name of a configuration whose constants the spec's ASSUMEs must reject. */
    public static final String CONSTANTS_OK = "ConstantsOK";

    private static final Pattern HEADER = Pattern.compile("^\\\\\\*\\s*([a-z][a-z-]*):\\s*(.*?)\\s*$");
    private static final List<String> KEYWORDS = List.of("SPECIFICATION", "INIT", "NEXT", "INVARIANT", "INVARIANTS",
            "PROPERTY", "PROPERTIES", "CHECK_DEADLOCK", "CONSTANT", "CONSTANTS", "SYMMETRY", "VIEW", "CONSTRAINT",
            "CONSTRAINTS", "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "ALIAS", "POSTCONDITION");

    /** Reads a .cfg; {@link IllegalArgumentException} with "FILE:LINE: why" on a body it cannot read. */
    public static Cfg read(Path path) throws IOException {
        return parse(path, Files.readString(path));
    }

    /** Parses a .cfg's text (path: for messages and {@link #name()}). */
    public static Cfg parse(Path path, String text) {
        String description = "";
        Map<String, String> header = new LinkedHashMap<>();
        List<String> invariants = new ArrayList<>(), properties = new ArrayList<>();
        Map<String, String> constants = new LinkedHashMap<>();
        Boolean deadlock = null;
        String spec = "", symmetry = "", view = "";
        String section = null;
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            if (raw.startsWith("\\*")) {
                Matcher h = HEADER.matcher(raw);
                if (h.matches()) header.putIfAbsent(h.group(1), h.group(2));
                else if (description.isEmpty() && header.isEmpty()) description = raw.substring(2).strip();
                continue;
            }
            String line = raw.replaceAll("\\\\\\*.*$", "").strip();
            if (line.isEmpty()) continue;
            String[] words = line.split("\\s+");
            int from = 0;
            if (KEYWORDS.contains(words[0])) { section = words[0]; from = 1; }
            if (section == null) throw new IllegalArgumentException(path + ":" + (n + 1) + ": '" + words[0] + "' outside any section");
            String rest = String.join(" ", java.util.Arrays.copyOfRange(words, from, words.length));
            switch (section) {
                case "INVARIANT", "INVARIANTS" -> { for (int k = from; k < words.length; k++) invariants.add(words[k]); }
                case "PROPERTY", "PROPERTIES" -> { for (int k = from; k < words.length; k++) properties.add(words[k]); }
                case "SPECIFICATION" -> { if (!rest.isEmpty()) spec = rest; }
                case "SYMMETRY" -> { if (!rest.isEmpty()) symmetry = rest; }
                case "VIEW" -> { if (!rest.isEmpty()) view = rest; }
                case "CHECK_DEADLOCK" -> {
                    if (rest.isEmpty()) break;
                    if (!rest.equals("TRUE") && !rest.equals("FALSE")) {
                        throw new IllegalArgumentException(path + ":" + (n + 1) + ": CHECK_DEADLOCK must be TRUE or FALSE, got '" + rest + "'");
                    }
                    deadlock = rest.equals("TRUE");
                }
                case "CONSTANT", "CONSTANTS" -> {
                    if (rest.isEmpty()) break;
                    Matcher c = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*(=|<-)\\s*(.*)$").matcher(rest);
                    if (!c.matches()) throw new IllegalArgumentException(path + ":" + (n + 1) + ": a constant must be 'Name = value', got '" + rest + "'");
                    constants.put(c.group(1), c.group(3));
                }
                default -> { }
            }
        }
        return new Cfg(path, description, header, List.copyOf(invariants), List.copyOf(properties),
                deadlock == null || deadlock, constants, spec, symmetry, view);
    }

    /** The file name without .cfg: the run's name in rows and logs. */
    public String name() {
        String f = path.getFileName().toString();
        return f.endsWith(".cfg") ? f.substring(0, f.length() - 4) : f;
    }

    /** A header value ("" if absent). */
    public String get(String key) { return header.getOrDefault(key, ""); }

    public String design() { return get("design"); }
    public String module() { return get("module"); }
    public String expect() { return get("expect"); }

    /** The pinned distinct-state count ({@code \* states: N}, commas allowed), -1 if none. */
    public long pinnedStates() {
        String s = get("states").replace(",", "");
        if (s.isEmpty()) return -1;
        if (!s.matches("\\d+")) throw new IllegalArgumentException(path + ": '\\* states:' must be a number, got '" + get("states") + "'");
        return Long.parseLong(s);
    }

    /** This configuration with its header pinning {@code n} distinct states. */
    public Cfg withStates(long n) {
        Map<String, String> h = new LinkedHashMap<>(header);
        h.put("states", Long.toString(n));
        return new Cfg(path, description, h, invariants, properties, checkDeadlock, constants, specification, symmetry, view);
    }

    /**
     * What the run checks, one row each: the invariants, the properties, and DeadlockFree when
     * the deadlock check is on; a configuration that expects its constants to be rejected checks
     * only that ({@link #CONSTANTS_OK}): TLC stops at the ASSUME, before any state.
     */
    public List<String> checks() {
        if (expect().startsWith("rejected:")) return List.of(CONSTANTS_OK);
        LinkedHashSet<String> c = new LinkedHashSet<>();
        if (checkDeadlock) c.add(DEADLOCK);
        c.addAll(invariants);
        c.addAll(properties);
        return List.copyOf(c);
    }

    /**
     * The header's problems, one line each (empty when fine): design, module and expect must be
     * there; expect must have one of its forms and name only what the body checks; a
     * {@code \* checks:} line, if any, must list exactly what the body checks; states must be a
     * number, and only on a configuration that expects holds.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (String k : List.of("design", "module", "expect")) {
            if (get(k).isEmpty()) out.add(path + ": the header has no '\\* " + k + ":' line");
        }
        String e = expect();
        List<String> checks = checks();
        if (!e.isEmpty()) {
            if (e.equals("holds") || e.equals("deadlock")) {
                if (e.equals("deadlock") && !checkDeadlock) out.add(path + ": expect: deadlock, but the body says CHECK_DEADLOCK FALSE");
            } else if (e.startsWith("violates:") || e.startsWith("temporal:")) {
                for (String p : e.substring(9).split("\\|")) {
                    if (!checks.contains(p)) out.add(path + ": expect: " + e + " names " + p + ", which the body does not check (it checks: " + String.join(" ", checks) + ")");
                }
            } else if (!e.startsWith("rejected:") || e.length() == 9) {
                out.add(path + ": expect must be holds, deadlock, violates:P[|Q...], temporal:P or rejected:<message>, got '" + e + "'");
            }
        }
        if (header.containsKey("checks")) {
            List<String> listed = List.of(get("checks").split("\\s+"));
            if (!new LinkedHashSet<>(listed).equals(new LinkedHashSet<>(checks))) {
                out.add(path + ": '\\* checks: " + get("checks") + "' disagrees with the body, which checks: " + String.join(" ", checks)
                        + " (the rows come from the body: drop the checks line)");
            }
        }
        if (header.containsKey("states")) {
            try {
                pinnedStates();
                if (!e.equals("holds")) out.add(path + ": '\\* states:' pins a run that expects holds; this one expects " + e);
            } catch (IllegalArgumentException x) {
                out.add(x.getMessage());
            }
        }
        return out;
    }
}
