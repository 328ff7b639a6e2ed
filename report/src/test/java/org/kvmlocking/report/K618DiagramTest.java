package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The 6.18 race diagrams read as kernel C in 6.18's function names. The counterexamples are the
 * fresh-clone make check of 4280cc4 (/work/ci4: TLC's whole output of every K618 configuration
 * that fails, with the spec and configurations it ran on, in src/test/resources/k618). Before
 * this test the diagrams drew the first line of a spec comment's prose as a statement ("The
 * primary MMU calls mmu_notifier_invalidate_range_start() for hva range r; KVM's callback runs
 * ..."), a mutant's note in the adopted design's step ("no_unpaired_check_618: the 5.15 line"),
 * if-statements without their condition ("if return RET_PF_RETRY;"), the late registration as a
 * folded step of task "?", and the updater as 5.15's install_new_memslots.
 */
class K618DiagramTest {
    static final Path DIR = Path.of("src/test/resources/k618");

    /** Prose where a statement belongs: two English words first ("The primary", "for each"). */
    static final Pattern PROSE = Pattern.compile("^\\s*(\\.\\.\\. )?[A-Za-z][a-z]*('s)? [a-z]+('s)?\\b(?! *[=(])");
    /** A design's note ("no_unpaired_check_618: the 5.15 line"). */
    static final Pattern NOTE = Pattern.compile("\\b[a-z][a-z0-9_]*_618: ");
    /** An if, while or for whose condition was dropped. */
    static final Pattern NO_CONDITION = Pattern.compile("\\b(if|while|for) (?!\\()");

