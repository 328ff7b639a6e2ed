package org.kvmlocking.kvm618;

import static org.kvmlocking.kvm618.Kvm618.KVM_ADDRESS_SPACE_NUM;
import static org.kvmlocking.kvm618.Kvm618.KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;
import static org.kvmlocking.kvm618.Step618.ActivateReplace;
import static org.kvmlocking.kvm618.Step618.FlushShadowLockMmu;
import static org.kvmlocking.kvm618.Step618.FlushShadowUnlockMmu;
import static org.kvmlocking.kvm618.Step618.FlushShadowZap;
import static org.kvmlocking.kvm618.Step618.InvalidateMemslotCopy;
import static org.kvmlocking.kvm618.Step618.SwapFinishRcuwait;
import static org.kvmlocking.kvm618.Step618.SwapLockMn;
import static org.kvmlocking.kvm618.Step618.SwapPrepareRcuwait;
import static org.kvmlocking.kvm618.Step618.SwapPublish;
import static org.kvmlocking.kvm618.Step618.SwapSynchronizeSrcu;
import static org.kvmlocking.kvm618.Step618.SwapUnlockMn;
import static org.kvmlocking.kvm618.Step618.SwapWaitTest;
import static org.kvmlocking.kvm618.Step618.SetMemoryRegion;
import static org.kvmlocking.kvm618.Step618.SetMemoryRegionDone;

import org.kvmlocking.kernel.Task;

/**
 * The memslot update of Linux 6.18: KVM_SET_USER_MEMORY_REGION's checks (kvm_set_memory_region:
 * bad input throws IllegalArgumentException naming the kernel's errno and has no effect),
 * kvm_set_memslot with its four changes, kvm_invalidate_memslot (the KVM_MEMSLOT_INVALID copy),
 * kvm_arch_flush_shadow_memslot, kvm_activate_memslot and kvm_swap_active_memslots with the 5.15
 * wait loop.
 */
final class SetMemoryRegion {
    private SetMemoryRegion() {
    }

    static void create(Kvm618 kvm, int asId, int id, int baseGfn, int npages, int userspaceAddr, int flags) {
        kvm.checkAsId(asId);
        if (kvm.memslots[asId].byId(id) != null) {
            throw new IllegalArgumentException("KVM_MR_CREATE: slot " + id + " of address space " + asId + " already exists");
        }
        setUserMemoryRegion(kvm, asId, id, flags, baseGfn, npages, userspaceAddr);
    }

    static void delete(Kvm618 kvm, int asId, int id) {
        Memslot old = existing(kvm, asId, id, "KVM_MR_DELETE");
        setUserMemoryRegion(kvm, asId, id, old.flags(), old.baseGfn(), 0, old.userspaceAddr());
    }

    static void move(Kvm618 kvm, int asId, int id, int newBaseGfn) {
        Memslot old = existing(kvm, asId, id, "KVM_MR_MOVE");
        if (newBaseGfn == old.baseGfn()) {
            throw new IllegalArgumentException("KVM_MR_MOVE: slot " + id + " is already at base gfn " + newBaseGfn);
        }
        setUserMemoryRegion(kvm, asId, id, old.flags(), newBaseGfn, old.npages(), old.userspaceAddr());
    }

    static void flags(Kvm618 kvm, int asId, int id, int flags) {
        Memslot old = existing(kvm, asId, id, "KVM_MR_FLAGS_ONLY");
        if (flags == old.flags()) {
            throw new IllegalArgumentException("KVM_MR_FLAGS_ONLY: slot " + id + " already has flags 0x" + Integer.toHexString(flags));
        }
        setUserMemoryRegion(kvm, asId, id, flags, old.baseGfn(), old.npages(), old.userspaceAddr());
    }

