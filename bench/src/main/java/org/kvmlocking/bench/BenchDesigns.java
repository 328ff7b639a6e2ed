package org.kvmlocking.bench;

import org.kvmlocking.kvm.AbstractKvm;
import org.kvmlocking.kvm.Design;
import org.kvmlocking.kvm.Mm;

/** A KVM of one of {@link BenchArgs#DESIGNS}, without per-step checks (they would dominate the timings). */
final class BenchDesigns {
    private BenchDesigns() {
    }

    static AbstractKvm create(String name, Mm mm) {
        switch (name) {
            case "adopted":
            case "rwsem_unfair":
                // Built from designs.tsv (org.kvmlocking.kvm.Kvm, RwsemUnfair), like every other module.
                return Design.javaByName(name).create(mm, false);
            case "rwsem_fair_no_pseudo":
                return new FairRwsemNoPseudoLock(mm, false);
            default:
                throw new IllegalArgumentException("unknown bench design '" + name + "'; known: " + BenchArgs.DESIGNS);
        }
    }
}
