package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kvmlocking.kvm618.Step618;

/**
 * StepSpecTest for Linux 6.18: every {@link Step618} is an action, of that name, of a 6.18 module
 * of spec/ (its actions cite "(Linux 6.18)": Kvm618Mmu, Kvm618, and a new caller's own module,
 * CONTRIBUTING.md "Adding a new caller") whose comment cites the kernel function it mirrors.
 */
class Step618SpecTest {
    private static final Pattern DEF = Pattern.compile("^([A-Z][A-Za-z0-9]*)(\\([^)]*\\))? ==");
    private static final Pattern CITE = Pattern.compile("^\\\\\\* Kernel: \\S.*$");

    @Test
    void everyStep618IsASpecActionThatCitesTheKernel() throws IOException {
        Set<String> cited = new HashSet<>();
        List<Path> modules;
        try (var files = Files.list(Path.of("..", "spec"))) {
            modules = files.filter(p -> p.toString().endsWith(".tla")).sorted().toList();
        }
        for (Path module : modules) {
            List<String> lines = Files.readAllLines(module);
            if (lines.stream().noneMatch(l -> CITE.matcher(l).matches() && l.contains("(Linux 6.18)"))) {
                continue;
            }
            boolean cite = false;
            for (String line : lines) {
                Matcher d = DEF.matcher(line);
                if (CITE.matcher(line).matches()) {
                    cite = true;
                } else if (d.find()) {
                    if (cite) {
                        cited.add(d.group(1));
                    }
                    cite = false;
                } else if (!line.startsWith("\\*")) {
                    cite = false;
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (Step618 s : Step618.values()) {
            if (!cited.contains(s.name())) {
                missing.add(s.name());
            }
        }
        assertTrue(missing.isEmpty(), "Step618 constants with no 6.18 spec action of that name citing the kernel: " + missing);
    }
}
