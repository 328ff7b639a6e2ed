package org.kvmlocking.kvm;

import org.kvmlocking.kvm.broken.ElisionWithoutBlocking;
import org.kvmlocking.kvm.broken.FairRwsemWithPseudoLock;
import org.kvmlocking.kvm.broken.IfInsteadOfWhile;
import org.kvmlocking.kvm.broken.LostWakeUp;
import org.kvmlocking.kvm.broken.NoWaitLoop;

/** Every design behind {@link AbstractKvm}, for drivers that run them all. */
public enum Design {
    ADOPTED(true),
    RECURSIVE_READER_RWSEM(true),
    FAIR_RWSEM_WITH_PSEUDO_LOCK(false),
    ELISION_WITHOUT_BLOCKING(false),
    LOST_WAKE_UP(false),
    IF_INSTEAD_OF_WHILE(false),
    NO_WAIT_LOOP(false);

    private final boolean correct;

    Design(boolean correct) {
        this.correct = correct;
    }

    /** Whether the design holds every invariant and cannot hang (starvation aside). */
    public boolean correct() {
        return correct;
    }

    /** A KVM of this design registered with mm. */
    public AbstractKvm create(Mm mm, boolean checks) {
        if (this == ADOPTED) {
            return new Kvm(mm, checks);
        } else if (this == RECURSIVE_READER_RWSEM) {
            return new RecursiveReaderRwsem(mm, checks);
        } else if (this == FAIR_RWSEM_WITH_PSEUDO_LOCK) {
            return new FairRwsemWithPseudoLock(mm, checks);
        } else if (this == ELISION_WITHOUT_BLOCKING) {
            return new ElisionWithoutBlocking(mm, checks);
        } else if (this == LOST_WAKE_UP) {
            return new LostWakeUp(mm, checks);
        } else if (this == IF_INSTEAD_OF_WHILE) {
            return new IfInsteadOfWhile(mm, checks);
        } else {
            return new NoWaitLoop(mm, checks);
        }
    }
}