    private static Memslot existing(Kvm618 kvm, int asId, int id, String what) {
        kvm.checkAsId(asId);
        Memslot old = kvm.memslots[asId].byId(id);
        if (old == null) {
            throw new IllegalArgumentException(what + ": no slot " + id + " in address space " + asId);
        }
        return old;
    }

    /**
     * KVM_SET_USER_MEMORY_REGION(2) in pages (memory_size 0 = delete), under slots_lock. Checks
     * as the kernel does and throws with its errno on bad input, before any effect; returns the
     * change made, or null when nothing changes (the kernel returns 0).
     * Kernel: virt/kvm/kvm_main.c: kvm_vm_ioctl_set_memory_region, kvm_set_memory_region (Linux 6.18).
     * Spec: SetMemoryRegion, then kvm_set_memslot's actions, SetMemoryRegionDone.
     */
    static KvmMrChange setUserMemoryRegion(Kvm618 kvm, int asId, int id, int flags, int baseGfn, int npages, int userspaceAddr) {
        if ((flags & ~Memslot.USER_FLAGS) != 0) {
            throw new IllegalArgumentException("-EINVAL: flags 0x" + Integer.toHexString(flags) + " not allowed (check_memory_region_flags)");
        }
        if (asId < 0 || asId >= KVM_ADDRESS_SPACE_NUM) {
            throw new IllegalArgumentException("-EINVAL: as_id " + asId + " >= kvm_arch_nr_memslot_as_ids (" + KVM_ADDRESS_SPACE_NUM + ")");
        }
        if (id < 0) {
            throw new IllegalArgumentException("-EINVAL: slot id " + id + " is negative");
        }
        if (npages < 0) {
            throw new IllegalArgumentException("-EINVAL: negative memory size " + npages + " pages");
        }
        kvm.slotsLock.lock();
        try {
            Memslot old = kvm.memslots[asId].byId(id);
            if (npages == 0) {
                if (old == null) {
                    throw new IllegalArgumentException("-EINVAL: delete of slot " + id + " of address space " + asId + ", which does not exist");
                }
                kvmSetMemslot(kvm, old, null, KvmMrChange.KVM_MR_DELETE);
                return KvmMrChange.KVM_MR_DELETE;
            }
            if (baseGfn < 0 || baseGfn + npages > kvm.gfnSpace) {
                throw new IllegalArgumentException("-EINVAL: gfn range [" + baseGfn + ", " + (baseGfn + npages)
                        + ") outside the gfn space [0, " + kvm.gfnSpace + ")");
            }
            if (userspaceAddr < 0 || userspaceAddr + npages > kvm.mm.size()) {
                throw new IllegalArgumentException("-EINVAL: hva range [" + userspaceAddr + ", " + (userspaceAddr + npages)
                        + ") outside the hva space [0, " + kvm.mm.size() + ") (access_ok)");
            }
            KvmMrChange change;
            if (old == null) {
                change = KvmMrChange.KVM_MR_CREATE;
            } else {
                if (userspaceAddr != old.userspaceAddr() || npages != old.npages()
                        || ((flags ^ old.flags()) & Memslot.KVM_MEM_READONLY) != 0) {
                    throw new IllegalArgumentException("-EINVAL: slot " + id + " may change only its base gfn or its flags other than"
                            + " KVM_MEM_READONLY (" + old + ")");
                }
                if (baseGfn != old.baseGfn()) {
                    change = KvmMrChange.KVM_MR_MOVE;
                } else if (flags != old.flags()) {
                    change = KvmMrChange.KVM_MR_FLAGS_ONLY;
                } else {
                    return null; // "Nothing to change."
                }
            }
            if ((change == KvmMrChange.KVM_MR_CREATE || change == KvmMrChange.KVM_MR_MOVE)
                    && kvm.memslots[asId].overlapsGfn(id, baseGfn, baseGfn + npages)) {
                throw new IllegalArgumentException("-EEXIST: gfn range [" + baseGfn + ", " + (baseGfn + npages)
                        + ") overlaps another slot of address space " + asId + " (kvm_check_memslot_overlap)");
            }
            kvmSetMemslot(kvm, old, new Memslot(asId, id, baseGfn, npages, userspaceAddr, flags), change);
            return change;
        } finally {
            if (kvm.slotsLock.isHeldByCurrentThread()) {
                kvm.slotsLock.unlock();
            }
        }
    }

