package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The primary MMU of the model: fresh frames are never reused (Coherence tells a replaced page
 * from the old one by its frame number), and a range outside the hva space is refused before
 * the notifier or the page table sees it.
 */
class PrimaryMmuTest {
    private static final int N = 8;

    /** A notifier that only records what the mm tells it. */
    private static final class RecordingNotifier implements MmuNotifier {
        final List<String> calls = new ArrayList<>();

        @Override
        public void invalidateRangeStart(HvaRange range) {
            calls.add("start " + range);
        }

        @Override
        public void invalidateRangeEnd(HvaRange range) {
            calls.add("end " + range);
        }
    }

    @Test
    void emptyHvaSpaceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Mm(0));
        assertEquals(1, new Mm(1).size());
    }

    @Test
    void framesAreHandedOutInOrderFromOne() {
        Mm mm = new Mm(N);
        for (int h = 0; h < N; h++) {
            assertEquals(h + 1, mm.pte(h));
        }
    }

    @Test
    void remapAndPopulateNeverReuseAFrame() {
        Mm mm = new Mm(N);
        Set<Integer> seen = new HashSet<>();
        for (int h = 0; h < N; h++) {
            seen.add(mm.pte(h));
        }
        mm.remap(new HvaRange(0, 3));
        for (int h = 0; h < 3; h++) {
            assertTrue(seen.add(mm.pte(h)), "remap reused frame " + mm.pte(h));
        }
        mm.unmap(new HvaRange(4, 6));
        mm.populate(new HvaRange(4, 6));
        for (int h = 4; h < 6; h++) {
            assertTrue(seen.add(mm.pte(h)), "populate reused frame " + mm.pte(h));
        }
    }

    @Test
    void populateFillsOnlyTheRange() {
        Mm mm = new Mm(N);
        mm.unmap(new HvaRange(0, 4));
        mm.populate(new HvaRange(1, 2));
        assertEquals(Mm.NO_PAGE, mm.pte(0));
        assertTrue(mm.pte(1) > N);
        assertEquals(Mm.NO_PAGE, mm.pte(2), "populate went past the end of its range");
    }

    @Test
    void rangeEndingAtTheEndOfTheHvaSpaceIsAccepted() {
        Mm mm = new Mm(N);
        mm.unmap(new HvaRange(N - 2, N));
        assertEquals(Mm.NO_PAGE, mm.pte(N - 1));
    }

    @Test
    void rangeBeyondTheHvaSpaceReachesNeitherNotifierNorPageTable() {
        Mm mm = new Mm(N);
        RecordingNotifier n = new RecordingNotifier();
        mm.register(n);
        HvaRange beyond = new HvaRange(N - 2, N + 1);
        assertThrows(IllegalArgumentException.class, () -> mm.unmap(beyond));
        assertThrows(IllegalArgumentException.class, () -> mm.remap(beyond));
        assertThrows(IllegalArgumentException.class, () -> mm.clearPtes(beyond));
        assertThrows(IllegalArgumentException.class, () -> mm.replacePtes(beyond));
        mm.unmap(new HvaRange(N - 2, N));
        assertThrows(IllegalArgumentException.class, () -> mm.populate(beyond));
        assertEquals(List.of("start [6, 8)", "end [6, 8)"), n.calls, "only the valid unmap was notified");
        assertEquals(N - 2, mm.pte(N - 3), "untouched");
        assertEquals(Mm.NO_PAGE, mm.pte(N - 2), "the refused populate mapped nothing");
        assertThrows(IllegalArgumentException.class, () -> mm.checkRange(null));
    }
}
