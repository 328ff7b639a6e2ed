package org.kvmlocking.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What is computed from a results file: the table make check prints, the pairing rule (every
 * green has a red partner) and the design x property verdict matrix (results.md).
 */
public final class Results {
    private Results() {}

    /** A table and its counts; {@code ok()}: rows there, none failed, none malformed. */
    public record Table(String text, int passed, int failed, int skipped, List<String> errors) {
        public boolean ok() { return failed == 0 && passed + skipped > 0 && errors.isEmpty(); }
    }

    /**
     * The first 9 columns, aligned, then "check: N passed, M failed, K skipped". A line without
     * 10 columns is printed, named in {@code errors} and counted as failed.
     */
    public static Table table(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int ok = 0, fail = 0, other = 0;
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n);
            if (l.equals(Row.HEADER)) continue;
            String[] f = l.split("\t", -1);
            rows.add(f);
            if (f.length != 10) {
                errors.add(file + ":" + (n + 1) + ": " + f.length + " columns, want 10 (" + String.join(" ", Row.COLUMNS) + "): counted as failed");
                fail++;
            } else if (f[8].equals(Row.FAIL)) fail++;
            else if (f[8].equals(Row.OK)) ok++;
            else other++;
        }
        int cols = 9;
        int[] w = new int[cols];
        List<String[]> all = new ArrayList<>();
        all.add(Row.COLUMNS.subList(0, cols).toArray(new String[0]));
        String[] sep = new String[cols];
        all.add(sep);
        all.addAll(rows);
        for (String[] r : all) for (int i = 0; i < cols && i < r.length; i++) if (r[i] != null) w[i] = Math.max(w[i], r[i].length());
        for (int i = 0; i < cols; i++) sep[i] = "-".repeat(w[i]);
        StringBuilder b = new StringBuilder();
        for (String[] r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = i < r.length ? r[i] : "";
                line.append(i < cols - 1 ? String.format("%-" + Math.max(1, w[i]) + "s  ", c) : c);
            }
            b.append(line).append('\n');
        }
        b.append("\ncheck: ").append(ok).append(" passed, ").append(fail).append(" failed, ").append(other).append(" skipped\n");
        return new Table(b.toString(), ok, fail, other, errors);
    }

    /**
     * Every green can turn red: for each (checker, property) that holds for the adopted design
     * (status ok, got holds or accepted...; a property column A,B+C names three), some other
     * design's row of the same checker, status ok, must show that property broken: got
     * violates:P, validation:P or temporal:P (P among its |-separated names); deadlock or hung
     * for Deadlock, DeadlockFree, deadlock-freedom; race for Races; nonlinearizable for
     * linearizable; rejected... for the row's own property. Returns the lines to print; the
     * last one counts; {@code missing} the greens without a partner.
     */
    public record Pairing(List<String> lines, int greens, int missing) {}

    public static Pairing pairing(List<Row> rows) {
        Set<String> green = new TreeSet<>(), red = new LinkedHashSet<>();
        for (Row r : rows) {
            if (!r.ok()) continue;
            String g = r.got();
            if (r.design().equals("adopted")) {
                if (g.equals("holds") || g.startsWith("accepted")) {
                    for (String p : r.property().split("[,+]")) green.add(r.checker() + "\t" + p);
                }
                continue;
            }
            if (g.matches("^(violates|validation|temporal):.*")) {
                for (String p : g.substring(g.indexOf(':') + 1).split("\\|")) red.add(r.checker() + "\t" + p);
            } else if (g.equals("deadlock") || g.equals("hung")) {
                for (String p : List.of("Deadlock", "DeadlockFree", "deadlock-freedom")) red.add(r.checker() + "\t" + p);
            } else if (g.equals("race")) red.add(r.checker() + "\tRaces");
            else if (g.equals("nonlinearizable")) red.add(r.checker() + "\tlinearizable");
            else if (g.startsWith("rejected")) red.add(r.checker() + "\t" + r.property());
        }
        List<String> out = new ArrayList<>();
        int bad = 0;
        for (String k : green) {
            if (!red.contains(k)) {
                String[] a = k.split("\t", 2);
                out.add("pairing: " + a[1] + " holds for adopted under " + a[0] + ", but no mutant is caught breaking it by " + a[0]);
                bad++;
            }
        }
        out.add("pairing: " + (green.size() - bad) + " of " + green.size() + " (checker, property) greens of the adopted design have a red partner");
        return new Pairing(out, green.size(), bad);
    }

    /**
     * The design x property verdict matrix in Markdown, one table per kernel (designs.tsv's
     * second column), designs in designs.tsv's order, properties sorted. A cell lists each
     * verdict with the checkers that gave it ("holds: JPF, TLC"); "FAIL" marks a row whose
     * expectation was not met, "not run" a skipped one. No seconds, no state counts: the same
     * rows give the same bytes.
     */
    public static String matrix(List<Row> rows, Path designsTsv) throws IOException {
        Map<String, String> kernel = new LinkedHashMap<>();
        for (String l : Files.readAllLines(designsTsv, StandardCharsets.UTF_8)) {
            if (l.startsWith("#") || l.isBlank() || l.startsWith("name\t")) continue;
            String[] f = l.split("\t", -1);
            if (f.length >= 2) kernel.put(f[0], f[1]);
        }
        Map<String, List<String>> byKernel = new LinkedHashMap<>();
        for (var e : kernel.entrySet()) byKernel.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        StringBuilder b = new StringBuilder();
        b.append("<!-- Written by make check (org.kvmlocking.checks.Main matrix) from target/check/results.tsv. -->\n");
        for (var k : byKernel.entrySet()) {
            List<String> designs = k.getValue();
            Set<String> props = new TreeSet<>();
            Map<String, Map<String, TreeMap<String, TreeSet<String>>>> cell = new TreeMap<>();
            for (Row r : rows) {
                if (!designs.contains(r.design())) continue;
                props.add(r.property());
                String v = r.failed() ? "FAIL " + word(r.got()) : r.skipped() ? "not run" : word(r.got());
                cell.computeIfAbsent(r.design(), d -> new TreeMap<>()).computeIfAbsent(r.property(), p -> new TreeMap<>())
                        .computeIfAbsent(v, x -> new TreeSet<>()).add(r.checker());
            }
            if (props.isEmpty()) continue;
            String title = k.getKey().equals("-") ? "Designs of no kernel (bad input)" : "Linux " + k.getKey();
            b.append("\n### ").append(title).append("\n\n| design |");
            for (String p : props) b.append(' ').append(p).append(" |");
            b.append("\n|---|");
            b.append("---|".repeat(props.size())).append('\n');
            for (String d : designs) {
                if (!cell.containsKey(d)) continue;
                b.append("| ").append(d).append(" |");
                for (String p : props) {
                    var vs = cell.get(d).get(p);
                    List<String> parts = new ArrayList<>();
                    if (vs != null) vs.forEach((v, cs) -> parts.add(v + ": " + String.join(", ", cs)));
                    b.append(' ').append(String.join("; ", parts)).append(" |");
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** A row's got, in a word: the verdict without the property it names or the detail. */
    static String word(String got) {
        int colon = got.indexOf(':');
        String w = colon > 0 ? got.substring(0, colon) : got;
        int space = w.indexOf(' ');
        return space > 0 ? w.substring(0, space) : w;
    }
}
