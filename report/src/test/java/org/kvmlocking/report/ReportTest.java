package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make report on a repository laid out from the recorded runs: the page, and bad input. */
class ReportTest {
    static final Path REC = Path.of("src/test/resources/recorded");
    static final List<String> CFGS = List.of("RwsemFair_Deadlock", "ElisionOnly_Balance", "Adopted_Starvation");

    @TempDir Path root;
    Path tlc, results;

    @BeforeEach
    void layout() throws Exception {
        Files.createDirectories(root.resolve("spec"));
        try (var s = Files.list(REC.resolve("spec"))) {
            for (Path p : s.toList()) Files.copy(p, root.resolve("spec").resolve(p.getFileName()));
        }
        Files.writeString(root.resolve("designs.tsv"), "# test\nname\tkernel\tjava\tmodule\tsummary\n"
            + "adopted\t5.15\torg.kvmlocking.kvm.Kvm\tKvmMemslots\tthe kernel's design\n"
            + "elision_only\t5.15\t-\tKvmMemslots\tBROKEN: elision only\n"
            + "rwsem_fair\t5.15\t-\tKvmMemslotsRwsem\tBROKEN: the fair rwsem\n");
        tlc = Files.createDirectories(root.resolve("target/check/tlc"));
        long t = System.currentTimeMillis() - 60_000;
        for (String c : CFGS) {
            Files.copy(REC.resolve(c + ".out"), tlc.resolve(c + ".out"));
            Files.copy(REC.resolve(c + ".trace"), tlc.resolve(c + ".trace"));
            Files.setLastModifiedTime(tlc.resolve(c + ".out"), FileTime.fromMillis(t));
            Files.setLastModifiedTime(tlc.resolve(c + ".trace"), FileTime.fromMillis(t + 1000));
        }
        results = root.resolve("target/check/results.tsv");
        Files.writeString(results, String.join("\n",
            "rwsem_fair\tDeadlockFree\tTLC\tdeadlock\tdeadlock\t36027\t13\t25\tok\tRwsemFair_Deadlock",
            "elision_only\tNotifierCountNonNegative\tTLC\tviolates:NotifierCountNonNegative\tviolates:NotifierCountNonNegative\t9256\t10\t8\tok\tElisionOnly_Balance",
            "adopted\tInstallCompletes\tTLC\ttemporal:InstallCompletes\ttemporal:InstallCompletes\t36520\t34\t62\tok\tAdopted_Starvation",
            "adopted\tBalance\tJPF\tholds\tholds\t63817\t349\t9.0\tok\tadopted_delete", ""));
    }

