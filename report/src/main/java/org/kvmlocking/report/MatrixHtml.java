package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

import static org.kvmlocking.report.Markup.esc;
import static org.kvmlocking.report.Markup.id;

/** The verdict matrix: design x property, each checker's verdict linking to its evidence. */
final class MatrixHtml {
    private MatrixHtml() {}

    static String verdictClass(Report.Row r) {
        if (r.evidence == null) return "none";
        if (r.status().equals("FAIL")) return "fail";
        if (!r.status().equals("ok")) return "skip";
        if (r.got().startsWith("holds") || r.got().startsWith("accepted")) return "holds";
        if (r.got().startsWith("rejected:")) return "rejected";
        if (r.got().startsWith("unrefuted")) return "skip";   // TLC stopped at another check's counterexample first
        return "found";
    }

    static String verdictText(Report.Row r) {
        if (r.evidence == null) return "no evidence";
        if (!r.status().equals("ok") && !r.status().equals("FAIL")) return r.status();
        String g = r.got();
        if (g.startsWith("holds")) return "holds";
        if (g.equals("deadlock")) return "deadlock";
        if (g.startsWith("temporal:")) return "violated (lasso)";
        if (g.startsWith("violates:") || g.startsWith("validation:")) return "violated";
        if (g.startsWith("rejected:")) return "bad constant rejected";
        if (g.startsWith("accepted")) return "traces accepted";
        if (g.startsWith("unrefuted")) return "not decided (TLC stopped at another counterexample first)";
        if (g.startsWith("rejected at step")) return g.replaceAll(":.*", "").replaceAll("^rejected at", "traces rejected at");
        return g.length() > 40 ? g.substring(0, 40) + "..." : g;
    }

    static void matrix(StringBuilder b, List<Designs.Design> all, List<Report.Row> rows) {
        List<String> designs = new ArrayList<>();
        for (Designs.Design c : all) designs.add(c.name());
        for (String d : Report.designsOf(rows)) if (!designs.contains(d)) designs.add(d);
        Set<String> props = new LinkedHashSet<>();
        for (Report.Row r : rows) props.add(r.property());
        b.append("<section id=\"matrix\"><h2>Verdicts: design &times; property &times; checker</h2>\n")
         .append("<p class=\"legend\"><span class=\"v holds\">holds</span> <span class=\"v found\">bug found, as expected</span> ")
         .append("<span class=\"v fail\">not as expected</span> <span class=\"v rejected\">bad constant rejected</span> <span class=\"v skip\">not run, or not decided</span> ")
         .append("<span class=\"v none\">no evidence file: verdict not shown</span> Each verdict links to its evidence.</p>\n")
         .append("<p>Each chip names its checker and configuration (TLC's .cfg, JPF's .jpf, Lincheck's or trace validation's run); ")
         .append("designs are grouped by the kernel whose code they model.</p>\n")
         .append("<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th class=\"design\">design</th>");
        Map<String, String> label = labels(props);
        for (String p : props)
            b.append("<th title=\"").append(esc(p)).append("\"><span>").append(esc(label.get(p))).append("</span></th>");
        b.append("</tr></thead><tbody>\n");
        // Grouped by kernel (designs.tsv's second column), in file order within a group.
        Map<String, String> kernelOf = new LinkedHashMap<>();
        for (Designs.Design c : all) kernelOf.put(c.name(), c.kernel());
        Set<String> kernels = new LinkedHashSet<>();
        for (String d : designs) kernels.add(kernelOf.getOrDefault(d, "-"));
        for (String k : kernels) {
            List<String> group = new ArrayList<>();
            for (String d : designs)
                if (kernelOf.getOrDefault(d, "-").equals(k) && rows.stream().anyMatch(r -> r.design().equals(d))) group.add(d);
            if (group.isEmpty()) continue;
            b.append("<tr class=\"kernel\"><th class=\"design\">").append(k.equals("-") ? "not a design" : "Linux " + esc(k))
             .append("</th><td colspan=\"").append(props.size()).append("\"></td></tr>\n");
            for (String d : group) {
                b.append("<tr><th class=\"design\">").append(esc(d)).append("</th>");
                for (String p : props) {
                    b.append("<td>");
                    for (Report.Row r : rows) {
                        if (!r.design().equals(d) || !r.property().equals(p)) continue;
                        String cls = verdictClass(r);
                        String title = r.checker() + " " + r.run() + ": expected " + r.expected() + ", got " + r.got() + " (" + r.status() + ")";
                        String data = "\" data-checker=\"" + esc(r.checker()) + "\" data-got=\"" + esc(r.got()) + "\" data-evidence=\"" + esc(r.evidence == null ? "" : r.evidence);
                        if (r.anchor != null)
                            b.append("<a class=\"v ").append(cls).append(data).append("\" href=\"#").append(r.anchor).append("\" title=\"").append(esc(title)).append("\">");
                        else b.append("<span class=\"v ").append(cls).append(data).append("\" title=\"").append(esc(title)).append("\">");
                        b.append("<span class=\"ck\">").append(esc(r.checker())).append("</span> <span class=\"cfg\">").append(esc(r.run()))
                         .append("</span><span class=\"vt\">: ").append(esc(verdictText(r))).append("</span>");
                        b.append(r.anchor != null ? "</a>" : "</span>");
                    }
                    b.append("</td>");
                }
                b.append("</tr>\n");
            }
        }
        b.append("</tbody></table></div></section>\n");
    }

    /**
     * Column headers: a property as it is, cut at 32 characters when longer than 34; a header
     * whose cut would read like another's is not cut (no two headers show the same text).
     */
    static Map<String, String> labels(Set<String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String p : props) {
            String l = p.length() > 34 ? p.substring(0, 32) + "\u2026" : p;
            out.put(p, l);
            seen.merge(l, 1, Integer::sum);
        }
        for (var e : out.entrySet()) if (seen.get(e.getValue()) > 1) e.setValue(e.getKey());
        for (var e : out.entrySet()) e.setValue(e.getValue().replace(",", ", ").replace("+", " + "));
        return out;
    }
}
