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
 * Recorded TLC runs (src/test/resources/recorded: TLC's whole output, the condensed trace
 * spec/tlc-check.sh made of it, the spec and configuration they were run on) converted into race
 * diagrams and compared with the expected text: an invariant violation, a deadlock, a lasso.
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
        assertEquals(want, diagram(cfg, got, ".trace"), cfg + ".trace (condensed) gives the same diagram");
    }

    @ParameterizedTest
    @CsvSource({
        "RwsemFair_Deadlock, deadlock",
        "ElisionOnly_Balance, violates:NotifierCountNonNegative",
        "Adopted_Starvation, temporal:InstallCompletes",
    })
    void fitsEightyColumnsWithThreeTasks(String cfg, String got) throws Exception {
        for (String l : diagram(cfg, got, ".out").split("\n"))
            assertTrue(l.length() <= 80, cfg + ": line longer than 80 columns: " + l);
    }

    /**
     * A property with no comment of its own (TypeOK; RefinesUnfairRwsem, whose comment is above
     * its Step): the note says what it means all the same, from its Step's comment or the
     * configuration's description; never an empty "violated here:".
     */
    @Test
    void noEmptyViolatedHere() throws Exception {
        String d = diagram("ElisionOnly_Balance", "violates:TypeOK", ".out");
        assertFalse(d.matches("(?s).*violated here:\\s*\\n.*"), d);
        assertTrue(d.contains("violated here: Lock elision"), d);
    }
}
