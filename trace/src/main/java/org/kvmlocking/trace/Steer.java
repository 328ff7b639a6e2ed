package org.kvmlocking.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.kvmlocking.kvm.Step;
import org.kvmlocking.kvm.StepObserver;

/**
 * Steers a recorded run into the protocol's narrow windows by short, bounded waits at protocol
 * points: a {@link StepObserver} subscribed after the recorder (so the recorder has closed the
 * step's bracket and no recorder lock is held while it waits), plus waits the harness's threads
 * make before their first operation. Every wait has a timeout, so a design in which the awaited
 * step never comes (a broken variant, the rwsem design) only runs later, never hangs here.
 * Waits are made only where the acting thread holds no kernel spinlock: after an unlock step,
 * after schedule() returned, after a lockless read.
 *
 * <p>The scenario of a run comes from its seed:
 * <ul>
 * <li>{@link Scenario#FREE}: no steering (the JVM's interleaving and the harness's jitter).
 * <li>{@link Scenario#WAKE_RELOCK} (designs with mn_active_invalidate_count): i1 counts itself
 * in; u's update begins after that and tests the count (busy); i1 waits at StartUnlockMn until
 * u is asleep in schedule() (or, for half of the seeds, u waits after its InstallUnlockMnToSleep
 * until the wake-up has come: the wake-up before schedule()); i1 ends and wakes u; u, back from
 * schedule(), waits before its relock until i2 has counted itself in: the wake-to-relock window,
 * so the re-test finds the count busy again and u sleeps until i2's end.
 * <li>{@link Scenario#OVERLAP}: i1 (range [0,1) or [1,2)) starts first; i2 (range [0,2)) starts
 * once i1's start is through; i1 waits after its StartUnlockMmu until i2 has incremented
 * mmu_notifier_count too: two tracked invalidations, the range widened by i2's (unless i1's
 * start was elided). v1 faults on gfn 0 once i1 has incremented, and waits after FaultGup until
 * some invalidation has ended (EndDecNotifierCount bumps the seq), so its retry test fires.
 * <li>{@link Scenario#LATE}: page 1 has no slot; u's first update creates it, i1's first range
 * is [1,2), v1's first fault is on gfn 1; i2 waits until i1's first invalidation is over. u
 * begins once i1 has read the memslots (StartHvaRange); i1 waits there until u has published, gone to sleep or queued on the rwsem,
 * and, if u published, until v1's fault is over. In the adopted design i1 is counted before it
 * reads the memslots, so u just sleeps; in one that reads them first (late_count) the update
 * lands between i1's overlap test and its count: start and end disagree on the lock elision
 * (Balance), and v1 maps the page i1 then replaces (Coherence).
 * </ul>
 */
final class Steer implements StepObserver {
    enum Scenario {
        FREE, WAKE_RELOCK, OVERLAP, LATE
    }

    /** How long one steering wait may take before the run goes on unsteered. */
    static final long WAIT_MS = 50;

    final Scenario scenario;
    private final boolean wakeBeforeSchedule;
    private final Map<String, Integer> seen = new HashMap<>();
    private int endDecs;
    /** Steering waits that ran out (the awaited step did not come: another design, or a slow run). */
    private int timeouts;
    private int endDecsAtFaultBegin;
    private volatile Thread updater;

    Steer(Scenario scenario, boolean wakeBeforeSchedule) {
        this.scenario = scenario;
        this.wakeBeforeSchedule = wakeBeforeSchedule;
    }

    void updater(Thread u) {
        this.updater = u;
    }

    synchronized int timeouts() {
        return timeouts;
    }

    /** How often thread th took step s so far. */
    synchronized int n(String th, Step s) {
        return seen.getOrDefault(th + ":" + s.name(), 0);
    }