    /**
     * slots_arch_lock taken; DELETE and MOVE first swap in the KVM_MEMSLOT_INVALID copy and flush
     * the slot (kvm_invalidate_memslot); then the final set is swapped in (kvm_create_memslot,
     * kvm_delete_memslot, kvm_move_memslot, kvm_update_flags_memslot: each kvm_activate_memslot).
     * slots_lock held. Kernel: virt/kvm/kvm_main.c: kvm_set_memslot (Linux 6.18).
     * Spec: SetMemoryRegion, (InvalidateMemslotCopy, the swap's actions, FlushShadowLockMmu,
     * FlushShadowZap, FlushShadowUnlockMmu,) ActivateReplace, the swap's actions, SetMemoryRegionDone.
     */
    private static void kvmSetMemslot(Kvm618 kvm, Memslot old, Memslot neu, KvmMrChange change) {
        // Released in kvm_swap_active_memslots; part of the SetMemoryRegion step (the spec has no slots_arch_lock).
        kvm.slotsArchLock.lock();
        kvm.step(SetMemoryRegion, change.ordinal());
        int asId = old != null ? old.asId() : neu.asId();
        boolean invalidate = change == KvmMrChange.KVM_MR_DELETE || change == KvmMrChange.KVM_MR_MOVE;
        if (invalidate) {
            kvm.kvmInvalidateMemslot(old);
        }
        // kvm_prepare_memory_region: no failure modelled.
        MemslotSet cur = kvm.memslots[asId];
        MemslotSet fin = change == KvmMrChange.KVM_MR_DELETE ? cur.without(old.id()) : cur.with(neu);
        kvm.step(ActivateReplace);
        // kvm_activate_memslot: swap, then kvm_replace_memslot on the now-inactive set (implicit:
        // the sets are immutable).
        kvmSwapActiveMemslots(kvm, asId, fin);
        if (invalidate) {
            // The INVALID copy is gone from the active set: the spec's ghost "flushed" ends here.
            kvm.invariants.ghostFlushed(asId, old.id(), false);
        }
        // kvm_commit_memory_region: no arch effect modelled.
        if (kvm.checks) {
            kvm.invariants.stepCheckCoherence();
        }
        kvm.step(SetMemoryRegionDone, change.ordinal());
    }

    /**
     * The KVM_MEMSLOT_INVALID copy of old put in the inactive set and swapped in, so that no new
     * mapping of the slot can be created. Kernel: virt/kvm/kvm_main.c: kvm_invalidate_memslot
     * (kvm_copy_memslot, flags |= KVM_MEMSLOT_INVALID, kvm_replace_memslot, kvm_swap_active_memslots)
     * (Linux 6.18). Spec: InvalidateMemslotCopy, the swap's actions.
     */
    static void swapInInvalidCopy(Kvm618 kvm, Memslot old) {
        MemslotSet inactive = kvm.memslots[old.asId()].with(old.invalidCopy());
        kvm.step(InvalidateMemslotCopy);
        kvmSwapActiveMemslots(kvm, old.asId(), inactive);
    }

