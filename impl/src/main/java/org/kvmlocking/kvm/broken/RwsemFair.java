package org.kvmlocking.kvm.broken;

import org.kvmlocking.kvm.Mm;
import org.kvmlocking.kvm.RwsemKvm;

/**
 * BROKEN (deadlocks): the first version of 52ac8b358b0c, a fair rwsem. Invalidation A holds the
 * rwsem for read between its start and end; the updater queues for write; invalidation B's start
 * holds the pseudo-lock and blocks in down_read behind the queued writer; A's end blocks on the
 * pseudo-lock. B waits for the writer, the writer for A, A for B: the lockdep splat of the seed,
 * here a real deadlock.
 */
public final class RwsemFair extends RwsemKvm {
    public RwsemFair(Mm mm, boolean checks) {
        super(mm, checks, true);
    }
}
