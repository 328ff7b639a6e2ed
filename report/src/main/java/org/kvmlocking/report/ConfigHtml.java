package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.kvmlocking.report.Markup.esc;
import static org.kvmlocking.report.Markup.id;

/** Each TLC configuration: bounds, states, depth, time and action coverage. */
final class ConfigHtml {
    private ConfigHtml() {}

    static void configs(StringBuilder b, List<Designs.Design> all, Spec spec, Map<String, Report.Run> runs) {
        Set<String> designs = new LinkedHashSet<>();
        for (Designs.Design c : all) designs.add(c.name());
        b.append("<section id=\"configs\"><h2>Configurations</h2>\n<p>Bounds, distinct states, depth and time of each TLC run. ")
         .append("Coverage: how often each action fired (TLC <code>-coverage</code>, when the run collected it); an action that never fired in a ")
         .append("configuration that <em>holds</em> is a warning: the property may hold because nothing happened.</p>\n")
         .append("<div class=\"scroll\"><table class=\"cfgs\"><thead><tr><th>configuration</th><th>design</th><th>bounds</th>")
         .append("<th>verdict</th><th>distinct states</th><th>depth</th><th>seconds</th><th>coverage</th></tr></thead><tbody>\n");
        for (Report.Run run : runs.values()) {
            Report.Row r = run.rows.get(0);
            List<String> props = new ArrayList<>();
            for (Report.Row x : run.rows) props.add(x.property());
            b.append("<tr id=\"cfg-").append(id(run.name)).append("\"><td><b>").append(esc(run.name)).append("</b><br><small>")
             .append(esc(run.cfg == null ? "" : run.cfg.description)).append("</small></td><td>").append(esc(r.design()))
             .append("</td><td><small>").append(esc(run.cfg == null ? "" : run.cfg.bounds())).append("</small></td><td><span class=\"v ")
             .append(MatrixHtml.verdictClass(r)).append("\">").append(esc(MatrixHtml.verdictText(r))).append("</span><br><small>")
             .append(esc(String.join(" ", props))).append("; expected ").append(esc(r.expected())).append("</small>");
            if (run.race != null) b.append("<br><a href=\"#race-").append(id(run.name)).append("\">counterexample</a>");
            b.append("<br><small>evidence: <code>").append(esc(r.evidence)).append("</code></small></td><td>").append(esc(r.states()))
             .append("</td><td>").append(esc(r.depth())).append("</td><td>").append(esc(r.seconds())).append("</td><td>");
            if (run.coverage.isEmpty()) b.append("<small>not collected</small>");
            else {
                List<String> never = new ArrayList<>(), others = new ArrayList<>();
                String module = run.cfg == null ? "" : run.cfg.module();
                for (var e : run.coverage.entrySet()) {
                    if (e.getValue()[1] != 0) continue;
                    String o = spec.ownDesign(module, e.getKey(), r.design(), designs);
                    if (o != null) others.add(e.getKey() + " (" + o + ")");
                    else never.add(e.getKey());
                }
                if (r.got().equals("holds") && !never.isEmpty())
                    b.append("<div class=\"warn\">&#9888; never fired: ").append(esc(String.join(", ", never))).append("</div>");
                if (!others.isEmpty())
                    b.append("<div><small>never fired, another design's own action: ").append(esc(String.join(", ", others))).append("</small></div>");
                b.append("<details><summary>").append(run.coverage.size()).append(" actions</summary><table class=\"cov\">");
                for (var e : run.coverage.entrySet())
                    b.append("<tr").append(e.getValue()[1] == 0 ? " class=\"zero\"" : "").append("><td>").append(esc(e.getKey()))
                     .append("</td><td>").append(e.getValue()[0]).append("</td><td>").append(e.getValue()[1]).append("</td></tr>");
                b.append("</table></details>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }
}
