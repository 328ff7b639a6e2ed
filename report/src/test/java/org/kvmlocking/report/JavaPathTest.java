package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JPF's error path read from recorded logs of jpf/check.sh: an invariant violation and a deadlock. */
class JavaPathTest {
    static final Path REC = ReportTest.REC;

    @Test
    void anInvariantViolationIsTheOutputSectionsStepsAndTheExceptionLine() throws Exception {
        JavaPath p = JavaPath.read(REC.resolve("elision_only_fault.jpf.out"));
        assertEquals(8, p.steps.size());
        assertEquals("invalidator-1", p.steps.get(0).thread);
        assertEquals("StartBegin", p.steps.get(0).action);
        assertEquals(List.of("invalidator-1", "updater"), p.threads);
        assertTrue(p.error.startsWith("org.kvmlocking.kvm.InvariantViolation: NotifierCountNonNegative:"), p.error);
    }

    @Test
    void aDeadlockNamesWhatEachThreadWaitsOn() throws Exception {
        JavaPath p = JavaPath.read(REC.resolve("lost_wakeup_hang.jpf.out"));
        assertEquals("deadlock", p.error);
        assertEquals("InstallSetState", p.steps.get(p.steps.size() - 1).action, "the lost wake-up: the state set after the wake-up");
        assertEquals("waiting on Task at org.kvmlocking.kernel.Task.schedule", p.snapshot.get("updater"));
    }

    @Test
    void aLogWithoutAnErrorPathHasNone(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("adopted_wakeup.out");
        Files.writeString(log, "====================================================== results\nno errors detected\n");
        assertNull(JavaPath.read(log));
    }
}
