package org.kvmlocking.kvm618;

/**
 * A minimal primary MMU (the process's mm): a page table hva -> frame over [0, size) and the
 * registered KVM's MMU notifier.
 *
 * <p>{@link #remap} and {@link #unmap} bracket their page-table change with
 * invalidate_range_start/end on the calling thread, as zap_page_range, migration or COW do. Each
 * call reaches KVM only if KVM's notifier is registered at that moment: a KVM created with late
 * registration ({@link Kvm618#Kvm618(Mm618, int, boolean, boolean)}) registers on some thread
 * ({@link Kvm618#mmuNotifierRegister()}), possibly between an invalidation's start() and end(),
 * and then sees an end without a start: the case Linux 6.9 (d489ec956583) makes KVM survive.
 *
 * <p>Ghost: each hva counts the invalidations in flight over it, from before the notifier's start
 * until its end returned; Coherence exempts those hvas. Frames are handed out from 1 upwards.
 */
public final class Mm618 {
    /** The page-table value of an unmapped hva, and of an SPTE that maps nothing. */
    public static final int NO_PAGE = -1;

    /** Guarded by this monitor (the page-table lock). */
    private final int[] pte;
    /** Ghost, guarded by this monitor: in-flight invalidations per hva. */
    private final int[] inFlight;
    /** Guarded by this monitor. */
    private int nextFrame = 1;
    /** Set once by {@link #attach}, before any thread uses this mm. */
    private Kvm618 notifier;
    /** Whether the notifier is registered (mmu_notifier_register/unregister). Guarded by this monitor. */
    private boolean registered;
    /** Set before any thread uses this mm; null = nobody observes. */
    private StepObserver618 observer;

    public Mm618(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("hva space size must be positive: " + size);
        }
        pte = new int[size];
        inFlight = new int[size];
        for (int i = 0; i < size; i++) {
            pte[i] = nextFrame++;
        }
    }

    public int size() {
        return pte.length;
    }

    /** The KVM whose notifier this mm calls once registered. One per mm. Before any thread runs. */
    void attach(Kvm618 kvm) {
        if (notifier != null) {
            throw new IllegalStateException("a KVM is already attached to this mm");
        }
        notifier = kvm;
    }

    /** mmu_notifier_register / mmu_notifier_unregister. Returns the previous state. */
    synchronized boolean setRegistered(boolean on) {
        boolean was = registered;
        registered = on;
        return was;
    }

    /** Whether the MMU notifier is registered now. */
    public synchronized boolean registered() {
        return registered;
    }

    void addStepObserver(StepObserver618 o) {
        observer = StepObserver618.both(observer, o);
    }

    /** The frame mapped at hva, or {@link #NO_PAGE}. */
    public synchronized int pte(int hva) {
        checkHva(hva);
        return pte[hva];
    }

    /** hva_to_pfn / get_user_pages of one page. Spec: FaultGetPfn. */
    int getUserPage(int hva) {
        return pte(hva);
    }

    /** Ghost: whether an invalidation over hva is in flight. */
    synchronized boolean covered(int hva) {
        return inFlight[hva] != 0;
    }

    /** Migration / COW: invalidate_range_start, fresh frames in the range, invalidate_range_end. */
    public void remap(HvaRange range) {
        invalidate(range, false);
    }

    /** munmap / MADV_DONTNEED: invalidate_range_start, the PTEs cleared, invalidate_range_end. */
    public void unmap(HvaRange range) {
        invalidate(range, true);
    }

    /** Maps fresh frames at the unmapped hvas of the range (a primary page fault): no notifier. */
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

    private void invalidate(HvaRange range, boolean unmap) {
        checkRange(range);
        Kvm618 kvm = requireNotifier();
        cover(range, 1);
        // mm/mmu_notifier.c: __mmu_notifier_invalidate_range_start calls only registered notifiers.
        // Bracketed, as MmuNotifierRegister's write: the registration races with this read.
        enter(Step618.InvBegin);
        boolean begin = registered();
        step(Step618.InvBegin, begin ? 1 : 0);
        if (begin) {
            kvm.invalidateRangeStart(range);
        }
        changePtes(range, unmap);
        enter(Step618.InvEnd);
        boolean end = registered();
        step(Step618.InvEnd, end ? 1 : 0);
        if (end) {
            kvm.invalidateRangeEnd(range);
        }
        cover(range, -1);
        // Now that the range is no longer in flight, Coherence covers it too.
        kvm.afterInvalidation();
    }

    /**
     * The primary MMU's page-table change, bracketed: KVM reads the page table without its own locks.
     * Kernel: mm/memory.c: zap_page_range_single and the other callers of the notifier. Spec: PrimaryChangePte.
     */
    void changePtes(HvaRange range, boolean unmap) {
        StepObserver618 o = observer;
        if (o != null) {
            o.enter(Step618.PrimaryChangePte);
        }
        synchronized (this) {
            for (int h = range.start(); h < range.end(); h++) {
                pte[h] = unmap ? NO_PAGE : nextFrame++;
            }
        }
        if (o != null) {
            o.step(Step618.PrimaryChangePte, range.start());
        }
    }

    private void enter(Step618 s) {
        StepObserver618 o = observer;
        if (o != null) {
            o.enter(s);
        }
    }

    private void step(Step618 s, int value) {
        StepObserver618 o = observer;
        if (o != null) {
            o.step(s, value);
        }
    }

    private synchronized void cover(HvaRange range, int delta) {
        for (int h = range.start(); h < range.end(); h++) {
            inFlight[h] += delta;
        }
    }

    private Kvm618 requireNotifier() {
        if (notifier == null) {
            throw new IllegalStateException("no MMU notifier registered on this mm");
        }
        return notifier;
    }

    /** Throws IllegalArgumentException unless the range lies inside the hva space. */
    public void checkRange(HvaRange range) {
        if (range == null) {
            throw new IllegalArgumentException("hva range is null");
        }
        if (range.end() > pte.length) {
            throw new IllegalArgumentException(range + " exceeds the hva space [0, " + pte.length + ")");
        }
    }

    private void checkHva(int hva) {
        if (hva < 0 || hva >= pte.length) {
            throw new IllegalArgumentException("hva " + hva + " outside the hva space [0, " + pte.length + ")");
        }
    }
}
