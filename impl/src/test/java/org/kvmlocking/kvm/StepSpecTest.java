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

/**
 * Spec, Java and kernel side by side: every {@link Step} is an action of the spec whose comment
 * cites the kernel function it mirrors ("\* Kernel: path: function (Linux 5.15)" right above the
 * definition), so a step's name leads to both.
 */
class StepSpecTest {
    private static final Pattern DEF = Pattern.compile("^([A-Z][A-Za-z0-9]*)(\\([^)]*\\))? ==");
    private static final Pattern CITE = Pattern.compile("^\\\\\\* Kernel: \\S.*$");

    /**
     * The actions citing the kernel in the spec modules of one Linux version (version "5.15":
     * the modules whose actions cite "(Linux 5.15)"): the kernel's, and a caller's own module
     * (CONTRIBUTING.md, "Adding a new caller") with no list to extend. Step618SpecTest uses it
     * for 6.18.
     */
    static Set<String> citedActions(String version) throws IOException {
        Set<String> cited = new HashSet<>();
        List<Path> modules;
        try (var files = Files.list(Path.of("..", "spec"))) {
            modules = files.filter(p -> p.toString().endsWith(".tla")).sorted().toList();
        }
        for (Path module : modules) {
            List<String> lines = Files.readAllLines(module);
            if (lines.stream().noneMatch(l -> CITE.matcher(l).matches() && l.contains("(Linux " + version + ")"))) {
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
        return cited;
    }

    @Test
    void everyStepIsASpecActionThatCitesTheKernel() throws IOException {
        Set<String> cited = citedActions("5.15");
        List<String> missing = new ArrayList<>();
        for (Step s : Step.values()) {
            if (!cited.contains(s.name())) {
                missing.add(s.name());
            }
        }
        assertTrue(missing.isEmpty(), "steps with no spec action of that name citing the kernel: " + missing);
    }
}
