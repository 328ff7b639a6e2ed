package org.kvmlocking.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.kvmlocking.checks.Row;
import org.kvmlocking.trace.Catalog.Expect;
import org.kvmlocking.trace.Catalog.Validation;
import org.kvmlocking.trace.Verdicts.Outcome;
import org.kvmlocking.trace.Verdicts.RunVerdict;

/** The judging of trace validation: a validation's verdicts against its expectation, as a results row. */
final class Judge {
    private Judge() {
    }

    /** The first step after which the run violated some property (Integer.MAX_VALUE if none). */
    static int firstViolation(RunVerdict rv) {
        int k = Integer.MAX_VALUE;
        for (String at : rv.violated().values()) {
            k = Math.min(k, Integer.parseInt(at.substring(0, at.indexOf(':'))));
        }
        return k;
    }

    /**
     * The runs of a VIOLATES validation that its spec rejects before they violate any property.
     * A rejection after a violation is allowed: the spec's abstractions assume the properties
     * (e.g. it clears mmu_notifier_range_start/end where the count drops to 0, as nothing reads
     * them there; once Balance has broken and the count went below 0, the kernel's next
     * increment widens the stale range, and the record's range no longer matches the spec's).
     */
    static List<RunVerdict> rejectedBeforeViolation(Verdicts.Of v) {
        return v.runs().stream().filter(r -> r.outcome() == Outcome.REJECTED && r.rejectedStep() <= firstViolation(r)).toList();
    }

    /** The got column and ok/FAIL of one property of a VIOLATES validation. */
    static String[] judgeViolates(String prop, Verdicts.Of v) {
        if (v.error() != null) {
            return new String[] {"error: " + v.error(), "FAIL"};
        }
        List<RunVerdict> bad = rejectedBeforeViolation(v);
        List<RunVerdict> vs = v.violating(prop);
        boolean good = !vs.isEmpty() && bad.isEmpty();
        if (good) {
            return new String[] {"violates:" + prop, "ok"};
        }
        String got = (vs.isEmpty() ? "no run violates " + prop : vs.size() + " run(s) violate " + prop)
                + (bad.isEmpty() ? "" : "; " + bad.size() + "/" + v.runs().size() + " runs rejected by their own variant's spec (first "
                        + bad.get(0).name() + " at step " + bad.get(0).rejectedAt() + ")");
        return new String[] {got, "FAIL"};
    }

