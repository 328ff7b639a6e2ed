package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The excerpt of a checker's evidence file that the page inlines (folded), so that the page
 * attached to a mail still shows it: JPF's error, path and results sections (not its snapshot of
 * every thread), a Lincheck trace's first lines, a directory's file list and its summary file.
 */
final class Evidence {
    private Evidence() {}

    static final int MAX_LINES = 80;
    static final int MAX_COLUMNS = 200;

    static String excerpt(Path root, String rel) throws IOException {
        Path f = root.resolve(rel);
        if (Files.isDirectory(f)) {
            List<String> names;
            try (Stream<Path> s = Files.list(f)) { names = s.map(p -> p.getFileName().toString()).sorted().toList(); }
            StringBuilder b = new StringBuilder(rel + "/: " + names.size() + " files\n");
            for (String n : names.subList(0, Math.min(20, names.size()))) b.append("  ").append(n).append('\n');
            if (names.size() > 20) b.append("  ... and ").append(names.size() - 20).append(" more\n");
            // a summary file beside them (surefire's .txt): its lines
            for (String n : names)
                if (n.endsWith(".txt") && Files.size(f.resolve(n)) < 20_000) {
                    b.append('\n').append(n).append(":\n").append(lines(Files.readAllLines(f.resolve(n)), rel + "/" + n));
                    break;
                }
            return b.toString();
        }
        if (!Files.isRegularFile(f)) return "";
        List<String> ls = Files.readAllLines(f);
        if (rel.contains("/jpf/")) {   // JPF: the sections that say what it found
            List<String> keep = new ArrayList<>();
            boolean on = false;
            for (String l : ls) {
                if (l.startsWith("=====")) on = l.matches(".*= (system under test|error 1|output #1|results|statistics)\\s*$");
                if (on) keep.add(l);
            }
            if (!keep.isEmpty()) ls = keep;
        }
        return lines(ls, rel);
    }

    private static String lines(List<String> ls, String rel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_LINES, ls.size()); i++) {
            String l = ls.get(i);
            b.append(l.length() > MAX_COLUMNS ? l.substring(0, MAX_COLUMNS) + " ..." : l).append('\n');
        }
        if (ls.size() > MAX_LINES) b.append("... (").append(ls.size() - MAX_LINES).append(" more lines in ").append(rel).append(")\n");
        return b.toString();
    }
}
