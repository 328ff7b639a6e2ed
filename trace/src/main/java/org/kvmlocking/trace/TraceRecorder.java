package org.kvmlocking.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.kvmlocking.kvm.StepTracer;

/**
 * The {@link StepTracer} of the harness: one global lock held from enter() to exit(), so the
 * list order is the order of the steps (see StepTracer for why it is a linearization). A record
 * is "process TAB action TAB values"; the process is the thread's name (i1, i2, v1, u).
 */
final class TraceRecorder implements StepTracer {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<String> records = new ArrayList<>();
    /** records.size(), readable without the lock (to see whether a run still moves). */
    private volatile int size;

    @Override
    public void enter() {
        lock.lock();
    }

    @Override
    public void exit(String specAction, String values) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("StepTracer.exit(" + specAction + ") without enter()");
        }
        try {
            records.add(Thread.currentThread().getName() + "\t" + specAction + "\t" + values);
            size = records.size();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return size;
    }

    /** The records so far (a hung run's partial trace too); waits at most 1 s for the lock. */
    List<String> snapshot() throws InterruptedException {
        if (lock.tryLock(1, java.util.concurrent.TimeUnit.SECONDS)) {
            try {
                return new ArrayList<>(records);
            } finally {
                lock.unlock();
            }
        }
        // A thread died inside a step (an exception between enter and exit): copy anyway.
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }
}
