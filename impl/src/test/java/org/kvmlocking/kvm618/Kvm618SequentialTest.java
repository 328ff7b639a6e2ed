package org.kvmlocking.kvm618;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm.FaultResult;

/**
 * Single-threaded behaviour of the adopted 6.18 code (Kvm618) and the effect of each step.
 * Layout: hva space 8 pages, gfn space 8; slot 0 of address space 0 maps gfn [4, 6) to hva
 * [0, 2) (hva and gfn distinct, so a range in the wrong unit shows).
 */
class Kvm618SequentialTest {
    private static final int HVAS = 8;
    private static final int GFNS = 8;
    private Mm618 mm;
    private Kvm618 kvm;
    private final List<String> steps = new ArrayList<>();

    @BeforeEach
    void setUp() {
        mm = new Mm618(HVAS);
        kvm = new Kvm618(mm, GFNS, true);
        kvm.addStepObserver((s, v) -> steps.add(s.name()));
    }

    private List<String> stepsOf(Runnable r) {
        steps.clear();
        r.run();
        return new ArrayList<>(steps);
    }

    @Test
    void initialState() {
        for (int as = 0; as < Kvm618.KVM_ADDRESS_SPACE_NUM; as++) {
            assertEquals(0, kvm.memslots(as).size());
            assertEquals(as, kvm.generation(as), "generations differ per address space (kvm_create_vm)");
            for (int g = 0; g < GFNS; g++) {
                assertEquals(Mm618.NO_PAGE, kvm.spte(as, g));
            }
        }
        assertEquals(0, kvm.mnActiveInvalidateCount());
        assertEquals(0, kvm.mmuInvalidateInProgress());
        assertEquals(0, kvm.mmuInvalidateSeq());
        assertArrayEquals(new int[] {Kvm618.INVALID_GPA, Kvm618.INVALID_GPA}, kvm.mmuInvalidateRange());
        kvm.checkInvariants();
        kvm.checkIdle();
    }

    @Test
    void createIsOneSwapAndAdvancesTheGeneration() {
        List<String> s = stepsOf(() -> kvm.createMemslot(0, 0, 4, 2, 0));
        assertEquals(List.of("SetMemoryRegion", "ActivateReplace", "SwapLockMn", "SwapPrepareRcuwait", "SwapWaitTest",
                "SwapFinishRcuwait", "SwapPublish", "SwapUnlockMn", "SwapSynchronizeSrcu", "SetMemoryRegionDone"), s);
        assertEquals("as0{as0.slot0{gfn [4, 6) -> hva [0, 2)}}", kvm.memslots(0).toString());
        assertEquals(2, kvm.generation(0), "gen += KVM_ADDRESS_SPACE_NUM, in-progress flag dropped");
        assertEquals(1, kvm.generation(1), "the other address space is untouched");
    }