    /** The got column and ok/FAIL of a validation. */
    static String[] judge(Validation val, Verdicts.Of v, List<TraceToTla.Parsed> traces) {
        if (v.error() != null) {
            return new String[] {"error: " + v.error(), "FAIL"};
        }
        int total = v.runs().size();
        long accepted = v.count(Outcome.ACCEPTED);
        long rejected = v.count(Outcome.REJECTED);
        long mid = v.count(Outcome.ENDS_MID_OPERATION);
        long hungDead = v.count(Outcome.HUNG_DEADLOCK);
        long hungNot = v.count(Outcome.HUNG_NOT_DEADLOCK);
        long died = v.runs().stream().filter(r -> !r.died().equals("-")).count();
        StringBuilder got = new StringBuilder();
        boolean good;
        if (val.expect() == Expect.REJECTED) {
            List<RunVerdict> elsewhere = v.runs().stream().filter(r -> r.outcome() == Outcome.REJECTED
                    && !val.rejectAt().contains(r.rejectedAction())).toList();
            good = rejected > 0 && elsewhere.isEmpty();
            if (rejected == 0) {
                got.append("accepted ").append(total - rejected).append('/').append(total);
            } else {
                got.append("rejected at step ").append(v.first(Outcome.REJECTED).rejectedAt()).append(" (")
                        .append(rejected).append('/').append(total).append(" runs rejected");
                if (!elsewhere.isEmpty()) {
                    got.append("; ").append(elsewhere.size()).append(" elsewhere, first ").append(elsewhere.get(0).name())
                            .append(" at ").append(elsewhere.get(0).rejectedAt());
                }
                got.append(')');
            }
            if (!v.violations().isEmpty()) {
                got.append(v.violations());
                good = false;
            }
            got.append(javaState(v, traces, true));
            return new String[] {got.toString(), good ? "ok" : "FAIL"};
        }
        got.append(rejected == 0 ? "accepted " + (total - rejected) + "/" + total
                : "rejected " + rejected + "/" + total + " (first: " + v.first(Outcome.REJECTED).name() + " at step "
                + v.first(Outcome.REJECTED).rejectedAt() + ")");
        good = rejected == 0;
        if (mid > 0) {
            got.append("; ").append(mid).append(" end mid-operation (first: ").append(v.first(Outcome.ENDS_MID_OPERATION).name())
                    .append(')');
            good = false;
        }
        if (val.expect() == Expect.ACCEPTED) {
            if (hungDead + hungNot > 0) {
                got.append("; ").append(hungDead + hungNot).append(" hung");
                good = false;
            }
        } else {
            got.append("; ").append(hungDead).append('/').append(hungDead + hungNot).append(" hangs = spec deadlocks");
            good &= val.expect() == Expect.DEADLOCKS ? hungDead > 0 && hungNot == 0 : hungNot > 0;
        }
        if (died > 0) {
            got.append("; a thread died in ").append(died).append(" run(s)");
            good = false;
        }
        if (!v.violations().isEmpty()) {
            got.append(v.violations());
            good = false;
        }
        String java = javaState(v, traces, false);
        got.append(java);
        // a run the spec accepts whose Java state broke a property: the recording or the spec is wrong
        good &= java.isEmpty() || val.expect() != Expect.ACCEPTED;
        got.append("; ").append(Events.summary(traces));
        List<String> missing = Events.missing(traces);
        if (val.expect() == Expect.ACCEPTED && !missing.isEmpty()) { // adopted and rwsem_unfair
            got.append("; never: ").append(String.join(", ", missing));
            good = false;
        }
        return new String[] {got.toString(), good ? "ok" : "FAIL"};
    }

    /**
     * What the Java state recorded at the steps broke (issue 28): for a rejection row, in the
     * rejected runs up to their rejection, "; Java state before the rejection: violated:P+Q in
     * k/n rejected runs (first RUN: P at step K: Action by p)"; otherwise in any run. "" if none.
     * violated: names the first property broken and lists the others the same run broke (of the
     * first run that broke any).
     */
    static String javaState(Verdicts.Of v, List<TraceToTla.Parsed> traces, boolean rejectedOnly) {
        List<RunVerdict> runs = v.runs().stream().filter(r -> !rejectedOnly || r.outcome() == Outcome.REJECTED).toList();
        List<RunVerdict> broke = runs.stream().filter(r -> !r.javaBroke().isEmpty()).toList();
        if (broke.isEmpty()) {
            return "";
        }
        RunVerdict first = broke.get(0);
        List<String> raw = traces.stream().filter(p -> p.name().equals(first.name())).findFirst().map(TraceToTla.Parsed::raw)
                .orElse(List.of());
        return "; Java state" + (rejectedOnly ? " before the rejection: " : ": ") + first.javaBroke().verdict() + " in "
                + broke.size() + "/" + runs.size() + (rejectedOnly ? " rejected" : "") + " runs (first " + first.name() + ": "
                + (raw.isEmpty() ? first.javaBroke().properties().get(0) : first.javaBroke().first(raw)) + ")";
    }

    static void row(Path out, String design, String property, String expected, String got, long steps, double secs,
            boolean good, String runName) throws IOException {
        Row row = Row.of(List.of(design, property, "TLC-trace", expected, got, Long.toString(steps), "-",
                String.format("%.1f", secs), good ? Row.OK : Row.FAIL, runName));
        // a seeded mutant's row tests the checker: beside the results, not in them
        Row.append(design.startsWith("seeded:") ? out.resolveSibling("seeded.tsv") : out, row);
        System.out.println(row.line());
    }
}
