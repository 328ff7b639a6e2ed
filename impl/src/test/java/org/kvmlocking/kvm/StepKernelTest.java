package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Spec, Java and kernel side by side: every {@link Step} is an action of the spec, and its
 * {@link Kernel} citation is the one the spec's "Kernel:" comment gives that action (in one of
 * the design modules, where two modules define it).
 */
class StepKernelTest {
    private static final Pattern DEF = Pattern.compile("^([A-Z][A-Za-z]*)(\\([^)]*\\))? ==");
    private static final Pattern CITE = Pattern.compile("^\\\\\\* Kernel: (.*)$");

    /** Action name -> the citations the spec modules give it. */
    private static Map<String, Set<String>> specCitations() throws IOException {
        Map<String, Set<String>> m = new HashMap<>();
        for (String module : List.of("KvmMmu", "KvmMemslots", "KvmMemslotsRwsem")) {
            List<String> lines = Files.readAllLines(Path.of("..", "spec", module + ".tla"));
            String cite = null;
            for (String line : lines) {
                Matcher c = CITE.matcher(line);
                Matcher d = DEF.matcher(line);
                if (c.matches()) {
                    cite = c.group(1);
                } else if (d.find()) {
                    if (cite != null) {
                        m.computeIfAbsent(d.group(1), k -> new HashSet<>()).add(cite);
                    }
                    cite = null;
                } else if (!line.startsWith("\\*")) {
                    cite = null;
                }
            }
        }
        return m;
    }

    @Test
    void everyStepCitesWhatTheSpecCitesForItsAction() throws IOException {
        Map<String, Set<String>> spec = specCitations();
        List<String> bad = new ArrayList<>();
        for (Step s : Step.values()) {
            Set<String> cited = spec.get(s.name());
            if (cited == null) {
                bad.add(s + ": no action of that name with a Kernel: comment in spec/");
            } else if (!cited.contains(s.kernel())) {
                bad.add(s + ": Java cites '" + s.kernel() + "', the spec " + cited);
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }
}
