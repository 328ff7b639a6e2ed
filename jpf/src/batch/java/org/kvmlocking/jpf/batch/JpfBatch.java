package org.kvmlocking.jpf.batch;

import gov.nasa.jpf.Config;
import gov.nasa.jpf.JPF;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs several JPF application configurations one after the other in this one JVM, as jpf-core's
 * own TestJPF does (a new {@code gov.nasa.jpf.JPF} per configuration): the JVM starts once and
 * the host JIT is warm after the first run (issue 29: ~1.5 s of JVM start and JPF init per run,
 * and the first seconds of every run interpreted). Compiled by jpf/check.sh against jpf.jar; not
 * part of the Maven build (the module stays free of JPF at build time).
 *
 * <p>Usage: {@code java -cp jpf.jar:DIR org.kvmlocking.jpf.batch.JpfBatch RUNS}. RUNS has one line
 * per configuration, tab-separated: the output file (JPF's whole console output goes there, as
 * {@code java -jar RunJPF.jar} would print it), the timeout in seconds, then JPF's arguments
 * ({@code +key=value}... and the .jpf). For each it prints one line on stdout:
 * {@code OUTFILE<TAB>SECONDS<TAB>ok|timeout|exception}, SECONDS being that run's wall time.
 * A run past its timeout is stopped through its search ({@code Search.terminate()}); its output
 * then lacks "search finished" and says "jpf-batch: timeout" at the end.
 */
public final class JpfBatch {
  private JpfBatch() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: JpfBatch RUNS-FILE");
      System.exit(2);
    }
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    PrintStream out = System.out;
    PrintStream err = System.err;
    for (String line : lines) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t");
      String outFile = f[0];
      long timeoutMs = Long.parseLong(f[1]) * 1000L;
      String[] jpfArgs = Arrays.copyOfRange(f, 2, f.length);
      String status = "ok";
      long start = System.nanoTime();
      try (PrintStream ps = new PrintStream(new FileOutputStream(outFile), true)) {
        System.setOut(ps);
        System.setErr(ps);
        Watchdog dog = null;
        try {
          Config conf = JPF.createConfig(jpfArgs);
          JPF jpf = new JPF(conf);
          dog = new Watchdog(jpf, timeoutMs);
          dog.start();
          jpf.run();
          if (dog.fired) {
            status = "timeout";
            ps.println("jpf-batch: timeout after " + f[1] + " s");
          }
        } catch (Throwable t) {
          status = "exception";
          t.printStackTrace(ps);
        } finally {
          if (dog != null) dog.interrupt();
          System.setOut(out);
          System.setErr(err);
        }
      }
      double secs = (System.nanoTime() - start) / 1e9;
      out.printf("%s\t%.1f\t%s%n", outFile, secs, status);
      out.flush();
    }
  }

  /** Stops a run's search once its time is up. */
  private static final class Watchdog extends Thread {
    private final JPF jpf;
    private final long ms;
    volatile boolean fired;

    Watchdog(JPF jpf, long ms) {
      this.jpf = jpf;
      this.ms = ms;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        return;
      }
      fired = true;
      if (jpf.getSearch() != null) jpf.getSearch().terminate();
    }
  }
}
