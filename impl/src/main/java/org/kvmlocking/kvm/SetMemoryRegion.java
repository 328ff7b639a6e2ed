package org.kvmlocking.kvm;

import static org.kvmlocking.kvm.KvmStruct.KVM_USER_MEM_SLOTS;
import static org.kvmlocking.kvm.KvmStruct.PAGE_SIZE;

/**
 * The KVM_SET_USER_MEMORY_REGION API: __kvm_set_memory_region's checks, under slots_lock, then
 * {@link InstallNewMemslots#kvmSetMemslot}. All checks come before any state change; bad input
 * throws IllegalArgumentException with no effect (and no step).
 */
final class SetMemoryRegion {
    private static final int OP_ANY = 0;
    private static final int OP_CREATE = 1;
    private static final int OP_DELETE = 2;
    private static final int OP_MOVE = 3;
    private static final int OP_FLAGS = 4;

    private SetMemoryRegion() {
    }

    static void create(KvmStruct kvm, int id, int baseGfn, int npages, int userspaceAddr, int flags) {
        setMemoryRegion(kvm, OP_CREATE, id, flags, baseGfn, npages, userspaceAddr);
    }

    static void delete(KvmStruct kvm, int id) {
        setMemoryRegion(kvm, OP_DELETE, id, 0, 0, 0, 0);
    }

    static void move(KvmStruct kvm, int id, int newBaseGfn) {
        setMemoryRegion(kvm, OP_MOVE, id, 0, newBaseGfn, 0, 0);
    }

    static void flags(KvmStruct kvm, int id, int flags) {
        setMemoryRegion(kvm, OP_FLAGS, id, flags, 0, 0, 0);
    }

