package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads impl/src/main/java: where each spec action is performed in the Java code. A reader beside
 * {@link Spec}; the page only renders what it returns.
 */
final class JavaSource {
    private JavaSource() {}

    /**
     * Where an action is performed in Java: "Class.method" -> "path:line", per action. First the
     * step hook calls ({@code step(X...)}, {@code enter(X)}, {@code lock(l, X)}); for an action
     * with none, the lines that name it (a callback set built from Step constants).
     */
    static Map<String, Map<String, String>> steps(Path root, Set<String> actions) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Path src = root.resolve("impl/src/main/java");
        if (!Files.isDirectory(src)) return out;
        Pattern call = Pattern.compile("\\b(?:step|enter)\\((?:Step\\.)?([A-Z][A-Za-z0-9]+)\\s*[,)]|\\b(?:lock|unlock)\\([^,()]+,\\s*(?:Step\\.)?([A-Z][A-Za-z0-9]+)\\)");
        Pattern method = Pattern.compile("^\\s{4}(?:(?:public|protected|private|static|final|abstract|synchronized)\\s+)*[\\w<>\\[\\]]+\\s+(\\w+)\\s*[(=]");
        Pattern word = Pattern.compile("\\b[A-Z][A-Za-z0-9]+\\b");
        List<Path> files;
        try (Stream<Path> s = Files.walk(src)) { files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList(); }
        Map<String, Map<String, String>> named = new LinkedHashMap<>();
        for (Path f : files) {
            List<String> ls = Files.readAllLines(f);
            String cls = f.getFileName().toString().replace(".java", "");
            if (cls.equals("Step")) continue;
            String m = "?";
            for (int i = 0; i < ls.size(); i++) {
                String l = ls.get(i);
                String t = l.trim();
                if (t.startsWith("*") || t.startsWith("/") || t.startsWith("import")) continue;
                Matcher mm = method.matcher(l);
                if (mm.find() && !t.startsWith("return") && !t.startsWith("new ")) m = mm.group(1);
                String at = Report.rel(root, f) + ":" + (i + 1);
                Matcher c = call.matcher(l);
                while (c.find()) {
                    String a = c.group(1) != null ? c.group(1) : c.group(2);
                    out.computeIfAbsent(a, k -> new LinkedHashMap<>()).putIfAbsent(cls + "." + m, at);
                }
                Matcher w = word.matcher(l);
                while (w.find())
                    if (actions.contains(w.group())) named.computeIfAbsent(w.group(), k -> new LinkedHashMap<>()).putIfAbsent(cls + "." + m, at);
            }
        }
        for (var e : named.entrySet()) out.putIfAbsent(e.getKey(), e.getValue());
        return out;
    }

    /** The reverse of steps(): "Class.method" -> the one action it performs; methods with more are left out. */
    static Map<String, String> methodAction(Map<String, Map<String, String>> steps) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> many = new java.util.HashSet<>();
        for (var e : steps.entrySet())
            for (String m : e.getValue().keySet()) {
                String was = out.putIfAbsent(m, e.getKey());
                if (was != null && !was.equals(e.getKey())) many.add(m);
            }
        out.keySet().removeAll(many);
        return out;
    }

    /** A method of a Java class: its name, file, first line (1-based), and its lines from the signature to the closing brace. */
    record Method(String name, String file, int line, List<String> lines) {}

    private static final Pattern METHOD = Pattern.compile(
        "^    (?:(?:public|protected|private|static|final|abstract|synchronized)\\s+)*[\\w<>\\[\\], ]+\\s+(\\w+)\\s*\\(");

    /** The methods a class declares (not its constructors), in file order. */
    static List<Method> methods(Path root, String className) throws IOException {
        Path f = root.resolve("impl/src/main/java").resolve(className.replace('.', '/') + ".java");
        List<Method> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) return out;
        List<String> ls = Files.readAllLines(f);
        String simple = className.replaceAll("^.*\\.", "");
        for (int i = 0; i < ls.size(); i++) {
            Matcher m = METHOD.matcher(ls.get(i));
            if (!m.find() || m.group(1).equals(simple) || ls.get(i).trim().startsWith("return") || ls.get(i).contains(" new ")) continue;
            int depth = 0, j = i;
            boolean opened = false;
            for (; j < ls.size(); j++) {
                for (char c : ls.get(j).toCharArray()) {
                    if (c == '{') { depth++; opened = true; }
                    else if (c == '}') depth--;
                }
                if (opened && depth == 0) break;
                if (!opened && ls.get(j).trim().endsWith(";")) break;   // abstract: no body
            }
            if (!opened) continue;
            out.add(new Method(m.group(1), Report.rel(root, f), i + 1, List.copyOf(ls.subList(i, Math.min(j + 1, ls.size())))));
            i = j;
        }
        return out;
    }

    /** The class a class extends, fully qualified (same package or an import), or null. */
    static String superclass(Path root, String className) throws IOException {
        Path f = root.resolve("impl/src/main/java").resolve(className.replace('.', '/') + ".java");
        if (!Files.isRegularFile(f)) return null;
        String text = Files.readString(f);
        Matcher m = Pattern.compile("\\bclass\\s+\\w+\\s+extends\\s+(\\w+)").matcher(text);
        if (!m.find()) return null;
        Matcher imp = Pattern.compile("(?m)^import\\s+([\\w.]+\\." + m.group(1) + ");").matcher(text);
        return imp.find() ? imp.group(1) : className.replaceAll("\\.\\w+$", "") + "." + m.group(1);
    }

    /**
     * The method as the reference class has it: the reference class's own, else the nearest
     * superclass's that has a body.
     */
    static Method reference(Path root, String referenceClass, String method) throws IOException {
        for (String c = referenceClass; c != null; c = superclass(root, c))
            for (Method m : methods(root, c)) if (m.name().equals(method)) return m;
        return null;
    }

    /** A broken design's method against the reference's: a title naming both, and the diff lines. */
    record MethodDiff(String title, List<String> lines) {}

    /**
     * Each design's Java, method by method, against the adopted code: the adopted design's class
     * (and its superclasses), or for a design of another module (the rwsem designs) that module's
     * design that is not BROKEN. Methods the same in both are left out.
     */
    static Map<String, List<MethodDiff>> diffs(Path root, List<Designs.Design> all) throws IOException {
        Map<String, List<MethodDiff>> out = new LinkedHashMap<>();
        Designs.Design adopted = all.stream().filter(d -> d.name().equals("adopted")).findFirst().orElse(null);
        if (adopted == null) return out;
        for (Designs.Design d : all) {
            if (d == adopted || d.java().equals("-")) continue;
            String ref = adopted.java();
            if (!d.module().equals(adopted.module()))
                ref = all.stream().filter(o -> o != d && o.module().equals(d.module()) && !o.java().equals("-")
                    && !o.summary().startsWith("BROKEN")).map(Designs.Design::java).findFirst().orElse(null);
            if (ref == null) continue;
            List<MethodDiff> ds = new ArrayList<>();
            for (Method m : methods(root, d.java())) {
                Method r = reference(root, ref, m.name());
                // The adopted code's own comments (its why) are not what the design changed: left out.
                List<String> theirs = r == null ? List.of() : r.lines().stream().filter(l -> !l.strip().startsWith("//")).toList();
                List<String> diff = Diff.lines(theirs, m.lines());
                if (!Diff.changes(diff)) continue;
                diff = Diff.hunks(diff, 3);
                String mine = d.java().replaceAll("^.*\\.", "") + "." + m.name() + "() (" + m.file() + ":" + m.line() + ")";
                ds.add(new MethodDiff(r == null ? mine + ", which the reference code does not have"
                    : mine + " against " + r.file().replaceAll("^.*/|\\.java$", "") + "." + r.name() + "() (" + r.file() + ":" + r.line() + ")", diff));
            }
            if (!ds.isEmpty()) out.put(d.name(), ds);
        }
        return out;
    }
}
