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
        return new Race(spec, new Race.Cfg(DIR.resolve("spec/" + cfg + ".cfg")), got, Trace.read(DIR.resolve(cfg + ".trace")));
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
}
