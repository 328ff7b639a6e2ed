package org.kvmlocking.kvm;

/**
 * Called on the acting thread right after each spec action, with the action's name as in the
 * TLA+ spec (e.g. "StartIncActive"). For tracing, trace validation and tests that widen a race
 * window. It may run while kernel locks are held: it must not call back into the KVM or the mm.
 */
public interface ActionListener {
    void action(String specAction);
}
