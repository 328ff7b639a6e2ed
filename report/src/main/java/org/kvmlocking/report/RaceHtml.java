package org.kvmlocking.report;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.kvmlocking.report.Markup.esc;
import static org.kvmlocking.report.Markup.id;

/** Each TLC counterexample: its swimlane, JPF's error path beside it, the other checkers' output, the text diagram. */
final class RaceHtml {
    private RaceHtml() {}

    static void races(StringBuilder b, Path root, Spec spec, Map<String, Report.Run> runs, List<Report.Row> rows,
                      Map<String, Map<String, String>> javaSteps) throws IOException {
        Map<String, String> methodAction = JavaSource.methodAction(javaSteps);
        b.append("<section id=\"races\"><h2>Counterexamples</h2>\n<p>Every TLC counterexample as a swimlane: one lane per task, ")
         .append("one row per step, the kernel statement (from the comment above the spec action), the values that matter and the ")
         .append("variables the step changed. The breaking step is red; a lasso's loop has a blue bar. <em>fold</em> hides a lane's steps; ")
         .append("lanes whose steps change nothing shared start folded. The plain-text diagram below each is ")
         .append("<code>target/report/races/&lt;cfg&gt;.txt</code>.</p>\n");
        // Each JPF log that records an error path, read once: drawn under its home counterexample,
        // and not shown again as raw output under the design's other counterexamples.
        Map<Report.Row, JavaPath> paths = new LinkedHashMap<>();
        for (Report.Row x : rows)
            if (x.checker().equals("JPF") && x.evidence != null && !x.got().startsWith("holds") && Files.isRegularFile(root.resolve(x.evidence))) {
                JavaPath jp = JavaPath.read(root.resolve(x.evidence));
                if (jp == null) continue;
                jp.addInProgress(methodAction);
                paths.put(x, jp);
            }
        for (Report.Run run : runs.values()) {
            if (run.race == null) continue;
            Race r = run.race;
            Report.Row row = run.rows.get(0);
            // Titled with its design and the property it breaks; the configuration's name (which
            // may name another property of the family, ElisionOnly_Balance) comes second.
            b.append("<article class=\"race\" id=\"race-").append(id(run.name)).append("\">\n<h3>").append(esc(r.cfg.design()))
             .append(": ").append(esc(TextDiagram.headline(r))).append(" <a class=\"perma\" href=\"#race-").append(id(run.name))
             .append("\" title=\"permalink to this counterexample\">#").append(esc(run.name)).append("</a> <small>")
             .append(" &middot; ").append(r.steps.size()).append(" steps &middot; ").append(esc(row.states())).append(" distinct states")
             .append(" &middot; <a href=\"#cfg-").append(id(run.name)).append("\">configuration</a></small></h3>\n")
             .append("<p>").append(esc(r.cfg.description)).append("</p>\n");
            b.append("<p class=\"prop\"><b>").append(esc(r.property)).append("</b>: ").append(esc(r.meaning)).append("</p>\n");
            List<String> java = new ArrayList<>();
            boolean jpfHere = false;
            for (Report.Row x : rows)
                if (!x.checker().equals("TLC") && x.anchor != null && red(x, r.cfg.design())) {
                    java.add("<a href=\"#" + x.anchor + "\">" + esc(x.checker() + " " + x.run() + ": " + x.got()) + "</a>");
                    jpfHere |= paths.containsKey(x) && home(x, run.name, runs);
                }
            if (!java.isEmpty())
                b.append("<p class=\"java\">The same design's Java code, caught by the other checkers: ").append(String.join(", ", java))
                 .append(jpfHere ? " (JPF's error path is drawn below in the same spec actions, lined up with TLC's steps; the others' are their own output)."
                                 : " (their interleavings are their own output, below).").append("</p>\n");
            swimlane(b, run.name, r);
            // JPF's error paths of the same bug, in spec actions, lined up with TLC's steps; each
            // under the one counterexample of its design that breaks the same property (else the first).
            for (Report.Row x : rows) {
                JavaPath jp = paths.get(x);
                if (jp == null || !red(x, r.cfg.design()) || !home(x, run.name, runs)) continue;
                jp.align(r);
                javaSwimlane(b, spec, r, run.name, x, jp);
            }
            // The other Java checkers' own interleavings of the same design's bug: their output is
            // inlined once, in the evidence section; here a line each, linking to it.
            List<String> own = new ArrayList<>();
            for (Report.Row x : rows)
                if (!x.checker().equals("TLC") && !paths.containsKey(x) && red(x, r.cfg.design()) && x.anchor != null)
                    own.add("<a href=\"#" + x.anchor + "\">" + esc(x.checker() + " " + x.run()) + "</a>: " + esc(x.got()));
            if (!own.isEmpty())
                b.append("<p class=\"other\">Their own interleavings in the Java code (output inlined under <a href=\"#evidence\">Other checkers' evidence</a>): ")
                 .append(String.join("; ", own)).append(".</p>\n");
            // The text diagram, also as a download that needs no file beside the page.
            b.append("<details class=\"text\" open><summary>Text diagram, <code>races/").append(esc(run.name)).append(".txt</code> ")
             .append("(<a download=\"").append(esc(run.name)).append(".txt\" href=\"data:text/plain;charset=utf-8,")
             .append(URLEncoder.encode(run.text, StandardCharsets.UTF_8).replace("+", "%20"))
             .append("\">save</a>), to paste into a commit message</summary><pre id=\"text-").append(id(run.name))
             .append("\">").append(esc(run.text)).append("</pre></details>\n</article>\n");
        }
        b.append("</section>\n");
    }