    /** Waits until cond holds (re-tested at each step and every millisecond), at most WAIT_MS. */
    synchronized void await(BooleanSupplier cond) {
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        while (!cond.getAsBoolean()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                timeouts++;
                return;
            }
            try {
                wait(Math.min(left, 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void step(Step step, Object value) {
        String th = Thread.currentThread().getName();
        int k;
        synchronized (this) {
            k = seen.merge(th + ":" + step.name(), 1, Integer::sum);
            if (step == Step.EndDecNotifierCount) {
                endDecs++;
            }
            if (step == Step.FaultBegin && th.equals("v1")) {
                endDecsAtFaultBegin = endDecs;
            }
            notifyAll();
        }
        if (k != 1) {
            return; // only each thread's first pass through a point is steered
        }
        switch (scenario) {
            case WAKE_RELOCK:
                if (th.equals("i1") && step == Step.StartUnlockMn) {
                    // u must have tested the count and be on its way to sleep (or past the wait)
                    await(() -> n("u", Step.InstallUnlockMnToSleep) > 0 || n("u", Step.InstallPublish) > 0);
                    if (!wakeBeforeSchedule) {
                        Thread u = updater;
                        await(() -> n("u", Step.InstallPublish) > 0
                                || (n("u", Step.InstallSetState) > 0 && u != null && u.getState() == Thread.State.WAITING));
                    }
                } else if (th.equals("u") && step == Step.InstallUnlockMnToSleep && wakeBeforeSchedule) {
                    await(() -> n("i1", Step.EndWakeUp) > 0);
                } else if (th.equals("u") && step == Step.InstallSchedule) {
                    // the wake-to-relock window: another invalidation counts itself in here
                    await(() -> n("i2", Step.StartIncActive) > 0 && n("i2", Step.StartUnlockMn) > 0);
                }
                break;
            case LATE:
                if (th.equals("i1") && step == Step.StartHvaRange) {
                    await(() -> n("u", Step.InstallPublish) > 0 || n("u", Step.InstallUnlockMnToSleep) > 0
                            || n("u", Step.InstallDownWrite) > 0);
                    if (n("u", Step.InstallPublish) > 0) {
                        await(() -> n("v1", Step.FaultUnlockMmu) > 0 || n("v1", Step.FaultBegin) > 1);
                    }
                }
                break;
            case OVERLAP:
                if (th.equals("i1") && step == Step.StartUnlockMmu) {
                    await(() -> n("i2", Step.StartIncNotifierCount) > 0 || n("i2", Step.PrimaryChangePte) > 0);
                } else if (th.equals("v1") && step == Step.FaultGup) {
                    await(() -> endDecs > endDecsAtFaultBegin);
                }
                break;
            default:
                break;
        }
    }

    /** What a thread waits for before its first operation. */
    void beforeFirst(String th) {
        switch (scenario) {
            case WAKE_RELOCK:
                if (th.equals("u")) {
                    await(() -> n("i1", Step.StartIncActive) > 0);
                } else if (th.equals("i2")) {
                    await(() -> n("u", Step.InstallSchedule) > 0 || n("u", Step.InstallPublish) > 0);
                }
                break;
            case LATE:
                if (th.equals("u")) {
                    await(() -> n("i1", Step.StartHvaRange) > 0);
                } else if (th.equals("i2")) {
                    // out of the way: no invalidation of its own to make u wait or v1 retry
                    await(() -> n("i1", Step.StartBegin) > 1);
                } else if (th.equals("v1")) {
                    await(() -> n("u", Step.InstallPublish) > 0 || n("u", Step.InstallUnlockMnToSleep) > 0
                            || n("u", Step.InstallDownWrite) > 0);
                }
                break;
            case OVERLAP:
                if (th.equals("i2")) {
                    await(() -> n("i1", Step.StartUnlockMmu) > 0 || n("i1", Step.PrimaryChangePte) > 0);
                } else if (th.equals("v1")) {
                    await(() -> n("i1", Step.StartIncNotifierCount) > 0 || n("i1", Step.PrimaryChangePte) > 0);
                }
                break;
            default:
                break;
        }
    }
}
