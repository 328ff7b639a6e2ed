package org.kvmlocking.kvm618;

/** enum kvm_mr_change (include/linux/kvm_host.h): what kvm_set_memory_region decided. */
public enum KvmMrChange {
    /** One swap: the new slot added. */
    KVM_MR_CREATE,
    /** Two swaps: the KVM_MEMSLOT_INVALID copy, the flush, then the set without the slot. */
    KVM_MR_DELETE,
    /** Two swaps: the KVM_MEMSLOT_INVALID copy, the flush, then the slot at its new base gfn. */
    KVM_MR_MOVE,
    /** One swap: the slot with its new flags. */
    KVM_MR_FLAGS_ONLY
}
