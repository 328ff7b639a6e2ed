package org.kvmlocking.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CfgTest {
    static Cfg cfg(String text) { return Cfg.parse(Path.of("spec/X_Y.cfg"), text); }

    static final String HEAD = "\\* What it shows.\n\\* design:   adopted\n\\* module:   KvmMemslots\n";

    @Test
    void checksComeFromTheBody() {
        Cfg c = cfg(HEAD + "\\* expect:   holds\n\\* states:   1,234\nCONSTANTS\n    Inv = {i1, i2}\n    Variant = \"adopted\"\n"
                + "SPECIFICATION Spec\nINVARIANTS TypeOK Balance\nINVARIANT NoLostWakeUp\nPROPERTIES MutualExclusion\n    RefinesUnfairRwsem\n"
                + "SYMMETRY Symmetry\n");
        assertEquals("What it shows.", c.description());
        assertEquals("X_Y", c.name());
        assertEquals(List.of("DeadlockFree", "TypeOK", "Balance", "NoLostWakeUp", "MutualExclusion", "RefinesUnfairRwsem"), c.checks());
        assertEquals(1234, c.pinnedStates());
        assertEquals("{i1, i2}", c.constants().get("Inv"));
        assertEquals("\"adopted\"", c.constants().get("Variant"));
        assertEquals("Spec", c.specification());
        assertEquals("Symmetry", c.symmetry());
        assertTrue(c.problems().isEmpty(), c.problems().toString());
    }

    @Test
    void deadlockOffAndRejected() {
        Cfg c = cfg(HEAD + "\\* expect:   temporal:FaultsEnd\nSPECIFICATION Spec\nPROPERTIES FaultsEnd\nCHECK_DEADLOCK FALSE\n");
        assertFalse(c.checkDeadlock());
        assertEquals(List.of("FaultsEnd"), c.checks());
        Cfg r = cfg(HEAD + "\\* expect:   rejected:NPages must be\nCONSTANTS\n    NPages = 0\nINVARIANTS TypeOK\n");
        assertEquals(List.of("ConstantsOK"), r.checks());
    }

    @Test
    void headerProblems() {
        assertTrue(cfg(HEAD + "\\* expect:   violates:Coherence\nINVARIANTS Balance\n").problems().get(0).contains("names Coherence"));
        assertTrue(cfg(HEAD + "\\* checks:   Balance\n\\* expect:   holds\nINVARIANTS Balance\n").problems().get(0).contains("disagrees"));
        assertTrue(cfg(HEAD + "\\* checks:   DeadlockFree Balance\n\\* expect:   holds\nINVARIANTS Balance\n").problems().isEmpty());
        assertTrue(cfg(HEAD + "\\* expect:   deadlock\n\\* states:   12\n").problems().get(0).contains("pins a run that expects holds"));
        assertTrue(cfg(HEAD + "\\* expect:   holds\n\\* states:   many\n").problems().get(0).contains("must be a number"));
        assertTrue(cfg(HEAD + "\\* expect:   maybe\n").problems().get(0).contains("expect must be"));
        assertTrue(cfg("\\* design:   adopted\n\\* expect:   holds\n").problems().get(0).contains("module"));
        assertThrows(IllegalArgumentException.class, () -> cfg(HEAD + "CHECK_DEADLOCK yes\n"));
        assertThrows(IllegalArgumentException.class, () -> cfg(HEAD + "Inv = {i1}\n"));
    }
}
