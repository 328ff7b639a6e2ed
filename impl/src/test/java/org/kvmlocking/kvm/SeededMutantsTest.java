package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm.seeded.NarrowNotifierRange;
import org.kvmlocking.kvm.seeded.OffByOneWait;

/**
 * The seeded mutants (org.kvmlocking.kvm.seeded) break what they claim, sequentially, and a run
 * that breaks several invariants names the first and lists the others (issue 28).
 */
class SeededMutantsTest {
    private static final int N = 8;

    @Test
    void offByOneWaitBreaksMutualExclusionThenBalanceAndNamesBoth() {
        Mm mm = new Mm(N);
        OffByOneWait kvm = new OffByOneWait(mm, false);
        kvm.createMemslot(0, 0, 4, 0, 0);
        HvaRange r = new HvaRange(1, 2);
        kvm.invalidateRangeStart(r); // one invalidation in flight, counted in mmu_notifier_count
        kvm.deleteMemslot(0); // waits only while more than one is in flight: publishes
        mm.replacePtes(r);
        kvm.invalidateRangeEnd(r); // the slot is gone: the end skips its decrement
        assertEquals("MutualExclusion+Balance", kvm.brokenSoFarUnlocked());
        InvariantViolation v = assertThrows(InvariantViolation.class, kvm::checkInvariants);
        assertEquals("MutualExclusion", v.invariant());
        assertEquals("Balance", v.also());
        assertEquals("MutualExclusion+Balance", v.invariants());
    }

    @Test
    void offByOneWaitWithChecksThrowsAtThePublish() {
        Mm mm = new Mm(N);
        OffByOneWait kvm = new OffByOneWait(mm, true);
        kvm.createMemslot(0, 0, 4, 0, 0);
        kvm.invalidateRangeStart(new HvaRange(1, 2));
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> kvm.deleteMemslot(0));
        assertEquals("MutualExclusion", v.invariant());
    }

    @Test
    void narrowNotifierRangeMapsAPageOnlyTheFirstRangeCovers() {
        Mm mm = new Mm(N);
        NarrowNotifierRange kvm = new NarrowNotifierRange(mm, false);
        kvm.createMemslot(0, 0, 4, 0, 0);
        HvaRange a = new HvaRange(0, 2);
        HvaRange b = new HvaRange(2, 4);
        kvm.invalidateRangeStart(a);
        kvm.invalidateRangeStart(b); // the range becomes [2, 4), not [0, 4)
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(0)); // hva 0: outside the recorded range
        mm.replacePtes(a);
        kvm.invalidateRangeEnd(a);
        mm.replacePtes(b);
        kvm.invalidateRangeEnd(b);
        assertEquals("Coherence", kvm.brokenSoFarUnlocked());
        InvariantViolation v = assertThrows(InvariantViolation.class, kvm::checkInvariants);
        assertEquals("Coherence", v.invariant());
        // the adopted design retries there
        Mm mm2 = new Mm(N);
        Kvm good = new Kvm(mm2, true);
        good.createMemslot(0, 0, 4, 0, 0);
        good.invalidateRangeStart(a);
        good.invalidateRangeStart(b);
        assertEquals(FaultResult.RETRY, good.pageFault(0));
    }
}
