package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.kvmlocking.checks.TlcOutput;

/**
 * make report: reads what the checkers left in target/check/ (the results rows and TLC's output
 * and traces), runs no checker, and writes target/report/races/&lt;cfg&gt;.txt for every TLC
 * counterexample and target/report/index.html. Bad input (a missing, empty or stale results
 * file or trace) is a {@link BadInput} naming the file.
 */
final class Report {

    /** Input the report cannot back a verdict with; the message names the file. */
    static final class BadInput extends Exception {
        BadInput(String msg) { super(msg); }
    }

    /** One row of a results file: design property checker expected got states depth seconds status run. */
    static final class Row {
        final String[] f;
        final Path file;
        final int line;
        String evidence;   // path relative to the root, or null
        String anchor;     // the page's anchor for its evidence

        Row(String[] f, Path file, int line) { this.f = f; this.file = file; this.line = line; }

        String design() { return f[0]; }
        String property() { return f[1]; }
        String checker() { return f[2]; }
        String expected() { return f[3]; }
        String got() { return f[4]; }
        String states() { return f[5]; }
        String depth() { return f[6]; }
        String seconds() { return f[7]; }
        String status() { return f[8]; }
        String run() { return f[9]; }

        /**
         * A checker's self-test, not a check of the design's code: trace validation's tampered
         * runs (it must reject traces it was fed doctored), whose "caught" is the checker working.
         */
        boolean selfTest() {
            return property().contains("(tampered)") || run().equals("tampered") || got().startsWith("caught");
        }

        boolean counterexample() {
            return checker().equals("TLC") && (got().equals("deadlock") || got().startsWith("violates:") || got().startsWith("temporal:"));
        }
    }

    /** What one configuration's run left: its rows, its race if any, its coverage. */
    static final class Run {
        final String name;
        final List<Row> rows = new ArrayList<>();
        Race.Cfg cfg;
        Race race;
        String text;                                           // the text diagram
        Map<String, long[]> coverage = new LinkedHashMap<>();  // action -> {distinct, total}
        Run(String name) { this.name = name; }
    }

    static final class Result {
        final List<Row> rows;
        final Map<String, Run> runs;
        final Path out;
        Result(List<Row> rows, Map<String, Run> runs, Path out) { this.rows = rows; this.runs = runs; this.out = out; }

        String summary() {
            long races = runs.values().stream().filter(r -> r.race != null).count();
            return rows.size() + " rows, " + races + " race diagrams in " + out.resolve("races") + ", " + out.resolve("index.html");
        }
    }

    /** The header line results.tsv starts with (its columns' names); not a row. */
    static final String HEADER = org.kvmlocking.checks.Row.HEADER;

    static final List<String> RESULT_FILES = List.of("results.tsv", "tlc.tsv", "jpf.tsv", "lincheck.tsv", "trace.tsv");

    /** Reads target/check under root and writes target/report. */
    static Result write(Path root) throws IOException, BadInput {
        Path check = root.resolve("target/check");
        List<Row> rows = readRows(root, check);
        Spec spec = new Spec(root.resolve("spec"));
        List<Review> reviews = Review.readAll(root);   // a page that breaks the format stops the report first
        Map<String, Run> runs = new TreeMap<>();
        for (Row r : rows) {
            if (!r.checker().equals("TLC")) continue;
            runs.computeIfAbsent(r.run(), Run::new).rows.add(r);
        }
        for (Run run : runs.values()) evidence(root, spec, run);
        for (Row r : rows) if (!r.checker().equals("TLC")) otherEvidence(root, r);
        for (Row r : rows) if (r.evidence != null && !r.checker().equals("TLC")) stale(root, r);

        Path out = root.resolve("target/report");
        Path races = out.resolve("races");
        Files.createDirectories(races);
        try (Stream<Path> old = Files.list(races)) {
            for (Path p : old.toList()) if (p.toString().endsWith(".txt")) Files.delete(p);
        }
        for (Run run : runs.values()) if (run.text != null) Files.writeString(races.resolve(run.name + ".txt"), run.text);
        Files.writeString(out.resolve("index.html"), Html.page(root, spec, rows, runs, reviews));
        return new Result(rows, runs, out);
    }

