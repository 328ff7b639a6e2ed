package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm618.Step618;

/**
 * StepSpecTest for Linux 6.18: every {@link Step618} is an action, of that name, of a 6.18 module
 * of spec/ (its actions cite "(Linux 6.18)": Kvm618Mmu, Kvm618, and a new caller's own module,
 * CONTRIBUTING.md "Adding a new caller") whose comment cites the kernel function it mirrors.
 */
class Step618SpecTest {
    @Test
    void everyStep618IsASpecActionThatCitesTheKernel() throws IOException {
        Set<String> cited = StepSpecTest.citedActions("6.18");
        List<String> missing = new ArrayList<>();
        for (Step618 s : Step618.values()) {
            if (!cited.contains(s.name())) {
                missing.add(s.name());
            }
        }
        assertTrue(missing.isEmpty(), "Step618 constants with no 6.18 spec action of that name citing the kernel: " + missing);
    }
}
