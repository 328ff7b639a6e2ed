package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
}
