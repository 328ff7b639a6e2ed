package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The value classes the overlap test and the fault's lookup rely on: ranges, slots, layouts, at their edges. */
class MemslotLayoutTest {

    @Test
    void hvaRangeIsHalfOpen() {
        HvaRange r = new HvaRange(2, 5);
        assertFalse(r.contains(1));
        assertTrue(r.contains(2));
        assertTrue(r.contains(4));
        assertFalse(r.contains(5), "end is exclusive");
        assertEquals("[2, 5)", r.toString());
    }

    @Test
    void hvaRangesThatOnlyTouchDoNotOverlap() {
        HvaRange r = new HvaRange(2, 5);
        // The elision decision: a slot ending where the range starts, or starting where it ends, is not hit.
        assertFalse(r.overlaps(0, 2));
        assertFalse(r.overlaps(5, 7));
        assertTrue(r.overlaps(1, 3));
        assertTrue(r.overlaps(4, 6));
        assertTrue(r.overlaps(3, 4));
    }

    @Test
    void memslotOfNoPagesIsMalformed() {
        assertThrows(IllegalArgumentException.class, () -> new Memslot(0, 0, 0, 0, 0));
        assertEquals(1, new Memslot(0, 0, 1, 0, 0).npages());
    }

    @Test
    void memslotCoversExactlyItsGfns() {
        Memslot s = new Memslot(3, 4, 2, 10, 0); // gfn [4,6) -> hva [10,12)
        assertFalse(s.containsGfn(3));
        assertTrue(s.containsGfn(4));
        assertTrue(s.containsGfn(5));
        assertFalse(s.containsGfn(6));
        assertEquals(11, s.gfnToHva(5));
    }

    @Test
    void memslotPrintsItsRangesAndOnlyNonZeroFlags() {
        assertEquals("slot3{gfn [4, 6) -> hva [10, 12)}", new Memslot(3, 4, 2, 10, 0).toString());
        assertEquals("slot3{gfn [4, 6) -> hva [10, 12) flags=0x10002}",
                new Memslot(3, 4, 2, 10, Memslot.KVM_MEM_READONLY | Memslot.KVM_MEMSLOT_INVALID).toString());
    }

    @Test
    void layoutStaysSortedByIdWhateverTheInsertionOrder() {
        Memslots m = Memslots.empty()
                .with(new Memslot(2, 8, 1, 8, 0))
                .with(new Memslot(0, 0, 1, 0, 0))
                .with(new Memslot(1, 4, 1, 4, 0));
        assertEquals(3, m.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, m.get(i).id(), "id_to_memslot order");
        }
        // Replacing keeps the place and the size.
        Memslots r = m.with(new Memslot(1, 5, 1, 4, 0));
        assertEquals(3, r.size());
        assertEquals(5, r.get(1).baseGfn());
    }

    @Test
    void withoutDropsOnlyThatSlot() {
        Memslots m = Memslots.empty()
                .with(new Memslot(0, 0, 1, 0, 0))
                .with(new Memslot(1, 4, 1, 4, 0))
                .with(new Memslot(2, 8, 1, 8, 0));
        Memslots w = m.without(1);
        assertEquals(2, w.size());
        assertEquals(0, w.get(0).id());
        assertEquals(2, w.get(1).id());
        assertNull(w.byId(1));
    }

    @Test
    void withoutAnAbsentSlotIsANewEqualLayout() {
        Memslots m = Memslots.empty().with(new Memslot(0, 0, 1, 0, 0));
        Memslots w = m.without(7);
        // A new object: install_new_memslots refuses to publish the layout already published.
        assertNotSame(m, w);
        assertEquals(1, w.size());
        assertEquals(m.get(0), w.get(0));
        assertEquals(m.generation(), w.generation());
    }

    @Test
    void layoutPrintsGenerationAndSlots() {
        Memslots m = Memslots.empty().with(new Memslot(0, 0, 1, 0, 0));
        assertEquals("Memslots{gen=0 slot0{gfn [0, 1) -> hva [0, 1)}}", m.toString());
        assertEquals("Memslots{gen=0}", Memslots.empty().toString());
    }
}
