package org.kvmlocking.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line the shell scripts call: {@code java -cp checks/target/classes
 * org.kvmlocking.checks.Main COMMAND ...}. Bad usage: one line on stderr, exit 2.
 *
 * <pre>
 *   tlc --spec DIR --out FILE --logdir DIR [--workers W] [--short] [--coverage] [--jar TLA2TOOLS]
 *       [--fresh | --from-log LOG --seconds S] CFG...
 *         runs TLC on each CFG, all in one JVM (Tlc.runBatch: each as in a fresh JVM), or with
 *         --fresh on one CFG in its own JVM, or with --from-log reads one finished run's output
 *         (e.g. TLCServer's); appends the rows to FILE, writes LOGDIR/NAME.out and, for a
 *         counterexample, LOGDIR/NAME.trace; prints one line per unmet expectation; exit 0 all
 *         met, 1 not
 *   headers CFG...        every header's problems, one line each; exit 2 on any
 *   cfg FIELD CFG         a header value; FIELD checks: the checks of the body, one per line
 *   row --out FILE F1 ... F10   appends one row (header line first in a new file)
 *   merge --out FILE IN...      appends the rows of IN... (header lines dropped) to FILE
 *   table FILE            the table; exit 1 on a FAIL row, a malformed line or no row
 *   pairing FILE [DESIGNS_TSV]  per kernel, every green (checker, property) of its adopted design has a red partner; exit 1 if not
 *   matrix FILE DESIGNS_TSV    the design x property verdict matrix, Markdown, on stdout
 *   count [--after N] [--not-ok] FILE   the number of rows (0 for no file): those after the
 *                         first N, those whose status is not ok
 *   server-workers LOG    TLCServer's worker JVMs in LOG, "JVM SENT" a line (exit 1: not TLCServer's)
 * </pre>
 */
public final class Main {
    private Main() {}

    /** Bad usage. */
    static final class Usage extends Exception {
        Usage(String m) { super(m); }
    }

    public static void main(String[] args) {
        int rc;
        try {
            rc = run(args);
        } catch (Usage e) {
            System.err.println("checks: " + e.getMessage());
            rc = 2;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("checks: " + e.getMessage());
            rc = 2;
        } catch (InterruptedException e) {
            rc = 130;
        }
        System.exit(rc);
    }

