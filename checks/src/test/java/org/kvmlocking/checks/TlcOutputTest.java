package org.kvmlocking.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On TLC 2.18 output recorded by make check runs (src/test/resources/tlc, recorded/). */
class TlcOutputTest {
    static final Path TLC = Path.of("src/test/resources/tlc"), RECORDED = Path.of("src/test/resources/recorded");

    static TlcOutput read(Path dir, String name, int exit) throws IOException {
        return TlcOutput.read(dir.resolve(name + ".out"), exit);
    }

    @Test
    void invariantViolation() throws IOException {
        TlcOutput o = read(TLC, "ElisionOnly_Balance", 12);
        assertEquals(TlcOutput.Verdict.INVARIANT, o.verdict());
        assertEquals("NotifierCountNonNegative", o.property());
        assertEquals(2218, o.distinct());
        assertEquals(10, o.depth());
        assertEquals(10, o.trace().size());
        assertEquals(-1, o.lassoBack());
        assertTrue(o.exitAgrees());
        assertFalse(TlcOutput.read(TLC.resolve("ElisionOnly_Balance.out"), 0).exitAgrees());
        // The last state: the count below zero, as a parsed value.
        assertEquals(new TlaValue.Num(-1), o.trace().get(9).value("mmu_notifier_count"));
        assertEquals("Initial predicate", o.trace().get(0).label());
    }

    @Test
    void actionPropertyExits13() throws IOException {
        TlcOutput o = read(TLC, "IfNotWhile", 13);
        assertEquals(TlcOutput.Verdict.ACTION, o.verdict());
        assertEquals("MutualExclusion", o.property());
        assertEquals(28214, o.distinct());
        assertTrue(o.exitAgrees());
    }

    @Test
    void serverWorkers() {
        String log = "TLC2 TLC Server Version 2.18\n"
                + "Registration for worker at rmi://127.0.0.1:40001/1 completed.\n"
                + "Registration for worker at rmi://127.0.0.1:40002/1 completed.\n"
                + "Worker: rmi://127.0.0.1:40001/1 Sent: 1200 Rcvd: 3000 Cache: 5\n"
                + "Worker: rmi://127.0.0.1:40001/2 Sent: 300 Rcvd: 10 Cache: 5\n"
                + "Worker: rmi://127.0.0.1:40002/1 Sent: 0 Rcvd: 0 Cache: 0\n";
        assertEquals(List.of(new TlcOutput.ServerWorker("127.0.0.1:40001", 1500), new TlcOutput.ServerWorker("127.0.0.1:40002", 0)),
                TlcOutput.serverWorkers(log));
    }

    @Test
    void deadlock() throws IOException {
        TlcOutput o = read(TLC, "LostWakeUp_Deadlock", 11);
        assertEquals(TlcOutput.Verdict.DEADLOCK, o.verdict());
        assertEquals(62362, o.distinct());
        assertEquals(157586, o.generated());
        assertEquals(28, o.depth());
        assertTrue(o.exitAgrees());
    }

    @Test
    void temporalWithStutteringLasso() throws IOException {
        TlcOutput o = read(TLC, "MmuLockLeak_InvalidationsEnd", 13);
        assertEquals(TlcOutput.Verdict.TEMPORAL, o.verdict());
        assertEquals("", o.property());
        assertEquals(4264, o.distinct());
        assertEquals(0, o.lassoBack());
        assertEquals("Stuttering", o.trace().get(o.trace().size() - 1).label());
        assertTrue(o.exitAgrees());
    }

    @Test
    void temporalWithBackEdgeCondensesAsTheOldAwkDid() throws IOException {
        TlcOutput o = read(RECORDED, "Adopted_Starvation", 13);
        assertEquals(TlcOutput.Verdict.TEMPORAL, o.verdict());
        assertEquals(8, o.lassoBack());
        assertEquals(36520, o.distinct());
        assertEquals(Files.readString(RECORDED.resolve("Adopted_Starvation.trace")), o.condensed(RECORDED.resolve("spec")));
        TlcOutput d = read(RECORDED, "RwsemFair_Deadlock", 11);
        assertEquals(Files.readString(RECORDED.resolve("RwsemFair_Deadlock.trace")), d.condensed(RECORDED.resolve("spec")));
    }

    @Test
    void assumeRejected() throws IOException {
        TlcOutput o = read(TLC, "BadNPages", -1);
        assertEquals(TlcOutput.Verdict.REJECTED, o.verdict());
        assertEquals("NPages must be a natural number >= 1", o.property());
        assertEquals(0, o.distinct());
    }

    @Test
    void holdsAndErrors() {
        String ok = "TLC2 Version 2.18\nModel checking completed. No error has been found.\n"
                + "  Estimates of the probability that TLC did not check all reachable states\n"
                + "1,234 states generated, 561312 distinct states found, 0 states left on queue.\n"
                + "The depth of the complete state graph search is 57.\n";
        TlcOutput o = TlcOutput.parse(ok, 0);
        assertEquals(TlcOutput.Verdict.HOLDS, o.verdict());
        assertEquals(561312, o.distinct());
        assertEquals(57, o.depth());
        assertTrue(o.trace().isEmpty());
        TlcOutput e = TlcOutput.parse("Error: Could not parse module TLC\n", 150);
        assertEquals(TlcOutput.Verdict.ERROR, e.verdict());
        assertEquals("Error: Could not parse module TLC", e.property());
        assertEquals(TlcOutput.Verdict.ERROR, TlcOutput.parse("", 255).verdict());
        TlcOutput server = TlcOutput.parse("TLC2 TLC Server\nError: The behavior up to this point is:\n", -1);
        assertTrue(server.server());
        assertTrue(server.property().startsWith("TLCServer stopped"));
    }

    @Test
    void positionAndCoverageAreReadHere() {
        TlcOutput.Position at = TlcOutput.position("StartLockMn line 181, col 5 to line 186, col 70 of module KvmMemslots");
        assertEquals(new TlcOutput.Position("StartLockMn", 181, 5, "KvmMemslots"), at);
        assertNull(TlcOutput.position("Initial predicate"));
        String text = "noise\nThe coverage statistics at 2026-12-06 07:00:00\n"
                + "<Init line 10, col 1 to line 12, col 20 of module KvmMemslots>: 1:1\n"
                + "<InvStep line 300, col 1 to line 320, col 20 of module KvmMemslots (302 8 302 20)>: 7:40\n"
                + "<EndLockMn line 250, col 1 to line 255, col 20 of module KvmMemslots>: 3:9\n";
        List<TlcOutput.Coverage> c = TlcOutput.coverage(text);
        assertEquals(3, c.size());
        assertEquals(new TlcOutput.Coverage("InvStep", "KvmMemslots", 302, 8, 7, 40), c.get(1));
        assertEquals(new TlcOutput.Coverage("EndLockMn", "KvmMemslots", 0, 0, 3, 9), c.get(2));
        assertTrue(TlcOutput.coverage("no statistics").isEmpty());
    }
}
