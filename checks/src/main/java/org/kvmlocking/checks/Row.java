package org.kvmlocking.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One results row (target/check/results.tsv): one check of one design by one checker.
 * Ten tab-separated columns; results.tsv starts with {@link #HEADER}. The one reader and writer
 * of the format: the check scripts (through {@link Main}), trace validation, Lincheck and the
 * report use it.
 *
 * @param design   a design of designs.tsv
 * @param property the property checked (several joined by , or + when one check covers them)
 * @param checker  TLC, JPF, Lincheck, TraceValidation, ...
 * @param expected what the design's configuration says the check must give
 * @param got      what it gave
 * @param states   distinct states (TLC), or the checker's own count with its unit
 * @param depth    the search's depth, or the trace's length
 * @param seconds  wall-clock seconds of the run the row comes from
 * @param status   ok, FAIL, or "not run: why" (skipped)
 * @param run      the configuration or run the row comes from (a .cfg's name for TLC)
 */
public record Row(String design, String property, String checker, String expected, String got,
                  String states, String depth, String seconds, String status, String run) {

    public static final List<String> COLUMNS =
            List.of("design", "property", "checker", "expected", "got", "states", "depth", "seconds", "status", "run");
    /** The first line of results.tsv. */
    public static final String HEADER = String.join("\t", COLUMNS);

    public static final String OK = "ok", FAIL = "FAIL";

    /** A row from 10 fields; a tab or newline inside a field becomes a space, an empty field '-'. */
    public static Row of(List<String> f) {
        if (f.size() != 10) {
            throw new IllegalArgumentException("a row has 10 fields (" + String.join(" ", COLUMNS) + "), got " + f.size() + ": " + f);
        }
        String[] c = new String[10];
        for (int i = 0; i < 10; i++) {
            String v = f.get(i) == null ? "" : f.get(i).replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
            c[i] = v.isEmpty() ? "-" : v;
        }
        return new Row(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }

    public List<String> fields() { return List.of(design, property, checker, expected, got, states, depth, seconds, status, run); }

    public String line() { return String.join("\t", fields()); }

    public boolean ok() { return status.equals(OK); }
    public boolean failed() { return status.equals(FAIL); }
    public boolean skipped() { return !ok() && !failed(); }

    /** A line of a results file that is not a row (header, empty, wrong column count). */
    public static final class Malformed extends IOException {
        public Malformed(String msg) { super(msg); }
    }

    /**
     * The rows of a results file. The header line, where present, is skipped (files written by
     * older writers, and per-job files, have none). A line without 10 columns is an error
     * naming FILE:LINE.
     */
    public static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String l = lines.get(n);
            if (l.equals(HEADER)) continue;
            String[] f = l.split("\t", -1);
            if (f.length != 10) {
                throw new Malformed(file + ":" + (n + 1) + ": " + f.length + " columns, want 10 (" + String.join(" ", COLUMNS) + ")");
            }
            rows.add(new Row(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]));
        }
        return rows;
    }

    /**
     * Appends rows to a results file, writing {@link #HEADER} first when the file is new or
     * empty. Each row is one write of one line with O_APPEND, so writers side by side do not
     * interleave inside a line.
     */
    public static void append(Path file, List<Row> rows) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        StringBuilder b = new StringBuilder();
        if (fresh) b.append(HEADER).append('\n');
        for (Row r : rows) b.append(r.line()).append('\n');
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    public static void append(Path file, Row row) throws IOException { append(file, List.of(row)); }

    /** Writes rows to a file (replacing it), header first. */
    public static void write(Path file, List<Row> rows) throws IOException {
        Files.deleteIfExists(file);
        append(file, rows);
    }
}