    /**
     * Zaps every SPTE of the slot, under mmu_lock (no begin/end: the slot is INVALID, no fault
     * maps it any more). Kernel: arch/x86/kvm/x86.c: kvm_arch_flush_shadow_memslot ->
     * arch/x86/kvm/mmu/mmu.c: kvm_mmu_zap_memslot (Linux 6.18). Spec: FlushShadowLockMmu, FlushShadowZap, FlushShadowUnlockMmu.
     */
    static void kvmArchFlushShadowMemslot(Kvm618 kvm, Memslot slot) {
        kvm.lock(kvm.mmuLock, FlushShadowLockMmu);
        kvm.kvmUnmapGfnRange(slot.asId(), slot.baseGfn(), slot.gfnEnd(), FlushShadowZap);
        kvm.invariants.ghostFlushed(slot.asId(), slot.id(), true);
        kvm.unlock(kvm.mmuLock, FlushShadowUnlockMmu);
    }

    /**
     * Publishes slots as kvm->memslots[as_id], waiting (the deliberately unfair rcuwait loop,
     * byte for byte the 5.15 one) until no invalidation is between range_start and range_end;
     * releases slots_arch_lock; waits for SRCU readers; finishes the generation. slots_lock and
     * slots_arch_lock held on entry. Kernel: virt/kvm/kvm_main.c: kvm_swap_active_memslots (Linux 6.18).
     * Spec: SwapLockMn, SwapPrepareRcuwait, SwapWaitTest, SwapSetState, SwapUnlockMnToSleep,
     * SwapSchedule, SwapRelockMn, SwapFinishRcuwait, SwapPublish, SwapUnlockMn, SwapSynchronizeSrcu.
     */
    static void kvmSwapActiveMemslots(Kvm618 kvm, int asId, MemslotSet slots) {
        if (!kvm.slotsLock.isHeldByCurrentThread() || !kvm.slotsArchLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("kvm_swap_active_memslots: slots_lock and slots_arch_lock must be held");
        }
        long gen = kvm.generation[asId];
        if ((gen & KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS) != 0) {
            throw new IllegalStateException("kvm_swap_active_memslots: WARN_ON(gen & KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS)");
        }
        // Readers of the new set before synchronize_srcu ends must not cache by its generation.
        long newGen = gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;
        Task current = new Task("kvm_swap_active_memslots");
        // "Do not store the new memslots while there are invalidations in progress, otherwise the
        // locking in invalidate_range_start and invalidate_range_end will be unbalanced."
        kvm.lock(kvm.mnInvalidateLock, SwapLockMn);
        // Under the lock, so an end that drops the count to 0 after our test finds us.
        kvm.enter(SwapPrepareRcuwait);
        kvm.mnMemslotsUpdateRcuwait.prepareToRcuwait(current);
        kvm.step(SwapPrepareRcuwait);
        // while, not if: between the wake-up and the relock another start may count itself.
        while (waitTest(kvm)) {
            kvm.kvmSwapSleep(current);
        }
        kvm.enter(SwapFinishRcuwait);
        kvm.mnMemslotsUpdateRcuwait.finishRcuwait(current);
        kvm.step(SwapFinishRcuwait);
        kvm.invariants.checkMutualExclusion(asId);
        kvm.enter(SwapPublish);
        kvm.memslots[asId] = slots;
        kvm.step(SwapPublish, asId);
        kvm.unlock(kvm.mnInvalidateLock, SwapUnlockMn);
        // "Must be released before synchronize SRCU below in order to avoid deadlock with another
        // thread acquiring the slots_arch_lock in an srcu critical section."
        kvm.slotsArchLock.unlock();
        kvm.srcu.synchronize();
        newGen &= ~KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;
        // Generations are unique across address spaces: each uses every KVM_ADDRESS_SPACE_NUM-th.
        newGen += KVM_ADDRESS_SPACE_NUM;
        kvm.generation[asId] = newGen;
        kvm.step(SwapSynchronizeSrcu);
    }

    /** while (kvm->mn_active_invalidate_count), mn_invalidate_lock held. Spec: SwapWaitTest. */
    private static boolean waitTest(Kvm618 kvm) {
        boolean busy = kvm.mnActiveInvalidateCount != 0;
        kvm.step(SwapWaitTest, busy ? 1 : 0);
        return busy;
    }
}