    @Test
    void writesOneDiagramPerCounterexampleAndAPageWhoseLinksResolve() throws Exception {
        Report.write(root);
        for (String c : CFGS) {
            String txt = Files.readString(root.resolve("target/report/races/" + c + ".txt"));
            // make report's headline also names the row's distinct states (--race has no row): the rest is the same
            String want = Files.readString(REC.resolve(c + ".expected.txt"));
            assertEquals(want.substring(want.indexOf("\nCPU0")), txt.substring(txt.indexOf("\nCPU0")), c);
            assertTrue(txt.contains("distinct states)"), txt);
        }
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        for (Element a : d.select("a[href^=#]")) {
            String id = a.attr("href").substring(1);
            assertNotNull(d.getElementById(id), "link " + a.attr("href") + " (" + a.text() + ") resolves");
        }
        for (String c : CFGS) {
            Element race = d.getElementById("race-" + c);
            assertNotNull(race, c + " has its swimlane");
            assertFalse(race.select("table.swim tr.step").isEmpty(), c + ": swimlane rows");
            assertTrue(race.select("pre#text-" + c).text().contains(c), c + ": text diagram");
            assertFalse(d.select(".matrix a[href=#race-" + c + "]").isEmpty(), c + ": the matrix links to it");
        }
        assertEquals(1, d.select("#race-ElisionOnly_Balance tr.step.break").size(), "the breaking step is highlighted");
        assertFalse(d.select("#race-Adopted_Starvation tr.step.loop").isEmpty(), "the lasso's loop is marked");
        assertFalse(d.select("#race-RwsemFair_Deadlock button.fold[data-folded=true]").isEmpty(), "the vCPU lane starts folded");
        // The JPF row has no evidence file here: no verdict is shown for it.
        assertTrue(d.select(".matrix .v.none").text().contains("no evidence"));
        assertTrue(d.select("script[src], link[href], img[src^=http]").isEmpty(), "self-contained: nothing loaded from elsewhere");
        for (Element a : d.select("a[href]"))
            assertTrue(a.attr("href").startsWith("#") || a.attr("href").startsWith("data:"), "a link out of the page: " + a);
        for (String c : CFGS) {
            assertNotNull(d.selectFirst("#race-" + c + " h3 a.perma[href=#race-" + c + "]"), c + ": a visible permalink");
            for (Element step : d.select("#race-" + c + " table.swim tr.step"))
                assertEquals("#" + step.id(), step.selectFirst("td.n a.perma").attr("href"), "every step's number is its permalink");
        }
        assertFalse(d.select("#protocol pre a[href=#action-InstallWaitTest]").isEmpty(), "protocol line links to its action");
        assertTrue(d.select("#designs").text().contains("elision_only"));
    }

    /**
     * Two designs' runs of the same name (Lincheck's model-checking runs of adopted and
     * rwsem_unfair, JPF's targeted runs): the page shows every row of results.tsv, none
     * overwritten by another design's row; the header line results.tsv starts with is no row.
     */
    @Test
    void thePageShowsExactlyTheRowsOfTheResults() throws Exception {
        Files.writeString(results, "design\tproperty\tchecker\texpected\tgot\tstates\tdepth\tseconds\tstatus\trun\n"
            + Files.readString(results)
            + "adopted\tBalance\tLincheck\tholds\tholds\t-\t-\t3\tok\tmodelChecking\n"
            + "rwsem_unfair\tBalance\tLincheck\tholds\tholds\t-\t-\t3\tok\tmodelChecking\n"
            + "late_count\tBalance\tLincheck\tviolates:Balance\tviolates:Balance\t-\t-\t3\tok\tmodelChecking\n");
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        assertEquals(7, d.select("table.matrix .v").size(), "one verdict per row of results.tsv");
        assertEquals(3, d.select("table.matrix .v[data-checker=Lincheck]").size());
        assertTrue(d.selectFirst("header").text().contains("7 checker rows"), d.selectFirst("header").text());
    }

