package org.kvmlocking.kvm618;

/**
 * One struct kvm_memslots of one address space: the slots, immutable. The kernel keeps two sets
 * per address space (active and inactive) and swaps the pointer; here an update builds the new
 * set (the "inactive" one, with {@link #with}/{@link #without}) and kvm_swap_active_memslots
 * publishes it. Lookups are linear (a handful of slots).
 */
public final class MemslotSet {
    private final int asId;
    private final Memslot[] slots;

    public MemslotSet(int asId) {
        this(asId, new Memslot[0]);
    }

    private MemslotSet(int asId, Memslot[] slots) {
        this.asId = asId;
        this.slots = slots;
    }

    public int asId() {
        return asId;
    }

    public int size() {
        return slots.length;
    }

    public Memslot get(int i) {
        return slots[i];
    }

    /** Kernel: include/linux/kvm_host.h: id_to_memslot. Null if none. */
    public Memslot byId(int id) {
        for (Memslot s : slots) {
            if (s.id() == id) {
                return s;
            }
        }
        return null;
    }

    /** Kernel: include/linux/kvm_host.h: __gfn_to_memslot / search_memslots. Null if none. */
    public Memslot byGfn(int gfn) {
        for (Memslot s : slots) {
            if (s.containsGfn(gfn)) {
                return s;
            }
        }
        return null;
    }

    /** Kernel: virt/kvm/kvm_main.c: kvm_check_memslot_overlap (another id covering a gfn of [start, end)). */
    public boolean overlapsGfn(int id, int start, int end) {
        for (Memslot s : slots) {
            if (s.id() != id && s.baseGfn() < end && start < s.gfnEnd()) {
                return true;
            }
        }
        return false;
    }

    /** This set with slot s replacing the slot of the same id (or added). Kernel: kvm_replace_memslot. */
    public MemslotSet with(Memslot s) {
        if (s.asId() != asId) {
            throw new IllegalArgumentException(s + " does not belong to address space " + asId);
        }
        int n = 0;
        for (Memslot m : slots) {
            if (m.id() != s.id()) {
                n++;
            }
        }
        Memslot[] a = new Memslot[n + 1];
        int i = 0;
        for (Memslot m : slots) {
            if (m.id() != s.id()) {
                a[i++] = m;
            }
        }
        a[i] = s;
        return new MemslotSet(asId, a);
    }

    /** This set without slot id. Kernel: kvm_replace_memslot(kvm, old, NULL). */
    public MemslotSet without(int id) {
        if (byId(id) == null) {
            throw new IllegalArgumentException("no slot " + id + " in address space " + asId);
        }
        Memslot[] a = new Memslot[slots.length - 1];
        int i = 0;
        for (Memslot m : slots) {
            if (m.id() != id) {
                a[i++] = m;
            }
        }
        return new MemslotSet(asId, a);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("as" + asId + "{");
        for (int i = 0; i < slots.length; i++) {
            b.append(i == 0 ? "" : ", ").append(slots[i]);
        }
        return b.append('}').toString();
    }
}