    /** A Java checker's row that found the design's bug as expected, with an evidence file. */
    static boolean red(Report.Row x, String design) {
        return x.design().equals(design) && x.evidence != null && x.status().equals("ok") && !x.selfTest()
            && !x.got().startsWith("holds") && !x.got().startsWith("accepted");
    }

    /**
     * The counterexample a JPF row is drawn under: its design's first race breaking the same
     * property, or none (a path of another bug is not drawn under a counterexample it does not
     * explain; it stays in the evidence section).
     */
    static boolean home(Report.Row x, String runName, Map<String, Report.Run> runs) {
        // violates:A+B (the Java checkers): the run broke A first; A is the property it shows.
        String prop = x.got().startsWith("violates:") ? x.got().substring(9).split("\\+")[0] : x.got().equals("deadlock") ? "DeadlockFree" : "";
        for (Report.Run o : runs.values())
            if (o.race != null && o.race.cfg.design().equals(x.design()) && o.race.property.equals(prop)) return runName.equals(o.name);
        return false;
    }

    /** JPF's error path as a swimlane: a lane per Java thread, each step's kernel statement, the TLC step it lines up with. */
    static void javaSwimlane(StringBuilder b, Spec spec, Race r, String name, Report.Row x, JavaPath jp) {
        String sid = id(name) + "-jpf-" + id(x.run());
        b.append("<details class=\"jpath\" open id=\"").append(sid).append("\"><summary>JPF <code>").append(esc(x.run()))
         .append("</code>: ").append(esc(x.got())).append(" in the Java code, its error path in the same spec actions (")
         .append(jp.steps.size()).append(" steps, ").append(jp.aligned()).append(" lined up with a TLC step of the same task kind and action, ")
         .append("in order; <a href=\"#").append(esc(x.anchor)).append("\">JPF's log</a>)</summary>\n");
        // TLC's lanes, in TLC's order and names, then any thread that lined up with none (main's setup).
        String upd = r.cfg.constants.getOrDefault("Updater", "u");
        List<String> lanes = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        for (Race.Task t : r.tasks) { lanes.add(t.id); heads.add(t.function() + " (" + t.id + ")"); }
        for (String t : jp.threads)
            if (!lanes.contains(jp.lane(t, upd))) { lanes.add(jp.lane(t, upd)); heads.add(jp.lane(t, upd)); }
        b.append("<div class=\"scroll\"><table class=\"swim java\"><thead><tr><th>step</th><th>TLC</th>");
        for (String h : heads) b.append("<th>").append(esc(h)).append("</th>");
        b.append("</tr></thead><tbody>\n");
        for (JavaPath.Step s : jp.steps) {
            Spec.Def d = spec.find(r.cfg.module(), s.action);
            String stmt = d != null ? d.statement().strip() : s.action;
            b.append("<tr class=\"step").append(s.inProgress ? " inprogress" : "").append("\"><td class=\"n\">").append(s.n).append("</td><td class=\"n\">");
            if (s.tlcStep > 0) b.append("<a href=\"#").append(id(name)).append("-step-").append(s.tlcStep).append("\">").append(s.tlcStep).append("</a>");
            else b.append("&ndash;");
            b.append("</td>");
            for (String t : lanes) {
                if (!t.equals(jp.lane(s.thread, upd))) { b.append("<td></td>"); continue; }
                b.append("<td class=\"act\"><a class=\"stmt\" href=\"#action-").append(id(s.action)).append("\" title=\"")
                 .append(esc(s.action + " (Java thread " + s.thread + ")")).append("\"><code>").append(esc(stmt)).append("</code></a>")
                 .append(s.inProgress ? "<div class=\"vals\">in progress when JPF stopped (its call stack)</div>" : "").append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("<tr class=\"breaknote\"><td></td><td></td><td colspan=\"").append(lanes.size()).append("\">&#9888; ");
        if (jp.error.equals("deadlock")) {
            List<String> ws = new ArrayList<>();
            for (var e : jp.snapshot.entrySet()) ws.add(e.getKey() + ": " + e.getValue());
            b.append("<b>deadlock</b>: no thread can run (").append(esc(String.join("; ", ws))).append(")");
        } else {
            b.append("<b>").append(esc(jp.error.replaceAll("^[\\w.]*\\.", ""))).append("</b>")
             .append(jp.errorThread.isEmpty() ? "" : " (found by " + esc(jp.lane(jp.errorThread, upd)) + (jp.errorThread.equals("main") ? ", after every thread ended" : "") + ")");
        }
        b.append("</td></tr>\n</tbody></table></div></details>\n");
    }

    static void swimlane(StringBuilder b, String name, Race r) {
        List<Race.Task> lanes = r.tasks;
        b.append("<div class=\"scroll\"><table class=\"swim\" id=\"swim-").append(id(name)).append("\"><thead><tr><th>step</th>");
        for (Race.Task t : lanes)
            b.append("<th data-lane=\"").append(esc(t.id)).append("\">").append(esc(t.function())).append(" <b>(").append(esc(t.id))
             .append(")</b><br><button type=\"button\" class=\"fold\" data-lane=\"").append(esc(t.id)).append("\" data-folded=\"")
             .append(t.relevant ? "false" : "true").append("\">").append(t.relevant ? "fold" : "unfold").append("</button></th>");
        b.append("</tr></thead><tbody>\n");
        for (Race.Step s : r.steps) {
            if (r.loopFrom > 0 && s.n == r.loopFrom)
                b.append("<tr class=\"loopmark\"><td colspan=\"").append(lanes.size() + 1).append("\">&#8635; loop: from here the steps repeat forever &mdash; ")
                 .append(esc(r.property)).append(" violated</td></tr>\n");
            String tid = s.task == null ? "?" : s.task.id;
            b.append("<tr class=\"step").append(s.breaking ? " break" : "").append(s.inLoop ? " loop" : "").append("\" data-task=\"")
             .append(esc(tid)).append("\"").append(s.task != null && !s.task.relevant ? " hidden" : "").append(" id=\"")
             .append(id(name)).append("-step-").append(s.n).append(s.back ? "b" : "").append("\"><td class=\"n\"><a class=\"perma\" href=\"#")
             .append(id(name)).append("-step-").append(s.n).append(s.back ? "b" : "").append("\" title=\"permalink to this step\">")
             .append(s.n).append("</a></td>");
            for (Race.Task t : lanes) {
                if (t != s.task) { b.append("<td></td>"); continue; }
                b.append("<td class=\"act\"><a class=\"stmt\" href=\"#action-").append(id(s.action)).append("\" title=\"")
                 .append(esc(s.action + (s.kernel != null ? " — " + s.kernel : ""))).append("\"><code>").append(esc(s.statement.strip())).append("</code></a>");
                if (!s.values.isEmpty()) b.append("<div class=\"vals\">").append(esc(String.join("  ", s.values))).append("</div>");
                if (!s.changed.isEmpty()) {
                    List<String> ch = new ArrayList<>();
                    for (var e : s.changed.entrySet()) ch.add(e.getKey() + " = " + e.getValue());
                    b.append("<div class=\"chg\">").append(esc(String.join("; ", ch))).append("</div>");
                }
                if (s.back) b.append("<div class=\"vals\">&#8634; back to step ").append(r.loopFrom).append("</div>");
                b.append("</td>");
            }
            b.append("</tr>\n");
            for (String n : s.notes) {
                int c = n.indexOf(' ');
                b.append("<tr class=\"breaknote\"><td></td><td colspan=\"").append(lanes.size()).append("\">&#9888; <b>")
                 .append(esc(n.substring(0, c))).append("</b>").append(esc(n.substring(c))).append("</td></tr>\n");
            }
        }
        if (r.stuttering)
            b.append("<tr class=\"loopmark\"><td colspan=\"").append(lanes.size() + 1).append("\">&#8635; then nothing more happens, forever (stuttering) &mdash; ")
             .append(esc(r.property)).append(" violated</td></tr>\n");
        if (!r.blocked.isEmpty()) {
            String c = r.cycle();
            b.append("<tr class=\"break deadlock\"><td class=\"n\">&#9632;</td>");
            for (Race.Task t : lanes) {
                Race.Blocked bl = null;
                for (Race.Blocked x : r.blocked) if (x.task == t) bl = x;
                if (bl == null) { b.append("<td></td>"); continue; }
                b.append("<td class=\"act\"><b>blocked</b> in <code>").append(esc(bl.statement)).append("</code><div class=\"vals\">")
                 .append(bl.waitsFor.isEmpty() ? "" : "waits for " + esc(String.join(", ", bl.waitsFor)) + ": ")
                 .append("needs ").append(esc(String.join(" /\\ ", bl.guards))).append("</div></td>");
            }
            b.append("</tr>\n<tr class=\"breaknote\"><td></td><td colspan=\"").append(lanes.size()).append("\">&#9888; <b>deadlock</b>")
             .append(c == null ? "" : " (cycle " + esc(c) + ")").append(": ").append(esc(r.meaning)).append("</td></tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }
}
