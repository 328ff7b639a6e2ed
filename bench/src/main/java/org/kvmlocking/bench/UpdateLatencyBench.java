package org.kvmlocking.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The fairness experiment under JMH: one invocation is one trial ({@link UpdateLatencyTrial}), so
 * the mode is single-shot and each JMH iteration is one trial of {@code trialMs}. JMH's own score
 * (the trial's wall time) says nothing; the numbers are the memslot updates' latencies, recorded
 * in an HdrHistogram over the measurement iterations only (warmup trials are recorded into a
 * scratch histogram and dropped). At the end of the fork the histogram and the stream's counters
 * go to one file under {@code -Dbench.out} ({@link CellRecord}), which {@link BenchMain} merges
 * over forks.
 *
 * <p>Not final, public, with public @Param fields: JMH generates subclasses of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class UpdateLatencyBench {
    @Param({"adopted"})
    public String design;
    /** Arrivals per second per invalidator, or max. */
    @Param({"max"})
    public String rate;
    @Param({"100"})
    public int windowUs;
    @Param({"2"})
    public int invalidators;
    @Param({"1000"})
    public int trialMs;
    @Param({"1000"})
    public int updateGapUs;

    private final Histogram measured = new Histogram(3);
    private final Histogram warmup = new Histogram(3);
    private boolean measuring;
    private long updates;
    private long invalidations;
    private long windowNanosSum;
    private long streamNanos;

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
    }

    @Benchmark
    public long trial() throws InterruptedException {
        UpdateLatencyTrial.Config c = new UpdateLatencyTrial.Config(design, BenchArgs.periodNanos(rate),
                windowUs * 1_000L, invalidators, trialMs * 1_000_000L, updateGapUs * 1_000L);
        UpdateLatencyTrial.Outcome o = UpdateLatencyTrial.run(c, measuring ? measured : warmup);
        if (measuring) {
            updates += o.updates();
            invalidations += o.invalidations();
            windowNanosSum += o.windowNanosSum();
            streamNanos += o.elapsedNanos();
        }
        return o.updates();
    }

    @TearDown(Level.Trial)
    public void write() throws IOException {
        String dir = System.getProperty(CellRecord.OUT_PROPERTY);
        if (dir == null) {
            return; // run by hand without BenchMain: JMH's own output only
        }
        ByteBuffer buf = ByteBuffer.allocate(measured.getNeededByteBufferCapacity());
        int n = measured.encodeIntoCompressedByteBuffer(buf);
        String hist = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
        CellRecord r = new CellRecord(design, rate, windowUs, updates, invalidations, windowNanosSum, streamNanos, hist);
        Path p = Path.of(dir).resolve(r.key() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".cell");
        Files.createDirectories(p.getParent());
        Files.writeString(p, r.toLine() + "\n", StandardCharsets.UTF_8);
    }
}
