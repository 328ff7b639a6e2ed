package org.kvmlocking.report;

import static org.kvmlocking.report.Markup.esc;
import static org.kvmlocking.report.Markup.id;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdict at the top, in words: what the adopted design guarantees, per property and under
 * which bounds (the configurations' CONSTANTS), what is not modelled (the spec's own list of
 * abstractions), and an index of the counterexamples grouped by the seed commit's questions.
 */
final class SummaryHtml {
    private SummaryHtml() {}

    static void summary(StringBuilder b, Spec spec, List<Report.Row> rows, Map<String, Report.Run> runs, String questions) {
        b.append("<section id=\"summary\"><h2>Summary</h2>\n");
        verdict(b, rows, runs);
        // The adopted design of each kernel: adopted (5.15), and adopted_618 when its rows exist.
        Set<String> adopted = new LinkedHashSet<>();
        for (Report.Row r : rows) if (r.design().equals("adopted") || r.design().startsWith("adopted_")) adopted.add(r.design());
        for (String a : adopted) guarantees(b, spec, rows, runs, a, adopted.size() > 1);
        notModelled(b, spec);
        index(b, runs, questions);
        b.append("</section>\n");
    }

    /** The verdict in one paragraph: what holds, what is given up, what was caught, what was not as expected. */
    private static void verdict(StringBuilder b, List<Report.Row> rows, Map<String, Report.Run> runs) {
        Set<String> held = new LinkedHashSet<>(), lost = new LinkedHashSet<>(), caught = new LinkedHashSet<>();
        int fail = 0, notRun = 0;
        for (Report.Row r : rows) {
            if (r.status().equals("FAIL")) fail++;
            else if (!r.status().equals("ok")) notRun++;
            if (!r.status().equals("ok") || !r.checker().equals("TLC")) continue;
            if (r.design().equals("adopted")) (r.got().startsWith("holds") ? held : lost).add(r.property());   // the 5.15 design
            else if (!r.expected().equals("holds") && !r.design().equals("bad_input") && !r.got().startsWith("unrefuted")) caught.add(r.design());
        }
        lost.removeAll(held);
        long races = runs.values().stream().filter(x -> x.race != null).count();
        b.append("<p class=\"verdict\"><b>Verdict.</b> Within the bounds below, the adopted design keeps all ").append(held.size())
         .append(" properties checked on it (").append(esc(String.join(", ", held))).append(")");
        if (!lost.isEmpty()) b.append(", and gives up ").append(esc(String.join(", ", lost))).append(" (see below)");
        b.append(". The broken designs and seeded mutants are each caught where expected to break (")
         .append(esc(String.join(", ", caught))).append("): ").append(races).append(" TLC counterexamples, indexed below. ");
        b.append(fail == 0 ? "Every row is as expected" : "<b>" + fail + " rows are NOT as expected</b>")
         .append(notRun == 0 ? "." : "; " + notRun + " did not run.").append("</p>\n");
    }

