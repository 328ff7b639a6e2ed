package org.kvmlocking.kvm;

/**
 * Ghost state for the invariant checks; nothing in the protocol reads it. Its own monitor
 * guards it. An invalidation is identified by its thread and range: the primary MMU calls start
 * and end on the same thread with the same range (struct mmu_notifier_range). The
 * {@code incremented} flag of an entry changes only under mmu_lock, so a reader holding mmu_lock
 * sees it consistent with mmu_notifier_count.
 */
final class Ghost {
    static final class Entry {
        final Thread owner;
        final HvaRange range;
        /**
         * An MMU notifier invalidation (between range_start and range_end, counted in
         * mn_active_invalidate_count: MutualExclusion covers it), not another caller of
         * kvm_inc_notifier_count ({@link NotifierCount#callerBegin}).
         */
        final boolean notifier;
        /** Whether this invalidation's start incremented mmu_notifier_count (and its end has not decremented yet). */
        boolean incremented;

        Entry(Thread owner, HvaRange range, boolean notifier) {
            this.owner = owner;
            this.range = range;
            this.notifier = notifier;
        }
    }

    private Entry[] inFlight = new Entry[4];
    private int n;
    private int pendingWakeUps;
    /** The first violation of each invariant, in the order they happened (few: one per invariant). */
    private InvariantViolation[] violations = new InvariantViolation[0];

    synchronized void begin(HvaRange range) {
        add(range, true);
    }

    /** Another caller of kvm_inc_notifier_count than the notifier begins (see {@link NotifierCount}). */
    synchronized void beginCaller(HvaRange range) {
        add(range, false);
    }

    private void add(HvaRange range, boolean notifier) {
        if (n == inFlight.length) {
            Entry[] bigger = new Entry[n * 2];
            System.arraycopy(inFlight, 0, bigger, 0, n);
            inFlight = bigger;
        }
        inFlight[n++] = new Entry(Thread.currentThread(), range, notifier);
    }

    /** Removes this thread's entry for range; returns whether it still held an increment. */
    synchronized boolean end(HvaRange range) {
        Thread me = Thread.currentThread();
        for (int i = 0; i < n; i++) {
            Entry e = inFlight[i];
            if (e.owner == me && e.range.equals(range)) {
                inFlight[i] = inFlight[n - 1];
                inFlight[--n] = null;
                return e.incremented;
            }
        }
        throw new IllegalStateException("invalidate_range_end of " + range + " without invalidate_range_start on thread "
                + me.getName());
    }

    /** mmu_lock held: this thread's start of range incremented the count. */
    synchronized void markIncremented(HvaRange range) {
        Entry e = find(range);
        if (e != null) {
            e.incremented = true;
        }
    }

    /** mmu_lock held: this thread's end of range decrements; returns whether its start had incremented. */
    synchronized boolean markDecremented(HvaRange range) {
        Entry e = find(range);
        if (e == null || !e.incremented) {
            return false;
        }
        e.incremented = false;
        return true;
    }

    synchronized boolean inFlight(HvaRange range) {
        return find(range) != null;
    }

    synchronized boolean isIncremented(HvaRange range) {
        Entry e = find(range);
        return e != null && e.incremented;
    }

    private Entry find(HvaRange range) {
        Thread me = Thread.currentThread();
        for (int i = 0; i < n; i++) {
            Entry e = inFlight[i];
            if (e.owner == me && e.range.equals(range)) {
                return e;
            }
        }
        return null;
    }

    synchronized int inFlightCount() {
        return n;
    }

    synchronized int incrementedCount() {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (inFlight[i].incremented) {
                c++;
            }
        }
        return c;
    }

    synchronized boolean covers(int hva) {
        for (int i = 0; i < n; i++) {
            if (inFlight[i].range.contains(hva)) {
                return true;
            }
        }
        return false;
    }

    /** "N invalidation(s) are in flight: {...}", or null when no notifier invalidation is (MutualExclusion's window). */
    synchronized String describeInFlightIfAny() {
        int notifiers = 0;
        for (int i = 0; i < n; i++) {
            if (inFlight[i].notifier) {
                notifiers++;
            }
        }
        return notifiers == 0 ? null : notifiers + " invalidation(s) are in flight: " + describeInFlight();
    }

    synchronized String describeInFlight() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(inFlight[i].range).append(" by ").append(inFlight[i].owner.getName());
            if (inFlight[i].incremented) {
                b.append(" (incremented)");
            }
        }
        return b.append('}').toString();
    }

    synchronized void wakeUpPending() {
        pendingWakeUps++;
    }

    synchronized void wakeUpDone() {
        pendingWakeUps--;
    }

    synchronized int pendingWakeUps() {
        return pendingWakeUps;
    }

    /** Records v unless its invariant was recorded before. */
    synchronized void record(InvariantViolation v) {
        for (InvariantViolation w : violations) {
            if (w.invariant().equals(v.invariant())) {
                return;
            }
        }
        InvariantViolation[] more = new InvariantViolation[violations.length + 1];
        System.arraycopy(violations, 0, more, 0, violations.length);
        more[violations.length] = v;
        violations = more;
    }

    /** The first violation recorded, or null. */
    synchronized InvariantViolation recorded() {
        return violations.length == 0 ? null : violations[0];
    }

    /** The first violation of each invariant, in the order they happened. */
    synchronized InvariantViolation[] recordedAll() {
        return violations.clone();
    }

    /** The invariants recorded other than name, "+"-separated in order ("" if none). */
    synchronized String recordedOtherThan(String name) {
        StringBuilder b = new StringBuilder();
        for (InvariantViolation w : violations) {
            if (!w.invariant().equals(name)) {
                b.append(b.length() > 0 ? "+" : "").append(w.invariant());
            }
        }
        return b.toString();
    }
}
