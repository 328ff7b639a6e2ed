package org.kvmlocking.kvm618;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input: a clear IllegalArgumentException (or IllegalStateException for misuse), no effect, nothing clamped. */
class Kvm618BadInputTest {
    private Mm618 mm;
    private Kvm618 kvm;

    @BeforeEach
    void setUp() {
        mm = new Mm618(8);
        kvm = new Kvm618(mm, 8, true);
        kvm.createMemslot(0, 0, 4, 2, 0);
    }

    private static void rejected(Class<? extends Throwable> type, String fragment, Executable e) {
        Throwable t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(fragment), "message '" + t.getMessage() + "' lacks '" + fragment + "'");
    }

    private void unchanged() {
        assertEquals("as0{as0.slot0{gfn [4, 6) -> hva [0, 2)}}", kvm.memslots(0).toString());
        assertEquals("as1{}", kvm.memslots(1).toString());
        assertEquals(2, kvm.generation(0));
        kvm.checkInvariants();
    }

    @Test
    void ranges() {
        rejected(IllegalArgumentException.class, "start >= end", () -> new HvaRange(2, 2));
        rejected(IllegalArgumentException.class, "negative start", () -> new HvaRange(-1, 2));
        rejected(IllegalArgumentException.class, "start >= end", () -> new GfnRange(3, 1));
        rejected(IllegalArgumentException.class, "exceeds the hva space", () -> mm.remap(new HvaRange(6, 9)));
        rejected(IllegalArgumentException.class, "hva range is null", () -> mm.unmap(null));
        rejected(IllegalArgumentException.class, "malformed memslot", () -> new Memslot(0, 0, 0, 0, 0, 0));
        rejected(IllegalArgumentException.class, "hva space size", () -> new Mm618(0));
        rejected(IllegalArgumentException.class, "gfn space size", () -> new Kvm618(new Mm618(2), 0, false));
        unchanged();
    }

    @Test
    void memslotApi() {
        rejected(IllegalArgumentException.class, "-EEXIST", () -> kvm.createMemslot(0, 1, 5, 1, 4));
        rejected(IllegalArgumentException.class, "already exists", () -> kvm.createMemslot(0, 0, 0, 1, 4));
        rejected(IllegalArgumentException.class, "outside the gfn space", () -> kvm.createMemslot(0, 1, 7, 2, 4));
        rejected(IllegalArgumentException.class, "outside the hva space", () -> kvm.createMemslot(0, 1, 0, 2, 7));
        rejected(IllegalArgumentException.class, "as_id 2", () -> kvm.setUserMemoryRegion(2, 1, 0, 0, 1, 4));
        rejected(IllegalArgumentException.class, "address space 5", () -> kvm.createMemslot(5, 1, 0, 1, 4));
        rejected(IllegalArgumentException.class, "flags 0x4", () -> kvm.setUserMemoryRegion(0, 1, 4, 0, 1, 4));
        rejected(IllegalArgumentException.class, "flags 0x10000", () -> kvm.setUserMemoryRegion(0, 1, Memslot.KVM_MEMSLOT_INVALID, 0, 1, 4));
        rejected(IllegalArgumentException.class, "negative memory size", () -> kvm.setUserMemoryRegion(0, 1, 0, 0, -1, 4));
        rejected(IllegalArgumentException.class, "slot id -1", () -> kvm.setUserMemoryRegion(0, -1, 0, 0, 1, 4));
        rejected(IllegalArgumentException.class, "no slot 3", () -> kvm.deleteMemslot(0, 3));
        rejected(IllegalArgumentException.class, "which does not exist", () -> kvm.setUserMemoryRegion(0, 3, 0, 0, 0, 0));
        rejected(IllegalArgumentException.class, "already at base gfn 4", () -> kvm.moveMemslot(0, 0, 4));
        rejected(IllegalArgumentException.class, "-EEXIST", () -> {
            kvm.createMemslot(0, 1, 0, 2, 4);
            kvm.moveMemslot(0, 1, 3);
        });
        kvm.deleteMemslot(0, 1);
        rejected(IllegalArgumentException.class, "may change only", () -> kvm.setUserMemoryRegion(0, 0, 0, 4, 3, 0));
        rejected(IllegalArgumentException.class, "may change only", () -> kvm.setUserMemoryRegion(0, 0, 0, 4, 2, 1));
        rejected(IllegalArgumentException.class, "may change only", () -> kvm.setMemslotFlags(0, 0, Memslot.KVM_MEM_READONLY));
        rejected(IllegalArgumentException.class, "already has flags", () -> kvm.setMemslotFlags(0, 0, 0));
        rejected(IllegalArgumentException.class, "does not belong", () -> kvm.memslots(0).with(new Memslot(1, 0, 0, 1, 0, 0)));
        assertEquals(8, kvm.generation(0), "create of slot 0, create of slot 1, delete of slot 1 (two swaps): the rejected calls changed nothing");
    }

    @Test
    void faultZapAndRegistration() {
        rejected(IllegalArgumentException.class, "gfn 8 outside", () -> kvm.pageFault(0, 8));
        rejected(IllegalArgumentException.class, "gfn -1 outside", () -> kvm.pageFault(0, -1));
        rejected(IllegalArgumentException.class, "address space 2", () -> kvm.pageFault(2, 0));
        rejected(IllegalArgumentException.class, "invalid gfn range [3, 3)", () -> kvm.zapCaller(3, 3));
        rejected(IllegalArgumentException.class, "invalid gfn range [6, 9)", () -> kvm.kvmZapGfnRange(6, 9));
        rejected(IllegalStateException.class, "already registered", kvm::mmuNotifierRegister);
        rejected(IllegalStateException.class, "already attached", () -> new Kvm618(mm, 8, false));
        Kvm618 late = new Kvm618(new Mm618(4), 4, false, false);
        late.createMemslot(0, 0, 0, 1, 0);
        rejected(IllegalStateException.class, "after memslots were created", late::mmuNotifierRegister);
        rejected(IllegalArgumentException.class, "unknown 6.18 design 'adopted'", () -> Designs618.create("adopted", new Mm618(2), 2, false));
        unchanged();
    }
}