    @Test
    void faultSnapshotsChecksAndMapsThePrimaryFrame() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        List<String> s = stepsOf(() -> assertEquals(FaultResult.INSTALLED, kvm.pageFault(0, 5)));
        assertEquals(List.of("FaultBegin", "FaultSnapshotSeq", "FaultCheckSlot", "FaultRetryUnsafeBefore", "FaultGetPfn",
                "FaultRetryUnsafeAfter", "FaultLockMmu", "FaultIsStale", "FaultMap", "FaultUnlockMmu"), s);
        assertEquals(mm.pte(1), kvm.spte(0, 5), "gfn 5 is hva 1 of the slot");
        assertEquals(Mm618.NO_PAGE, kvm.spte(1, 5), "the SMM address space has its own SPTEs");
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(0, 0));
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(1, 5), "no slot in address space 1");
    }

    @Test
    void remapOverASlotTracksGfnsZapsAndBalances() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        kvm.pageFault(0, 4);
        kvm.pageFault(0, 5);
        List<String> s = stepsOf(() -> mm.remap(new HvaRange(1, 3)));
        assertEquals(List.of("InvBegin", "StartLockMn", "StartIncActive", "StartUnlockMn",
                "StartHvaRange", "StartHvaRange", "StartLockMmu", "StartInvalidateBegin", "StartRangeAdd", "StartUnmapGfnRange",
                "StartHvaRange", "StartUnlockMmu", "PrimaryChangePte", "InvEnd",
                "EndHvaRange", "EndHvaRange", "EndLockMmu", "EndInvalidateEnd", "EndUnlockMmu",
                "EndLockMn", "EndDecActive", "EndUnlockMn", "EndWakeUp"), s);
        // hva [1, 3) meets the slot at hva 1 only: gfn [5, 6), in gfns, not hvas.
        assertArrayEquals(new int[] {5, 6}, kvm.mmuInvalidateRange());
        assertEquals(Mm618.NO_PAGE, kvm.spte(0, 5), "zapped");
        assertEquals(mm.pte(0), kvm.spte(0, 4), "outside the range: kept");
        assertEquals(1, kvm.mmuInvalidateSeq());
        assertEquals(0, kvm.mmuInvalidateInProgress());
        assertEquals(0, kvm.mnActiveInvalidateCount());
        assertEquals(0, kvm.warnings());
        kvm.checkInvariants();
    }

    @Test
    void rangeOutsideEveryMemslotIsElided() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        List<String> s = stepsOf(() -> mm.remap(new HvaRange(4, 6)));
        assertEquals(List.of("InvBegin", "StartLockMn", "StartIncActive", "StartUnlockMn", "StartHvaRange", "StartHvaRange",
                "PrimaryChangePte", "InvEnd", "EndHvaRange", "EndHvaRange", "EndLockMn", "EndDecActive", "EndUnlockMn",
                "EndWakeUp"), s);
        assertEquals(0, kvm.mmuInvalidateSeq(), "no memslot, no mmu_lock, no begin/end");
    }

    @Test
    void smmAliasOfOneHvaIsTwoRangeAddsInOneBeginEnd() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        kvm.createMemslot(1, 0, 1, 2, 0); // the same hvas in the SMM address space, at gfn [1, 3)
        kvm.pageFault(0, 4);
        kvm.pageFault(1, 1);
        List<Integer> adds = new ArrayList<>();
        kvm.addStepObserver((st, v) -> {
            if (st == Step618.StartRangeAdd) {
                adds.add(v);
            }
        });
        List<String> s = stepsOf(() -> mm.remap(new HvaRange(0, 2)));
        assertEquals(1, s.stream().filter("StartInvalidateBegin"::equals).count(), "on_lock once per call");
        assertEquals(List.of(4, 1), adds, "range_add once per overlapping slot");
        assertArrayEquals(new int[] {1, 6}, kvm.mmuInvalidateRange(), "the union");
        assertEquals(Mm618.NO_PAGE, kvm.spte(0, 4));
        assertEquals(Mm618.NO_PAGE, kvm.spte(1, 1));
        kvm.checkInvariants();
    }

    @Test
    void deleteSwapsTheInvalidCopyFlushesThenSwapsAgain() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        kvm.pageFault(0, 4);
        List<String> s = stepsOf(() -> kvm.deleteMemslot(0, 0));
        assertEquals(List.of("SetMemoryRegion", "InvalidateMemslotCopy", "SwapLockMn", "SwapPrepareRcuwait", "SwapWaitTest",
                "SwapFinishRcuwait", "SwapPublish", "SwapUnlockMn", "SwapSynchronizeSrcu",
                "FlushShadowLockMmu", "FlushShadowZap", "FlushShadowUnlockMmu",
                "ActivateReplace", "SwapLockMn", "SwapPrepareRcuwait", "SwapWaitTest", "SwapFinishRcuwait", "SwapPublish",
                "SwapUnlockMn", "SwapSynchronizeSrcu", "SetMemoryRegionDone"), s);
        assertEquals(0, kvm.memslots(0).size());
        assertEquals(Mm618.NO_PAGE, kvm.spte(0, 4));
        assertEquals(6, kvm.generation(0), "create: one swap, delete: two");
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(0, 4));
        kvm.checkInvariants();
    }

    @Test
    void faultOnTheInvalidCopyRetries() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        List<FaultResult> seen = new ArrayList<>();
        kvm.addStepObserver((st, v) -> {
            // After the first publish (the INVALID copy), mn_invalidate_lock held, no mmu_lock: a vCPU faults.
            if (st == Step618.SwapPublish && seen.isEmpty()) {
                assertTrue(kvm.memslots(0).byId(0).invalid());
                seen.add(kvm.pageFault(0, 4));
            }
        });
        kvm.deleteMemslot(0, 0);
        assertEquals(List.of(FaultResult.RETRY), seen);
        assertTrue(steps.contains("FaultCheckSlot"));
        assertNotEquals(steps.indexOf("FaultCheckSlot") + 1, steps.indexOf("FaultRetryUnsafeBefore"));
    }

    @Test
    void moveZapsTheOldGfnsAndMapsTheNewOnes() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        kvm.pageFault(0, 4);
        kvm.moveMemslot(0, 0, 6);
        assertEquals(Mm618.NO_PAGE, kvm.spte(0, 4));
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(0, 4));
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(0, 6));
        assertEquals(mm.pte(0), kvm.spte(0, 6));
        kvm.checkInvariants();
    }

    @Test
    void flagsOnlyIsOneSwapWithoutFlush() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        kvm.pageFault(0, 4);
        List<String> s = stepsOf(() -> kvm.setMemslotFlags(0, 0, Memslot.KVM_MEM_LOG_DIRTY_PAGES));
        assertEquals(1, s.stream().filter("SwapPublish"::equals).count());
        assertTrue(!s.contains("FlushShadowZap") && !s.contains("InvalidateMemslotCopy"));
        assertEquals(Memslot.KVM_MEM_LOG_DIRTY_PAGES, kvm.memslots(0).byId(0).flags());
        assertEquals(mm.pte(0), kvm.spte(0, 4), "kept");
        assertNull(kvm.setUserMemoryRegion(0, 0, Memslot.KVM_MEM_LOG_DIRTY_PAGES, 4, 2, 0), "nothing to change");
    }

    @Test
    void zapCallerBeginsAddsZapsAndEnds() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        kvm.pageFault(0, 4);
        kvm.pageFault(0, 5);
        List<String> s = stepsOf(() -> kvm.zapCaller(5, 6));
        assertEquals(List.of("ZapCallerUpdate", "ZapLockMmu", "ZapInvalidateBegin", "ZapRangeAdd", "ZapLeafs", "ZapLeafs",
                "ZapInvalidateEnd", "ZapUnlockMmu"), s);
        assertEquals(Mm618.NO_PAGE, kvm.spte(0, 5));
        assertEquals(mm.pte(0), kvm.spte(0, 4));
        assertArrayEquals(new int[] {5, 6}, kvm.mmuInvalidateRange());
        assertEquals(1, kvm.mmuInvalidateSeq());
        assertEquals(0, kvm.mmuInvalidateInProgress());
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(0, 5), "rebuilt with the new attribute");
        kvm.checkInvariants();
    }

    @Test
    void endWithoutStartAfterLateRegistrationIsSurvived() {
        Mm618 m = new Mm618(HVAS);
        Kvm618 k = new Kvm618(m, GFNS, true, false);
        List<String> s = new ArrayList<>();
        k.addStepObserver((st, v) -> {
            s.add(st.name() + (st == Step618.InvBegin || st == Step618.InvEnd || st == Step618.EndDecActive ? "=" + v : ""));
            // The environment registers between the primary MMU's start() and end().
            if (st == Step618.PrimaryChangePte) {
                k.mmuNotifierRegister();
            }
        });
        m.remap(new HvaRange(0, 2));
        assertEquals(List.of("InvBegin=0", "PrimaryChangePte", "MmuNotifierRegister", "InvEnd=1", "EndHvaRange", "EndHvaRange",
                "EndLockMn", "EndDecActive=1", "EndUnlockMn", "EndWakeUp"), s);
        assertEquals(0, k.mnActiveInvalidateCount(), "not decremented below zero");
        assertEquals(1, k.warnings());
        assertTrue(k.firstWarning().contains("range_end without range_start"), k.firstWarning());
        k.checkInvariants();
    }

    @Test
    void destroyUnregistersAndChecks() {
        kvm.createMemslot(0, 0, 4, 2, 0);
        mm.remap(new HvaRange(0, 2));
        List<String> s = stepsOf(kvm::kvmDestroyVm);
        assertEquals(List.of("DestroyUnregister", "DestroyCheckRcuwait", "DestroyCheckCount"), s);
        assertEquals(List.of("InvBegin", "PrimaryChangePte", "InvEnd"), stepsOf(() -> mm.remap(new HvaRange(0, 2))),
                "unregistered: KVM gets no more calls");
        kvm.checkInvariants();
    }
}
