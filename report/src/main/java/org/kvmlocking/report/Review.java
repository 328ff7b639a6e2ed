package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A review page, docs/reviews/&lt;topic&gt;.md (issue 27): an answer to a question of the KVM
 * list, written as a reply a reviewer could post, that the report lists near its top and inlines.
 * The format (docs/report.md, "Review pages"): line 1 {@code # <title>}; a line
 * {@code Verdict: <one paragraph>}; a line {@code Reproduce: make ...}; then the sections
 * {@code ## The question}, {@code ## The race}, {@code ## Bounds}, {@code ## What the model
 * leaves out}, in that order (more sections may follow them). Only headings, paragraphs, {@code -}
 * lists, fenced blocks and inline {@code `code`}; links relative. A page that breaks the format
 * stops make report with one line naming the file and line ({@link Report.BadInput}).
 */
final class Review {

    /** A block of the page's body: a heading, a paragraph, a list, or a fenced block. */
    record Block(String kind, List<String> lines) {}

    /** The sections every review has, in this order. */
    static final List<String> SECTIONS = List.of("The question", "The race", "Bounds", "What the model leaves out");

    static final String FORMAT = "the review format is: # title, Verdict:, Reproduce: make ..., ## sections "
        + String.join(", ", SECTIONS) + "; headings, paragraphs, - lists, fenced blocks, inline code (docs/report.md)";

    /** TLA+ a kernel reader would not write, in The race's diagram. */
    static final Pattern TLA = Pattern.compile("/\\\\|\\\\/|~>|\\|->|\\\\in\\b|\\\\E\\b|\\\\A\\b|\\bUNCHANGED\\b|@@|:>");

    final String file;     // as named in messages: docs/reviews/x.md
    final String id;       // the anchor: review-x
    final String title;
    final String verdict;
    final String reproduce;
    final List<Block> body = new ArrayList<>();

    private Review(String file, String id, String title, String verdict, String reproduce) {
        this.file = file;
        this.id = id;
        this.title = title;
        this.verdict = verdict;
        this.reproduce = reproduce;
    }

    /** Every docs/reviews/*.md under root, by file name; none if the directory does not exist. */
    static List<Review> readAll(Path root) throws IOException, Report.BadInput {
        Path dir = root.resolve("docs/reviews");
        List<Review> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path f : files) out.add(read(f, "docs/reviews/" + f.getFileName()));
        return out;
    }

    /** One page; the first place it breaks the format is a BadInput "file:line: what". */
    static Review read(Path f, String name) throws IOException, Report.BadInput {
        List<String> ls = Files.readAllLines(f);
        int n = 0;
        if (ls.isEmpty() || !ls.get(0).startsWith("# ") || ls.get(0).substring(2).isBlank())
            throw bad(name, 1, "line 1 must be \"# <title>\"");
        String title = ls.get(0).substring(2).trim();
        n = skipBlank(ls, 1);
        if (n >= ls.size() || !ls.get(n).startsWith("Verdict: ") || ls.get(n).substring(9).isBlank())
            throw bad(name, n + 1, "expected \"Verdict: <one paragraph>\" after the title");
        StringBuilder verdict = new StringBuilder(ls.get(n).substring(9).trim());
        for (n++; n < ls.size() && !ls.get(n).isBlank() && !ls.get(n).startsWith("Reproduce:"); n++)
            verdict.append(' ').append(ls.get(n).trim());
        n = skipBlank(ls, n);
        if (n >= ls.size() || !ls.get(n).matches("Reproduce: make [a-z][a-z-]*( .*)?"))
            throw bad(name, n + 1, "expected \"Reproduce: make check DESIGN=<design>\" (or make check-large ...) after the verdict");
        String reproduce = ls.get(n).substring(11).trim();
        String topic = Path.of(name).getFileName().toString().replaceAll("\\.md$", "");
        Review r = new Review(name, "review-" + Markup.id(topic), title, verdict.toString(), reproduce);

        List<String> sections = new ArrayList<>();
        String section = null;
        for (n++; n < ls.size(); n++) {
            String l = ls.get(n);
            if (l.isBlank()) continue;
            if (l.startsWith("```")) {
                int open = n;
                List<String> code = new ArrayList<>();
                for (n++; n < ls.size() && !ls.get(n).startsWith("```"); n++) {
                    String c = ls.get(n);
                    if ("The race".equals(section)) {
                        if (c.length() > 72) throw bad(name, n + 1, "a line of The race's diagram longer than 72 columns");
                        if (TLA.matcher(c).find()) throw bad(name, n + 1, "TLA+ in The race's diagram (kernel C only)");
                    }
                    code.add(c);
                }
                if (n >= ls.size()) throw bad(name, open + 1, "a fenced block that is never closed");
                r.body.add(new Block("pre", code));
                continue;
            }
            if (l.startsWith("## ") || l.startsWith("### ")) {
                String h = l.replaceFirst("^#+ ", "").trim();
                if (l.startsWith("## ")) { sections.add(h); section = h; }
                r.body.add(new Block(l.startsWith("## ") ? "h3" : "h4", List.of(h)));
                continue;
            }
            if (section == null) throw bad(name, n + 1, "text before the first ## section");
            if (l.startsWith("- ")) {
                List<String> items = new ArrayList<>();
                StringBuilder item = null;
                for (; n < ls.size() && !ls.get(n).isBlank() && !ls.get(n).startsWith("```") && !ls.get(n).startsWith("#"); n++) {
                    String x = ls.get(n);
                    if (x.startsWith("- ")) {
                        if (item != null) items.add(item.toString());
                        item = new StringBuilder(inline(name, n, x.substring(2).trim()));
                    } else if (x.startsWith("  ")) item.append(' ').append(inline(name, n, x.trim()));
                    else throw bad(name, n + 1, "a list item's next line must be indented, or a blank line end the list");
                }
                items.add(item.toString());
                n--;
                r.body.add(new Block("ul", items));
                continue;
            }
            StringBuilder p = new StringBuilder();
            for (; n < ls.size() && !ls.get(n).isBlank() && !ls.get(n).startsWith("```") && !ls.get(n).startsWith("#")
                   && !ls.get(n).startsWith("- "); n++)
                p.append(p.length() > 0 ? " " : "").append(inline(name, n, ls.get(n).trim()));
            n--;
            r.body.add(new Block("p", List.of(p.toString())));
        }
        int at = 0;
        for (String want : SECTIONS) {
            int i = sections.subList(at, sections.size()).indexOf(want);
            if (i < 0) throw bad(name, ls.size(), "no \"## " + want + "\" section (after " + (at == 0 ? "the header" : "\"## " + SECTIONS.get(SECTIONS.indexOf(want) - 1) + "\"") + ")");
            at += i + 1;
        }
        return r;
    }

    private static final Pattern NOT_IN_FORMAT = Pattern.compile(
        "^(>|\\* |\\+ |\\d+[.)] |\\||</?[a-z]+[ >]|<!--|#{4,} |# |!\\[|={3,}$|-{3,}$)");
    private static final Pattern BOLD_UNDERSCORE = Pattern.compile("(^|[\\s(])__[^\\s_][^_]*__($|[\\s).,;:])");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)]+)\\)");

    /**
     * A line of text as the format allows it, unchanged; a construct it does not allow (a quote,
     * a * or numbered list, a table, HTML, an image, a link that leaves the repository) is a
     * BadInput.
     */
    static String inline(String name, int n, String text) throws Report.BadInput {
        Matcher bad = NOT_IN_FORMAT.matcher(text);
        if (bad.find()) throw bad(name, n + 1, "\"" + bad.group(1).trim() + "\" is not in the review format (" + FORMAT + ")");
        String outside = text.replaceAll("`[^`]*`", "");
        // __kvm_gmem_invalidate_end is a kernel name, not emphasis: only __text__ (closed) is.
        if (outside.contains("**") || BOLD_UNDERSCORE.matcher(outside).find()) throw bad(name, n + 1, "emphasis is not in the review format (" + FORMAT + ")");
        Matcher m = LINK.matcher(outside);
        while (m.find())
            if (m.group(2).matches("^[a-z]+:.*") || m.group(2).startsWith("/") || m.group(2).startsWith("//"))
                throw bad(name, n + 1, "a link that is not relative: " + m.group(2) + " (links in a review are relative to the repository)");
        if (outside.chars().filter(c -> c == '`').count() % 2 != 0 || text.chars().filter(c -> c == '`').count() % 2 != 0)
            throw bad(name, n + 1, "an inline code span that is never closed");
        return text;
    }

    private static int skipBlank(List<String> ls, int from) {
        int n = from;
        while (n < ls.size() && ls.get(n).isBlank()) n++;
        return n;
    }

    private static Report.BadInput bad(String name, int line, String what) {
        return new Report.BadInput(name + ":" + line + ": " + what);
    }
}
