package org.kvmlocking.kvm618;

/**
 * One memory slot (struct kvm_memory_slot) of address space asId: guest frames
 * [baseGfn, baseGfn + npages) backed by host virtual pages [userspaceAddr, userspaceAddr + npages).
 * hva and gfn are distinct values: a range in the wrong unit is a mistake the checks can see.
 * Immutable: an update builds a new {@link MemslotSet}, as the kernel fills the inactive set.
 * equals, hashCode and toString written out for Java PathFinder (see {@link HvaRange}).
 */
public record Memslot(int asId, int id, int baseGfn, int npages, int userspaceAddr, int flags) {
    /** KVM_MEM_LOG_DIRTY_PAGES. */
    public static final int KVM_MEM_LOG_DIRTY_PAGES = 1;
    /** KVM_MEM_READONLY. */
    public static final int KVM_MEM_READONLY = 1 << 1;
    /** KVM_MEMSLOT_INVALID: set by kvm_invalidate_memslot on the copy swapped in before a DELETE or MOVE. */
    public static final int KVM_MEMSLOT_INVALID = 1 << 16;
    /** Flags userspace may set (check_memory_region_flags without guest_memfd). */
    public static final int USER_FLAGS = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY;

    public Memslot {
        if (asId < 0 || id < 0 || npages <= 0 || baseGfn < 0 || userspaceAddr < 0) {
            throw new IllegalArgumentException("malformed memslot: as_id=" + asId + " id=" + id + " base_gfn=" + baseGfn
                    + " npages=" + npages + " userspace_addr=" + userspaceAddr);
        }
    }

    public boolean invalid() {
        return (flags & KVM_MEMSLOT_INVALID) != 0;
    }

    public boolean containsGfn(int gfn) {
        return gfn >= baseGfn && gfn < baseGfn + npages;
    }

    public int gfnEnd() {
        return baseGfn + npages;
    }

    public int hvaEnd() {
        return userspaceAddr + npages;
    }

    /** Kernel: include/linux/kvm_host.h: __gfn_to_hva_memslot. */
    public int gfnToHva(int gfn) {
        return userspaceAddr + (gfn - baseGfn);
    }

    /** Kernel: include/linux/kvm_host.h: hva_to_gfn_memslot. */
    public int hvaToGfn(int hva) {
        return baseGfn + (hva - userspaceAddr);
    }

    /** Kernel: virt/kvm/kvm_main.c: kvm_invalidate_memslot (kvm_copy_memslot, flags |= KVM_MEMSLOT_INVALID). */
    public Memslot invalidCopy() {
        return new Memslot(asId, id, baseGfn, npages, userspaceAddr, flags | KVM_MEMSLOT_INVALID);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Memslot)) {
            return false;
        }
        Memslot m = (Memslot) o;
        return m.asId == asId && m.id == id && m.baseGfn == baseGfn && m.npages == npages
                && m.userspaceAddr == userspaceAddr && m.flags == flags;
    }

    @Override
    public int hashCode() {
        return ((((asId * 31 + id) * 31 + baseGfn) * 31 + npages) * 31 + userspaceAddr) * 31 + flags;
    }

    @Override
    public String toString() {
        return "as" + asId + ".slot" + id + "{gfn [" + baseGfn + ", " + gfnEnd() + ") -> hva [" + userspaceAddr + ", "
                + hvaEnd() + ")" + (flags != 0 ? " flags=0x" + Integer.toHexString(flags) : "") + "}";
    }
}