    /**
     * The rows: every results file of target/check that exists (results.tsv, and the per-checker
     * files of make tlc|jpf|lincheck|trace); where two files hold a row for the same design,
     * checker, run and property, the newer file's row wins.
     */
    static List<Row> readRows(Path root, Path check) throws IOException, BadInput {
        List<Path> files = new ArrayList<>();
        for (String n : RESULT_FILES) if (Files.exists(check.resolve(n))) files.add(check.resolve(n));
        if (files.isEmpty())
            throw new BadInput(rel(root, check.resolve("results.tsv")) + ": missing: run make check (or make tlc|jpf|lincheck|trace) first");
        files.sort((a, b) -> mtime(a).compareTo(mtime(b)));
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Path f : files) {
            // The rows as the checks module reads them (header skipped, a line without 10 columns
            // an error naming FILE:LINE); a row's line number is kept for messages.
            List<org.kvmlocking.checks.Row> read;
            try {
                read = org.kvmlocking.checks.Row.read(f);
            } catch (org.kvmlocking.checks.Row.Malformed e) {
                throw new BadInput(e.getMessage().replace(f.toString(), rel(root, f)));
            }
            if (read.isEmpty()) throw new BadInput(rel(root, f) + ": empty: no result rows");
            int header = Files.readAllLines(f).stream().limit(1).anyMatch(l -> l.equals(HEADER)) ? 1 : 0;
            // A row is keyed by design, checker, run and property: two designs' runs share names
            // (Lincheck's modelChecking, JPF's targeted runs). Within one file every row counts.
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < read.size(); i++) {
                Row r = new Row(read.get(i).fields().toArray(new String[0]), f, i + 1 + header);
                String key = r.design() + "\t" + r.checker() + "\t" + r.run() + "\t" + r.property();
                byKey.put(key + "\t" + seen.merge(key, 1, Integer::sum), r);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static void evidence(Path root, Spec spec, Run run) throws IOException, BadInput {
        Path dir = root.resolve("target/check/tlc");
        Path out = dir.resolve(run.name + ".out");
        Row first = run.rows.get(0);
        String rowAt = rel(root, first.file) + ":" + first.line;
        if (!Files.exists(out)) throw new BadInput(rel(root, out) + ": missing: TLC's output for " + rowAt);
        if (Files.size(out) == 0) throw new BadInput(rel(root, out) + ": empty: TLC's output for " + rowAt);
        if (mtime(out).compareTo(plus(mtime(first.file), 5)) > 0)
            throw new BadInput(rel(root, out) + ": newer than " + rel(root, first.file)
                + ", whose row it should back: the results are stale (re-run make check or make tlc)");
        String text = Files.readString(out);
        TlcOutput tlc = TlcOutput.parse(text, -1);   // the checks module reads TLC's output
        boolean holds = tlc.verdict() == TlcOutput.Verdict.HOLDS;
        String got = first.got();
        if (got.equals("holds") != holds)
            throw new BadInput(rel(root, out) + ": stale: it " + (holds ? "finds no error" : "does not end in 'No error has been found'")
                + " but " + rowAt + " says " + got);
        run.coverage = coverage(text, spec);
        for (Row r : run.rows) {
            r.evidence = rel(root, out);
            r.anchor = "cfg-" + run.name;
        }
        Path cfgFile = findCfg(root, run.name);
        if (cfgFile != null) run.cfg = new Race.Cfg(cfgFile);
        if (!first.counterexample()) return;

        Path trace = dir.resolve(run.name + ".trace");
        if (!Files.exists(trace)) throw new BadInput(rel(root, trace) + ": missing: the counterexample of " + rowAt);
        if (Files.size(trace) == 0) throw new BadInput(rel(root, trace) + ": empty: the counterexample of " + rowAt);
        if (mtime(trace).compareTo(mtime(out)) < 0)
            throw new BadInput(rel(root, trace) + ": stale: older than " + rel(root, out) + ", the TLC output it condenses");
        // The race is read from TLC's whole output (full states); the .trace beside it, which
        // spec/tlc-check.sh condensed from it, is the evidence a reader opens.
        Trace t = Trace.of(tlc);
        if (t.states.isEmpty()) throw new BadInput(rel(root, out) + ": no 'State 1:' line: not a TLC counterexample");
        int n = t.states.size();
        if (!first.depth().equals(Integer.toString(n)) && !first.depth().equals("0"))
            throw new BadInput(rel(root, out) + ": stale: " + n + " states, but " + rowAt + " says depth " + first.depth());
        if (run.cfg == null) throw new BadInput("spec/" + run.name + ".cfg: missing: the configuration of " + rowAt);
        run.race = new Race(spec, run.cfg, got, t);
        run.text = TextDiagram.render(run.race, "TLC", first.states());
        for (Row r : run.rows) {
            r.evidence = rel(root, trace);
            r.anchor = "race-" + run.name;
        }
    }

    /**
     * JPF: target/check/jpf/&lt;run&gt;.out; Lincheck: its trace file, else its surefire reports;
     * trace validation: its work directory.
     */
    private static void otherEvidence(Path root, Row r) {
        List<Path> c = new ArrayList<>();
        switch (r.checker()) {
            case "JPF": c.add(root.resolve("target/check/jpf/" + r.run() + ".out")); break;
            case "Lincheck":
                c.add(root.resolve("lincheck/target/lincheck-traces/" + r.design() + "-" + r.run() + ".txt"));
                c.add(root.resolve("lincheck/target/surefire-reports"));   // the test report of a run that found nothing
                break;
            default: c.add(root.resolve("trace/target/work/" + r.design()));
        }
        for (Path p : c) if (Files.exists(p)) {
            r.evidence = rel(root, p);
            r.anchor = "ev-" + Markup.id(r.checker() + "-" + r.design() + "-" + r.run() + "-" + r.property());
            return;
        }
    }

    /**
     * A JPF, Lincheck or trace-validation evidence file must be the one its row was written from:
     * not newer than the results file that holds the row (a later run's output beside an older
     * row), and for JPF, saying what the row says (JPF's "results" section: "no errors detected"
     * for holds, an error otherwise). A row that did not run has no evidence.
     */
    static void stale(Path root, Row r) throws IOException, BadInput {
        if (r.got().startsWith("not run")) { r.evidence = null; r.anchor = null; return; }
        Path f = root.resolve(r.evidence);
        String rowAt = rel(root, r.file) + ":" + r.line;
        if (mtime(f).compareTo(plus(mtime(r.file), 5)) > 0)
            throw new BadInput(r.evidence + ": newer than " + rel(root, r.file) + ", whose row " + rowAt
                + " it should back: the results are stale (re-run make check or make " + r.checker().toLowerCase() + ")");
        if (!r.checker().equals("JPF")) return;
        if (Files.size(f) == 0) throw new BadInput(r.evidence + ": empty: JPF's output for " + rowAt);
        String text = Files.readString(f);
        int at = text.lastIndexOf("= results\n");
        if (at < 0) {
            if (r.got().startsWith("timeout") || r.got().equals("no result") || r.got().startsWith("error")) return;
            throw new BadInput(r.evidence + ": no 'results' section, but " + rowAt + " says " + r.got());
        }
        boolean clean = text.startsWith("no errors detected", at + "= results\n".length());
        boolean rowClean = r.got().startsWith("holds") || r.got().startsWith("incomplete");
        if (clean != rowClean)
            throw new BadInput(r.evidence + ": stale: JPF " + (clean ? "found no error" : "found an error")
                + " but " + rowAt + " says " + r.got());
    }

    static Path findCfg(Path root, String name) {
        for (String d : List.of("spec", "spec/bad", "spec/large")) {
            Path p = root.resolve(d).resolve(name + ".cfg");
            if (Files.exists(p)) return p;
        }
        return null;
    }

    /**
     * TLC's -coverage output: lines "&lt;Action line L, col C to ... of module M&gt;: distinct:total".
     * Actions named by a wrapper (InvStep ...) are resolved like the trace's.
     */
    static Map<String, long[]> coverage(String text, Spec spec) {
        Map<String, long[]> cov = new LinkedHashMap<>();
        for (TlcOutput.Coverage c : TlcOutput.coverage(text)) {
            String name = c.action();
            if (name.equals("Init")) continue;
            if (c.disjunctLine() > 0) {   // a disjunct of a wrapper (InvStep, Next): the action written there
                String id = spec.identAt(c.module(), c.disjunctLine(), c.disjunctCol());
                Spec.Def d = id == null ? null : spec.find(c.module(), id);
                // A disjunct that is not an action call (a guard such as ipc[t] = ...): the wrapper, at its line.
                name = d != null && d.isAction() ? id : name + "@" + c.disjunctLine();
            }
            long[] v = cov.computeIfAbsent(name, k -> new long[2]);
            v[0] += c.distinct();
            v[1] += c.total();
        }
        return cov;
    }

    static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    static FileTime plus(FileTime t, long seconds) { return FileTime.fromMillis(t.toMillis() + seconds * 1000); }

    static String rel(Path root, Path p) {
        try {
            return root.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException e) {
            return p.toString();
        }
    }

    static Set<String> designsOf(List<Row> rows) {
        Set<String> s = new LinkedHashSet<>();
        for (Row r : rows) s.add(r.design());
        return s;
    }
}
