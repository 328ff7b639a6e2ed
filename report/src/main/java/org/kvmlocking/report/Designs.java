package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads ROOT/designs.tsv: name, kernel (5.15 | 6.18 | -), java, module, summary. */
final class Designs {
    private Designs() {}

    /** One design of designs.tsv. */
    record Design(String name, String kernel, String java, String module, String summary) {}

    /** The designs in file order; none if the file is missing. */
    static List<Design> read(Path root) throws IOException {
        List<Design> out = new ArrayList<>();
        Path dt = root.resolve("designs.tsv");
        if (!Files.exists(dt)) return out;
        for (String l : Files.readAllLines(dt)) {
            if (l.startsWith("#") || l.startsWith("name\t") || l.isBlank()) continue;
            String[] c = l.split("\t");
            if (c.length >= 5) out.add(new Design(c[0], c[1], c[2], c[3], c[4]));
        }
        return out;
    }
}
