package org.kvmlocking.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    @TempDir Path dir;

    static Row row(String design, String prop, String checker, String got, String status) {
        return Row.of(List.of(design, prop, checker, "x", got, "1", "2", "3", status, "run"));
    }

    @Test
    void rowsRoundTripWithOneHeader() throws IOException {
        Path f = dir.resolve("sub/results.tsv");
        Row a = Row.of(List.of("adopted", "Balance", "TLC", "holds", "holds", "10", "", "1", "ok", "Adopted\tX"));
        Row.append(f, a);
        Row.append(f, List.of(a, a));
        List<String> lines = Files.readAllLines(f);
        assertEquals(Row.HEADER, lines.get(0));
        assertEquals(4, lines.size());
        assertEquals("-", Row.read(f).get(0).depth());
        assertEquals("Adopted X", Row.read(f).get(0).run());
        assertEquals(3, Row.read(f).size());
        Files.writeString(f, "a\tb\n", java.nio.file.StandardOpenOption.APPEND);
        assertThrows(Row.Malformed.class, () -> Row.read(f));
        assertThrows(IllegalArgumentException.class, () -> Row.of(List.of("a")));
    }

    @Test
    void tableCountsAndFlagsMalformedLines() throws IOException {
        Path f = dir.resolve("r.tsv");
        Row.write(f, List.of(row("adopted", "Balance", "TLC", "holds", "ok"), row("late_count", "Balance", "TLC", "holds", "FAIL"),
                row("adopted", "Races", "JPF", "-", "not run: no JPF")));
        Results.Table t = Results.table(f);
        assertEquals(1, t.passed());
        assertEquals(1, t.failed());
        assertEquals(1, t.skipped());
        assertFalse(t.ok());
        assertTrue(t.text().startsWith("design      property  checker"), t.text());
        assertTrue(t.text().endsWith("check: 1 passed, 1 failed, 1 skipped\n"));
        Files.writeString(f, "only\tfour\tcolumns\there\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(1, Results.table(f).errors().size());
    }

    @Test
    void pairingNeedsARedPartnerPerGreen() {
        List<Row> rows = List.of(row("adopted", "Balance,Coherence", "TLC", "holds", "ok"), row("adopted", "DeadlockFree", "TLC", "holds", "ok"),
                row("late_count", "Balance", "TLC", "violates:Balance", "ok"), row("lost_wakeup", "DeadlockFree", "TLC", "deadlock", "ok"),
                row("no_wait_loop", "Coherence", "TLC", "unrefuted", "ok"), row("elision_only", "Coherence", "JPF", "violates:Coherence", "ok"));
        Results.Pairing p = Results.pairing(rows);
        assertEquals(3, p.greens());
        assertEquals(1, p.missing());
        assertEquals("pairing: Coherence holds for adopted under TLC, but no mutant is caught breaking it by TLC", p.lines().get(0));
    }

    @Test
    void pairingIsPerKernel() {
        // A 6.18 mutant does not partner a 5.15 green, nor the other way round.
        List<Row> rows = List.of(row("adopted", "Coherence", "TLC", "holds", "ok"),
                row("adopted_618", "Coherence", "TLC", "holds", "ok"), row("adopted_618", "MutualExclusion", "TLC", "holds", "ok"),
                row("range_add_hva_618", "Coherence", "TLC", "violates:Coherence", "ok"),
                row("late_count", "MutualExclusion", "TLC", "violates:MutualExclusion", "ok"),
                // A Java checker's row names the first property broken, then the others (+).
                row("adopted_618", "NoLostWakeUp", "Lincheck", "holds", "ok"),
                row("lost_wakeup_618", "NoLostWakeUp", "Lincheck", "validation:MutualExclusion+NoLostWakeUp", "ok"));
        Map<String, String> kernel = Map.of("adopted", "5.15", "late_count", "5.15", "adopted_618", "6.18", "range_add_hva_618", "6.18",
                "lost_wakeup_618", "6.18");
        Results.Pairing p = Results.pairing(rows, kernel);
        assertEquals(4, p.greens());
        assertEquals(2, p.missing());
        assertTrue(p.lines().contains("pairing: Coherence holds for adopted under TLC, but no mutant is caught breaking it by TLC"), p.lines().toString());
        assertTrue(p.lines().contains("pairing: MutualExclusion holds for adopted_618 under TLC, but no mutant is caught breaking it by TLC"), p.lines().toString());
        assertEquals("pairing: 2 of 3 (checker, property) greens of adopted_618 (Linux 6.18) have a red partner", p.lines().get(p.lines().size() - 1));
    }

    @Test
    void pairingSaysEachAdoptedDesignOfAKernel() {
        // adopted_618 and adopted_gpc_618 are both 6.18's adopted code: one line each, and a
        // 6.18 mutant partners a green of either.
        List<Row> rows = List.of(row("adopted_618", "Coherence", "TLC", "holds", "ok"),
                row("adopted_gpc_618", "GpcCoherent", "TLC", "holds", "ok"), row("adopted_gpc_618", "Coherence", "TLC", "holds", "ok"),
                row("range_add_hva_618", "Coherence", "TLC", "violates:Coherence", "ok"));
        Map<String, String> kernel = Map.of("adopted_618", "6.18", "adopted_gpc_618", "6.18", "range_add_hva_618", "6.18");
        Results.Pairing p = Results.pairing(rows, kernel);
        assertEquals(3, p.greens());
        assertEquals(1, p.missing());
        assertEquals(List.of("pairing: GpcCoherent holds for adopted_gpc_618 under TLC, but no mutant is caught breaking it by TLC",
                "pairing: 1 of 1 (checker, property) greens of adopted_618 (Linux 6.18) have a red partner",
                "pairing: 1 of 2 (checker, property) greens of adopted_gpc_618 (Linux 6.18) have a red partner"), p.lines());
    }

    @Test
    void matrixIsPerKernelAndHasNoFigures() throws IOException {
        Path designs = dir.resolve("designs.tsv");
        Files.writeString(designs, "# c\nname\tkernel\tjava\tmodule\tsummary\nadopted\t5.15\tKvm\tKvmMemslots\ts\n"
                + "late_count\t5.15\t-\tKvmMemslots\ts\nadopted_618\t6.18\t-\tM\ts\nbad_input\t-\t-\tKvmMemslots\ts\n");
        String m = Results.matrix(List.of(row("adopted", "Balance", "TLC", "holds", "ok"), row("adopted", "Balance,DeadlockFree", "JPF", "holds", "ok"),
                row("late_count", "Balance", "TLC", "violates:Balance", "ok"), row("late_count", "Coherence", "TLC", "unrefuted", "FAIL"),
                row("late_count", "DeadlockFree", "TLC", "unrefuted", "ok"), row("late_count", "Balance,MutualExclusion", "JPF", "violates:MutualExclusion", "ok")), designs);
        assertTrue(m.contains("### Linux 5.15\n\n| design | Balance | DeadlockFree | Coherence | MutualExclusion |\n|---|---|---|---|---|\n"
                + "| adopted | ✓TJ | ✓J |  |  |\n| late_count | ✗T |  | ✗T! | ✗J |\n"), m);
        assertFalse(m.contains("6.18"));
    }
}
