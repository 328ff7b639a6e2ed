package org.kvmlocking.kvm618.gpc;

import org.kvmlocking.kernel.RwLock;
import org.kvmlocking.kernel.SpinLock;
import org.kvmlocking.kvm618.Memslot;
import org.kvmlocking.kvm618.MemslotSet;

/**
 * struct gfn_to_pfn_cache (include/linux/kvm_types.h): a kernel mapping of one guest page that
 * KVM keeps for its own accesses (Xen shared info, steal time, ...). Only state and locks here;
 * the functions of virt/kvm/pfncache.c are in {@link KvmGpc}.
 *
 * <p>Model: one page, no offsets (gpa is a gfn, uhva an hva page; {@code len} and
 * kvm_gpc_is_valid_len are not modelled); a frame number stands for a pfn, and khva is the frame
 * the kernel mapping (kmap/memremap of pfn) maps, so that a use through khva can be compared with
 * the primary MMU's page table. The memslot generation is the identity of the immutable
 * {@link MemslotSet} of address space 0: every kvm_swap_active_memslots publishes a new one, so
 * identity changes exactly when kvm_memslots(kvm)-&gt;generation does (the transient
 * KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS value is not modelled: a refresh during a swap caches the
 * set being published, whose generation the swap finishes).
 */
public final class GfnToPfnCache {
    /** INVALID_GPA: an hva-based cache (kvm_gpc_activate_hva). */
    public static final int INVALID_GPA = -1;
    /** KVM_HVA_ERR_BAD. */
    public static final int KVM_HVA_ERR_BAD = -1;
    /** KVM_PFN_ERR_FAULT (is_error_noslot_pfn), also NULL for khva. */
    public static final int KVM_PFN_ERR_FAULT = -1;

    /** The index of this cache in its KvmGpc (what steps report). */
    final int index;
    /** gpc->lock: readers use the mapping, writers change it. */
    final RwLock lock = new RwLock("gpc->lock");
    /** gpc->refresh_lock (mutex): serialises refresh, activate and deactivate of this cache. */
    final SpinLock refreshLock = new SpinLock("gpc->refresh_lock");
    /** gpc->active. Guarded by lock. */
    boolean active;
    /** gpc->valid. Guarded by lock. */
    boolean valid;
    /** gpc->gpa (a gfn here), or INVALID_GPA. Guarded by lock. */
    int gpa = INVALID_GPA;
    /** gpc->uhva (an hva page), or KVM_HVA_ERR_BAD. Guarded by lock. */
    int uhva = KVM_HVA_ERR_BAD;
    /** gpc->pfn, or KVM_PFN_ERR_FAULT. Guarded by lock. */
    int pfn = KVM_PFN_ERR_FAULT;
    /** gpc->khva: the frame the kernel mapping maps, or KVM_PFN_ERR_FAULT for NULL. Guarded by lock. */
    int khva = KVM_PFN_ERR_FAULT;
    /** gpc->generation: the memslot set the gpa was translated with (see the class comment). Guarded by lock. */
    MemslotSet generation;
    /** gpc->memslot. Guarded by lock. */
    Memslot memslot;
    /** Whether the cache is on kvm->gpc_list. Guarded by kvm->gpc_lock. */
    boolean onList;

    /** kvm_gpc_init: inactive, invalid, no gpa, no uhva. Kernel: virt/kvm/pfncache.c: kvm_gpc_init (Linux 6.18). */
    GfnToPfnCache(int index) {
        this.index = index;
    }

    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return "gpc" + index;
    }
}