    static int run(String[] a) throws Usage, IOException, InterruptedException {
        if (a.length == 0) throw new Usage("usage: Main tlc|headers|cfg|row|merge|table|pairing|matrix|count ...");
        List<String> rest = new ArrayList<>(List.of(a).subList(1, a.length));
        switch (a[0]) {
            case "tlc": return tlc(rest);
            case "headers": {
                if (rest.isEmpty()) throw new Usage("headers needs CFG...");
                List<String> problems = new ArrayList<>();
                for (String f : rest) {
                    Path p = Path.of(f);
                    if (!Files.isRegularFile(p)) { problems.add("no such configuration: " + f); continue; }
                    problems.addAll(Cfg.read(p).problems());
                }
                problems.forEach(System.err::println);
                return problems.isEmpty() ? 0 : 2;
            }
            case "cfg": {
                if (rest.size() != 2) throw new Usage("usage: cfg FIELD CFG");
                Cfg c = Cfg.read(existing(rest.get(1)));
                if (rest.get(0).equals("checks")) c.checks().forEach(System.out::println);
                else if (!c.get(rest.get(0)).isEmpty()) System.out.println(c.get(rest.get(0)));
                return 0;
            }
            case "row": {
                Map<String, String> o = options(rest, List.of("out"), List.of());
                if (!o.containsKey("out")) throw new Usage("row needs --out FILE");
                if (rest.size() != 10) throw new Usage("a row has 10 fields (" + String.join(" ", Row.COLUMNS) + "), got " + rest.size() + ": " + rest);
                Row.append(Path.of(o.get("out")), Row.of(rest));
                return 0;
            }
            case "merge": {
                Map<String, String> o = options(rest, List.of("out"), List.of());
                if (!o.containsKey("out")) throw new Usage("merge needs --out FILE");
                List<Row> rows = new ArrayList<>();
                for (String f : rest) if (Files.exists(Path.of(f))) rows.addAll(Row.read(Path.of(f)));
                Row.append(Path.of(o.get("out")), rows);
                return 0;
            }
            case "table": {
                Path f = one(rest, "table FILE");
                if (!Files.exists(f) || Files.size(f) == 0 || Row.read(f).isEmpty() && !hasMalformed(f)) {
                    System.err.println("table: no results in " + f + ": nothing was checked");
                    return 1;
                }
                Results.Table t = Results.table(f);
                t.errors().forEach(e -> System.err.println("table: " + e));
                System.out.print(t.text());
                return t.ok() ? 0 : 1;
            }
            case "pairing": {
                if (rest.isEmpty() || rest.size() > 2) throw new Usage("usage: pairing RESULTS [DESIGNS_TSV]");
                Path f = Path.of(rest.get(0));
                if (!Files.exists(f) || Row.read(f).isEmpty()) throw new Usage("pairing: " + f + ": no results");
                // Without designs.tsv every design is of one kernel.
                Path designs = rest.size() == 2 ? existing(rest.get(1)) : null;
                Results.Pairing p = Results.pairing(Row.read(f), Results.kernels(designs));
                p.lines().forEach(System.out::println);
                return p.missing() == 0 ? 0 : 1;
            }
            case "matrix": {
                if (rest.size() != 2) throw new Usage("usage: matrix RESULTS DESIGNS_TSV");
                System.out.print(Results.matrix(Row.read(existing(rest.get(0))), existing(rest.get(1))));
                return 0;
            }
            case "server-workers": {
                Path f = one(rest, "server-workers LOG");
                String text = Files.exists(f) ? Files.readString(f) : "";
                TlcOutput.serverWorkers(text).forEach(w -> System.out.println(w.jvm() + " " + w.sent()));
                return text.lines().anyMatch(l -> l.startsWith("TLC2 TLC Server")) ? 0 : 1;
            }
            case "count": {
                Map<String, String> o = options(rest, List.of("after"), List.of("not-ok"));
                Path f = one(rest, "count [--after N] [--not-ok] FILE");
                List<Row> rows = Files.exists(f) ? Row.read(f) : List.of();
                int after = Integer.parseInt(o.getOrDefault("after", "0"));
                rows = rows.subList(Math.min(after, rows.size()), rows.size());
                System.out.println(o.containsKey("not-ok") ? rows.stream().filter(r -> !r.ok()).count() : rows.size());
                return 0;
            }
            default: throw new Usage("unknown command '" + a[0] + "' (tlc, headers, cfg, row, merge, table, pairing, matrix, count, server-workers)");
        }
    }

    private static boolean hasMalformed(Path f) throws IOException {
        return Files.readAllLines(f).stream().anyMatch(l -> !l.equals(Row.HEADER) && l.split("\t", -1).length != 10);
    }

    private static Path one(List<String> rest, String usage) throws Usage {
        if (rest.size() != 1) throw new Usage("usage: " + usage);
        return Path.of(rest.get(0));
    }

    private static Path existing(String f) throws Usage {
        Path p = Path.of(f);
        if (!Files.isRegularFile(p)) throw new Usage("no such file: " + f);
        return p;
    }