    static List<Path> outs() throws Exception {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".out")).sorted().toList();
        }
    }

    static Race race(Path out) throws Exception {
        String cfg = out.getFileName().toString().replaceAll("\\.out$", "");
        Race.Cfg c = new Race.Cfg(DIR.resolve("spec/" + cfg + ".cfg"));
        return new Race(new Spec(DIR.resolve("spec")), c, c.expect(), Trace.read(out));
    }

    /** Kernel C: no prose, no other design's note, no if without its condition. */
    static void assertKernelC(String where, String statement) {
        String st = statement.strip();
        if (st.startsWith("[") && st.endsWith("]")) return;   // a modelling step says what it models
        assertFalse(PROSE.matcher(st).find(), where + ": prose as a statement: " + st);
        assertFalse(NOTE.matcher(st).find(), where + ": a design's note in a statement: " + st);
        assertFalse(NO_CONDITION.matcher(st).find(), where + ": a condition dropped: " + st);
    }

    @Test
    void everyRecordedK618RaceIsDrawn() throws Exception {
        assertEquals(21, outs().size(), "the 21 K618 counterexamples of 4280cc4");
    }

    @Test
    void everyK618DiagramReadsAsKernelCIn618sNames() throws Exception {
        List<String> bad = new ArrayList<>();
        for (Path out : outs()) {
            Race r = race(out);
            String name = r.cfg.name;
            assertFalse(r.steps.isEmpty(), name);
            for (Race.Step s : r.steps) {
                try {
                    assertKernelC(name + " step " + s.n + " (" + s.action + ")", s.statement);
                } catch (AssertionError e) {
                    bad.add(e.getMessage());
                }
                assertTrue(s.task != null, name + " step " + s.n + " (" + s.action + "): a step of no task");
                if (s.task.kind.equals("env"))   // only the VM's own steps; a walk's second unmap is its task's (one_range_add_618)
                    assertTrue(List.of("MmuNotifierRegister", "DestroyUnregister", "DestroyCheckRcuwait", "DestroyCheckCount")
                        .contains(s.action), name + " step " + s.n + " (" + s.action + ") drawn as the VM's");
                for (String v : s.values)
                    if (v.matches("\\(([a-z0-9_]+) differs here\\)"))
                        assertEquals("(" + r.cfg.design() + " differs here)", v, name + ": another design's difference");
            }
            String text = TextDiagram.render(r, "TLC", "1");
            RaceDiagramTest.assertPastable(name, text);
            for (String forbidden : List.of("install_new_memslots", "mmu_notifier_seq", "folded: ?", "invalidate_range_start/end ("))
                if (text.contains(forbidden) && !text.contains("kvm_mmu_notifier_" + forbidden))
                    bad.add(name + ": 5.15's words or an unknown task in a 6.18 diagram: " + forbidden);
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    /** The late registration changes what the race needs: its own lane, never a fold of task "?". */
    @Test
    void theLateRegistrationIsAStepOfItsOwn() throws Exception {
        Race r = race(DIR.resolve("K618_Adopted_LateRegisterBugOn.out"));
        Race.Step reg = null;
        for (Race.Step s : r.steps) if (s.action.equals("MmuNotifierRegister")) reg = s;
        assertTrue(reg != null && reg.task != null && reg.task.relevant, "the registration step");
        assertEquals("kvm_create_vm() -> kvm_init_mmu_notifier() -> mmu_notifier_register();", reg.statement);
        String text = TextDiagram.render(r, "TLC", "1");
        assertTrue(text.contains("CPU2: kvm_set_memory_region (u)"), text);
    }

    /** Every action of the 6.18 spec as it is now (spec/): its statement reads as kernel C. */
    @Test
    void everyActionOfToday618SpecHasAKernelStatement() throws Exception {
        Spec spec = new Spec(Path.of("../spec"));
        List<String> bad = new ArrayList<>();
        int n = 0;
        for (var m : spec.defs.entrySet())
            for (Spec.Def d : m.getValue().values()) {
                // Kvm618Trace replays Java runs: its operators are never a diagram's steps.
                if (!d.isAction() || !m.getKey().startsWith("Kvm618") || m.getKey().endsWith("Trace")) continue;
                n++;
                try {
                    assertKernelC(m.getKey() + "." + d.name, d.statement());
                } catch (AssertionError e) {
                    bad.add(e.getMessage());
                }
            }
        assertTrue(n >= 50, "the 6.18 actions: " + n);
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    /** The if conditions and the mutant notes, read from the comments as the spec has them. */
    @Test
    void statementsKeepConditionsAndLeaveOutNotes() throws Exception {
        Spec spec = new Spec(DIR.resolve("spec"));
        assertEquals("if (is_page_fault_stale(vcpu, fault)) goto out_unlock;", spec.find("Kvm618", "FaultIsStale").statement());
        assertEquals("if (!WARN_ON_ONCE(!kvm->mn_active_invalidate_count)) --kvm->mn_active_invalidate_count;"
            + " wake = !kvm->mn_active_invalidate_count;", spec.find("Kvm618", "EndDecActive").statement());
        assertEquals("mmu_notifier_invalidate_range_start()", spec.find("Kvm618", "InvBegin").statement());
        assertEquals("fault.slot = kvm_vcpu_gfn_to_memslot(vcpu, fault.gfn)", spec.find("Kvm618", "FaultBegin").statement());
        assertEquals("write_lock(&kvm->mmu_lock);", spec.find("Kvm618", "ZapLockMmu").statement());
    }

    /**
     * A caller added later (CONTRIBUTING.md, "Adding a new caller") has its own program counter
     * "<x>pc": its tasks get their own lane, named by the kernel function of its first step, with
     * no edit of the report. Shown by renaming the zapper's zpc to gpc in the spec and the trace.
     */
    @Test
    void aNewCallersTasksGetTheirOwnLane(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path spec = Files.createDirectories(tmp.resolve("spec"));
        try (Stream<Path> s = Files.list(DIR.resolve("spec"))) {
            for (Path p : s.toList()) Files.writeString(spec.resolve(p.getFileName()), Files.readString(p).replace("zpc", "gpc"));
        }
        String cfg = "K618_ZapNoBeginEnd_Coherence";
        Path out = tmp.resolve(cfg + ".out");
        Files.writeString(out, Files.readString(DIR.resolve(cfg + ".out")).replace("zpc", "gpc"));
        Race.Cfg c = new Race.Cfg(spec.resolve(cfg + ".cfg"));
        Race r = new Race(new Spec(spec), c, c.expect(), Trace.read(out));
        for (Race.Step s : r.steps) assertTrue(s.task != null && !s.task.kind.equals("env"), "step " + s.n + " " + s.action);
        String text = TextDiagram.render(r, "TLC", "1");
        assertTrue(text.contains("CPU1: __kvm_set_or_clear_apicv_inhibit (z1)"), text);
        assertTrue(text.contains("write_lock(&kvm->mmu_lock);"), text);
    }
}
