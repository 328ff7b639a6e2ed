package org.kvmlocking.kvm618.gpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;
import org.kvmlocking.kvm618.Step618;

/** One thread: the cache's functions against the kernel's behaviour, step by step. */
class KvmGpcSequentialTest {
    private Mm618 mm;
    private Kvm618 kvm;
    private KvmGpc gpcs;
    private GfnToPfnCache gpc;

    @BeforeEach
    void setUp() {
        mm = new Mm618(4);
        kvm = new Kvm618(mm, 8, true);
        kvm.createMemslot(0, 0, 4, 2, 0); // gfn [4, 6) -> hva [0, 2)
        gpcs = new KvmGpc(kvm, true);
        gpc = gpcs.kvmGpcInit();
    }

    @Test
    void activateMapsThePageOfTheGpa() {
        assertEquals(0, gpcs.kvmGpcActivate(gpc, 5));
        assertTrue(gpcs.active(gpc));
        assertTrue(gpcs.valid(gpc));
        assertEquals(1, gpcs.uhva(gpc));
        assertEquals(mm.pte(1), gpcs.pfn(gpc));
        assertEquals(mm.pte(1), gpcs.kvmGpcUse(gpc, 1));
        gpcs.checkInvariants();
    }

    @Test
    void anInvalidationOfTheUhvaInvalidatesAndTheUserRefreshes() {
        gpcs.kvmGpcActivate(gpc, 4);
        int old = gpcs.pfn(gpc);
        gpcs.remap(new HvaRange(0, 1));
        assertFalse(gpcs.valid(gpc), "range_start must invalidate the cache");
        int now = gpcs.kvmGpcUse(gpc, 2);
        assertEquals(mm.pte(0), now);
        assertTrue(now != old);
        gpcs.checkInvariants();
        kvm.checkInvariants();
        kvm.checkIdle();
    }

    @Test
    void anInvalidationElsewhereLeavesTheCacheValid() {
        gpcs.kvmGpcActivate(gpc, 4);
        gpcs.remap(new HvaRange(1, 3));
        assertTrue(gpcs.valid(gpc));
        assertEquals(mm.pte(0), gpcs.kvmGpcUse(gpc, 1));
    }

    @Test
    void theInvalidationRunsAfterTheCountRisesAndBeforeMmuLock() {
        gpcs.kvmGpcActivate(gpc, 4);
        List<String> order = new ArrayList<>();
        gpcs.addKvmStepObserver((s, v) -> {
            if (s == Step618.StartIncActive || s == Step618.StartUnlockMn || s == Step618.StartLockMmu || s == Step618.PrimaryChangePte) {
                order.add(s.name());
            }
        });
        gpcs.addStepObserver((s, v) -> {
            if (s == GpcStep.GpcInvWriteInvalidate) {
                order.add(s.name() + "=" + v);
            }
        });
        gpcs.remap(new HvaRange(0, 1));
        assertEquals(List.of("StartIncActive", "StartUnlockMn", "GpcInvWriteInvalidate=1", "StartLockMmu", "PrimaryChangePte"), order);
    }

    @Test
    void aMemslotMoveFailsTheGenerationCheckAndTheRefreshFollowsTheGpa() {
        gpcs.kvmGpcActivate(gpc, 5);
        assertEquals(1, gpcs.uhva(gpc));
        kvm.deleteMemslot(0, 0);
        kvm.createMemslot(0, 0, 4, 2, 2); // gfn [4, 6) -> hva [2, 4)
        // No invalidation of hva 1 happened: the cache is still valid but from an old generation.
        assertTrue(gpcs.valid(gpc));
        assertEquals(mm.pte(3), gpcs.kvmGpcUse(gpc, 2));
        assertEquals(3, gpcs.uhva(gpc));
    }

    @Test
    void aGpaWithoutMemslotFails() {
        assertEquals(KvmGpc.EFAULT, gpcs.kvmGpcActivate(gpc, 1));
        assertFalse(gpcs.valid(gpc));
        assertEquals(GfnToPfnCache.KVM_PFN_ERR_FAULT, gpcs.kvmGpcUse(gpc, 2));
    }

    @Test
    void hvaBasedCacheAndReactivationAtAnotherHva() {
        assertEquals(0, gpcs.kvmGpcActivateHva(gpc, 3));
        assertEquals(mm.pte(3), gpcs.kvmGpcUse(gpc, 1));
        assertEquals(0, gpcs.kvmGpcActivateHva(gpc, 2));
        assertEquals(mm.pte(2), gpcs.kvmGpcUse(gpc, 1));
        gpcs.checkInvariants();
    }

    @Test
    void anUnmappedHvaIsFaultedIn() {
        gpcs.kvmGpcActivateHva(gpc, 3);
        gpcs.unmap(new HvaRange(3, 4));
        assertFalse(gpcs.valid(gpc));
        assertEquals(Mm618.NO_PAGE, mm.pte(3));
        int f = gpcs.kvmGpcUse(gpc, 2);
        assertTrue(f != Mm618.NO_PAGE);
        assertEquals(mm.pte(3), f);
    }

    @Test
    void deactivateStopsTheCacheAndRefreshFailsUntilReactivated() {
        gpcs.kvmGpcActivate(gpc, 4);
        gpcs.kvmGpcDeactivate(gpc);
        assertFalse(gpcs.active(gpc));
        assertFalse(gpcs.valid(gpc));
        assertEquals(KvmGpc.EINVAL, gpcs.kvmGpcRefresh(gpc));
        assertEquals(GfnToPfnCache.KVM_PFN_ERR_FAULT, gpcs.kvmGpcUse(gpc, 2));
        // Off the list: an invalidation does not look at it.
        gpcs.remap(new HvaRange(0, 1));
        assertEquals(0, gpcs.kvmGpcActivate(gpc, 4));
        assertEquals(mm.pte(0), gpcs.kvmGpcUse(gpc, 1));
        gpcs.kvmGpcDeactivate(gpc);
        gpcs.kvmGpcDeactivate(gpc); // inactive: nothing
        gpcs.checkInvariants();
    }

    @Test
    void noWarnings() {
        gpcs.kvmGpcActivate(gpc, 4);
        gpcs.remap(new HvaRange(0, 2));
        gpcs.kvmGpcUse(gpc, 2);
        assertEquals(0, gpcs.warnings());
    }
}
