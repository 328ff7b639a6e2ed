package org.kvmlocking.lincheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** lincheck/checks.tsv: Lincheck's expectations, one row per check (see its header). */
final class Catalog {
    /** One row: design, property, run, expected, per-step checks, test method (Class#method). */
    record Check(String design, String property, String run, String expected, boolean checks, String test) {
    }

    private static List<Check> all;

    private Catalog() {
    }

    static synchronized List<Check> all() {
        if (all == null) {
            all = Collections.unmodifiableList(load(Paths.get(System.getProperty("lincheck.checks", "checks.tsv"))));
        }
        return all;
    }

    /** The row of design and run; a missing one fails the test with the file's name. */
    static Check of(String design, String run) {
        for (Check c : all()) {
            if (c.design().equals(design) && c.run().equals(run)) {
                return c;
            }
        }
        throw new AssertionError("lincheck/checks.tsv has no row for design " + design + ", run " + run);
    }

    private static List<Check> load(Path f) {
        List<Check> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + f.toAbsolutePath() + ": " + e.getMessage());
        }
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] c = line.split("\t", -1);
            if (header && c.length == 6) {
                header = false;
                continue;
            }
            if (c.length != 6 || !(c[4].equals("on") || c[4].equals("off"))) {
                throw new AssertionError(f + ":" + (i + 1) + ": want 6 tab-separated columns, checks on or off: " + line);
            }
            out.add(new Check(c[0], c[1], c[2], c[3], c[4].equals("on"), c[5]));
        }
        return out;
    }
}
