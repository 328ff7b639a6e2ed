package org.kvmlocking.kvm;

/**
 * One memory slot (struct kvm_memory_slot): guest frames [baseGfn, baseGfn + npages) backed by
 * host virtual pages [userspaceAddr, userspaceAddr + npages). Addresses are page numbers.
 * Immutable: an update builds a new {@link Memslots} layout.
 */
public record Memslot(int id, int baseGfn, int npages, int userspaceAddr, int flags) {
    /** KVM_MEM_LOG_DIRTY_PAGES. */
    public static final int KVM_MEM_LOG_DIRTY_PAGES = 1;
    /** KVM_MEM_READONLY. */
    public static final int KVM_MEM_READONLY = 1 << 1;
    /** KVM_MEMSLOT_INVALID: set by KVM itself on the copy installed before a delete or move. */
    public static final int KVM_MEMSLOT_INVALID = 1 << 16;
    /** Flags userspace may set. */
    public static final int USER_FLAGS = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY;

    public Memslot {
        if (id < 0 || npages <= 0 || baseGfn < 0 || userspaceAddr < 0) {
            throw new IllegalArgumentException("malformed memslot: id=" + id + " baseGfn=" + baseGfn
                    + " npages=" + npages + " userspaceAddr=" + userspaceAddr);
        }
    }

    public boolean invalid() {
        return (flags & KVM_MEMSLOT_INVALID) != 0;
    }

    public boolean containsGfn(int gfn) {
        return gfn >= baseGfn && gfn - baseGfn < npages;
    }

    /** __gfn_to_hva_memslot. */
    public int gfnToHva(int gfn) {
        return userspaceAddr + (gfn - baseGfn);
    }

    public int hvaEnd() {
        return userspaceAddr + npages;
    }

    public int gfnEnd() {
        return baseGfn + npages;
    }

    public Memslot withFlags(int newFlags) {
        return new Memslot(id, baseGfn, npages, userspaceAddr, newFlags);
    }

    public Memslot withBaseGfn(int newBaseGfn) {
        return new Memslot(id, newBaseGfn, npages, userspaceAddr, flags);
    }

    @Override
    public String toString() {
        return "slot" + id + "{gfn [" + baseGfn + ", " + gfnEnd() + ") -> hva [" + userspaceAddr + ", " + hvaEnd()
                + ")" + (flags != 0 ? " flags=0x" + Integer.toHexString(flags) : "") + "}";
    }
}