    /**
     * Byte addresses, checked as kvm_set_memory_region checks them: page-aligned sizes and
     * addresses, size 0 deletes, a new base moves, new flags change flags.
     * Kernel: virt/kvm/kvm_main.c: __kvm_set_memory_region (Linux 5.15).
     */
    static void setUserMemoryRegion(KvmStruct kvm, int slot, int flags, long guestPhysAddr, long memorySize,
            long userspaceAddr) {
        if ((memorySize & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("memory_size 0x" + Long.toHexString(memorySize) + " is not page aligned");
        }
        if ((guestPhysAddr & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("guest_phys_addr 0x" + Long.toHexString(guestPhysAddr) + " is not page aligned");
        }
        if ((userspaceAddr & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("userspace_addr 0x" + Long.toHexString(userspaceAddr) + " is not page aligned");
        }
        if (memorySize < 0 || guestPhysAddr < 0 || userspaceAddr < 0) {
            throw new IllegalArgumentException("negative memory_size, guest_phys_addr or userspace_addr");
        }
        long npages = memorySize / PAGE_SIZE;
        long gfn = guestPhysAddr / PAGE_SIZE;
        long hva = userspaceAddr / PAGE_SIZE;
        if (npages > kvm.gfnSpace || gfn > kvm.gfnSpace || hva > kvm.mm.size()) {
            throw new IllegalArgumentException("memory region outside the guest or host address space");
        }
        setMemoryRegion(kvm, OP_ANY, slot, flags, (int) gfn, (int) npages, (int) hva);
    }

    /**
     * mutex_lock(&kvm->slots_lock), __kvm_set_memory_region's checks, kvm_set_memslot,
     * mutex_unlock. A rejected or empty change unlocks without a step.
     * Kernel: virt/kvm/kvm_main.c: kvm_set_memory_region, __kvm_set_memory_region (Linux 5.15).
     * Spec: UpdateBegin .. UpdateEnd.
     */
    private static void setMemoryRegion(KvmStruct kvm, int op, int id, int flags, int baseGfn, int npages,
            int userspaceAddr) {
        if (id < 0 || id >= KVM_USER_MEM_SLOTS) {
            throw new IllegalArgumentException("invalid slot id " + id + " (valid: 0.." + (KVM_USER_MEM_SLOTS - 1) + ")");
        }
        if ((flags & ~Memslot.USER_FLAGS) != 0) {
            throw new IllegalArgumentException("invalid memslot flags 0x" + Integer.toHexString(flags));
        }
        kvm.slotsLock.lock();
        Memslot old;
        Memslot neu;
        Memslots cur;
        try {
            cur = kvm.memslots;
            old = cur.byId(id);
            neu = newSlot(kvm, cur, op, id, flags, baseGfn, npages, userspaceAddr, old);
            if (neu == old) {
                kvm.slotsLock.unlock(); // no change: the kernel returns 0
                return;
            }
            InstallNewMemslots.kvmSetMemslot(kvm, cur, id, old, neu);
        } catch (RuntimeException | Error e) {
            kvm.slotsLock.unlock();
            throw e;
        }
        kvm.unlock(kvm.slotsLock, Step.UpdateEnd);
    }

    /** The slot after the change (null: deleted; old itself: no change); throws on bad input. slots_lock held. */
    private static Memslot newSlot(KvmStruct kvm, Memslots cur, int op, int id, int flags, int baseGfn, int npages,
            int userspaceAddr, Memslot old) {
        int change = op;
        if (op == OP_ANY) {
            if (npages == 0) {
                change = OP_DELETE;
            } else if (old == null) {
                change = OP_CREATE;
            } else {
                if (npages != old.npages() || userspaceAddr != old.userspaceAddr()) {
                    throw new IllegalArgumentException("slot " + id + ": size and userspace_addr cannot change");
                }
                if (baseGfn != old.baseGfn()) {
                    change = OP_MOVE;
                } else if (flags != old.flags()) {
                    change = OP_FLAGS;
                } else {
                    return old;
                }
            }
        }
        Memslot neu;
        if (change == OP_CREATE) {
            if (old != null) {
                throw new IllegalArgumentException("slot " + id + " already exists");
            }
            if (npages <= 0 || baseGfn < 0 || userspaceAddr < 0) {
                throw new IllegalArgumentException("malformed slot " + id + ": npages=" + npages + " baseGfn=" + baseGfn
                        + " userspaceAddr=" + userspaceAddr);
            }
            neu = new Memslot(id, baseGfn, npages, userspaceAddr, flags);
        } else {
            if (old == null) {
                throw new IllegalArgumentException("unknown slot id " + id);
            }
            if (change == OP_DELETE) {
                return null;
            } else if (change == OP_MOVE) {
                if (op == OP_MOVE && baseGfn == old.baseGfn()) {
                    // __kvm_set_memory_region: same base_gfn, same flags: "Nothing to change", 0
                    return old;
                }
                if (baseGfn < 0) {
                    throw new IllegalArgumentException("malformed move of slot " + id + ": baseGfn=" + baseGfn);
                }
                neu = old.withBaseGfn(baseGfn).withFlags(op == OP_MOVE ? old.flags() : flags);
            } else {
                if (((flags ^ old.flags()) & Memslot.KVM_MEM_READONLY) != 0) {
                    throw new IllegalArgumentException("slot " + id + ": KVM_MEM_READONLY cannot change");
                }
                neu = old.withFlags(flags);
            }
        }
        if (neu.gfnEnd() > kvm.gfnSpace || neu.gfnEnd() < 0) {
            throw new IllegalArgumentException(neu + " exceeds the gfn space [0, " + kvm.gfnSpace + ")");
        }
        if (neu.hvaEnd() > kvm.mm.size() || neu.hvaEnd() < 0) {
            throw new IllegalArgumentException(neu + " exceeds the hva space [0, " + kvm.mm.size() + ")");
        }
        Memslot clash = cur.gfnOverlap(neu.baseGfn(), neu.npages(), id);
        if (clash != null) {
            throw new IllegalArgumentException(neu + " overlaps " + clash);
        }
        return neu;
    }
}
