package org.kvmlocking.kvm618.gpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm.InvariantViolation;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/**
 * One thread, the bad interleaving forced by a step observer that acts in the window the step
 * opens (a test-only use: observers must not call back into the cache otherwise): the adopted
 * cache holds where a mutant is caught.
 */
class KvmGpcMutantTest {
    private static KvmGpc make(String design) {
        Mm618 mm = new Mm618(4);
        Kvm618 kvm = new Kvm618(mm, 4, false);
        kvm.createMemslot(0, 0, 2, 2, 0); // gfn [2, 4) -> hva [0, 2)
        return GpcDesigns618.create(design, kvm, true);
    }

    /** A whole invalidation of hva 0 after the refresh looked its page up, gpc->lock dropped (at RetryHvaToPfn). */
    private static void refreshAcrossAnInvalidation(KvmGpc gpcs) {
        GfnToPfnCache gpc = gpcs.kvmGpcInit();
        gpcs.kvmGpcActivate(gpc, 2);
        gpcs.remap(new HvaRange(0, 1));
        boolean[] done = {false};
        gpcs.addStepObserver((s, v) -> {
            if (s == GpcStep.RetryHvaToPfn && !done[0]) {
                done[0] = true;
                gpcs.remap(new HvaRange(0, 1));
            }
        });
        gpcs.kvmGpcRefresh(gpc);
        gpcs.checkInvariants();
    }

    @Test
    void theSeqCatchesAnInvalidationWhollyInsideTheWindow() {
        refreshAcrossAnInvalidation(make("adopted_gpc_618"));
    }

    @Test
    void noSeqValidatesTheReplacedPage() {
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> refreshAcrossAnInvalidation(make("no_seq_gpc_618")));
        assertEquals("GpcCoherent", v.invariant());
    }

    /** A use while the re-activation at hva 1 looks its page up (at RetryHvaToPfn). */
    private static void useDuringAReactivation(KvmGpc gpcs) {
        GfnToPfnCache gpc = gpcs.kvmGpcInit();
        gpcs.kvmGpcActivateHva(gpc, 0);
        boolean[] done = {false};
        gpcs.addStepObserver((s, v) -> {
            if (s == GpcStep.RetryHvaToPfn && !done[0]) {
                done[0] = true;
                gpcs.kvmGpcUse(gpc, 1);
            }
        });
        gpcs.kvmGpcActivateHva(gpc, 1);
        gpcs.checkInvariants();
    }

    @Test
    void theCacheIsInvalidWhileTheLockIsDropped() {
        useDuringAReactivation(make("adopted_gpc_618"));
    }

    @Test
    void noClearValidLetsTheCheckAcceptTheOldPage() {
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> useDuringAReactivation(make("no_clear_valid_gpc_618")));
        assertEquals("GpcCoherent", v.invariant());
    }

    /** The hva outside every memslot (gpcspec's K618_AdoptedGpc_HvaOutsideSlots): the finding, as a test. */
    @Test
    void anHvaOutsideEveryMemslotIsNotProtectedByTheSeq() {
        KvmGpc gpcs = make("adopted_gpc_618");
        GfnToPfnCache gpc = gpcs.kvmGpcInit();
        gpcs.kvmGpcActivateHva(gpc, 3);
        gpcs.remap(new HvaRange(3, 4));
        boolean[] done = {false};
        gpcs.addStepObserver((s, v) -> {
            if (s == GpcStep.RetryHvaToPfn && !done[0]) {
                done[0] = true;
                gpcs.remap(new HvaRange(3, 4));
            }
        });
        InvariantViolation v = assertThrows(InvariantViolation.class, () -> gpcs.kvmGpcRefresh(gpc));
        assertEquals("GpcCoherent", v.invariant());
    }

    @Test
    void everyDesignByNameAndByClass() {
        assertEquals(GpcDesigns618.NAMES.length, GpcDesigns618.CLASSES.length);
        for (int i = 0; i < GpcDesigns618.NAMES.length; i++) {
            KvmGpc a = make(GpcDesigns618.NAMES[i]);
            assertEquals(GpcDesigns618.CLASSES[i], a.getClass().getName());
            Kvm618 kvm = new Kvm618(new Mm618(2), 2, false);
            assertEquals(GpcDesigns618.CLASSES[i], GpcDesigns618.create(GpcDesigns618.CLASSES[i], kvm, false).getClass().getName());
            assertTrue(GpcDesigns618.NAMES[i].endsWith("_gpc_618"));
        }
    }
}
