package org.kvmlocking.report;

import static org.kvmlocking.report.Markup.esc;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reviews near the page's top (issue 27): a list (title, verdict, the make command that
 * reproduces it), then every docs/reviews/*.md inlined, folded, so that the page mailed alone
 * carries them. No link leaves the page: a relative link of a review is shown as its text and
 * path.
 */
final class ReviewsHtml {
    private ReviewsHtml() {}

    static void reviews(StringBuilder b, List<Review> reviews) {
        b.append("<section id=\"reviews\"><h2>Reviews</h2>\n");
        if (reviews.isEmpty()) {
            b.append("<p>No review pages (<code>docs/reviews/*.md</code>) yet.</p></section>\n");
            return;
        }
        b.append("<p>Answers to questions of the KVM list, each written as a reply a reviewer could post, with the ")
         .append("<code>make</code> command that reproduces its verdict.</p>\n")
         .append("<table class=\"reviews\"><thead><tr><th>Review</th><th>Verdict</th><th>Reproduce</th></tr></thead><tbody>\n");
        for (Review r : reviews)
            b.append("<tr><td><a href=\"#").append(esc(r.id)).append("\">").append(esc(r.title)).append("</a><br><small>")
             .append(esc(r.file)).append("</small></td><td>").append(inline(r.verdict)).append("</td><td><code>")
             .append(esc(r.reproduce)).append("</code></td></tr>\n");
        b.append("</tbody></table>\n");
        for (Review r : reviews) {
            b.append("<details class=\"review\" id=\"").append(esc(r.id)).append("\"><summary>").append(esc(r.title))
             .append(" <small>(").append(esc(r.file)).append(")</small></summary>\n")
             .append("<p><b>Verdict:</b> ").append(inline(r.verdict)).append("</p>\n")
             .append("<p><b>Reproduce:</b> <code>").append(esc(r.reproduce)).append("</code></p>\n");
            for (Review.Block k : r.body) {
                switch (k.kind()) {
                    case "pre" -> b.append("<pre>").append(esc(String.join("\n", k.lines()))).append("</pre>\n");
                    case "ul" -> {
                        b.append("<ul>");
                        for (String i : k.lines()) b.append("<li>").append(inline(i)).append("</li>");
                        b.append("</ul>\n");
                    }
                    case "p" -> b.append("<p>").append(inline(k.lines().get(0))).append("</p>\n");
                    default -> b.append('<').append(k.kind()).append('>').append(esc(k.lines().get(0)))
                        .append("</").append(k.kind()).append(">\n");
                }
            }
            b.append("</details>\n");
        }
        b.append("</section>\n");
    }

    private static final Pattern SPAN = Pattern.compile("`([^`]*)`|\\[([^\\]]+)\\]\\(([^)]+)\\)");

    /** Text with its `code` spans, and a relative link as "text (path)": nothing leaves the page. */
    static String inline(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = SPAN.matcher(text);
        int at = 0;
        while (m.find()) {
            out.append(esc(text.substring(at, m.start())));
            if (m.group(1) != null) out.append("<code>").append(esc(m.group(1))).append("</code>");
            else out.append(esc(m.group(2))).append(" (<code>").append(esc(m.group(3))).append("</code>)");
            at = m.end();
        }
        return out.append(esc(text.substring(at))).toString();
    }
}
