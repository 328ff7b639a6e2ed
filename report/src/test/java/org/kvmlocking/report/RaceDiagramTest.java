package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recorded TLC runs (src/test/resources/recorded: TLC's whole output, read by the checks module,
 * the spec and configuration they were run on) converted into race diagrams and compared with
 * the expected text: an invariant violation, a deadlock, a lasso.
 */
class RaceDiagramTest {
    static final Path DIR = Path.of("src/test/resources/recorded");

    static String diagram(String cfg, String got, String ext) throws Exception {
        Spec spec = new Spec(DIR.resolve("spec"));
        Race r = new Race(spec, new Race.Cfg(DIR.resolve("spec/" + cfg + ".cfg")), got, Trace.read(DIR.resolve(cfg + ext)));
        return TextDiagram.render(r, "TLC", "");
    }

    @ParameterizedTest
    @CsvSource({
        "RwsemFair_Deadlock, deadlock",
        "ElisionOnly_Balance, violates:NotifierCountNonNegative",
        "Adopted_Starvation, temporal:InstallCompletes",
    })
    void tlcOutputBecomesTheExpectedDiagram(String cfg, String got) throws Exception {
        String want = Files.readString(DIR.resolve(cfg + ".expected.txt"));
        assertEquals(want, diagram(cfg, got, ".out"), cfg + ".out");
    }

    @ParameterizedTest
    @CsvSource({
        "RwsemFair_Deadlock, deadlock",
        "ElisionOnly_Balance, violates:NotifierCountNonNegative",
        "Adopted_Starvation, temporal:InstallCompletes",
    })
    void pastesIntoACommitMessage(String cfg, String got) throws Exception {
        assertPastable(cfg, diagram(cfg, got, ".out"));
    }

    /** TLA+ operators and model notation a kernel reader would not write. */
    static final java.util.regex.Pattern TLA = java.util.regex.Pattern.compile(
        "/\\\\|\\\\/|~>|\\[\\]|<>|\\\\E|\\\\A|\\|->|\\\\in\\b|\\\\notin|@@|:>|==>|\\bUNCHANGED\\b|=\\[|\\{\\d+(,\\d+)*\\} ->|NoTask");

    /**
     * At most 72 columns, no TLA+ operator or model notation, no identifier broken across lines
     * (a line that ends inside a word: a letter, digit or _ at the end and at the start of the next).
     */
    static void assertPastable(String what, String text) {
        String[] ls = text.split("\n");
        for (int i = 0; i < ls.length; i++) {
            String l = ls[i];
            assertTrue(l.length() <= 72, what + ": longer than 72 columns: " + l);
            assertFalse(TLA.matcher(l).find(), what + ": TLA+ in a kernel diagram: " + l);
            if (i + 1 < ls.length && l.matches(".*[A-Za-z0-9_]$") && ls[i + 1].matches("^\\s+[a-z0-9_].*")
                && !l.matches("^\\s*$")) {
                String last = l.replaceAll("^.*[^A-Za-z0-9_]", ""), next = ls[i + 1].trim().replaceAll("[^A-Za-z0-9_].*$", "");
                // A line may start with a kernel name like __kvm_gpc_refresh (a break at a
                // space); a single leading _ (or a trailing one) is a name cut at its _.
                assertFalse((last + next).matches(".*_.*") && last.endsWith("_") || next.matches("_[A-Za-z0-9].*"),
                    what + ": an identifier broken across lines: " + l + " / " + ls[i + 1]);
            }
        }
    }

    /**
     * A property with no comment of its own (TypeOK; RefinesUnfairRwsem, whose comment is above
     * its Step): the note says what it means all the same, from its Step's comment or the
     * configuration's description; never an empty "violated here:".
     */
    /** The pastability check itself: a name cut at its _ fails, a line starting with __name does not. */
    @Test
    void aNameCutAtItsUnderscoreIsNotPastableButALeadingDoubleUnderscoreIs() {
        assertPastable("ok", "         held in hva_to_pfn_retry and\n         __kvm_gpc_refresh: one task");
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
            () -> assertPastable("cut", "         held in hva_to_pfn\n         _retry and more"));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
            () -> assertPastable("cut", "         held in hva_to_\n         pfn_retry and more"));
    }

    @Test
    void noEmptyViolatedHere() throws Exception {
        String d = diagram("ElisionOnly_Balance", "violates:TypeOK", ".out");
        assertFalse(d.matches("(?s).*violated here:\\s*\\n.*"), d);
        assertTrue(d.contains("violated here: Lock elision"), d);
    }
}
