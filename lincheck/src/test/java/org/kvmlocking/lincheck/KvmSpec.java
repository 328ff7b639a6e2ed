package org.kvmlocking.lincheck;

import org.kvmlocking.kvm.HvaRange;
import org.kvmlocking.kvm.Mm;

/**
 * Sequential specification of the observable results of {@link KvmOps}/{@link KvmTargetedOps}:
 * a map of slots (id -> base gfn) and the generation, as KVM_SET_USER_MEMORY_REGION defines
 * them; the primary page table (frames handed out as {@link Mm} does: hva h starts at frame
 * h + 1, each replaced page gets the next fresh frame); and, for hand-written scenarios with
 * start and end as separate operations, the invalidations in progress with KVM's
 * mmu_notifier_count and range. Generation: +1 per install; create and flags-only install once,
 * delete and move twice (the KVM_MEMSLOT_INVALID copy, then the final layout).
 *
 * <p>A fault returns, in the kernel's order of tests: NO_SLOT if no slot covers the gfn, NO_PAGE
 * if the primary MMU maps no page at its hva, RETRY if an invalidation covering the hva is in
 * progress (mmu_notifier_count != 0 and the hva in KVM's range, the union of the ranges started
 * since the count was last 0), else "INSTALLED <frame>" with the frame the primary MMU maps.
 * What this does not predict: a fault also retries when any invalidation that took mmu_lock
 * ends during the attempt (mmu_notifier_seq moved), even one of another range; no state of a
 * sequential run says so. Such a RETRY is explained here only when the fault's hva lies in the
 * ending invalidation's range (the fault is then ordered just before that end), so the
 * hand-written scenarios fault only inside the ranges they race with, and random scenarios use
 * {@link KvmOps#fault}, which retries as the guest does.
 */
public class KvmSpec {
    /** base gfn per slot id, -1 if absent. */
    private final int[] base = {-1, -1};
    private long generation;
    /** The primary page table: frame per hva, NO_PAGE when unmapped. */
    private final int[] pte = new int[KvmOpsBase.PAGES];
    private int nextFrame;
    /** Invalidations in progress (start done, end not): range index, and whether the start counted itself. */
    private final int[] inFlightRange = new int[8];
    private final boolean[] inFlightCounted = new boolean[8];
    private int inFlight;
    /** mmu_notifier_count, mmu_notifier_range_start/end. */
    private int count;
    private int rangeStart;
    private int rangeEnd;

    public KvmSpec() {
        for (int h = 0; h < pte.length; h++) {
            pte[h] = h + 1;
        }
        nextFrame = pte.length + 1;
    }

    private boolean clashes(int id, int b) {
        int other = 1 - id;
        return base[other] >= 0 && b < base[other] + KvmOpsBase.SLOT_PAGES && base[other] < b + KvmOpsBase.SLOT_PAGES;
    }

    public void remap(int r) {
        replace(r);
    }

    public void unmap(int r) {
        HvaRange range = KvmOpsBase.RANGES[r];
        for (int h = range.start(); h < range.end(); h++) {
            pte[h] = Mm.NO_PAGE;
        }
    }

    private void replace(int r) {
        HvaRange range = KvmOpsBase.RANGES[r];
        for (int h = range.start(); h < range.end(); h++) {
            pte[h] = nextFrame++;
        }
    }

    /** Whether a slot's hvas overlap the range (__kvm_handle_hva_range takes mmu_lock). */
    private boolean overlapsSlot(HvaRange range) {
        for (int id = 0; id < 2; id++) {
            if (base[id] >= 0 && range.overlaps(KvmOpsBase.SLOT_HVA[id], KvmOpsBase.SLOT_HVA[id] + KvmOpsBase.SLOT_PAGES)) {
                return true;
            }
        }
        return false;
    }

    /** invalidate_range_start: counts itself (and widens KVM's range) iff the range overlaps a slot. */
    public void start(int r) {
        HvaRange range = KvmOpsBase.RANGES[r];
        boolean counted = overlapsSlot(range);
        if (counted) {
            count++;
            if (count == 1) {
                rangeStart = range.start();
                rangeEnd = range.end();
            } else {
                rangeStart = Math.min(rangeStart, range.start());
                rangeEnd = Math.max(rangeEnd, range.end());
            }
        }
        inFlightRange[inFlight] = r;
        inFlightCounted[inFlight] = counted;
        inFlight++;
    }

    /** The primary page-table change (fresh frames), then invalidate_range_end of the matching start. */
    public void end(int r) {
        replace(r);
        for (int i = 0; i < inFlight; i++) {
            if (inFlightRange[i] == r) {
                if (inFlightCounted[i]) {
                    count--;
                }
                inFlight--;
                inFlightRange[i] = inFlightRange[inFlight];
                inFlightCounted[i] = inFlightCounted[inFlight];
                return;
            }
        }
        throw new IllegalStateException("end(" + r + ") without start");
    }

    /** A fault attempt whose result no scenario compares ({@link KvmStepOps#touch}). */
    public void touch(int gfn) {
    }

    public String fault(int gfn) {
        int hva = gfnToHva(gfn);
        if (hva < 0) {
            return "NO_SLOT";
        }
        if (pte[hva] == Mm.NO_PAGE) {
            return "NO_PAGE";
        }
        if (count != 0 && hva >= rangeStart && hva < rangeEnd) {
            return "RETRY";
        }
        return "INSTALLED " + pte[hva];
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
        if (b == base[id]) {
            return 0; // the same base gfn (and flags): nothing to change, no install
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
