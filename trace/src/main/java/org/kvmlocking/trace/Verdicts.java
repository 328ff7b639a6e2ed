package org.kvmlocking.trace;

import java.util.List;
import java.util.Map;

/**
 * What trace validation found: each run's verdict ({@link RunVerdict}) and a validation's
 * ({@link Verdicts}), as {@link TraceTlc} reads them from TLC's output.
 */
final class Verdicts {
    private Verdicts() {
    }

    /** What became of one recorded run. */
    enum Outcome {
        /** every record matched; the run ended and so did every task of the spec */
        ACCEPTED,
        /** every record matched, the run ended, but the spec has a task mid-operation (or slots_lock held) */
        ENDS_MID_OPERATION,
        /** every record matched; the run hung and the spec is deadlocked there too */
        HUNG_DEADLOCK,
        /** every record matched; the run hung but the spec could go on */
        HUNG_NOT_DEADLOCK,
        /** a record no enabled step of the spec matches */
        REJECTED
    }

    /**
     * One run's verdict: the outcome, and for a rejection the step: its number (0: the initial
     * state), the record's action and process (the initial layout for step 0).
     */
    record RunVerdict(String name, Outcome outcome, int rejectedStep, String rejectedAction, String rejectedBy,
            String died, Map<String, String> violated, int matched, String line, JavaBroke javaBroke) {
        /** "K: Action by proc", or "0: Init (...)". */
        String rejectedAt() {
            return rejectedStep == 0 ? "0: Init (" + rejectedBy + ")" : rejectedStep + ": " + rejectedAction + " by " + rejectedBy;
        }
    }


    record Of(List<RunVerdict> runs, long steps, String error) {
        long count(Outcome o) {
            return runs.stream().filter(r -> r.outcome() == o).count();
        }

        /** The verdicts of runs from .. from + n - 1 (of a validation of several designs' runs). */
        Of slice(int from, int n) {
            if (error != null) {
                return new Of(List.of(), 0, error);
            }
            List<RunVerdict> mine = runs.subList(from, from + n);
            return new Of(mine, mine.stream().mapToLong(RunVerdict::matched).sum(), null);
        }

        /** The runs whose replay reached a state (or a step) violating property p. */
        List<RunVerdict> violating(String p) {
            return runs.stream().filter(r -> r.violated().containsKey(p)).toList();
        }

        /** "; violates:P in k run(s) (first RUN after step K: ...)" for every violated property, or "". */
        String violations() {
            StringBuilder b = new StringBuilder();
            for (String p : new java.util.TreeSet<>(runs.stream().flatMap(r -> r.violated().keySet().stream()).toList())) {
                List<RunVerdict> vs = violating(p);
                b.append("; violates:").append(p).append(" in ").append(vs.size()).append(" run(s) (first ")
                        .append(vs.get(0).name()).append(" after step ").append(vs.get(0).violated().get(p)).append(')');
            }
            return b.toString();
        }

        RunVerdict first(Outcome o) {
            return runs.stream().filter(r -> r.outcome() == o).findFirst().orElse(null);
        }
    }

    /**
     * The properties the Java state broke, in the order it broke them, each at the record (step)
     * after which it first failed: from the trace's java-broke header, which the recorder writes
     * by evaluating the properties on the Java state right after every step.
     */
    record JavaBroke(List<Integer> steps, List<String> properties) {
        static final JavaBroke NONE = new JavaBroke(List.of(), List.of());

        /** "K:Property,..." or "-". */
        static JavaBroke parse(String header) {
            if (header.equals("-")) {
                return NONE;
            }
            List<Integer> k = new java.util.ArrayList<>();
            List<String> p = new java.util.ArrayList<>();
            for (String item : header.split(",")) {
                int c = item.indexOf(':');
                k.add(Integer.parseInt(item.substring(0, c)));
                p.add(item.substring(c + 1));
            }
            return new JavaBroke(List.copyOf(k), List.copyOf(p));
        }

        /** Those broken at or before step (the record a rejection stopped at: its state is the Java state after it). */
        JavaBroke upTo(int step) {
            int n = 0;
            while (n < steps.size() && steps.get(n) <= step) {
                n++;
            }
            return new JavaBroke(steps.subList(0, n), properties.subList(0, n));
        }

        boolean isEmpty() {
            return steps.isEmpty();
        }

        /** "violated:First+Other+...", the results row's form. */
        String verdict() {
            return "violated:" + String.join("+", properties);
        }

        /** "Balance at step 9: EndDecNotifierCount by i1", the first one, with its record. */
        String first(List<String> raw) {
            int k = steps.get(0);
            String[] rec = raw.get(k - 1).split(" ");
            return properties.get(0) + " at step " + k + ": " + rec[1] + " by " + rec[0];
        }
    }
}
