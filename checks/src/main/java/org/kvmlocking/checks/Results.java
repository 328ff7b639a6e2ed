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
     * Every green can turn red, per kernel: for each (checker, property) that holds for a
     * kernel's adopted design (the design named {@code adopted} or {@code adopted_<suffix>};
     * status ok, got holds or accepted...; a property column A,B+C names three), some other
     * design of the same kernel (designs.tsv's column 2) must have a row of the same checker,
     * status ok, showing that property broken: got violates:P, validation:P or temporal:P (P
     * among its |-separated names); deadlock or hung for Deadlock, DeadlockFree,
     * deadlock-freedom; race for Races; nonlinearizable for linearizable; rejected... for the
     * row's own property. A design missing from {@code kernelOf} is of kernel "-". Returns the
     * lines to print (one summary line per kernel that has an adopted design, last);
     * {@code missing} the greens without a partner.
     */
    public record Pairing(List<String> lines, int greens, int missing) {}

    public static Pairing pairing(List<Row> rows) {
        return pairing(rows, Map.of());
    }

    static boolean isAdopted(String design) {
        return design.equals("adopted") || design.startsWith("adopted_");
    }

    public static Pairing pairing(List<Row> rows, Map<String, String> kernelOf) {
        // Greens per adopted design (a kernel can have several: adopted_618, adopted_gpc_618,
        // ...), red partners per kernel: any mutant of the same kernel may partner any of them.
        Map<String, String> kernelOfAdopted = new TreeMap<>();   // adopted design -> its kernel
        Map<String, Set<String>> green = new TreeMap<>(), red = new TreeMap<>();
        for (Row r : rows) {
            if (!r.ok()) continue;
            String k = kernelOf.getOrDefault(r.design(), "-"), g = r.got();
            if (isAdopted(r.design())) {
                kernelOfAdopted.put(r.design(), k);
                if (g.equals("holds") || g.startsWith("accepted")) {
                    for (String p : r.property().split("[,+]")) green.computeIfAbsent(r.design(), x -> new TreeSet<>()).add(r.checker() + "\t" + p);
                }
                continue;
            }
            Set<String> rk = red.computeIfAbsent(k, x -> new LinkedHashSet<>());
            if (g.matches("^(violates|validation|temporal):.*")) {
                // violates:A+B (the Java checkers): the run broke A first, then B: both caught.
                for (String p : g.substring(g.indexOf(':') + 1).split("[|+]")) rk.add(r.checker() + "\t" + p);
            } else if (g.equals("deadlock") || g.equals("hung")) {
                for (String p : List.of("Deadlock", "DeadlockFree", "deadlock-freedom")) rk.add(r.checker() + "\t" + p);
            } else if (g.equals("race")) rk.add(r.checker() + "\tRaces");
            else if (g.equals("nonlinearizable")) rk.add(r.checker() + "\tlinearizable");
            else if (g.startsWith("rejected")) rk.add(r.checker() + "\t" + r.property());
        }
        List<String> out = new ArrayList<>(), summary = new ArrayList<>();
        int greens = 0, bad = 0;
        for (var e : kernelOfAdopted.entrySet()) {
            String adopted = e.getKey(), k = e.getValue();
            Set<String> gk = green.getOrDefault(adopted, Set.of()), rk = red.getOrDefault(k, Set.of());
            int missing = 0;
            for (String c : gk) {
                if (!rk.contains(c)) {
                    String[] a = c.split("\t", 2);
                    out.add("pairing: " + a[1] + " holds for " + adopted + " under " + a[0] + ", but no mutant is caught breaking it by " + a[0]);
                    missing++;
                }
            }
            greens += gk.size();
            bad += missing;
            summary.add("pairing: " + (gk.size() - missing) + " of " + gk.size() + " (checker, property) greens of " + adopted
                    + (k.equals("-") ? "" : " (Linux " + k + ")") + " have a red partner");
        }
        out.addAll(summary);
        return new Pairing(out, greens, bad);
    }

    /** designs.tsv's design -> kernel (column 2); empty if the file does not exist. */
    public static Map<String, String> kernels(Path designsTsv) throws IOException {
        Map<String, String> kernel = new LinkedHashMap<>();
        if (designsTsv == null || !Files.exists(designsTsv)) return kernel;
        for (String l : Files.readAllLines(designsTsv, StandardCharsets.UTF_8)) {
            if (l.startsWith("#") || l.isBlank() || l.startsWith("name\t")) continue;
            String[] f = l.split("\t", -1);
            if (f.length >= 2) kernel.put(f[0], f[1]);
        }
        return kernel;
    }

    /**
     * The design x property verdict matrix in Markdown, one table per kernel (designs.tsv's
     * second column), designs in designs.tsv's order, one column per property in the order the
     * rows first name it. A cell is a verdict sign and the letters of the checkers that gave
     * it: {@code ✓} holds (or the runs were accepted), {@code ✗} broken (a counterexample, a
     * deadlock, a hang, a race, a rejected run), {@code ?} not run; a checker letter followed
     * by {@code !} is a row whose expectation was not met. {@code unrefuted} rows (TLC stopped
     * at the expected counterexample first) add nothing. A row's property column may name
     * several properties (A,B+C): a holds row marks each; a broken row marks those its got
     * names, else the one its verdict stands for (deadlock/hung: DeadlockFree, race: Races,
     * nonlinearizable: linearizable). Trace validation's rows also mark a column Trace. No
     * seconds, no state counts: the same rows give the same bytes.
     */
    public static String matrix(List<Row> rows, Path designsTsv) throws IOException {
        Map<String, String> kernel = kernels(designsTsv);
        Map<String, List<String>> byKernel = new LinkedHashMap<>();
        for (var e : kernel.entrySet()) byKernel.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        StringBuilder b = new StringBuilder();
        b.append("<!-- Written by make check (org.kvmlocking.checks.Main matrix) from target/check/results.tsv. -->\n");
        for (var k : byKernel.entrySet()) {
            List<String> designs = k.getValue();
            Set<String> props = new LinkedHashSet<>();
            // design -> property -> sign -> checker letters
            Map<String, Map<String, TreeMap<String, StringBuilder>>> cell = new LinkedHashMap<>();
            for (Row r : rows) {
                if (!designs.contains(r.design()) || r.got().startsWith("unrefuted") && r.ok()) continue;
                String sign = r.skipped() ? "?" : r.got().startsWith("holds") || r.got().startsWith("accepted") ? "✓" : "✗";
                String letter = letter(r.checker()) + (r.failed() ? "!" : "");
                for (String p : marked(r, sign)) {
                    props.add(p);
                    StringBuilder cs = cell.computeIfAbsent(r.design(), d -> new LinkedHashMap<>())
                            .computeIfAbsent(p, x -> new TreeMap<>()).computeIfAbsent(sign, x -> new StringBuilder());
                    if (cs.indexOf(letter) < 0) cs.append(letter);
                }
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
                    if (vs != null) vs.forEach((v, cs) -> parts.add(v + cs));
                    b.append(' ').append(String.join(" ", parts)).append(" |");
                }
                b.append('\n');
            }
        }
        b.append("\n`T` TLC, `J` JPF, `L` Lincheck, `V` trace validation (TLC replays the Java runs); ")
         .append("`✓` holds, `✗` broken, `?` not run, `!` not as expected; blank: not checked for that design.\n");
        return b.toString();
    }

    private static String letter(String checker) {
        switch (checker) {
            case "TLC": return "T";
            case "JPF": return "J";
            case "Lincheck": return "L";
            case "TLC-trace": return "V";
            default: return checker.isEmpty() ? "?" : checker.substring(0, 1);
        }
    }

    /** The matrix columns a row marks (see {@link #matrix}). */
    static List<String> marked(Row r, String sign) {
        String prop = r.property(), got = r.got();
        List<String> out = new ArrayList<>();
        boolean trace = prop.startsWith("TraceValidation") || prop.startsWith("TraceChecks");
        List<String> named = new ArrayList<>();
        if (trace) {
            int plus = prop.indexOf('+');
            if (plus > 0) named.addAll(List.of(prop.substring(plus + 1).split(",")));
        } else {
            for (String p : prop.split("[,+]")) named.add(column(p));
        }
        if (!sign.equals("✗")) {
            out.addAll(named);
        } else if (got.matches("^(violates|validation|temporal):.*")) {
            for (String p : got.substring(got.indexOf(':') + 1).split("[|+,]")) {
                String c = column(p.split(" ")[0]);
                if (!c.isEmpty() && !out.contains(c)) out.add(c);
            }
        } else if (got.equals("deadlock") || got.equals("hung")) out.add("DeadlockFree");
        else if (got.equals("race")) out.add("Races");
        else if (got.equals("nonlinearizable")) out.add("linearizable");
        else if (!trace) out.addAll(named);
        if (trace) out.add("Trace");
        return out;
    }

    /** One column for the three names of deadlock freedom. */
    private static String column(String p) {
        return p.equals("Deadlock") || p.equals("deadlock-freedom") ? "DeadlockFree" : p;
    }

    /** A row's got, in a word: the verdict without the property it names or the detail. */
    static String word(String got) {
        int colon = got.indexOf(':');
        String w = colon > 0 ? got.substring(0, colon) : got;
        int space = w.indexOf(' ');
        return space > 0 ? w.substring(0, space) : w;
    }
}