    /** The first sentence of a meaning, for one line of the summary. */
    static String firstSentence(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<!\\.)\\. ").matcher(s);
        return m.find() ? s.substring(0, m.start() + 1) : s;
    }

    /**
     * A property's meaning for the summary: its comment or its Step's (Race.meaning), never a
     * configuration's description; TypeOK and DeadlockFree, which have no comment, are said plainly.
     */
    static String meaning(Spec spec, Race.Cfg cfg, String p) {
        if (p.equals("TypeOK")) return "every variable has a value of its type.";
        String m = Race.meaning(spec, cfg, p, p.equals("DeadlockFree") ? "deadlock" : "violates:" + p);
        if (m.equals(Race.kernelText(cfg.description))) return "";
        return firstSentence(m.replaceFirst("^\\.\\.\\.\\s*(and\\s+)?", ""));
    }

    private static void guarantees(StringBuilder b, Spec spec, List<Report.Row> rows, Map<String, Report.Run> runs,
                                   String design, boolean named) {
        // property -> the adopted design's TLC runs that hold it, and the other checkers' rows
        Map<String, List<Report.Run>> held = new LinkedHashMap<>();
        Map<String, Set<String>> others = new LinkedHashMap<>();
        List<Report.Row> notHeld = new ArrayList<>();
        for (Report.Row r : rows) {
            if (!r.design().equals(design)) continue;
            boolean holds = r.got().startsWith("holds") || r.got().startsWith("accepted");
            if (r.checker().equals("TLC")) {
                if (holds && r.status().equals("ok")) held.computeIfAbsent(r.property(), k -> new ArrayList<>()).add(runs.get(r.run()));
                else if (!r.got().startsWith("unrefuted")) notHeld.add(r);
            } else if (holds && r.status().equals("ok")) {
                for (String p : r.property().replaceAll("^TraceValidation:[^+]*\\+?", "").split("[,+]"))
                    if (!p.isBlank()) others.computeIfAbsent(p.trim(), k -> new LinkedHashSet<>()).add(checkerName(r.checker()));
            }
        }
        b.append("<h3>What the adopted design").append(named ? " <code>" + esc(design) + "</code>" : "").append(" guarantees</h3>\n<p>Each property holds in every state TLC reached, ")
         .append("exhaustively, within the bounds named (the configurations' constants); the Java code's checkers that also found no ")
         .append("violation are named after it.</p>\n<ul class=\"guarantees\">\n");
        for (var e : held.entrySet()) {
            Report.Run first = e.getValue().get(0);
            String meaning = first == null || first.cfg == null ? "" : meaning(spec, first.cfg, e.getKey());
            b.append("<li><b>").append(esc(e.getKey())).append("</b> holds: ").append(esc(meaning)).append("<br><small>Bounds: ");
            List<String> bs = new ArrayList<>();
            for (Report.Run run : e.getValue()) {
                if (run == null) continue;
                bs.add((run.cfg == null ? "" : esc(run.cfg.boundsInWords())) + " (<a href=\"#cfg-" + id(run.name) + "\">" + esc(run.name)
                    + "</a>, " + esc(grouped(run.rows.get(0).states())) + " states)");
            }
            b.append(String.join("; ", bs));
            Set<String> o = others.get(e.getKey());
            if (o != null) b.append(". Also found to hold in the Java code by ").append(esc(String.join(", ", o)));
            b.append(".</small></li>\n");
        }
        b.append("</ul>\n");
        if (!notHeld.isEmpty()) {
            b.append("<p><b>Not guaranteed</b> (as the seed commit says):</p><ul class=\"notheld\">\n");
            for (Report.Row r : notHeld) {
                Report.Run run = runs.get(r.run());
                String meaning = run == null || run.cfg == null ? "" : meaning(spec, run.cfg, r.property());
                b.append("<li><b>").append(esc(r.property())).append("</b>: ").append(esc(MatrixHtml.verdictText(r))).append(", ")
                 .append(r.expected().equals(r.got()) ? "as expected" : "NOT as expected (" + esc(r.expected()) + ")").append(". ")
                 .append(esc(meaning));
                if (run != null && run.race != null)
                    b.append(" <a href=\"#race-").append(id(run.name)).append("\">counterexample</a> (")
                     .append(esc(run.cfg.boundsInWords())).append(")");
                b.append("</li>\n");
            }
            b.append("</ul>\n");
        }
    }

    static String checkerName(String checker) {
        return checker.equals("TLC-trace") ? "trace validation" : checker;
    }

    static String grouped(String n) {
        try {
            return String.format("%,d", Long.parseLong(n.trim()));
        } catch (NumberFormatException e) {
            return n;
        }
    }

    private static void notModelled(StringBuilder b, Spec spec) {
        b.append("<h3>What is not modelled</h3>\n<ul class=\"notmodelled\">\n");
        for (String a : spec.abstractions()) b.append("<li>").append(esc(a)).append("</li>\n");
        b.append("<li>Sizes: only the bounds named above; a larger configuration is a claim the checks do not make ")
         .append("(<code>make check-large</code> runs some).</li>\n")
         .append("<li>Steps marked <code>Kernel: none (modelling step)</code> in the spec stand for no kernel code.</li>\n</ul>\n");
    }

    private static void index(StringBuilder b, Map<String, Report.Run> runs, String questions) {
        Map<String, String> questionOf = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (String l : questions.split("\n")) {
            if (l.startsWith("#") || l.isBlank()) continue;
            String[] c = l.split("\t");
            order.add(c[0]);
            for (String d : c[1].split(",")) questionOf.put(d.trim(), c[0]);
        }
        order.add("Other");
        Map<String, List<Report.Run>> by = new LinkedHashMap<>();
        for (String q : order) by.put(q, new ArrayList<>());
        for (Report.Run run : runs.values())
            if (run.race != null) by.get(questionOf.getOrDefault(run.race.cfg.design(), "Other")).add(run);
        b.append("<h3>Counterexamples, by the seed commit's questions</h3>\n");
        for (var e : by.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            b.append("<p class=\"question\">").append(esc(e.getKey())).append("</p>\n<ul class=\"cxindex\">\n");
            for (Report.Run run : e.getValue()) {
                Race r = run.race;
                b.append("<li><a href=\"#race-").append(id(run.name)).append("\"><b>").append(esc(r.cfg.design())).append("</b>: ")
                 .append(esc(TextDiagram.headline(r))).append(", ").append(r.steps.size()).append(" steps</a> <small>(")
                 .append(esc(run.name)).append(")</small></li>\n");
            }
            b.append("</ul>\n");
        }
    }
}