    /** Trace validation's self-test (tampered runs it must catch) is no adopted Java code caught. */
    @Test
    void theTamperSelfTestIsNotTheAdoptedCodeCaught() throws Exception {
        Path work = Files.createDirectories(root.resolve("trace/target/work/adopted"));
        Files.setLastModifiedTime(work, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(results, Files.readString(results) + "adopted\tTraceChecks(tampered)\tTLC-trace\t"
            + "6 tampered runs caught where tampered\tcaught: InstallPublish, UpdateBegin:cut\t277\t-\t1.7\tok\ttampered\n");
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        Element race = d.getElementById("race-Adopted_Starvation");
        assertFalse(race.text().contains("tampered"), race.select("p.java").text());
        assertEquals(1, d.select("table.matrix .v[data-checker=TLC-trace]").size(), "the row is still in the matrix");
    }

    /** The verdict at the top in words; chips that name their run; designs grouped by kernel; headers distinct. */
    @Test
    void summaryAndMatrix() throws Exception {
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        Element sum = d.getElementById("summary");
        assertNotNull(sum, "the summary");
        assertTrue(sum.text().contains("InstallCompletes: violated (lasso), as expected"), sum.text());
        assertTrue(sum.text().contains("2 invalidations, no vCPU, 1 page, unbounded rounds"), sum.text());
        assertEquals(3, sum.select("ul.cxindex li a[href^=#race-]").size(), "one index line per counterexample");
        assertTrue(sum.select("p.question").text().contains("Why not the rwsem"), sum.text());
        assertFalse(sum.select("ul.notmodelled li").isEmpty());
        assertEquals("TLC RwsemFair_Deadlock: deadlock", d.selectFirst(".matrix a[href=#race-RwsemFair_Deadlock]").text());
        assertEquals(List.of("Linux 5.15"), d.select(".matrix tr.kernel th").eachText());
        List<String> heads = d.select(".matrix thead th").eachText();
        assertEquals(heads.size(), new java.util.HashSet<>(heads).size(), "distinct headers: " + heads);
    }

    @Test
    void headersThatWouldTruncateAlikeAreNotTruncated() {
        var props = new java.util.LinkedHashSet<>(List.of(
            "Balance,NotifierCountNonNegative,MutualExclusion,Coherence,NoLostWakeUp+linearizable",
            "Balance,NotifierCountNonNegative,MutualExclusion,Coherence", "TypeOK"));
        var l = MatrixHtml.labels(props);
        assertEquals(3, new java.util.HashSet<>(l.values()).size(), l.toString());
        assertEquals("TypeOK", l.get("TypeOK"));
    }

    /** The checks module's "unrefuted" (TLC stopped at another check's counterexample first) is no bug found. */
    @Test
    void anUnrefutedRowIsNotABugFound() throws Exception {
        Files.writeString(results, Files.readString(results).replace(
            "elision_only\tNotifierCountNonNegative\tTLC\tviolates:NotifierCountNonNegative\tviolates:NotifierCountNonNegative\t9256\t10\t8\tok\tElisionOnly_Balance",
            "elision_only\tNotifierCountNonNegative\tTLC\tviolates:NotifierCountNonNegative\tviolates:NotifierCountNonNegative\t9256\t10\t8\tok\tElisionOnly_Balance\n"
            + "elision_only\tDeadlockFree\tTLC\tunrefuted\tunrefuted\t9256\t10\t8\tok\tElisionOnly_Balance"));
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        Element chip = d.selectFirst(".matrix .v[data-got=unrefuted]");
        assertTrue(chip.hasClass("skip") && chip.text().contains("not decided"), chip.toString());
    }

    /** Bad usage is one line naming what is wrong (exit 2), never a silent default root. */
    @Test
    void badUsage() {
        assertNull(Main.usage(new String[0]));
        assertNull(Main.usage(new String[] {"--root", "x"}));
        assertEquals("unknown argument --rot", Main.usage(new String[] {"--rot", "x"}));
        assertEquals("--root takes one directory", Main.usage(new String[] {"--root"}));
        assertEquals("--race takes four arguments, got 2", Main.usage(new String[] {"--race", "a", "b"}));
    }

    void bad(String want) {
        Report.BadInput e = assertThrows(Report.BadInput.class, () -> Report.write(root));
        assertTrue(e.getMessage().contains(want), e.getMessage() + " should contain " + want);
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test void missingResults() throws Exception { Files.delete(results); bad("target/check/results.tsv: missing"); }

    @Test void emptyResults() throws Exception { Files.writeString(results, ""); bad("target/check/results.tsv: empty"); }

    @Test void rowWithoutTenColumns() throws Exception {
        Files.writeString(results, "adopted\tBalance\tTLC\n");
        bad("target/check/results.tsv:1: 3 columns, want 10");
    }

    @Test void missingTrace() throws Exception {
        Files.delete(tlc.resolve("ElisionOnly_Balance.trace"));
        bad("target/check/tlc/ElisionOnly_Balance.trace: missing");
    }

    @Test void emptyTrace() throws Exception {
        Files.writeString(tlc.resolve("ElisionOnly_Balance.trace"), "");
        Files.setLastModifiedTime(tlc.resolve("ElisionOnly_Balance.trace"), FileTime.fromMillis(System.currentTimeMillis() - 30_000));
        bad("target/check/tlc/ElisionOnly_Balance.trace: empty");
    }

    @Test void traceOlderThanItsOutput() throws Exception {
        Files.setLastModifiedTime(tlc.resolve("RwsemFair_Deadlock.trace"), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        bad("target/check/tlc/RwsemFair_Deadlock.trace: stale");
    }

    @Test void outputOfAnotherRun() throws Exception {
        Files.copy(REC.resolve("ElisionOnly_Balance.out"), tlc.resolve("RwsemFair_Deadlock.out"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(tlc.resolve("RwsemFair_Deadlock.out"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        bad("target/check/tlc/RwsemFair_Deadlock.out: stale: 10 states");
    }

    @Test void outputNewerThanTheResults() throws Exception {
        Files.setLastModifiedTime(results, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        bad("newer than target/check/results.tsv");
    }

    @Test void missingOutput() throws Exception {
        Files.delete(tlc.resolve("Adopted_Starvation.out"));
        bad("target/check/tlc/Adopted_Starvation.out: missing");
    }

    @Test void outputThatContradictsTheRow() throws Exception {
        Files.writeString(tlc.resolve("Adopted_Starvation.out"), "Model checking completed. No error has been found.\n");
        Files.setLastModifiedTime(tlc.resolve("Adopted_Starvation.out"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        bad("target/check/tlc/Adopted_Starvation.out: stale");
    }

    @Test
    void coverageIsTheLastBlockWithWrappersNamedByTheirAction() throws Exception {
        String out = String.join("\n",
            "The coverage statistics at 2026-11-26 13:54:21",
            "<StartDownRead line 92, col 1 to line 92, col 16 of module KvmMemslotsRwsem>: 1:1",
            "The coverage statistics at 2026-11-26 13:56:22",
            "<Init line 61, col 1 to line 61, col 4 of module KvmMemslotsRwsem>: 2:2",
            "<StartDownRead line 92, col 1 to line 92, col 16 of module KvmMemslotsRwsem>: 6192:30897",
            "  line 93, col 8 to line 93, col 32 of module KvmMemslotsRwsem: 1",
            "<InvStep line 141, col 1 to line 141, col 10 of module KvmMemslotsRwsem (143 8 143 67)>: 5676:29403",
            "<EndUpRead line 122, col 1 to line 122, col 12 of module KvmMemslotsRwsem>: 0:0", "");
        var cov = Report.coverage(out, new Spec(REC.resolve("spec")));
        assertEquals(List.of("StartDownRead", "StartHvaRange", "EndUpRead"), List.copyOf(cov.keySet()));
        assertEquals(30897, cov.get("StartDownRead")[1]);
        assertEquals(0, cov.get("EndUpRead")[1]);
    }

    @Test
    void anActionThatNeverFiredInAHoldingConfigurationIsAWarning() throws Exception {
        Files.copy(REC.resolve("spec/RwsemFair_Deadlock.cfg"), root.resolve("spec/RwsemHolds.cfg"));
        Path out = tlc.resolve("RwsemHolds.out");
        Files.writeString(out, String.join("\n", "The coverage statistics at 2026-11-26 13:56:22",
            "<StartDownRead line 92, col 1 to line 92, col 16 of module KvmMemslotsRwsem>: 6192:30897",
            "<EndUpRead line 122, col 1 to line 122, col 12 of module KvmMemslotsRwsem>: 0:0",
            "Model checking completed. No error has been found.", "561312 distinct states found", ""));
        Files.setLastModifiedTime(out, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(results, Files.readString(results)
            + "rwsem_fair\tTypeOK\tTLC\tholds\tholds\t561312\t58\t15\tok\tRwsemHolds\n");
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        assertEquals("\u26a0 never fired: EndUpRead", d.select("#cfg-RwsemHolds .warn").text());
        assertTrue(d.select("#cfg-RwsemFair_Deadlock .warn").isEmpty(), "no warning for a counterexample's run");
    }

    /** A recorded JPF run of elision_only that found NotifierCountNonNegative, as jpf/check.sh leaves it. */
    Path jpfRun(String got) throws Exception {
        Path jpf = Files.createDirectories(root.resolve("target/check/jpf"));
        Path out = jpf.resolve("elision_only_fault.out");
        Files.copy(REC.resolve("elision_only_fault.jpf.out"), out);
        Files.setLastModifiedTime(out, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(results, Files.readString(results) + "elision_only\tNotifierCountNonNegative\tJPF\t"
            + "violates:NotifierCountNonNegative\t" + got + "\t2751 (end=4, constraints=0)\t132\t19.3\tok\telision_only_fault\n");
        return out;
    }

    @Test
    void jpfsErrorPathIsDrawnInSpecActionsUnderTheCounterexampleOfTheSameProperty() throws Exception {
        jpfRun("violates:NotifierCountNonNegative");
        // impl's Java, where the report reads which method performs which action
        Path impl = Path.of(System.getProperty("report.root", "..")).resolve("impl/src/main/java");
        try (var files = Files.walk(impl)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path to = root.resolve("impl/src/main/java").resolve(impl.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.copy(p, to);
            }
        }
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        Element path = d.selectFirst("#race-ElisionOnly_Balance details.jpath");
        assertNotNull(path, "JPF's error path under TLC's counterexample of the same design and property");
        assertEquals(9, path.select("tr.step").size(), "one row per step of JPF's output #1, and the updater's publish");
        // The lanes are TLC's, named as TLC names them, in TLC's order.
        List<String> tlcLanes = d.select("#swim-ElisionOnly_Balance thead th").eachText();
        assertEquals(tlcLanes.subList(1, tlcLanes.size()).stream().map(t -> t.replace(" fold", "").replace(" unfold", "")).toList(),
            path.select("thead th").eachText().subList(2, path.select("thead th").size()));
        assertTrue(path.select("thead th").get(2).text().contains("(i1)"), path.select("thead th").text());
        // The updater's publish, inside which JPF stopped (its step printer prints after a step),
        // in the updater's lane, lined up with TLC's publish.
        Element publish = path.selectFirst("tr.step.inprogress");
        assertNotNull(publish, "the publish the updater was in");
        int uLane = tlcLanes.subList(1, tlcLanes.size()).stream().map(t -> t.contains("(u)")).toList().indexOf(true);
        assertTrue(publish.select("td").get(2 + uLane).text().contains("rcu_assign_pointer"), publish.toString());
        assertTrue(path.select("tr.step").get(0).text().contains("kvm_mmu_notifier_invalidate_range_start()"),
            "the kernel statement of the spec action the Java step names");
        // Lined up: the first JPF step is TLC's step 1 (the same action in an invalidation), and
        // every link points at a row of TLC's swimlane.
        assertEquals("1", path.select("tr.step").get(0).select("td").get(1).text());
        for (Element a : path.select("tr.step td:eq(1) a"))
            assertNotNull(d.getElementById(a.attr("href").substring(1)), a.attr("href"));
        assertTrue(path.select("tr.breaknote").text().contains("NotifierCountNonNegative: BUG_ON"), path.select("tr.breaknote").text());
    }

    /**
     * A JPF path of another property of the same design (elision_only_delete: Balance) is not
     * drawn under ElisionOnly_Balance, whose TLC counterexample breaks NotifierCountNonNegative;
     * the counterexample is titled with its design and its own property.
     */
    @Test
    void aCounterexampleShowsOnlyJpfPathsOfItsOwnProperty() throws Exception {
        jpfRun("violates:NotifierCountNonNegative");
        Path out = root.resolve("target/check/jpf/elision_only_delete.out");
        Files.copy(REC.resolve("elision_only_fault.jpf.out"), out);
        Files.setLastModifiedTime(out, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(results, Files.readString(results) + "elision_only\tBalance\tJPF\tviolates:Balance\tviolates:Balance\t"
            + "6943\t217\t3.5\tok\telision_only_delete\n");
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        Element race = d.getElementById("race-ElisionOnly_Balance");
        assertEquals(List.of("ElisionOnly_Balance-jpf-elision_only_fault"), race.select("details.jpath").eachAttr("id"));
        assertTrue(race.selectFirst("h3").text().startsWith("elision_only: NotifierCountNonNegative violated"), race.selectFirst("h3").text());
    }

    @Test void jpfOutputNewerThanItsRow() throws Exception {
        Path out = jpfRun("violates:NotifierCountNonNegative");
        Files.setLastModifiedTime(out, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        bad("target/check/jpf/elision_only_fault.out: newer than target/check/results.tsv");
    }

    @Test void jpfOutputThatContradictsItsRow() throws Exception {
        jpfRun("holds");
        bad("target/check/jpf/elision_only_fault.out: stale: JPF found an error but target/check/results.tsv:5 says holds");
    }

    @Test
    void benchRunShownWhenPresentTheFullOneBeforeTheSmokeRun() throws Exception {
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        assertTrue(d.getElementById("bench").text().contains("Not shown: no make bench run"), "no make bench run: one line saying so");
        Path smoke = Files.createDirectories(root.resolve("target/bench/smoke"));
        Files.writeString(smoke.resolve("latency.tsv"), "design\trate_per_s\tp99_us\nadopted\tmax\t999292.9\n");
        Report.write(root);
        d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        assertTrue(d.getElementById("bench").text().contains("smoke"), "the smoke run, labelled as one");
        Path full = root.resolve("target/bench");
        Files.writeString(full.resolve("latency.tsv"), "design\trate_per_s\tp99_us\nadopted\tmax\t1\nrwsem_unfair\tmax\t2\n");
        Files.writeString(full.resolve("latency.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>");
        Report.write(root);
        d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        Element bench = d.getElementById("bench");
        assertFalse(bench.text().contains("smoke"), "the full run wins");
        assertEquals(2, bench.select("table.bench tbody tr").size());
        assertEquals(1, bench.select("figure.bench svg").size(), "the plot inlined: the page stays self-contained");
        assertNotNull(d.selectFirst("nav a[href=#bench]"));
    }

    @Test
    void anActionThatOnlyAnotherDesignTakesIsNoWarning() throws Exception {
        Files.copy(REC.resolve("spec/ElisionOnly_Balance.cfg"), root.resolve("spec/AdoptedHolds.cfg"));
        Path out = tlc.resolve("AdoptedHolds.out");
        Files.writeString(out, String.join("\n", "The coverage statistics at 2026-11-26 17:26:42",
            "<StartLockMn line 105, col 1 to line 105, col 14 of module KvmMemslots>: 0:0",
            // the elision_only disjunct of EndHvaRangeStep: its first conjunct is a guard (ipc[t] = ...), not an action
            "<EndHvaRangeStep line 148, col 1 to line 148, col 18 of module KvmMemslots (152 8 156 79)>: 0:0",
            "Model checking completed. No error has been found.", "938949 distinct states found", ""));
        Files.setLastModifiedTime(out, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(results, Files.readString(results)
            + "adopted\tBalance\tTLC\tholds\tholds\t938949\t63\t60\tok\tAdoptedHolds\n");
        Report.write(root);
        Document d = Jsoup.parse(root.resolve("target/report/index.html").toFile(), "UTF-8");
        assertEquals("\u26a0 never fired: StartLockMn", d.select("#cfg-AdoptedHolds .warn").text());
        assertTrue(d.select("#cfg-AdoptedHolds").text().contains("another design's own action: EndHvaRangeStep@152 (elision_only)"),
            d.select("#cfg-AdoptedHolds").text());
    }
}
