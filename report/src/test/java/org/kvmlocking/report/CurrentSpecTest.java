package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counterexamples recorded on the spec of 6b56e9a (src/test/resources/current: spec/tlc-check.sh's
 * .out and .trace, the spec and configurations they ran on), read into races.
 */
class CurrentSpecTest {
    static final Path DIR = Path.of("src/test/resources/current");

    static Race race(String cfg, String got) throws Exception {
        Spec spec = new Spec(DIR.resolve("spec"));
        return new Race(spec, new Race.Cfg(DIR.resolve("spec/" + cfg + ".cfg")), got, Trace.read(DIR.resolve(cfg + ".out")));
    }

    static Race.Step step(Race r, String action) {
        for (Race.Step s : r.steps) if (s.action.equals(action)) return s;
        return null;
    }

    /** flags_no_srcu skips synchronize_srcu_expedited() for a flags-only update: the diagram must not show it running. */
    @Test
    void aSkippedStatementIsNotShownRunning() throws Exception {
        Race r = race("FlagsNoSrcu_DirtyLog", "violates:DirtyLogWriteProtected");
        Race.Step s = step(r, "InstallSynchronizeSrcu");
        assertNotNull(s, "the updater's step past install_synchronize_srcu");
        assertTrue(s.statement.contains("skipped"), s.statement);
        assertTrue(s.values.contains("(flags_no_srcu differs here)"), s.values.toString());
        String text = TextDiagram.render(r, "TLC", "");
        assertFalse(text.contains("synchronize_srcu_expedited(&kvm->srcu) ..."), text);
    }

    /**
     * ElisionOnly_Coherence: the count reaches -1 (NotifierCountNonNegative, the kernel's BUG_ON)
     * at kvm_dec_notifier_count(), a step before TLC's Coherence violation at the unlock: the
     * first is the red step. __direct_map() shows the SPTE it installs, not the gfn it clears.
     */
    @Test
    void theFirstStepWhereAnyCheckedPropertyFailsIsTheRedOne() throws Exception {
        for (String cfg : new String[] {"ElisionOnly_Coherence", "LateCount_Coherence"}) {
            Race r = race(cfg, "violates:Coherence");
            List<Race.Step> red = new ArrayList<>();
            for (Race.Step s : r.steps) if (s.breaking) red.add(s);
            assertEquals(1, red.size(), cfg + ": one red step");
            assertEquals("EndDecNotifierCount", red.get(0).action, cfg);
            assertTrue(red.get(0).notes.get(0).startsWith("NotifierCountNonNegative fails here"), red.get(0).notes.toString());
            Race.Step last = r.steps.get(r.steps.size() - 1);
            assertTrue(last.notes.get(0).contains("Coherence violated"), last.notes.toString());
            Race.Step map = step(r, "FaultInstallSpte");
            assertEquals(List.of("spte[2]=0"), map.values, cfg + ": only what __direct_map() made");
        }
    }

    /** Every diagram recorded at 6b56e9a pastes into a commit message: 72 columns, kernel C, no broken identifier. */
    @Test
    void everyDiagramPastesIntoACommitMessage() throws Exception {
        RaceDiagramTest.assertPastable("FlagsNoSrcu_DirtyLog", TextDiagram.render(race("FlagsNoSrcu_DirtyLog", "violates:DirtyLogWriteProtected"), "TLC", "12310"));
        RaceDiagramTest.assertPastable("LateCount_Coherence", TextDiagram.render(race("LateCount_Coherence", "violates:Coherence"), "TLC", "1"));
        RaceDiagramTest.assertPastable("ElisionOnly_Coherence", TextDiagram.render(race("ElisionOnly_Coherence", "violates:Coherence"), "TLC", "1"));
        RaceDiagramTest.assertPastable("ElisionOnly_Balance", TextDiagram.render(race("ElisionOnly_Balance", "violates:NotifierCountNonNegative"), "TLC", "1"));
    }

    /**
     * An operation a task runs from start to end with nobody in between is one line (the
     * unrelated install before Adopted_Starvation's loop); where the design differs it is not
     * (flags_no_srcu's skipped synchronize_srcu_expedited() stays), nor is the failing lane.
     */
    @Test
    void aSerialOperationIsFoldedUnlessTheDesignDiffersThere(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String cfg = java.nio.file.Files.readString(DIR.resolve("spec/FlagsNoSrcu_DirtyLog.cfg"))
            .replace("design:   flags_no_srcu", "design:   adopted").replace("\"flags_no_srcu\"", "\"adopted\"");
        Path c = dir.resolve("Adopted_Serial.cfg");
        java.nio.file.Files.writeString(c, cfg);
        Race adopted = new Race(new Spec(DIR.resolve("spec")), new Race.Cfg(c), "violates:DirtyLogWriteProtected",
            Trace.read(DIR.resolve("FlagsNoSrcu_DirtyLog.out")));
        String text = TextDiagram.render(adopted, "TLC", "");
        assertTrue(text.contains("... steps 4-13 folded: CPU1 runs a memslot update"), text);
        assertTrue(text.contains("16* __direct_map()"), "the failing lane is not folded: " + text);
        String mutant = TextDiagram.render(race("FlagsNoSrcu_DirtyLog", "violates:DirtyLogWriteProtected"), "TLC", "");
        assertFalse(mutant.contains("folded: CPU1"), mutant);
        assertTrue(mutant.contains("/* skipped:") && mutant.contains("synchronize_srcu_expedited(&kvm->srcu)"), mutant);
    }

    /** A definition of another module is not found through a standard module's EXTENDS. */
    @Test
    void aStandardModuleDoesNotReachEveryModule(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("A.tla"), "---- MODULE A ----\nEXTENDS Integers, TLC\nX == 1\n====\n");
        java.nio.file.Files.writeString(dir.resolve("B.tla"), "---- MODULE B ----\nEXTENDS Integers\nOnlyInB == TRUE\n====\n");
        Spec spec = new Spec(dir);
        assertNotNull(spec.find("A", "X"));
        assertEquals(null, spec.find("A", "OnlyInB"));
        assertNotNull(spec.find("B", "OnlyInB"));
    }
}
