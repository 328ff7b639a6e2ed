package org.kvmlocking.lincheck;

import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.Design;
import org.kvmlocking.kvm.Mm;

/** The designs under the names of the results table. */
enum Designs {
    ADOPTED("adopted", Design.ADOPTED),
    ELISION_ONLY("elision_only", Design.ELISION_WITHOUT_BLOCKING),
    NO_WAIT_LOOP("no_wait_loop", Design.NO_WAIT_LOOP),
    IF_NOT_WHILE("if_not_while", Design.IF_INSTEAD_OF_WHILE),
    LOST_WAKEUP("lost_wakeup", Design.LOST_WAKE_UP),
    RWSEM_FAIR("rwsem_fair", Design.FAIR_RWSEM_WITH_PSEUDO_LOCK),
    RWSEM_UNFAIR("rwsem_unfair", Design.RECURSIVE_READER_RWSEM);

    final String row;
    final Design design;

    Designs(String row, Design design) {
        this.row = row;
        this.design = design;
    }

    AbstractKvm create(Mm mm, boolean checks) {
        return design.create(mm, checks);
    }
}
