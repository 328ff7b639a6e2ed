package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.kvmlocking.kvm.Step.*;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.kvmlocking.kernel.Task;
import org.kvmlocking.kernel.TaskState;

/**
 * What the trace recorder (trace/) relies on: a step whose effect no kernel lock orders (a
 * lockless read or write, an unlock) is bracketed by {@code enter(step)} just before its effect
 * and {@code step(step)} just after, on the acting thread, and no other step is; each step hands
 * the value {@link Step} names for it. Runs every path of the adopted design (including an updater
 * that sleeps and is woken) and of the rwsem design.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StepBracketingTest {
    private static final int N = 16;

    /** The steps with no kernel lock ordering their effect (StepObserver's contract). */
    private static final Set<Step> BRACKETED = EnumSet.of(
            // lockless reads of the memslots pointer, mmu_notifier_seq and the primary page table
            StartHvaRange, EndHvaRange, FaultBegin, FaultLookup, FaultGup,
            // mmu_notifier_seq/count: FaultBegin reads the seq without mmu_lock
            StartIncNotifierCount, EndDecNotifierCount,
            // the rcuwait pointer, the task state and the memslots pointer, read without a lock
            InstallPrepareRcuwait, InstallSetState, InstallFinishRcuwait, InstallPublish, EndWakeUp,
            // the page table, read by get_user_pages without KVM's locks
            PrimaryChangePte,
            // unlocks: the next owner's steps come after them
            StartUnlockMn, StartUnlockMmu, EndUnlockMmu, EndUnlockMn, InstallUnlockMnToSleep, InstallUnlockMn,
            FlushShadowUnlockMmu, UpdateEnd, FaultUnlockMmu, StartPseudoRelease, EndPseudoRelease);

    private record Event(String thread, boolean enter, Step step, Object value) {
        @Override
        public String toString() {
            return thread + ":" + (enter ? "enter " : "") + step + (value == null ? "" : "=" + value);
        }
    }

    private static final class Recorder implements StepObserver {
        final List<Event> events = new ArrayList<>();

        @Override
        public synchronized void enter(Step step) {
            events.add(new Event(Thread.currentThread().getName(), true, step, null));
        }

        @Override
        public synchronized void step(Step step, Object value) {
            events.add(new Event(Thread.currentThread().getName(), false, step, value));
        }

        synchronized List<Event> snapshot() {
            return new ArrayList<>(events);
        }

        /** The steps (not the enters), in order. */
        synchronized List<Step> steps() {
            return events.stream().filter(e -> !e.enter).map(Event::step).collect(Collectors.toList());
        }

        synchronized List<Object> values(Step s) {
            List<Object> out = new ArrayList<>();
            for (Event e : events) {
                if (!e.enter && e.step == s) {
                    out.add(e.value);
                }
            }
            return out;
        }

        synchronized void clear() {
            events.clear();
        }
    }

    /** Every step is bracketed iff it is in BRACKETED, and every enter is closed by its step on the same thread. */
    private static void assertBracketing(List<Event> events) {
        Set<Step> seen = EnumSet.noneOf(Step.class);
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            Event prev = null;
            for (int j = i - 1; j >= 0; j--) {
                if (events.get(j).thread.equals(e.thread)) {
                    prev = events.get(j);
                    break;
                }
            }
            if (e.enter) {
                assertTrue(BRACKETED.contains(e.step), "enter of a lock-ordered step: " + e);
                continue;
            }
            seen.add(e.step);
            boolean opened = prev != null && prev.enter && prev.step == e.step;
            if (BRACKETED.contains(e.step) && !opened) {
                fail("step " + e + " without its enter; previous on its thread: " + prev);
            }
            if (!BRACKETED.contains(e.step) && prev != null && prev.enter) {
                fail("step " + e + " inside the bracket of " + prev);
            }
        }
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.enter) {
                boolean closed = false;
                for (int j = i + 1; j < events.size(); j++) {
                    Event n = events.get(j);
                    if (n.thread.equals(e.thread)) {
                        closed = !n.enter && n.step == e.step;
                        break;
                    }
                }
                assertTrue(closed, "enter not closed by its step: " + e);
            }
        }
    }

    /** Slot 0: gfn [0,4) -> hva [0,4); slot 1: gfn [4,6) -> hva [8,10). */
    private static void sequentialRun(AbstractKvm kvm, Mm mm) {
        kvm.createMemslot(0, 0, 4, 0, 0);
        kvm.createMemslot(1, 4, 2, 8, 0);
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(1));
        assertEquals(FaultResult.NO_SLOT, kvm.pageFault(7));
        mm.unmap(new HvaRange(1, 2)); // overlaps slot 0
        assertEquals(FaultResult.NO_PAGE, kvm.pageFault(1));
        mm.unmap(new HvaRange(12, 14)); // overlaps no slot: elided
        mm.populate(new HvaRange(1, 2));
        mm.remap(new HvaRange(8, 9));
        assertEquals(FaultResult.INSTALLED, kvm.pageFault(4));
        kvm.moveMemslot(1, 10); // two installs and a flush
        kvm.setMemslotFlags(0, Memslot.KVM_MEM_LOG_DIRTY_PAGES);
        kvm.deleteMemslot(0);
    }

    @Test
    void adoptedDesignBracketsExactlyTheUnorderedSteps() {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        Recorder rec = new Recorder();
        kvm.addStepObserver(rec);
        sequentialRun(kvm, mm);
        List<Event> events = rec.snapshot();
        assertBracketing(events);
        // The values the spec's actions take from the step.
        assertEquals(List.of(true, false, true, true), rec.values(FaultLookup));
        assertEquals(List.of(true, false, true), rec.values(StartHvaRange));
        assertEquals(List.of(true, false, true), rec.values(EndHvaRange));
        assertEquals(List.of(false, false), rec.values(FaultRetryCheck));
        assertEquals(List.of(true, true, true), rec.values(EndDecActive), "alone: every end brings the count to 0");
        assertTrue(rec.steps().containsAll(List.of(FlushShadowLockMmu, FlushShadowZap, FlushShadowUnlockMmu)));
    }

    @Test
    void sleepingUpdaterIsUninterruptibleAndItsWakeUpIsBracketed() throws InterruptedException {
        Mm mm = new Mm(N);
        Kvm kvm = new Kvm(mm, true);
        Recorder rec = new Recorder();
        kvm.addStepObserver(rec);
        HvaRange r = new HvaRange(2, 4);
        kvm.invalidateRangeStart(r);
        Thread updater = new Thread(() -> kvm.createMemslot(0, 0, 8, 0, 0), "updater");
        updater.setDaemon(true);
        updater.start();
        // The updater sleeps in schedule() as a TASK_UNINTERRUPTIBLE task registered on the rcuwait.
        long deadline = System.nanoTime() + 5_000_000_000L;
        Task waiter;
        while ((waiter = kvm.rcuwaitWaiter()) == null || waiter.state() != TaskState.TASK_UNINTERRUPTIBLE
                || updater.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                fail("the updater never slept: waiter " + waiter + (waiter == null ? "" : " in " + waiter.state())
                        + ", thread " + updater.getState());
            }
            Thread.onSpinWait();
        }
        assertNotNull(waiter);
        assertTrue(waiter.name().startsWith("install_new_memslots:"));
        assertEquals(0, kvm.memslots().size(), "nothing published while the invalidation is in flight");
        kvm.invalidateRangeEnd(r);
        updater.join(5_000);
        assertFalse(updater.isAlive(), "the updater was not woken");
        assertEquals(1, kvm.memslots().size());
        List<Step> steps = rec.steps();
        assertTrue(steps.containsAll(List.of(InstallSetState, InstallUnlockMnToSleep, InstallSchedule, InstallRelockMn,
                EndWakeUp)), steps.toString());
        assertEquals(1, steps.stream().filter(s -> s == InstallSchedule).count(), "one sleep, one wake-up");
        assertBracketing(rec.snapshot());
    }

    @Test
    void rwsemDesignTakesItsStepsInTheSpecOrder() {
        Mm mm = new Mm(N);
        RwsemUnfair kvm = new RwsemUnfair(mm, true);
        Recorder rec = new Recorder();
        kvm.addStepObserver(rec);
        kvm.createMemslot(0, 0, 4, 0, 0);
        assertEquals(List.of(UpdateBegin, InstallDownWrite, InstallDownWriteWait, InstallPublish, InstallUpWrite,
                InstallSynchronizeSrcu, InstallGenerationDone, UpdateEnd), rec.steps());
        rec.clear();
        mm.unmap(new HvaRange(1, 2));
        assertEquals(List.of(StartBegin, StartPseudoAcquire, StartDownRead, StartHvaRange, StartLockMmu,
                StartIncNotifierCount, StartUnmap, StartUnlockMmu, StartPseudoRelease, PrimaryChangePte,
                EndPseudoAcquire, EndHvaRange, EndLockMmu, EndDecNotifierCount, EndUnlockMmu, EndUpRead,
                EndPseudoRelease), rec.steps());
        rec.clear();
        RwsemUnfair kvm2 = new RwsemUnfair(new Mm(N), true);
        Recorder rec2 = new Recorder();
        kvm2.addStepObserver(rec2);
        sequentialRun(kvm2, kvm2.mm());
        assertBracketing(rec2.snapshot());
        assertEquals(0, kvm2.rwsem().readers());
        assertFalse(kvm2.rwsem().writeLocked(), "up_write after every publish");
    }
}
