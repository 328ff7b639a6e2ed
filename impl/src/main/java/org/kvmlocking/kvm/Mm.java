package org.kvmlocking.kvm;

/**
 * A minimal primary MMU (the process's mm): a page table hva -> frame number over the hva space
 * [0, size), and one registered MMU notifier.
 *
 * <p>{@link #unmap} and {@link #remap} bracket their page-table change with the notifier's
 * invalidate_range_start/end on the calling thread, as the kernel's zap_page_range, migration or
 * COW do. {@link #populate} only fills empty entries and needs no notifier: no secondary MMU can
 * map a page that the primary MMU does not map. Frame numbers are handed out in increasing order
 * starting at 1, so runs are deterministic for a deterministic schedule.
 */
public final class Mm {
    /** The page-table value of an unmapped hva. */
    public static final int NO_PAGE = -1;

    /** Guarded by this monitor (the page-table lock). */
    private final int[] pte;
    /** Guarded by this monitor. */
    private int nextFrame = 1;
    /** Set once by {@link #register}, before any thread uses this mm. */
    private MmuNotifier notifier;
    /** Set before any thread uses this mm; null = nobody observes. */
    private StepObserver observer;

    /** An mm of {@code size} pages, all mapped to fresh frames. */
    public Mm(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("hva space size must be positive: " + size);
        }
        pte = new int[size];
        for (int i = 0; i < size; i++) {
            pte[i] = nextFrame++;
        }
    }

    public int size() {
        return pte.length;
    }

    /** mmu_notifier_register. One notifier per mm here. */
    public void register(MmuNotifier n) {
        if (notifier != null) {
            throw new IllegalStateException("an MMU notifier is already registered");
        }
        notifier = n;
    }

    /**
     * Subscribes an observer to the mm's steps (PrimaryChangePte), after those already
     * subscribed; {@link KvmStruct#addStepObserver} calls this. Before any thread uses the mm.
     */
    public void addStepObserver(StepObserver o) {
        observer = StepObserver.both(observer, o);
    }

    /** The frame mapped at {@code hva}, or {@link #NO_PAGE}. */
    public synchronized int pte(int hva) {
        checkHva(hva);
        return pte[hva];
    }

    /** get_user_pages of one page: the frame the primary MMU maps at hva, or {@link #NO_PAGE}. Spec: FaultGup. */
    public int getUserPage(int hva) {
        return pte(hva);
    }

    /** Unmaps the range (munmap, MADV_DONTNEED): notifier start, clear the PTEs, notifier end. */
    public void unmap(HvaRange range) {
        checkRange(range);
        notifyStart(range);
        clearPtes(range);
        notifyEnd(range);
    }

    /** Replaces the pages of the range with fresh frames (migration, COW): start, change, end. */
    public void remap(HvaRange range) {
        checkRange(range);
        notifyStart(range);
        replacePtes(range);
        notifyEnd(range);
    }

    /** Maps fresh frames at the unmapped hvas of the range (a primary page fault); no notifier. */
    public void populate(HvaRange range) {
        checkRange(range);
        synchronized (this) {
            for (int h = range.start(); h < range.end(); h++) {
                if (pte[h] == NO_PAGE) {
                    pte[h] = nextFrame++;
                }
            }
        }
    }

    /**
     * Spec: PrimaryChangePte (unmap flavour). The raw page-table change without the notifier;
     * a caller driving the steps itself must bracket it with the notifier's start and end.
     */
    public void clearPtes(HvaRange range) {
        changePtes(range, true);
    }

    /**
     * Spec: PrimaryChangePte (remap flavour). The raw page-table change without the notifier;
     * a caller driving the steps itself must bracket it with the notifier's start and end.
     */
    public void replacePtes(HvaRange range) {
        changePtes(range, false);
    }

    /**
     * Every page of the range unmapped, or replaced by a new frame. Bracketed as one step: KVM
     * reads the page table (get_user_pages, the Coherence check) without its own locks.
     * Kernel: mm/memory.c: zap_page_range and the other callers of the notifier. Spec: PrimaryChangePte.
     */
    private void changePtes(HvaRange range, boolean unmap) {
        checkRange(range);
        StepObserver o = observer;
        if (o != null) {
            o.enter(Step.PrimaryChangePte);
        }
        synchronized (this) {
            for (int h = range.start(); h < range.end(); h++) {
                pte[h] = unmap ? NO_PAGE : nextFrame++;
            }
        }
        if (o != null) {
            o.step(Step.PrimaryChangePte, range);
        }
    }

    /** Throws IllegalArgumentException unless the range lies inside the hva space. */
    public void checkRange(HvaRange range) {
        if (range == null) {
            throw new IllegalArgumentException("hva range is null");
        }
        if (range.end() > pte.length) {
            throw new IllegalArgumentException("hva range " + range + " exceeds the hva space [0, " + pte.length + ")");
        }
    }

    private void checkHva(int hva) {
        if (hva < 0 || hva >= pte.length) {
            throw new IllegalArgumentException("hva " + hva + " outside the hva space [0, " + pte.length + ")");
        }
    }

    private void notifyStart(HvaRange range) {
        if (notifier != null) {
            notifier.invalidateRangeStart(range);
        }
    }

    private void notifyEnd(HvaRange range) {
        if (notifier != null) {
            notifier.invalidateRangeEnd(range);
        }
    }
}
