package org.kvmlocking.kvm;

import static org.kvmlocking.kvm.KvmStruct.KVM_ADDRESS_SPACE_NUM;
import static org.kvmlocking.kvm.KvmStruct.KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;
import static org.kvmlocking.kvm.Step.FlushShadowLockMmu;
import static org.kvmlocking.kvm.Step.FlushShadowUnlockMmu;
import static org.kvmlocking.kvm.Step.FlushShadowZap;
import static org.kvmlocking.kvm.Step.InstallGenerationDone;
import static org.kvmlocking.kvm.Step.InstallPublish;
import static org.kvmlocking.kvm.Step.InstallSynchronizeSrcu;
import static org.kvmlocking.kvm.Step.UpdateBegin;

/**
 * The memslot update under slots_lock: kvm_set_memslot (one install, or for a delete or move the
 * KVM_MEMSLOT_INVALID copy, the flush and the final install), install_new_memslots with its
 * generation handling (the design's {@link KvmStruct#waitAndPublish} in the middle), and
 * kvm_arch_flush_shadow_memslot.
 */
final class InstallNewMemslots {
    private InstallNewMemslots() {
    }

    /**
     * kvm_set_memslot after __kvm_set_memory_region's checks, slots_lock held: installs the new
     * layout. cur is the layout now, old the slot before (null for a create), neu after (null for a delete); both
     * checked by {@link SetMemoryRegion}.
     * Kernel: virt/kvm/kvm_main.c: kvm_set_memslot (Linux 5.15). Spec: UpdateBegin, the install
     * actions (twice for a delete or move, with FlushShadow* between).
     */
    static void kvmSetMemslot(KvmStruct kvm, Memslots cur, int id, Memslot old, Memslot neu) {
        boolean twoPhases = neu == null || (old != null && neu.baseGfn() != old.baseGfn());
        Memslot invalid = twoPhases ? old.withFlags(old.flags() | Memslot.KVM_MEMSLOT_INVALID) : null;
        Memslots first = twoPhases ? cur.with(invalid) : cur.with(neu);
        Memslots fin = neu == null ? cur.without(id) : cur.with(neu);
        if (kvm.observed()) {
            kvm.step(UpdateBegin, new Memslots[] {first, fin});
        }
        if (twoPhases) {
            // Phase 1: the INVALID copy stops new faults on the slot (FaultLookup); once
            // synchronize_srcu has let in-progress faults finish, zapping is final.
            install(kvm, first);
            kvmArchFlushShadowMemslot(kvm, invalid);
        }
        install(kvm, twoPhases ? fin : first);
    }

    /**
     * install_new_memslots: mark the new layout's generation update-in-progress, exclude
     * invalidations and publish (the design's {@link KvmStruct#waitAndPublish}), wait for SRCU
     * readers of the old layout, then finish the generation. The caller holds slots_lock.
     * Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15). Spec: the design's
     * Install* actions, InstallSynchronizeSrcu, InstallGenerationDone.
     *
     * @return the old layout
     */
    static Memslots install(KvmStruct kvm, Memslots slots) {
        if (!kvm.slotsLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("installNewMemslots: slots_lock not held by the caller");
        }
        Memslots old = kvm.memslots;
        if (slots == null || slots == old) {
            throw new IllegalArgumentException("installNewMemslots: needs a new layout");
        }
        long gen = old.generation();
        if ((gen & KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS) != 0) {
            throw new IllegalStateException("installNewMemslots: current generation has UPDATE_IN_PROGRESS set");
        }
        // Readers that see the new layout before synchronize_srcu ends must not cache by it.
        slots.setGeneration(gen | KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS);
        kvm.waitAndPublish(slots);
        kvm.srcu.synchronize();
        kvm.step(InstallSynchronizeSrcu);
        gen = slots.generation() & ~KVM_MEMSLOT_GEN_UPDATE_IN_PROGRESS;
        gen += KVM_ADDRESS_SPACE_NUM;
        slots.setGeneration(gen);
        kvm.step(InstallGenerationDone);
        return old;
    }

    /**
     * rcu_assign_pointer(kvm->memslots[as_id], slots), with the MutualExclusion check: no
     * invalidation may be in flight (between its exclusion point and its end) at this moment.
     * Kernel: virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15). Spec: InstallPublish.
     */
    static void publish(KvmStruct kvm, Memslots slots) {
        // One read of the ghost: the count and the list in the message are the same moment's.
        String inFlight = kvm.ghost.describeInFlightIfAny();
        if (inFlight != null) {
            kvm.invariants.violation("MutualExclusion", "memslots published (generation 0x"
                    + Long.toHexString(slots.generation()) + ") while " + inFlight);
        }
        kvm.enter(InstallPublish);
        kvm.memslots = slots;
        kvm.step(InstallPublish);
    }

    /**
     * Zaps every SPTE of the slot.
     * Kernel: arch/x86/kvm/x86.c: kvm_arch_flush_shadow_memslot (Linux 5.15).
     * Spec: FlushShadowLockMmu, FlushShadowZap, FlushShadowUnlockMmu.
     */
    private static void kvmArchFlushShadowMemslot(KvmStruct kvm, Memslot slot) {
        kvm.lock(kvm.mmuLock, FlushShadowLockMmu);
        for (int gfn = slot.baseGfn(); gfn < slot.gfnEnd(); gfn++) {
            kvm.spte[gfn] = Mm.NO_PAGE;
        }
        kvm.step(FlushShadowZap);
        kvm.unlock(kvm.mmuLock, FlushShadowUnlockMmu);
    }
}
