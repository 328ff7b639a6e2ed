package org.kvmlocking.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.Step;
import org.kvmlocking.kvm.StepObserver;

/**
 * The trace recorder: a {@link StepObserver} with one global lock, held from a bracketed step's
 * enter() to its step() and around every other step's record, so the list order is the order of
 * the steps. Steps under a kernel lock are recorded with that lock held; steps that no kernel
 * lock orders are bracketed by the protocol code, so the record order is a linearization of the
 * run. Lock order: the rwsem's monitor (its in-monitor steps record), then this lock, then the
 * mm, Task, SpinLock and ghost monitors; nothing takes a kernel lock or the rwsem while holding
 * this one. A record is "process TAB action TAB values"; the process is the thread's name (i1,
 * i2, v1, u), the values are {@link TraceValues}'.
 */
final class TraceRecorder implements StepObserver {
    private final OwnedLock lock = new OwnedLock();

    /** A ReentrantLock that says who holds it: a dead holder will never let go, a live one will. */
    private static final class OwnedLock extends ReentrantLock {
        private static final long serialVersionUID = 1L;

        Thread holder() {
            return getOwner();
        }
    }
    private final List<String> records = new ArrayList<>();
    private final TraceValues values;
    private final AbstractKvm kvm;
    /**
     * The properties the Java state has broken so far (AbstractKvm#brokenSoFarUnlocked), and
     * where: "K:Property" the first time each breaks. A state property (Coherence, Balance) can
     * hold again later: it stays in this set, so it is not noted twice, and the state with
     * nothing broken adds no empty name.
     */
    private final java.util.Set<String> broken = new java.util.HashSet<>();
    private final List<String> brokeAt = new ArrayList<>();
    /** records.size(), readable without the lock (to see whether a run still moves). */
    private volatile int size;

    TraceRecorder(AbstractKvm kvm) {
        this.values = new TraceValues(kvm, kvm.mm());
        this.kvm = kvm;
    }

    @Override
    public void enter(Step step) {
        lock.lock();
    }

    @Override
    public void step(Step step, Object value) {
        if (!lock.isHeldByCurrentThread()) {
            lock.lock();
        }
        try {
            records.add(Thread.currentThread().getName() + "\t" + step.name() + "\t" + values.of(step, value));
            size = records.size();
            // The properties on the Java state right after this step (no other step can run
            // while we hold the lock): each one broken for the first time is noted with the
            // record's number, so a run the spec rejects later still names what broke first.
            // (Empty when nothing is broken now: a seeded:NarrowNotifierRange run whose
            // Coherence broke at record 57 and held again at 62 wrote "57:Coherence,62:", and
            // the trace was refused as malformed; make check, 2026-12-06.)
            for (String p : kvm.brokenSoFarUnlocked().split("\\+")) {
                if (!p.isEmpty() && broken.add(p)) {
                    brokeAt.add(size + ":" + p);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** "K:Property,..." for each property the Java state broke, at the record it first broke after; "-" if none. */
    String brokeAt() throws InterruptedException {
        if (acquire()) {
            try {
                return brokeAt.isEmpty() ? "-" : String.join(",", brokeAt);
            } finally {
                lock.unlock();
            }
        }
        // as snapshot(): the holder died inside a step, nothing adds any more
        return brokeAt.isEmpty() ? "-" : String.join(",", new ArrayList<>(brokeAt));
    }

    /**
     * Takes the recorder lock, or says why it cannot: false when its holder died inside a step
     * (an exception between enter() and step(), e.g. elision_only's BUG_ON), so it will never
     * let go and nothing can add a record any more. A live holder is waited for, however slow: on
     * a loaded machine a runnable thread may wait seconds for a CPU, and copying the list beside
     * its add could copy a slot before its record is stored (a "null" record, a malformed trace).
     */
    private boolean acquire() throws InterruptedException {
        while (!lock.tryLock(100, TimeUnit.MILLISECONDS)) {
            Thread holder = lock.holder();
            if (holder != null && !holder.isAlive()) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return size;
    }

    /** The records so far (a hung run's partial trace too); waits for a live holder of the lock. */
    List<String> snapshot() throws InterruptedException {
        if (acquire()) {
            try {
                return new ArrayList<>(records);
            } finally {
                lock.unlock();
            }
        }
        return new ArrayList<>(records); // the holder died inside a step: no add can run beside this copy
    }
}
