package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fairness the seed gave up, as `make bench` measured it (bench/, docs/bench.md): shown when
 * target/bench holds a run, the full one if there is one, else the smoke run of make test. The
 * report runs no benchmark; it copies the run's table and inlines its plot.
 */
final class Bench {
    private Bench() {}

    static Path dir(Path root) {
        Path full = root.resolve("target/bench");
        if (Files.isRegularFile(full.resolve("latency.tsv"))) return full;
        Path smoke = full.resolve("smoke");
        return Files.isRegularFile(smoke.resolve("latency.tsv")) ? smoke : null;
    }

    static boolean present(Path root) { return dir(root) != null; }   // the section is always there; its nav link too

    static void section(StringBuilder b, Path root) throws IOException {
        Path d = dir(root);
        if (d == null) {   // say why there is none, rather than leave the reader to wonder
            b.append("<section id=\"bench\"><h2>Fairness: memslot update latency (make bench)</h2>\n<p class=\"nobench\">")
             .append("Not shown: no <code>make bench</code> run in <code>target/bench</code> (nor <code>make test</code>'s smoke run in ")
             .append("<code>target/bench/smoke</code>) when this page was written; <code>make check</code> does not run the benchmarks.</p></section>\n");
            return;
        }
        boolean smoke = d.getFileName().toString().equals("smoke");
        String where = Report.rel(root, d);
        b.append("<section id=\"bench\"><h2>Fairness: memslot update latency (make bench)</h2>\n<p>")
         .append(smoke ? "The <em>smoke</em> run of <code>make test</code> (seconds long, so that the benchmarks cannot rot; not a measurement): "
                       : "The last <code>make bench</code> run: ")
         .append("install_new_memslots latency under a stream of overlapping invalidations (JMH and HdrHistogram; how it is measured: ")
         .append("<code>docs/bench.md</code>), from <code>").append(Markup.esc(where)).append("/latency.tsv</code>. ")
         .append("The adopted design and the unfair rwsem let a continuous stream of overlapping invalidations starve the update, ")
         .append("as the seed commit accepts; the fair rwsem without the pseudo-lock does not.</p>\n");
        table(b, d.resolve("latency.tsv"));
        if (Files.isRegularFile(d.resolve("elision.tsv"))) {
            b.append("<p>The cost of an invalidation that overlaps no memslot (mmu_lock elided) against one that takes mmu_lock, ")
             .append("ns per start+end pair (<code>").append(Markup.esc(where)).append("/elision.tsv</code>):</p>\n");
            table(b, d.resolve("elision.tsv"));
        }
        Path svg = d.resolve("latency.svg");
        if (Files.isRegularFile(svg)) {
            String x = Files.readString(svg).replaceFirst("^<\\?xml[^>]*>\\s*", "");
            if (x.startsWith("<svg") && !x.contains("<script") && !x.contains("href="))   // our own plot: nothing active, nothing linked
                b.append("<figure class=\"bench\">").append(x).append("<figcaption>").append(Markup.esc(where))
                 .append("/latency.svg</figcaption></figure>\n");
        }
        b.append("</section>\n");
    }

    private static void table(StringBuilder b, Path tsv) throws IOException {
        List<String> ls = Files.readAllLines(tsv);
        if (ls.isEmpty()) return;
        b.append("<div class=\"scroll\"><table class=\"bench\"><thead><tr>");
        for (String h : ls.get(0).split("\t")) b.append("<th>").append(Markup.esc(h)).append("</th>");
        b.append("</tr></thead><tbody>\n");
        for (String l : ls.subList(1, ls.size())) {
            if (l.isBlank()) continue;
            b.append("<tr>");
            for (String c : l.split("\t")) b.append("<td>").append(Markup.esc(c)).append("</td>");
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }
}
