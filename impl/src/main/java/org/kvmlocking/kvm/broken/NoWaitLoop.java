package org.kvmlocking.kvm.broken;

import static org.kvmlocking.kvm.Step.InstallLockMn;
import static org.kvmlocking.kvm.Step.InstallUnlockMn;

import org.kvmlocking.kvm.ActiveCountKvm;
import org.kvmlocking.kvm.Memslots;
import org.kvmlocking.kvm.Mm;

/**
 * BROKEN (MutualExclusion): invalidations maintain mn_active_invalidate_count, but the updater
 * only takes mn_invalidate_lock around the publish and never waits for the count. The spinlock
 * alone orders the publish against the count updates, not against the whole start..end window.
 */
public final class NoWaitLoop extends ActiveCountKvm {
    public NoWaitLoop(Mm mm, boolean checks) {
        super(mm, checks);
    }

    /** Spec: InstallLockMn, InstallPublish, InstallUnlockMn (no wait). */
    @Override
    protected void waitAndPublish(Memslots slots) {
        lock(mnInvalidateLock, InstallLockMn);
        publish(slots);
        unlock(mnInvalidateLock, InstallUnlockMn);
    }
}
