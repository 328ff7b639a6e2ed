package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kvmlocking.trace.Verdicts.Outcome;
import org.kvmlocking.trace.Verdicts.RunVerdict;

/**
 * The self-tests of trace validation: tampered adopted runs must be caught where tampered, the
 * event counter must count, and bad trace files must be reported as bad input.
 */
final class SelfTests {
    private SelfTests() {
    }

    /**
     * Each check of the trace spec can fail: an accepted adopted run, changed in one place, must
     * be caught exactly there. Values changed: the generation InstallGenerationDone ends with (+1),
     * the UPDATE_IN_PROGRESS bit of the published memslots (cleared), the dirty flag of a
     * published layout (flipped), mn_active_invalidate_count after StartIncActive (+1); a second
     * UpdateEnd (slots_lock released twice); and a run cut right after UpdateBegin but marked
     * complete (must end mid-operation, not be accepted). Each tamper starts from a different
     * run among those the adopted validation accepted (the k-th accepted run that has the record,
     * k spread over them), so no single recorded run decides; all six are validated in one TLC
     * run.
     *
     * <p>No tamper here aims at a property: a log the adopted spec accepts step by step is a
     * behaviour of KvmMemslots with the constants of spec/large/Adopted_Safety.cfg, every state of
     * which TLC has shown to satisfy Balance, Coherence, NoLostWakeUp and MutualExclusion; so a
     * tampered log either departs from the spec (rejected there) or satisfies them. The property
     * reports are shown to fire by the broken designs replayed against their own variant.
     */
    static boolean tampered(Path root, Path dir, List<TraceToTla.Parsed> adopted, Verdicts.Of verdicts, Path out)
            throws IOException, InterruptedException, TraceToTla.BadTrace {
        long t0 = System.nanoTime();
        String[][] tampers = {
            {"InstallGenerationDone", "gen=(\\d+)", "+1"},
            {"InstallPublish", "inprogress=(1)", "0"},
            {"InstallPublish", "dirty=(\\d)", "flip"},
            {"StartIncActive", "active=(\\d+)", "+1"},
            {"UpdateEnd", "", "duplicate"},
            {"UpdateBegin", "", "cut"},
        };
        Files.createDirectories(dir);
        Set<String> accepted = new java.util.HashSet<>();
        if (verdicts != null && verdicts.error() == null) {
            for (RunVerdict rv : verdicts.runs()) {
                if (rv.outcome() == Outcome.ACCEPTED) {
                    accepted.add(rv.name());
                }
            }
        }
        List<TraceToTla.Parsed> files = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        String[] result = new String[tampers.length];
        String[] srcName = new String[tampers.length];
        for (int i = 0; i < tampers.length; i++) {
            String[] t = tampers[i];
            List<TraceToTla.Parsed> cands = adopted.stream().filter(p -> accepted.contains(p.name()))
                    .filter(p -> p.raw().stream().anyMatch(r -> r.split(" ")[1].equals(t[0]))).toList();
            if (cands.isEmpty()) {
                result[i] = "no accepted adopted run has a " + t[0] + " record";
                at.add(-1);
                continue;
            }
            TraceToTla.Parsed src = cands.get((i * cands.size()) / tampers.length);
            srcName[i] = src.name();
            int k = 0;
            while (!src.raw().get(k).split(" ")[1].equals(t[0])) {
                k++;
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(src.file())));
            int head = (int) lines.stream().takeWhile(x -> x.startsWith("#")).count();
            int ln = head + k;
            if (t[2].equals("duplicate")) {
                lines.add(ln, lines.get(ln));
                int n = Integer.parseInt(lines.get(lines.size() - 1).substring(6).trim());
                lines.set(lines.size() - 1, "# end " + (n + 1));
                k++; // the copy is the record that must be rejected
            } else if (t[2].equals("cut")) {
                lines.subList(ln + 1, lines.size()).clear();
                lines.add("# end " + (k + 1));
            } else {
                Matcher m = Pattern.compile(t[1]).matcher(lines.get(ln));
                m.find();
                String v = m.group(1);
                String nv = t[2].equals("+1") ? Integer.toString(Integer.parseInt(v) + 1)
                        : t[2].equals("flip") ? (v.equals("1") ? "0" : "1") : t[2];
                lines.set(ln, lines.get(ln).substring(0, m.start(1)) + nv + lines.get(ln).substring(m.end(1)));
            }
            Path f = dir.resolve(i + "-" + t[0] + "-" + t[2] + "-" + src.name() + ".trace");
            Files.write(f, lines);
            files.add(TraceToTla.parse(f));
            at.add(k);
        }
        Verdicts.Of v = files.isEmpty() ? new Verdicts.Of(List.of(), 0, "nothing to tamper")
                : TraceTlc.validate(root, dir.resolve("tlc"), files, "KvmMemslotsTrace", null, null);
        boolean good = true;
        StringBuilder got = new StringBuilder();
        int j = 0;
        for (int i = 0; i < tampers.length; i++) {
            String[] t = tampers[i];
            boolean hit = false;
            if (at.get(i) >= 0) {
                RunVerdict rv = v.error() == null && j < v.runs().size() ? v.runs().get(j) : null;
                j++;
                int k = at.get(i);
                if (rv == null) {
                    result[i] = "error: " + v.error();
                } else if (t[2].equals("cut")) {
                    hit = rv.outcome() == Outcome.ENDS_MID_OPERATION;
                    result[i] = hit ? "ends mid-operation" : "got " + rv.outcome();
                } else {
                    hit = rv.outcome() == Outcome.REJECTED && rv.rejectedStep() == k + 1 && rv.rejectedAction().equals(t[0]);
                    result[i] = rv.outcome() == Outcome.REJECTED ? "rejected at step " + rv.rejectedAt() : "got " + rv.outcome();
                }
                result[i] += " (" + srcName[i] + ", " + t[0] + " " + (t[1].isEmpty() ? "" : t[1] + " ") + t[2] + ")";
            }
            System.out.println("  tampered " + (i + 1) + ": " + (hit ? "caught: " : "NOT caught: ") + result[i]);
            good &= hit;
            got.append(got.length() > 0 ? ", " : "").append(t[0]).append(t[1].isEmpty() ? ":" + t[2] : "").append(hit ? "" : " MISSED");
        }
        Judge.row(out, "adopted", "TraceChecks(tampered)", tampers.length + " tampered runs caught where tampered",
                (good ? "caught: " : "not all caught: ") + got, v.steps(), (System.nanoTime() - t0) / 1e9, good, "tampered");
        return good;
    }

    /**
     * The event counter on a fixed hand-written trace that hits each event once (a record list,
     * not a behaviour of any spec: only Events reads it), and on one that hits none.
     */
    static boolean eventsSelfTest(Path work) throws IOException {
        Path dir = work.resolve("events-self-test");
        Files.createDirectories(dir);
        String head = "# kvm-trace v1\n# run events\n# design adopted\n# npages " + Harness.NPAGES
                + "\n# init 0\n# gen 1\n# complete 1\n# died -\n";
        String all = "i1\tStartHvaRange\toverlap=0 slots=0 invalid=- dirty=0\n"
                + "i1\tStartIncNotifierCount\tcount=1 rs=0 re=1\n"
                + "i2\tStartIncNotifierCount\tcount=2 rs=0 re=2\n"
                + "u\tInstallSchedule\t\n"
                + "i1\tEndWakeUp\twaiter=1\n"
                + "u\tInstallRelockMn\t\n"
                + "u\tInstallWaitTest\tbusy=1\n"
                + "v1\tFaultRetryCheck\tretry=1\n"
                + "u\tInstallDownWrite\treaders=1\n";
        String none = "i1\tStartHvaRange\toverlap=1 slots=0 invalid=- dirty=0\n"
                + "i1\tStartIncNotifierCount\tcount=1 rs=0 re=1\n"
                + "i2\tStartIncNotifierCount\tcount=2 rs=0 re=1\n"
                + "i1\tEndWakeUp\twaiter=0\n"
                + "u\tInstallWaitTest\tbusy=1\n"
                + "v1\tFaultRetryCheck\tretry=0\n"
                + "u\tInstallDownWrite\treaders=0\n";
        Path fa = dir.resolve("all.trace");
        Path fn = dir.resolve("none.trace");
        Files.writeString(fa, head + all + "# end 9\n");
        Files.writeString(fn, head + none + "# end 7\n");
        try {
            Set<String> a = Events.of(TraceToTla.parse(fa));
            Set<String> n = Events.of(TraceToTla.parse(fn));
            Set<String> want = new java.util.TreeSet<>(Events.ACTIVE_COUNT);
            want.addAll(Events.RWSEM);
            boolean ok = a.equals(want) && n.equals(Set.of("overlap"));
            System.out.println("events self-test: " + (ok ? "ok" : "FAILED: all -> " + a + ", none -> " + n + " (want overlap only)"));
            return ok;
        } catch (TraceToTla.BadTrace e) {
            System.out.println("events self-test FAILED: " + e.getMessage());
            return false;
        }
    }

    /** A malformed and a truncated trace file must be reported as bad input with their line. */
    static boolean badInputSelfTest(Path work) throws IOException {
        Path dir = work.resolve("bad-input");
        Files.createDirectories(dir);
        String head = "# kvm-trace v1\n# run bad\n# design adopted\n# npages " + Harness.NPAGES
                + "\n# init 0\n# gen 1\n# complete 1\n# died -\n";
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
