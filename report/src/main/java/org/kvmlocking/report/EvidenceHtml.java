package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.kvmlocking.report.Markup.esc;
import static org.kvmlocking.report.Markup.id;

/** The other checkers' rows with their evidence, and every spec action with its Java. */
final class EvidenceHtml {
    private EvidenceHtml() {}

    static void evidence(StringBuilder b, java.nio.file.Path root, List<Report.Row> rows) throws java.io.IOException {
        b.append("<section id=\"evidence\"><h2>Other checkers' evidence</h2>\n<p>JPF, Lincheck and trace validation rows with the file ")
         .append("they left (paths relative to the repository), the file's excerpt inlined (unfold it). A row without a file shows no verdict in the matrix.</p>\n<table class=\"ev\"><thead><tr>")
         .append("<th>checker</th><th>design</th><th>property</th><th>expected</th><th>got</th><th>states</th><th>seconds</th><th>status</th><th>evidence</th></tr></thead><tbody>\n");
        for (Report.Row r : rows) {
            if (r.checker().equals("TLC")) continue;
            b.append("<tr").append(r.anchor != null ? " id=\"" + r.anchor + "\"" : "").append("><td>").append(esc(r.checker())).append("</td><td>")
             .append(esc(r.design())).append("</td><td>").append(esc(r.property())).append("</td><td>").append(esc(r.expected()))
             .append("</td><td>").append(r.evidence == null ? "<i>not shown: no evidence file</i>" : esc(r.got())).append("</td><td>")
             .append(esc(r.states())).append("</td><td>").append(esc(r.seconds())).append("</td><td>").append(esc(r.status()))
             .append("</td><td>");
            // The excerpt itself, folded: the page mailed alone still carries it.
            if (r.evidence == null) b.append("&mdash;");
            else b.append("<details class=\"evfile\"><summary><code>").append(esc(r.evidence)).append("</code></summary><pre>")
                  .append(esc(Evidence.excerpt(root, r.evidence))).append("</pre></details>");
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    static void actions(StringBuilder b, Spec spec, Map<String, Map<String, String>> java) {
        b.append("<section id=\"actions\"><h2>Spec actions</h2>\n<p>Every action of <code>spec/*.tla</code> with the comment above it, ")
         .append("the kernel function it cites, and the Java lines that perform it.</p>\n<dl class=\"actions\">\n");
        Set<String> done = new LinkedHashSet<>();
        for (var mod : spec.defs.entrySet()) {
            for (Spec.Def d : mod.getValue().values()) {
                if (!d.isAction() || !done.add(d.name)) continue;
                b.append("<dt id=\"action-").append(id(d.name)).append("\"><code>").append(esc(d.name)).append("</code> <small>spec/")
                 .append(esc(d.module)).append(".tla:").append(d.line).append("</small></dt><dd><code class=\"k\">").append(esc(d.statement().strip()))
                 .append("</code><br>").append(esc(d.meaning())).append("<br><small>Kernel: ").append(esc(d.kernel)).append("</small>");
                Map<String, String> j = java.get(d.name);
                b.append("<div id=\"java-").append(id(d.name)).append("\" class=\"javalist\"><small>Java: ");
                if (j == null || j.isEmpty()) b.append("none (a modelling step, or not in the Java code)");
                else {
                    List<String> xs = new ArrayList<>();
                    for (var e : j.entrySet()) xs.add("<code>" + esc(e.getKey()) + "</code> (" + esc(e.getValue()) + ")");
                    b.append(String.join(", ", xs));
                }
                b.append("</small></div></dd>\n");
            }
        }
        // Wrappers named in MUTANT lines or traces that are not actions still get an anchor.
        for (var mod : spec.defs.entrySet())
            for (Spec.Def d : mod.getValue().values())
                if (!d.isAction() && done.add(d.name) && d.name.matches("[A-Z].*"))
                    b.append("<dt id=\"action-").append(id(d.name)).append("\"><code>").append(esc(d.name)).append("</code> <small>spec/")
                     .append(esc(d.module)).append(".tla:").append(d.line).append("</small></dt><dd>").append(esc(d.meaning())).append("</dd>\n");
        b.append("</dl></section>\n");
    }
}
