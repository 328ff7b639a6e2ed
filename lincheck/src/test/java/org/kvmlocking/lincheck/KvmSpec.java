package org.kvmlocking.lincheck;

/**
 * Sequential specification of the observable results of {@link KvmOps}/{@link KvmTargetedOps}:
 * a map of slots (id -> base gfn) and the generation, as KVM_SET_USER_MEMORY_REGION defines
 * them. Invalidations and faults change nothing observable here (their effect on the SPTEs is
 * checked by the invariants). Generation: +1 per install; create and flags-only install once,
 * delete and move twice (the KVM_MEMSLOT_INVALID copy, then the final layout).
 */
public class KvmSpec {
    /** base gfn per slot id, -1 if absent. */
    private final int[] base = {-1, -1};
    private long generation;

    private boolean clashes(int id, int b) {
        int other = 1 - id;
        return base[other] >= 0 && b < base[other] + KvmOpsBase.SLOT_PAGES && base[other] < b + KvmOpsBase.SLOT_PAGES;
    }

    public void remap(int r) {
    }

    public void unmap(int r) {
    }

    public void start(int r) {
    }

    public void end(int r) {
    }

    public void fault(int gfn) {
    }

    public int createSlot(int id) {
        int b = KvmOpsBase.BASES[id][0];
        if (base[id] >= 0 || clashes(id, b)) {
            return KvmOpsBase.EINVAL;
        }
        base[id] = b;
        generation += 1;
        return 0;
    }

    public int deleteSlot(int id) {
        if (base[id] < 0) {
            return KvmOpsBase.EINVAL;
        }
        base[id] = -1;
        generation += 2;
        return 0;
    }

    public int moveSlot(int id, int which) {
        int b = KvmOpsBase.BASES[id][which];
        if (base[id] < 0 || clashes(id, b)) {
            return KvmOpsBase.EINVAL;
        }
        base[id] = b;
        generation += 2;
        return 0;
    }

    public int setFlags(int id, int which) {
        if (base[id] < 0) {
            return KvmOpsBase.EINVAL;
        }
        generation += 1;
        return 0;
    }

    public int gfnToHva(int gfn) {
        for (int id = 0; id < 2; id++) {
            if (base[id] >= 0 && gfn >= base[id] && gfn < base[id] + KvmOpsBase.SLOT_PAGES) {
                return KvmOpsBase.SLOT_HVA[id] + (gfn - base[id]);
            }
        }
        return -1;
    }

    public long generation() {
        return generation;
    }
}
