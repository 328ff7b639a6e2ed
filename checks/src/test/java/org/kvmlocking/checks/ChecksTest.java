package org.kvmlocking.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows per check of the body, each with its own expectation, on recorded runs. */
class ChecksTest {
    @TempDir Path spec;

    static final String HEAD = "\\* design:   d\n\\* module:   M\n";

    Cfg cfg(String expect, String body) { return Cfg.parse(Path.of("spec/C.cfg"), HEAD + "\\* expect:   " + expect + "\n" + body); }

    static List<String> col(Checks.Judged j, int i) { return j.rows().stream().map(r -> r.fields().get(i)).toList(); }

    @Test
    void violationLeavesTheOtherChecksUnrefuted() throws IOException {
        TlcOutput o = TlcOutputTest.read(TlcOutputTest.TLC, "ElisionOnly_Balance", 12);
        Checks.Judged j = Checks.judge(cfg("violates:NotifierCountNonNegative", "INVARIANTS NotifierCountNonNegative\n"), o, spec, "1", Path.of("l"));
        assertTrue(j.ok(), j.messages().toString());
        // The violated check's row first (the report reads a run's first row), then the others.
        assertEquals(List.of("NotifierCountNonNegative", "DeadlockFree"), col(j, 1));
        assertEquals(List.of("violates:NotifierCountNonNegative", "unrefuted"), col(j, 4));
        // Expecting another invariant: that row fails, and says so.
        Checks.Judged bad = Checks.judge(cfg("violates:Balance", "INVARIANTS NotifierCountNonNegative Balance\n"), o, spec, "1", Path.of("l"));
        assertFalse(bad.ok());
        assertEquals(List.of("NotifierCountNonNegative", "DeadlockFree", "Balance"), col(bad, 1));
        assertEquals(List.of("FAIL", "ok", "FAIL"), col(bad, 8));
    }

    @Test
    void eitherOfASetIsEnough() throws IOException {
        TlcOutput o = TlcOutputTest.read(TlcOutputTest.TLC, "NoWaitLoop", 12);
        Checks.Judged j = Checks.judge(cfg("violates:Balance|Coherence", "INVARIANTS Balance Coherence\n"), o, spec, "1", Path.of("l"));
        assertTrue(j.ok(), j.messages().toString());
        assertEquals(List.of("violates:Balance", "unrefuted", "unrefuted"), col(j, 4));
    }

    @Test
    void temporalViolationDecidesTheSafetyChecks() throws IOException {
        Files.writeString(spec.resolve("M.tla"), "RefinesUnfairRwsem == [][Step]_vars\nReadersAdmitted == \\A r : Want(r) ~> Got(r)\n");
        TlcOutput o = TlcOutputTest.read(TlcOutputTest.TLC, "RwsemFair_ReadersAdmitted", 13);
        Checks.Judged j = Checks.judge(cfg("temporal:ReadersAdmitted", "INVARIANTS TypeOK\nPROPERTIES RefinesUnfairRwsem ReadersAdmitted\nCHECK_DEADLOCK FALSE\n"),
                o, spec, "1", Path.of("l"));
        assertTrue(j.ok(), j.messages().toString());
        assertEquals(List.of("temporal:ReadersAdmitted", "holds", "holds"), col(j, 4));
    }

    @Test
    void pinnedStatesMustMatch() {
        TlcOutput o = TlcOutput.parse("Model checking completed. No error has been found.\n5 states generated, 3 distinct states found, 0 states left on queue.\n"
                + "The depth of the complete state graph search is 2.\n", 0);
        assertTrue(Checks.judge(cfg("holds", "INVARIANTS A\n").withStates(3), o, spec, "1", Path.of("l")).ok());
        Checks.Judged j = Checks.judge(cfg("holds", "INVARIANTS A\n").withStates(4), o, spec, "1", Path.of("l"));
        assertFalse(j.ok());
        assertEquals(1, j.messages().size());
        assertTrue(j.messages().get(0).startsWith("C: 3 distinct states, but its header pins 4"), j.messages().get(0));
        // Its exit code disagreeing with its text: an error, not a verdict.
        TlcOutput lying = TlcOutput.parse("Model checking completed. No error has been found.\n", 12);
        assertTrue(Checks.judge(cfg("holds", "INVARIANTS A\n"), lying, spec, "1", Path.of("l")).rows().get(0).got().startsWith("error:TLC exited 12"));
    }

    /** The baseline make check's logs (main at 6b56e9a) against the cfgs of this tree, pins included. */
    @Test
    void baselineHoldsRunsMeetTheirPinnedCounts() throws IOException {
        Path specDir = Path.of("../spec");
        // Adopted_Blocking is in spec/large since issue 29 (make check runs its one-page form)
        for (String n : List.of("large/Adopted_Blocking", "RwsemUnfair_Liveness")) {
            Cfg c = Cfg.read(specDir.resolve(n + ".cfg"));
            n = n.substring(n.indexOf('/') + 1);
            Checks.Judged j = Checks.judge(c, TlcOutputTest.read(TlcOutputTest.TLC, n, 0), specDir, "1", Path.of("l"));
            assertTrue(j.ok(), n + ": " + j.messages());
            assertTrue(c.pinnedStates() > 0, n);
            assertTrue(j.rows().stream().allMatch(r -> r.got().equals("holds") && r.states().equals(Long.toString(c.pinnedStates()))), n);
        }
        Checks.Judged wrong = Checks.judge(Cfg.read(specDir.resolve("large/Adopted_Blocking.cfg")).withStates(123331),
                TlcOutputTest.read(TlcOutputTest.TLC, "Adopted_Blocking", 0), specDir, "1", Path.of("l"));
        assertFalse(wrong.ok());
        assertEquals(List.of("Adopted_Blocking: 123332 distinct states, but its header pins 123331 (\\* states:): the state space changed;"
                + " if that is meant, say why and pin the new count"), wrong.messages());
        Cfg bad = Cfg.read(specDir.resolve("bad/BadFlagsUpdates.cfg"));
        Checks.Judged r = Checks.judge(bad, TlcOutputTest.read(TlcOutputTest.TLC, "BadFlagsUpdates", -1), specDir, "0", Path.of("l"));
        assertTrue(r.ok(), r.messages().toString());
    }

    @Test
    void deadlockAndRejected() throws IOException {
        Checks.Judged d = Checks.judge(cfg("deadlock", "INVARIANTS TypeOK\n"), TlcOutputTest.read(TlcOutputTest.TLC, "LostWakeUp_Deadlock", 11), spec, "1", Path.of("l"));
        assertTrue(d.ok());
        assertEquals(List.of("deadlock", "unrefuted"), col(d, 4));
        Checks.Judged r = Checks.judge(cfg("rejected:NPages must be", "INVARIANTS TypeOK\n"), TlcOutputTest.read(TlcOutputTest.TLC, "BadNPages", 10), spec, "1", Path.of("l"));
        assertTrue(r.ok());
        assertEquals(List.of("ConstantsOK"), col(r, 1));
    }
}