    /** Takes --name VALUE (valued) and --flag (flags) out of args; the rest stays. */
    static Map<String, String> options(List<String> args, List<String> valued, List<String> flags) throws Usage {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> left = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.equals("--")) { left.addAll(args.subList(i + 1, args.size())); break; }
            if (s.startsWith("--")) {
                String n = s.substring(2);
                if (flags.contains(n)) { o.put(n, "true"); continue; }
                if (!valued.contains(n)) throw new Usage("unknown option '" + s + "'");
                if (i + 1 >= args.size()) throw new Usage(s + " needs a value");
                o.put(n, args.get(++i));
                continue;
            }
            left.add(s);
        }
        args.clear();
        args.addAll(left);
        return o;
    }

    private static int tlc(List<String> rest) throws Usage, IOException, InterruptedException {
        Map<String, String> o = options(rest, List.of("spec", "out", "logdir", "workers", "from-log", "seconds", "exit-code", "jar"),
                List.of("short", "coverage", "fresh"));
        String usage = "usage: tlc --spec DIR --out FILE --logdir DIR [--workers W] [--short] [--coverage] [--fresh] CFG...\n"
                + "       tlc --spec DIR --out FILE --logdir DIR --from-log LOG --seconds S [--exit-code N] CFG";
        if (rest.isEmpty()) throw new Usage(usage);
        for (String k : List.of("spec", "out", "logdir")) if (!o.containsKey(k)) throw new Usage("tlc needs --" + k);
        if ((o.containsKey("from-log") || o.containsKey("fresh")) && rest.size() != 1) {
            throw new Usage("tlc --" + (o.containsKey("from-log") ? "from-log" : "fresh") + " takes one CFG, got " + rest.size());
        }
        List<Path> cfgPaths = new ArrayList<>();
        List<Cfg> cfgs = new ArrayList<>();
        for (String r : rest) {
            Path cfgPath = existing(r).toAbsolutePath();
            Cfg cfg = Cfg.read(cfgPath);
            List<String> problems = cfg.problems();
            if (!problems.isEmpty()) throw new Usage(problems.get(0));
            cfgPaths.add(cfgPath);
            cfgs.add(cfg);
        }
        Path spec = Path.of(o.get("spec")).toAbsolutePath(), logdir = Path.of(o.get("logdir")).toAbsolutePath();
        Files.createDirectories(logdir);
        List<TlcOutput> outs = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        if (o.containsKey("from-log")) {
            Path log = logdir.resolve(cfgs.get(0).name() + ".out");
            Path from = existing(o.get("from-log"));
            int rc = o.containsKey("exit-code") ? Integer.parseInt(o.get("exit-code")) : -1;
            outs.add(TlcOutput.read(from, rc));
            if (!from.toAbsolutePath().equals(log)) Files.copy(from, log, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            seconds.add(o.getOrDefault("seconds", "-"));
        } else {
            // --jar: a spec directory not directly below the root (tools/calibration).
            Path jar = o.containsKey("jar") ? Path.of(o.get("jar")) : Tlc.jar(spec.getParent());
            Tlc tlc = new Tlc(jar).workers(o.getOrDefault("workers", "1"));
            // A short run (tools/check-run.sh): C1 only and SerialGC, 1.0 CPU-s instead of 2.4 on
            // ElisionOnly_Balance; long runs need C2 and ParallelGC (Adopted_Deadlock: 47 CPU-s
            // with ParallelGC, 56 with SerialGC, 65 with C1 only).
            if (o.containsKey("short")) tlc.jvm(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss16m"));
            // -coverage 60: 60 minutes between interim reports, so only the final one is printed.
            if (o.containsKey("coverage")) tlc.extra("-coverage", "60");
            List<Tlc.Result> results;
            if (o.containsKey("fresh")) {
                // One model in its own JVM (the calibration job: frozen, JVM start included).
                Cfg c = cfgs.get(0);
                results = List.of(tlc.run(spec, c.module(), cfgPaths.get(0), logdir.resolve("states-" + c.name()),
                        logdir.resolve(c.name() + ".out")));
            } else {
                List<Tlc.Model> models = new ArrayList<>();
                for (int i = 0; i < cfgs.size(); i++) {
                    Cfg c = cfgs.get(i);
                    // An earlier run's batch output (Tlc.runBatch keeps it when a model failed there).
                    Files.deleteIfExists(logdir.resolve(c.name() + ".batch.out"));
                    models.add(new Tlc.Model(spec, c.module(), cfgPaths.get(i), logdir.resolve(c.name() + ".out")));
                }
                results = tlc.runBatch(models, logdir.resolve("batch-" + cfgs.get(0).name()));
            }
            for (Tlc.Result r : results) {
                outs.add(r.output());
                seconds.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            }
        }
        boolean ok = true;
        for (int i = 0; i < cfgs.size(); i++) {
            Cfg cfg = cfgs.get(i);
            TlcOutput out = outs.get(i);
            Path log = logdir.resolve(cfg.name() + ".out");
            Checks.Judged j = Checks.judge(cfg, out, spec, seconds.get(i), log);
            Path trace = logdir.resolve(cfg.name() + ".trace");
            Files.deleteIfExists(trace);
            if (out.verdict() != TlcOutput.Verdict.HOLDS && !out.trace().isEmpty()) Files.writeString(trace, out.condensed(spec));
            Row.append(Path.of(o.get("out")), j.rows());
            j.messages().forEach(m -> System.err.println("spec/tlc-check.sh: " + m));
            ok &= j.ok();
        }
        return ok ? 0 : 1;
    }
}
