package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Review pages (issue 27): the two sample pages of src/test/resources/reviews (fixtures, not
 * findings) are listed near the page's top and inlined; a page that breaks the format stops
 * make report with one line naming file and line.
 */
class ReviewTest {
    static final Path FIX = Path.of("src/test/resources/reviews");

    @TempDir Path root;

    @Test
    void theSamplePagesAreRead() throws Exception {
        List<Review> rs = reviewsOf(FIX);
        assertEquals(2, rs.size());
        Review s = rs.get(0), u = rs.get(1);
        assertEquals("Re: syzbot: task hung in kvm_swap_active_memslots", s.title);
        assertEquals("make check-large CFG=K618_Adopted_LivenessSwap", s.reproduce);
        assertEquals("make check DESIGN=adopted_618", u.reproduce);
        assertTrue(u.verdict.startsWith("Sample page") && u.verdict.endsWith("between its start and end."), u.verdict);
        assertTrue(u.body.stream().anyMatch(b -> b.kind().equals("pre") && b.lines().get(0).contains("CPU0")));
        assertTrue(s.body.stream().anyMatch(b -> b.kind().equals("ul") && b.lines().size() == 2));
    }

    List<Review> reviewsOf(Path dir) throws Exception {
        Path d = Files.createDirectories(root.resolve("docs/reviews"));
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.copy(p, d.resolve(p.getFileName()));
        }
        return Review.readAll(root);
    }

    @Test
    void thePageListsTheReviewsNearItsTopAndInlinesThem() throws Exception {
        StringBuilder b = new StringBuilder("<html><body><nav></nav>");
        ReviewsHtml.reviews(b, reviewsOf(FIX));
        Document d = Jsoup.parse(b.append("</body></html>").toString());
        List<Element> rows = d.select("#reviews table.reviews tbody tr");
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).text().contains("Re: [PATCH] KVM: guard range_end against an end without a start"));
        assertTrue(rows.get(1).text().contains("make check DESIGN=adopted_618"));
        assertTrue(rows.get(1).select("td").get(1).text().startsWith("Sample page"));
        for (Element a : d.select("a[href]")) {
            assertTrue(a.attr("href").startsWith("#"), "no link leaves the page: " + a.attr("href"));
            assertFalse(d.select(a.attr("href")).isEmpty(), "resolves: " + a.attr("href"));
        }
        Element u = d.getElementById("review-unpaired-end");
        assertTrue(u.select("pre").text().contains("--kvm->mn_active_invalidate_count;"));
        assertEquals(List.of("The question", "The race", "Bounds", "What the model leaves out"), u.select("h3").eachText());
        assertTrue(u.text().contains("the 6.18 notes (docs/linux-6.18.md)"), "a relative link is text and path");
        assertTrue(u.select("code").eachText().contains("kvm_swap_active_memslots()"));
    }

    @Test
    void noReviewDirectoryIsNoError() throws Exception {
        assertTrue(Review.readAll(root).isEmpty());
        StringBuilder b = new StringBuilder();
        ReviewsHtml.reviews(b, List.of());
        assertTrue(b.toString().contains("No review pages"));
    }

    /** A page that breaks the format: one line, its file and line, what is wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s/^# .*/Title without a hash/                          | 1: line 1 must be",
        "s/^Verdict: /Verdict - /                               | expected \"Verdict: <one paragraph>\"",
        "/^Reproduce:/d                                         | expected \"Reproduce: make check DESIGN=",
        "s/^## Bounds/## Limits/                                | no \"## Bounds\" section",
        "s/^The pfn caches/> The pfn caches/                    | \">\" is not in the review format",
        "s/^- two invalidations/1. two invalidations/           | \"1.\" is not in the review format",
        "s#\\(docs/linux-6\\.18\\.md\\)#(https://example.org/x)#  | a link that is not relative: https://example.org/x",
        "s/^The pfn caches/**The** pfn caches/                  | emphasis is not in the review format",
        "s/^The pfn caches/__The__ pfn caches/                  | emphasis is not in the review format",
        "s/^  4  if/  4  if ........................................................................ /| longer than 72 columns",
        "s/^  3  .*/  3  UNCHANGED x/                           | TLA+ in The race's diagram",
        "s/^<div>//; s/^The pfn caches/<div> The pfn caches/    | \"<div>\" is not in the review format",
    })
    void aPageThatBreaksTheFormatStopsTheReport(String sed, String want) throws Exception {
        Path d = Files.createDirectories(root.resolve("docs/reviews"));
        Path f = d.resolve("unpaired-end.md");
        Files.copy(FIX.resolve("unpaired-end.md"), f);
        Process p = new ProcessBuilder("sed", "-i", "-E", sed.trim(), f.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), sed);
        Report.BadInput e = assertThrows(Report.BadInput.class, () -> Review.readAll(root), sed);
        assertTrue(e.getMessage().startsWith("docs/reviews/unpaired-end.md:"), e.getMessage());
        assertTrue(e.getMessage().contains(want.trim()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** A kernel name with leading underscores outside backticks is text, not emphasis. */
    @Test
    void aKernelNameWithUnderscoresIsNotEmphasis() throws Exception {
        Path d = Files.createDirectories(root.resolve("docs/reviews"));
        Path f = d.resolve("unpaired-end.md");
        Files.copy(FIX.resolve("unpaired-end.md"), f);
        Process p = new ProcessBuilder("sed", "-i", "-E", "s/^The pfn caches/and in __kvm_gmem_invalidate_end: the pfn caches/", f.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        assertTrue(Files.readString(f).contains("__kvm_gmem_invalidate_end"));
        assertEquals(1, Review.readAll(root).size());
    }

    @Test
    void anUnclosedFenceNamesItsLine() throws Exception {
        Path d = Files.createDirectories(root.resolve("docs/reviews"));
        Files.writeString(d.resolve("x.md"), "# T\nVerdict: v\nReproduce: make check DESIGN=adopted\n\n## The question\n\n```\nno end\n");
        Report.BadInput e = assertThrows(Report.BadInput.class, () -> Review.readAll(root));
        assertEquals("docs/reviews/x.md:7: a fenced block that is never closed", e.getMessage());
    }
}
