package org.kvmlocking.kvm;

/**
 * A memslot layout (struct kvm_memslots): an immutable array of slots, sorted by id, plus the
 * generation.
 *
 * <p>The slots never change once built; a layout is published whole with rcu_assign_pointer.
 * The generation is the exception, as in the kernel: install_new_memslots writes it on the new
 * layout before publishing (with KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS set) and again after
 * synchronize_srcu (bit cleared, generation advanced). It is written only by the updater, which
 * holds slots_lock, and read locklessly by anyone, hence volatile.
 */
public final class Memslots {
    private final Memslot[] slots;
    private volatile long generation;

    /** An empty layout with generation 0. */
    public static Memslots empty() {
        return new Memslots(new Memslot[0], 0);
    }

    private Memslots(Memslot[] sortedById, long generation) {
        this.slots = sortedById;
        this.generation = generation;
    }

    public int size() {
        return slots.length;
    }

    public Memslot get(int i) {
        return slots[i];
    }

    public long generation() {
        return generation;
    }

    void setGeneration(long newGeneration) {
        generation = newGeneration;
    }

    /** id_to_memslot; null if absent. */
    public Memslot byId(int id) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].id() == id) {
                return slots[i];
            }
        }
        return null;
    }

    /** search_memslots / gfn_to_memslot; null if no slot covers the gfn. */
    public Memslot byGfn(int gfn) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].containsGfn(gfn)) {
                return slots[i];
            }
        }
        return null;
    }

    /** The overlap test of __kvm_handle_hva_range: does any slot's hva range meet the range? */
    public boolean overlapsHva(HvaRange range) {
        for (int i = 0; i < slots.length; i++) {
            if (range.overlaps(slots[i].userspaceAddr(), slots[i].hvaEnd())) {
                return true;
            }
        }
        return false;
    }

    /** A slot other than {@code exceptId} whose gfn range meets [baseGfn, baseGfn + npages), or null. */
    public Memslot gfnOverlap(int baseGfn, int npages, int exceptId) {
        for (int i = 0; i < slots.length; i++) {
            Memslot s = slots[i];
            if (s.id() != exceptId && baseGfn < s.gfnEnd() && s.baseGfn() < baseGfn + npages) {
                return s;
            }
        }
        return null;
    }

    /** A copy with {@code slot} added, or replacing the slot of the same id; same generation. */
    public Memslots with(Memslot slot) {
        int n = slots.length;
        boolean replace = byId(slot.id()) != null;
        Memslot[] copy = new Memslot[replace ? n : n + 1];
        int j = 0;
        boolean placed = false;
        for (int i = 0; i < n; i++) {
            Memslot s = slots[i];
            if (s.id() == slot.id()) {
                copy[j++] = slot;
                placed = true;
            } else {
                if (!placed && slot.id() < s.id()) {
                    copy[j++] = slot;
                    placed = true;
                }
                copy[j++] = s;
            }
        }
        if (!placed) {
            copy[j] = slot;
        }
        return new Memslots(copy, generation);
    }

    /** A copy without the slot {@code id}; same generation. */
    public Memslots without(int id) {
        if (byId(id) == null) {
            return new Memslots(slots.clone(), generation);
        }
        Memslot[] copy = new Memslot[slots.length - 1];
        int j = 0;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].id() != id) {
                copy[j++] = slots[i];
            }
        }
        return new Memslots(copy, generation);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Memslots{gen=");
        b.append(Long.toHexString(generation));
        for (int i = 0; i < slots.length; i++) {
            b.append(' ').append(slots[i]);
        }
        return b.append('}').toString();
    }
}
