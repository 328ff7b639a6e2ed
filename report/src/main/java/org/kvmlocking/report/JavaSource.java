package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
