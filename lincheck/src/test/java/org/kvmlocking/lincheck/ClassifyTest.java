package org.kvmlocking.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link LincheckRun#classify} on the report shapes of each path (issue 28): Lincheck 3.7's
 * model checker titles a hang "= The execution has hung =" and lists the operations' exceptions;
 * its stress mode titles it "= The execution has hung, see the thread dump =" (the old classifier
 * missed that title: the row said other:The-execution-has-hung...); a report may list no
 * exception, and then what the operations threw names it. Every verdict names the first
 * invariant and the others the run broke.
 */
class ClassifyTest {
    private static final String EXC = "#1: org.kvmlocking.kvm.InvariantViolation: MutualExclusion: memslots published while 1 invalidation(s) are in flight\n";

    @Test
    void modelCheckingHang() {
        assertEquals("violates:MutualExclusion", LincheckRun.classify("\n= The execution has hung =\n| end(2): <hung> |\n" + EXC));
    }

    @Test
    void stressHang() {
        assertEquals("violates:MutualExclusion",
                LincheckRun.classify("\n= The execution has hung, see the thread dump =\n| end(2): <hung> |\n" + EXC));
    }

    @Test
    void hangWithoutTheExceptionListed() {
        String msg = "\n= The execution has hung, see the thread dump =\nThread-1 at SpinLock.lock\n";
        assertEquals("hung", LincheckRun.classify(msg, null));
        assertEquals("violates:Coherence", LincheckRun.classify(msg, "Coherence"));
    }

    @Test
    void validationListsTheOthers() {
        String msg = "\n= Validation function checkInvariants has failed =\n#1: org.kvmlocking.kvm.InvariantViolation: "
                + "MutualExclusion: (earlier) memslots published [also broke: Balance+Coherence]\n";
        assertEquals("validation:MutualExclusion+Balance+Coherence", LincheckRun.classify(msg));
    }

    @Test
    void invalidResultsWithAHangingThrowListsTheOthers() {
        String msg = "\n= Invalid execution results =\n#1: org.kvmlocking.kvm.InvariantViolation: Balance: x [also broke: MutualExclusion]\n";
        assertEquals("violates:Balance+MutualExclusion", LincheckRun.classify(msg));
    }

    @Test
    void meets() {
        assertTrue(LincheckRun.meets("validation:MutualExclusion", "validation:MutualExclusion+Balance"));
        assertTrue(LincheckRun.meets("validation:MutualExclusion+Balance", "validation:MutualExclusion+Coherence+Balance"));
        assertFalse(LincheckRun.meets("validation:Balance", "validation:MutualExclusion+Balance"));
        assertFalse(LincheckRun.meets("validation:MutualExclusion+Balance", "validation:MutualExclusion"));
        assertFalse(LincheckRun.meets("violates:MutualExclusion", "validation:MutualExclusion"));
        assertFalse(LincheckRun.meets("hung", "violates:MutualExclusion"));
    }
}
