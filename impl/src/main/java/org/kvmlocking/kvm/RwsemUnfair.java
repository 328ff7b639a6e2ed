package org.kvmlocking.kvm;

/**
 * The rwsem design with a non-fair rwsem: readers (invalidations) never wait for a queued
 * writer, only for an active one ("shared recursive" readers in lockdep terms). That breaks the
 * cycle of the seed commit, so it is correct; its price, shared with the adopted design, is that
 * a stream of invalidations can starve the memslot update.
 */
public final class RwsemUnfair extends RwsemKvm {
    public RwsemUnfair(Mm mm, boolean checks) {
        super(mm, checks, false);
    }
}
