package org.kvmlocking.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** Test threads that may hang (a broken primitive): daemons, joined with a bound, never left running silently. */
final class Threads {
    private Threads() {
    }

    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until t sleeps in Object.wait() (a primitive's wait loop), at most 5 s. */
    static void awaitWaiting(Thread t) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (t.getState() != Thread.State.WAITING) {
            if (!t.isAlive()) {
                fail(t.getName() + " ended instead of waiting");
            }
            if (System.nanoTime() > deadline) {
                fail(t.getName() + " never waited (state " + t.getState() + ")");
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Interrupts t, which waits in Object.wait(), and returns once t has taken the interrupt
     * (Object.wait() threw, which clears the flag) and waits again. Without the first wait, a
     * release that came right after the interrupt could end the wait normally, with the flag
     * still set and the primitive's catch block never run.
     */
    static void interruptAndAwaitRewait(Thread t) {
        t.interrupt();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (t.isInterrupted()) {
            if (System.nanoTime() > deadline) {
                fail(t.getName() + " never took the interrupt");
            }
            Thread.onSpinWait();
        }
        awaitWaiting(t);
    }

    /** Joins t for at most 5 s and fails if it is still running: the wake-up it needed was lost. */
    static void joinOrFail(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(t.isAlive(), t.getName() + " still blocked after 5 s: its wake-up was lost");
    }
}
