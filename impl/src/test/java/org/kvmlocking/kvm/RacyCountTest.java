package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kvmlocking.kvm.broken.RacyCount;

/**
 * racy_count (broken.RacyCount): range_start's mn_active_invalidate_count++ without
 * mn_invalidate_lock. The lost update itself needs two starts between one load and its store,
 * which no step separates in Java: JPF finds it (jpf/config/racy_count_race.jpf, the precise race
 * detector) and TLC shows its effect (spec/RacyCount_*.cfg). Here: the start no longer waits for
 * a holder of mn_invalidate_lock, and one invalidation at a time still balances.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RacyCountTest {
    private static final HvaRange R = new HvaRange(2, 4);

    /** The updater holds mn_invalidate_lock (stopped at InstallPrepareRcuwait) while a start runs on another thread. */
    private static boolean startFinishesWhileTheUpdaterHoldsTheLock(ActiveCountKvm kvm) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        kvm.addStepObserver((s, v) -> {
            if (Thread.currentThread().getName().equals("updater") && s == Step.InstallPrepareRcuwait) {
                holding.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        });
        Thread updater = new Thread(() -> kvm.createMemslot(0, 0, 8, 0, 0), "updater");
        updater.setDaemon(true);
        updater.start();
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        CountDownLatch started = new CountDownLatch(1);
        Thread inv = new Thread(() -> {
            kvm.invalidateRangeStart(R);
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            kvm.invalidateRangeEnd(R);
        }, "invalidator");
        inv.setDaemon(true);
        inv.start();
        boolean finished = started.await(300, TimeUnit.MILLISECONDS);
        release.countDown();
        inv.join(5000);
        updater.join(5000);
        assertFalse(inv.isAlive());
        assertFalse(updater.isAlive());
        return finished;
    }

    @Test
    void racyStartDoesNotTakeMnInvalidateLock() throws InterruptedException {
        assertTrue(startFinishesWhileTheUpdaterHoldsTheLock(new RacyCount(new Mm(16), false)),
                "racy_count's range_start increments without mn_invalidate_lock");
    }

    @Test
    void adoptedStartWaitsForMnInvalidateLock() throws InterruptedException {
        assertFalse(startFinishesWhileTheUpdaterHoldsTheLock(new Kvm(new Mm(16), false)),
                "the adopted range_start takes mn_invalidate_lock");
    }

    @Test
    void oneInvalidationAtATimeBalances() {
        Mm mm = new Mm(16);
        RacyCount kvm = new RacyCount(mm, true);
        kvm.createMemslot(0, 0, 8, 0, 0);
        mm.remap(R);
        mm.remap(new HvaRange(0, 2));
        assertEquals(0, kvm.mmuNotifierCount());
        assertEquals(0, kvm.mnActiveInvalidateCount());
        assertNull(kvm.rcuwaitWaiter());
        kvm.checkInvariants();
    }
}
