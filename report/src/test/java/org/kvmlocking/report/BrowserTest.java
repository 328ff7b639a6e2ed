package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * target/report/index.html as a person sees it: opened from disk in headless Debian chromium
 * (the DOM after its script ran), every violating row of the matrix has its swimlane and its text
 * diagram, every internal link resolves, the console logs nothing, and a screenshot is saved.
 * Runs only with -Dreport.browser=true (make report-test), after make report.
 */
class BrowserTest {

    static String chromium() {
        for (String c : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, c))) return Path.of(dir, c).toString();
            }
        }
        return null;
    }

    static String[] run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile("chromium", ".out"), err = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        return new String[] {Files.readString(out), Files.readString(err)};
    }

    @Test
    void theReportInARealBrowser() throws Exception {
        assumeTrue(Boolean.getBoolean("report.browser"), "browser test: run with -Dreport.browser=true (make report-test)");
        Path root = Path.of(System.getProperty("report.root", "..")).toAbsolutePath().normalize();
        Path page = root.resolve("target/report/index.html");
        assertTrue(Files.isRegularFile(page), page + ": missing: run make report first");
        String browser = chromium();
        assertNotNull(browser, "no chromium on PATH: apt-get install -y chromium (.ci/run does)");
        List<String> base = new ArrayList<>(List.of(browser, "--headless", "--no-sandbox", "--disable-gpu",
            "--hide-scrollbars", "--enable-logging=stderr", "--v=0", "--allow-file-access-from-files",
            "--user-data-dir=" + Files.createTempDirectory("chromium-profile")));

        List<String> dump = new ArrayList<>(base);
        dump.add("--dump-dom");
        dump.add(page.toUri().toString());
        String[] r = run(dump);
        Document d = Jsoup.parse(r[0]);
        assertFalse(d.select("#matrix").isEmpty(), "the page rendered: " + r[1]);

        // The console logs nothing: the page never logs, so any message is an error.
        List<String> console = new ArrayList<>();
        for (String l : r[1].split("\n")) if (l.contains(":CONSOLE")) console.add(l);
        assertEquals(List.of(), console, "console messages");

        // Every internal link resolves.
        for (Element a : d.select("a[href^=#]"))
            assertNotNull(d.getElementById(a.attr("href").substring(1)), "link " + a.attr("href") + " (" + a.text() + ")");

        // No link leaves the page: the page is mailed alone.
        for (Element a : d.select("a[href]"))
            assertTrue(a.attr("href").startsWith("#") || a.attr("href").startsWith("data:"), "a link out of the page: " + a);

        // The page shows exactly the rows of results.tsv (its header line is none).
        List<String> lines = Files.readAllLines(root.resolve("target/check/results.tsv"));
        long rows = lines.stream().filter(l -> !l.isBlank() && !l.startsWith(Report.HEADER)).count();
        assertEquals(rows, d.select("table.matrix .v").size(), "verdicts in the matrix = rows of results.tsv");

        // The summary is there, with an index line per counterexample.
        assertNotNull(d.getElementById("summary"), "the summary at the top");
        assertEquals(d.select("article.race").size(), d.select("#summary ul.cxindex li").size(), "one index line per counterexample");

        // Every text diagram pastes into a commit message.
        for (Element pre : d.select("pre[id^=text-]")) RaceDiagramTest.assertPastable(pre.id(), pre.wholeText());

        // Every violating TLC verdict (deadlock, invariant, action property, lasso) has its
        // swimlane and its text diagram; no verdict is shown without evidence.
        int races = 0;
        for (Element a : d.select(".matrix .v")) {
            if (!a.hasClass("none")) assertFalse(a.attr("data-evidence").isEmpty(), "verdict without evidence: " + a);
            String got = a.attr("data-got");
            if (!a.attr("data-checker").equals("TLC") || !got.matches("deadlock|violates:.*|temporal:.*")) continue;
            assertTrue(a.attr("href").startsWith("#race-"), "TLC counterexample cell links to its race: " + a);
            String name = a.attr("href").substring("#race-".length());
            Element race = d.getElementById("race-" + name);
            assertNotNull(race, name + ": swimlane");
            assertFalse(race.select("table.swim tr.step").isEmpty(), name + ": swimlane rows");
            assertFalse(race.select("pre#text-" + name).text().isBlank(), name + ": text diagram on the page");
            assertTrue(Files.isRegularFile(root.resolve("target/report/races/" + name + ".txt")), name + ": races/" + name + ".txt");
            races++;
        }
        // The script ran: folded lanes say how many steps they hide.
        for (Element b : d.select("button.fold[data-folded=true]")) assertTrue(b.text().startsWith("unfold ("), b.toString());

        Path shot = root.resolve("target/report/screenshot.png");
        Files.deleteIfExists(shot);
        List<String> snap = new ArrayList<>(base);
        snap.add("--window-size=1280,1600");
        snap.add("--screenshot=" + shot);
        snap.add(page.toUri().toString());
        run(snap);
        assertTrue(Files.isRegularFile(shot) && Files.size(shot) > 10_000, "screenshot " + shot);

        // Printed (A3 landscape, the print stylesheet): every matrix column on the page, no fold
        // button shown. Measured in the browser under print media (DevTools: Emulation.setEmulatedMedia).
        String m = Print.measure(browser, base, page);
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("matrix=(\\d+) page=(\\d+) scroll=(\\d+)/(\\d+) cols=(\\d+)/(\\d+) buttons=(\\d+)").matcher(m);
        assertTrue(mm.find(), "print measurement: " + m);
        assertTrue(Integer.parseInt(mm.group(1)) <= Integer.parseInt(mm.group(2)), "printed matrix wider than the page: " + m);
        assertTrue(Integer.parseInt(mm.group(3)) <= Integer.parseInt(mm.group(4)) + 1, "printed matrix clipped by its box: " + m);
        assertEquals(mm.group(6), mm.group(5), "every matrix column inside the printed page: " + m);
        assertEquals("0", mm.group(7), "fold buttons printed: " + m);
        // On screen, the design column stays in view while the matrix scrolls sideways.
        String st = Print.sticky(base, page);
        java.util.regex.Matcher sm = java.util.regex.Pattern.compile("scrolled=(\\d+) box=(-?\\d+) design=(-?\\d+)").matcher(st);
        assertTrue(sm.find() && Integer.parseInt(sm.group(1)) > 0, "the matrix scrolls sideways at 1000 px: " + st);
        assertTrue(Math.abs(Integer.parseInt(sm.group(3)) - Integer.parseInt(sm.group(2))) <= 2, "the design column stays in view: " + st);
        Path pdf = root.resolve("target/report/index.pdf");
        Files.deleteIfExists(pdf);
        List<String> print = new ArrayList<>(base);
        print.add("--no-pdf-header-footer");
        print.add("--print-to-pdf=" + pdf);
        print.add(page.toUri().toString());
        run(print);
        assertTrue(Files.isRegularFile(pdf) && Files.size(pdf) > 10_000, "PDF " + pdf);
        System.out.println("browser test: printed " + m + "; on screen " + st + "; " + pdf + " " + Files.size(pdf) + " bytes");
        System.out.println("browser test: " + races + " counterexamples, " + d.select("a[href^=#]").size()
            + " internal links, screenshot " + shot);
    }
}
