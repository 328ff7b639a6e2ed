package org.kvmlocking.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the report reads from spec/*.tla: every definition with the comment above it. An action is
 * a definition whose comment has a {@code \* Kernel: path: function (Linux 5.15)} line; the lines
 * above that are its kernel statement. A property's meaning is the comment above it. Nothing here
 * is a second copy of the spec: it is all read from the modules.
 */
final class Spec {

    /** One top-level definition of a module. */
    static final class Def {
        final String module;
        final String name;
        final int line;              // 1-based line of "Name(...) =="
        final List<String> comment;  // the \* lines above it, without "\* "
        final List<String> body;     // its lines up to the next definition or separator
        final String kernel;         // "virt/kvm/kvm_main.c: install_new_memslots (Linux 5.15)", or null
        final Set<String> designs;   // every module's Variants: a comment line that starts with one is its note
        boolean k618;                // its module's actions cite Linux 6.18

        Def(String module, String name, int line, List<String> comment, List<String> body) {
            this(module, name, line, comment, body, Set.of());
        }

        Def(String module, String name, int line, List<String> comment, List<String> body, Set<String> designs) {
            this.designs = designs;
            this.module = module;
            this.name = name;
            this.line = line;
            this.comment = comment;
            this.body = body;
            String k = null;
            for (String c : comment) if (c.trim().startsWith("Kernel:")) k = c.trim().substring(7).trim();
            this.kernel = k;
        }

        boolean isAction() { return kernel != null; }

        /** The comment without the Kernel: line, as one paragraph. */
        String meaning() {
            StringBuilder b = new StringBuilder();
            for (String c : comment) {
                if (c.trim().startsWith("Kernel:")) continue;
                if (b.length() > 0) b.append(' ');
                b.append(c.trim());
            }
            return b.toString().replaceAll("\\s+", " ");
        }

        /**
         * The kernel statement the action mirrors, as kernel C: the comment's sentences (two
         * spaces or a parenthesis part them) are read from the first one that holds code,
         * while they hold code; in each, the parts after ": " and "; " that are prose (they start
         * with two English words: "The primary MMU calls ...", "zap this slot's SPTEs") and a
         * prose tail ("..., under the vCPU's srcu read lock", "... with handler kvm_null_fn")
         * are left out, as are asides in parentheses (not an if's or while's condition) and a
         * later line that starts with a design's name (a mutant's note: "no_unpaired_check_618:
         * the 5.15 line"). No code at all: the first call the prose names
         * ("mmu_notifier_invalidate_range_start()"), else what the modelling step models, else
         * the kernel function. Leading indentation (the body of a loop) is kept.
         */
        String statement() {
            // The 5.15 comments were written for the first reader and its diagrams are pinned
            // (RaceDiagramTest); 6.18's are read as kernel C with the prose left out.
            if (!k618) return statement515();
            StringBuilder text = new StringBuilder();
            String indent = "";
            boolean first = true;
            for (String c : comment) {
                String t = c.trim();
                if (t.startsWith("Kernel:") || t.startsWith("}")) continue;
                Matcher note = MUTANT_NOTE.matcher(t);
                boolean isNote = note.find() && designs.contains(note.group(1));
                if (!first && isNote) break;   // a design's note, not this statement
                // A mutant's own action says whose it is first ("attr_post_relock_618: mutex_unlock(...)"):
                // the lane's "differs here" says that; the statement is the C after it.
                if (first && isNote) t = t.substring(note.end()).trim();
                if (t.startsWith("(") && text.length() == 0) continue;   // a parenthetical note
                if (text.length() == 0) indent = c.substring(0, c.length() - c.stripLeading().length());
                else text.append(text.charAt(text.length() - 1) == '.' || t.startsWith("(") ? "  " : " ");
                text.append(t);
                first = false;
            }
            String all = text.toString();
            List<String> kept = new ArrayList<>();
            String before = null;
            for (String sentence : dropAsides(all).split("(?<=[.;])\\s{2,}|\\s{2,}(?=\\()")) {
                // a second statement only where the first ended as C does (";", "{"), not after a period
                if (before != null && !before.endsWith(";") && !before.endsWith("{")) break;
                String code = codeOf(sentence.trim());
                if (code.isEmpty()) { if (kept.isEmpty()) continue; else break; }
                kept.add(code);
                before = sentence.trim();
            }
            if (kept.isEmpty()) {
                // "... zap the SPTEs of the slot's gfns ...": the middle of a function, said in words: a C comment
                Matcher middle = Pattern.compile("^\\.\\.\\. (.*?)\\.?\\s*\\.\\.\\.$").matcher(all.trim());
                if (middle.find() && !middle.group(1).contains("(")) return indent + "... /* " + middle.group(1).trim() + " */ ...";
                Matcher call = CALL.matcher(dropAsides(all));
                if (call.find()) return indent + call.group();
                if (kernel != null && kernel.startsWith("none")) return "[" + kernel.replaceAll("^none \\((modelling step: )?|\\)$", "") + "]";
                return kernel != null && kernel.contains(": ") ? kernel.replaceAll("^.*: (\\S+) \\(.*$", "$1") + "()" : name;
            }
            String s = String.join(" ", kept).trim();
            if (s.endsWith(".") && !s.endsWith("...")) s = s.substring(0, s.length() - 1);
            return indent + s;
        }

        /**
         * The code of one sentence: its ": " parts and their "; " clauses that are code, each
         * without a prose tail; "" if none is.
         */
        static String codeOf(String sentence) {
            String s = sentence.replaceFirst("^[a-z_][a-z0-9_]*( / [a-z_][a-z0-9_]*)+: ", "");   // "kvm_create_memslot / ...: "
            StringBuilder out = new StringBuilder();
            for (String part : splitTop(s, ": ")) {
                List<String> clauses = new ArrayList<>();
                List<String> cs = splitTop(part, "; ");
                boolean explained = false;   // the part began with prose: ": in the inactive set; then f()"
                for (int i = 0; i < cs.size(); i++) {
                    String c = cs.get(i).trim().replaceFirst("^then ", "");
                    if (PROSE.matcher(c.replaceFirst("^\\.\\.\\. ", "")).find()) {
                        // "for each address space i, kvm_for_each_memslot_in_hva_range(...)": the code after the comma
                        List<String> rest = splitTop(c, ", ");
                        String tail = rest.size() > 1 ? String.join(", ", rest.subList(1, rest.size())).trim() : "";
                        if (rest.size() == 2 && !PROSE.matcher(tail).find() && CALL.matcher(tail).lookingAt()) c = tail;
                        else { if (clauses.isEmpty()) explained = true; continue; }
                    }
                    c = cutProseTail(c);
                    if (c.isEmpty() || c.matches("[a-z_]+[.;]?")) continue;   // a lone word ("flush", "srcu_read_lock")
                    boolean semi = i + 1 < cs.size() || cs.get(i).trim().endsWith(";");
                    clauses.add(c.replaceAll(";$", "") + (semi && !c.endsWith("{") && !c.endsWith("...") ? ";" : ""));
                }
                String joined = String.join(" ", clauses);
                if (!looksLikeCode(joined) && !joined.startsWith("...") && out.length() > 0) continue;   // "CREATE, DELETE, MOVE"
                if (clauses.isEmpty()) continue;   // an explanation between the code ("x86 zaps ...: write_lock(...)")
                if (out.length() > 0) {
                    if (explained) { if (!out.toString().endsWith(";")) out.append(';'); out.append(' '); }
                    else out.append(": ");
                }
                out.append(joined);
            }
            String code = out.toString().trim();
            if (code.isEmpty()) return "";
            // a part that is not code at all ("The last reference is gone") was skipped above
            return looksLikeCode(code) || code.startsWith("...") || code.matches("[A-Za-z_][A-Za-z0-9_>.\\-]*(\\(.*\\))?") ? code : "";
        }

        /** Splits at sep where no parenthesis or bracket is open. */
        static List<String> splitTop(String s, String sep) {
            List<String> out = new ArrayList<>();
            int depth = 0, from = 0;
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '(' || ch == '[') depth++;
                else if ((ch == ')' || ch == ']') && depth > 0) depth--;
                else if (depth == 0 && s.startsWith(sep, i)) { out.add(s.substring(from, i)); from = i + sep.length(); i += sep.length() - 1; }
            }
            out.add(s.substring(from));
            return out;
        }

        /** The clause up to where words follow it at the top level: ", under the ...", ") with handler ...". */
        static String cutProseTail(String c) {
            int depth = 0;
            for (int i = 0; i < c.length(); i++) {
                char ch = c.charAt(i);
                if (ch == '(' || ch == '[') depth++;
                else if ((ch == ')' || ch == ']') && depth > 0) depth--;
                if (depth != 0 || i == 0) continue;
                if (ch == ',' && PROSE_TAIL.matcher(c.substring(i + 1)).lookingAt()) return c.substring(0, i).trim();
                if (ch == ' ' && (c.charAt(i - 1) == ')') && PROSE_TAIL.matcher(c.substring(i)).lookingAt())
                    return c.substring(0, i).trim();
            }
            return c;
        }

        String statement515() {
            StringBuilder text = new StringBuilder();
            String indent = "";
            for (String c : comment) {
                String t = c.trim();
                if (t.startsWith("Kernel:") || t.startsWith("}")) continue;
                if (t.startsWith("(") && text.length() == 0) continue;   // a parenthetical note
                if (text.length() == 0) indent = c.substring(0, c.length() - c.stripLeading().length());
                else text.append(text.charAt(text.length() - 1) == '.' || t.startsWith("(") ? "  " : " ");
                text.append(t);
            }
            if (text.length() == 0) {
                if (kernel != null && kernel.startsWith("none")) return "[" + kernel.replaceAll("^none \\((modelling step: )?|\\)$", "") + "]";
                return kernel != null && kernel.contains(": ") ? kernel.replaceAll("^.*: (\\S+) \\(.*$", "$1") + "()" : name;
            }
            String[] sentences = text.toString().split("(?<=[.;])\\s{2,}|\\s{2,}(?=\\()");
            int pick = -1;
            String first = sentences[0];
            if (first.startsWith("...") || !first.startsWith("(") && looksLikeCode(first)) pick = 0;
            if (pick < 0 && first.contains(": ") && looksLikeCode(first.substring(first.indexOf(": ") + 2))
                && !first.startsWith("("))
                sentences[0] = first.substring(first.indexOf(": ") + 2);
            if (pick < 0 && !sentences[0].equals(first)) pick = 0;
            for (int i = 0; i < sentences.length && pick < 0; i++)
                if (!sentences[i].startsWith("(") && looksLikeCode(sentences[i])) pick = i;
            if (pick < 0) {
                // prose: a modelling step says what it models; otherwise the kernel function
                pick = 0;
                if (kernel != null && kernel.startsWith("none")) return "[" + kernel.replaceAll("^none \\((modelling step: )?|\\)$", "") + "]";
                if (kernel != null && kernel.contains(": "))
                    return kernel.replaceAll("^.*: (\\S+) \\(.*$", "$1") + "()";
            }
            String s = dropAsides515(sentences[pick]);
            int cut = s.indexOf("(): ");
            if (cut >= 0) s = s.substring(0, cut + 2);
            int sp = s.indexOf(" : ");
            if (sp >= 0) s = s.substring(0, sp);
            if (s.endsWith(".") && !s.endsWith("...")) s = s.substring(0, s.length() - 1);
            return (pick == 0 ? indent : "") + s.trim();
        }

        /** 5.15's reading (its diagrams are pinned): removes " (an aside in prose)" groups; keeps call parentheses and markers such as (*). */
        static String dropAsides515(String s) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < s.length()) {
                if (s.charAt(i) == ' ' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                    int depth = 0, j = i + 1;
                    for (; j < s.length(); j++) {
                        if (s.charAt(j) == '(') depth++;
                        else if (s.charAt(j) == ')' && --depth == 0) break;
                    }
                    String in = j < s.length() ? s.substring(i + 2, j) : "";
                    if (in.contains(" ") && Character.isLowerCase(in.charAt(0)) && !in.contains("==")) { i = j + 1; continue; }
                }
                out.append(s.charAt(i++));
            }
            return out.toString();
        }

        /** Removes " (an aside in prose)" groups; keeps call parentheses and markers such as (*). */
        static String dropAsides(String s) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < s.length()) {
                if (s.charAt(i) == ' ' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                    int depth = 0, j = i + 1;
                    for (; j < s.length(); j++) {
                        if (s.charAt(j) == '(') depth++;
                        else if (s.charAt(j) == ')' && --depth == 0) break;
                    }
                    String in = j < s.length() ? s.substring(i + 2, j) : "";
                    boolean condition = out.toString().matches("(?s).*\\b(if|while|for|switch)$");   // if (slot->flags & ...)
                    if (!condition && in.contains(" ") && Character.isLowerCase(in.charAt(0)) && !in.contains("==")) { i = j + 1; continue; }
                }
                out.append(s.charAt(i++));
            }
            return out.toString();
        }

        /** Comment lines that close a block ("}") after the statement, as the kernel has them. */
        List<String> closing() {
            List<String> out = new ArrayList<>();
            for (String c : comment) if (c.trim().startsWith("}")) out.add(c.replaceAll("\\}\\s.*", "}"));
            return out;
        }

        /** The pc test that enables this action, "ipc=x", "vpc=x" or "upc=x", or null. */
        String pcGuard() {
            for (String l : body) {
                // the action's own conjunct "/\ ipc[t] = ...", not a test of other tasks inside it
                // (kvm_destroy_vm's "\A z \in Zappers : zpc[z] = "idle"")
                Matcher m = PC_GUARD.matcher(l);
                if (m.find() && l.substring(0, m.start()).matches("\\s*(/\\\\\\s*)?")) return m.group(1).replaceAll("\\[.*", "") + "=" + m.group(2);
            }
            return null;
        }

        /** Top-level conjuncts that are neither the pc test nor primed: what the action waits for. */
        List<String> waitGuards() {
            List<String> out = new ArrayList<>();
            for (String l : body) {
                Matcher m = Pattern.compile("^    /\\\\ (.*)$").matcher(l);
                if (!m.find()) continue;
                String g = m.group(1).trim();
                if (g.contains("'") || PC_GUARD.matcher(l).find() || g.startsWith("UNCHANGED")
                    || g.startsWith("MayBegin") || g.startsWith("IF") || g.startsWith("\\E")) continue;
                out.add(g);
            }
            return out;
        }
    }

    /** Two English words: prose, not kernel C ("The primary MMU", "for each", "zap this", "KVM's callback"). */
    static final Pattern PROSE = Pattern.compile("^[A-Za-z][A-Za-z0-9]*('s)? [A-Za-z]+('s)?(?=[ ,.]|$)");
    /** Words after code: " with handler kvm_null_fn", ", under the vCPU's", " in the inactive set". */
    static final Pattern PROSE_TAIL = Pattern.compile(" [a-z]{2,}('s)? [A-Za-z]+('s)?(?=[ ,.]|$)(?! *[=(])");
    /** A design's note on the adopted action's comment: "no_unpaired_check_618: the 5.15 line". */
    static final Pattern MUTANT_NOTE = Pattern.compile("^([a-z][a-z0-9]*(_[a-z0-9]+)+): ");
    /** A kernel call: "kvm_zap_gfn_range(kvm, gfn_start, gfn_end)", "mmu_notifier_invalidate_range_start()". */
    static final Pattern CALL = Pattern.compile("\\b[a-z_][a-z0-9_]*_[a-z0-9_]*\\((?:[^()]|\\([^()]*\\))*\\)");
    static final Pattern PC_GUARD = Pattern.compile("\\b([a-z]+pc\\[[a-z]\\]|upc) = \"([a-z_]+)\"");
    private static final Pattern DEF = Pattern.compile("^([A-Za-z][A-Za-z0-9_]*)(\\([^)]*\\))?\\s*==");

    static boolean looksLikeCode(String s) {
        return s.contains("(") && s.contains(")") && !s.startsWith("The ") || s.contains(";")
            || s.contains("++") || s.contains("--") || s.contains(" = ");
    }

    final Path dir;
    final Map<String, List<String>> lines = new LinkedHashMap<>();     // module -> its lines
    final Map<String, List<String>> extendsOf = new LinkedHashMap<>(); // module -> EXTENDS
    final Map<String, Map<String, Def>> defs = new LinkedHashMap<>();  // module -> name -> def
    final Set<String> variants = new LinkedHashSet<>();                 // the designs of every Variants == {...}

    Spec(Path dir) throws IOException {
        this.dir = dir;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".tla")).sorted().toList();
        }
        if (files.isEmpty()) throw new IOException(dir + ": no .tla module");
        // Every design of designs.tsv too: a caller's or a proposal's module names its designs
        // in a constant of its own (GmemDesigns, Mitigations, ZapVariants), not in Variants.
        Path tsv = dir.toAbsolutePath().getParent() == null ? null : dir.toAbsolutePath().getParent().resolve("designs.tsv");
        if (tsv != null && Files.isRegularFile(tsv))
            for (String l : Files.readAllLines(tsv))
                if (!l.startsWith("#") && !l.startsWith("name\t") && l.contains("\t")) variants.add(l.substring(0, l.indexOf('\t')));
        for (Path f : files) read(f);
        for (Map<String, Def> ds : defs.values()) {
            boolean k618 = ds.values().stream().anyMatch(d -> d.kernel != null && d.kernel.contains("(Linux 6.18)"));
            for (Def d : ds.values()) d.k618 = k618;
            Def v = ds.get("Variants");
            if (v == null) continue;
            Matcher m = Pattern.compile("\"([a-z0-9_]+)\"").matcher(String.join(" ", v.body));
            while (m.find()) variants.add(m.group(1));
        }
    }

    private void read(Path f) throws IOException {
        String module = f.getFileName().toString().replaceAll("\\.tla$", "");
        List<String> ls = Files.readAllLines(f);
        lines.put(module, ls);
        Map<String, Def> ds = new LinkedHashMap<>();
        List<String> ext = new ArrayList<>();
        List<String> comment = new ArrayList<>();
        for (int i = 0; i < ls.size(); i++) {
            String l = ls.get(i);
            if (l.startsWith("EXTENDS ")) for (String e : l.substring(8).split(",")) ext.add(e.trim());
            if (l.startsWith("\\*")) {
                comment.add(l.length() > 3 ? l.substring(3) : "");
                continue;
            }
            Matcher m = DEF.matcher(l);
            if (m.find()) {
                List<String> body = new ArrayList<>();
                body.add(l);
                for (int j = i + 1; j < ls.size(); j++) {
                    String b = ls.get(j);
                    if (b.isEmpty() || b.startsWith("\\*") || b.startsWith("---") || b.startsWith("===")
                        || DEF.matcher(b).find()) break;
                    body.add(b);
                }
                ds.put(m.group(1), new Def(module, m.group(1), i + 1, List.copyOf(comment), body, variants));
            }
            comment.clear();
        }
        defs.put(module, ds);
        extendsOf.put(module, ext);
    }

    /**
     * Every invariant some configuration checks (INVARIANTS lines of spec/, spec/bad, spec/large):
     * what a counterexample's steps are tested against, to mark the first step where any fails.
     */
    Set<String> checkedInvariants() throws IOException {
        Set<String> out = new java.util.TreeSet<>();
        for (Path d : List.of(dir, dir.resolve("bad"), dir.resolve("large"))) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                for (Path c : s.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                    try {
                        out.addAll(org.kvmlocking.checks.Cfg.read(c).invariants());
                    } catch (IllegalArgumentException e) {
                        // a cfg the checks module cannot read: make check says so; its invariants are not tested here
                    }
                }
            }
        }
        return out;
    }

    /**
     * The spec's own list of what it abstracts: the "Abstractions" bullets of a module's header
     * box (KvmMmu.tla), each as one sentence-run of text.
     */
    List<String> abstractions() {
        List<String> out = new ArrayList<>();
        for (List<String> ls : lines.values()) {
            boolean in = false;
            StringBuilder cur = null;
            for (String l : ls) {
                if (!l.startsWith("(*")) { if (in) break; continue; }
                String t = l.replaceAll("^\\(\\*\\s?", "").replaceAll("\\s*\\*\\)\\s*$", "");
                if (t.startsWith("Abstractions")) { in = true; continue; }
                if (!in) continue;
                if (t.isBlank()) break;
                if (t.trim().startsWith("- ")) {
                    if (cur != null) out.add(cur.toString());
                    cur = new StringBuilder(t.trim().substring(2));
                } else if (cur != null) cur.append(' ').append(t.trim());
            }
            if (cur != null) out.add(cur.toString());
        }
        return out;
    }

    /**
     * What a design does differently, from the Variant list of a module's header box
     * ({@code "mmu_lock_leak"   range_end returns without KVM_MMU_UNLOCK: a seeded ...}): the
     * text up to its first colon or parenthesis; null if the design is not listed.
     */
    String variantSummary(String module, String design) {
        for (String mod : closure(module)) {
            StringBuilder t = null;
            for (String l : lines.getOrDefault(mod, List.of())) {
                if (!l.startsWith("(*")) { if (t != null) break; continue; }
                String in = l.replaceAll("^\\(\\*\\s?", "").replaceAll("\\s*\\*\\)\\s*$", "").trim();
                Matcher m = Pattern.compile("^\"([a-z0-9_]+)\"\\s+(.*)$").matcher(in);
                if (m.find()) {
                    if (t != null) break;
                    if (m.group(1).equals(design)) t = new StringBuilder(m.group(2));
                } else if (t != null) {
                    if (in.isEmpty()) break;
                    t.append(' ').append(in);
                }
            }
            if (t != null) return t.toString().replaceAll("\\s*[:(].*$", "").trim();
        }
        return null;
    }

    /** The module and every module it extends, transitively, the module first. */
    List<String> closure(String module) {
        List<String> out = new ArrayList<>();
        closure(module, out);
        return out;
    }

    private void closure(String module, List<String> out) {
        if (out.contains(module)) return;
        out.add(module);
        for (String e : extendsOf.getOrDefault(module, List.of())) closure(e, out);
    }

    /** Whether module, or one it extends, cites Linux 6.18 in its actions' Kernel: lines. */
    boolean cites618(String module) {
        for (String m : closure(module))
            for (Def d : defs.getOrDefault(m, Map.of()).values()) if (d.k618) return true;
        return false;
    }

    /** The definition of name as seen from module (its own, else one it extends). */
    Def find(String module, String name) {
        Map<String, Def> ds = defs.get(module);
        if (ds != null && ds.containsKey(name)) return ds.get(name);
        // Only modules of spec/: a standard module (Integers, TLC, ...) has no definitions here,
        // and must not fall through to every module's (Kvm618Atomic's NoSleepWithoutWakeUp was
        // found, and marked failing, in Kvm618GmemAttr's traces through EXTENDS Integers).
        for (String e : extendsOf.getOrDefault(module, List.of())) {
            if (!defs.containsKey(e)) continue;
            Def d = find(e, name);
            if (d != null) return d;
        }
        if (ds == null) for (Map<String, Def> all : defs.values()) if (all.containsKey(name)) return all.get(name);
        return null;
    }

    /**
     * What an action waits for: its {@link Def#waitGuards()} without the calls of operators that
     * are themselves steps (a body with a primed variable, such as {@code TakeMnLock(t)}).
     */
    List<String> waitGuards(String module, Def action) {
        List<String> out = new ArrayList<>();
        for (String g : action.waitGuards()) {
            Matcher m = DEF.matcher(g + " ==");
            Def d = m.find() && m.end() == g.length() + 3 ? find(module, m.group(1)) : null;
            if (d != null && String.join("\n", d.body).replaceFirst("^[^=]*==", "").contains("'")) continue;
            out.add(g);
        }
        return out;
    }

    /** The action enabled by a pc value of pc variable (ipc, vpc, upc), as seen from module. */
    Def actionAt(String module, String pcVar, String pc) {
        Set<String> seen = new LinkedHashSet<>();
        return actionAt(module, pcVar + "=" + pc, seen);
    }

    private Def actionAt(String module, String key, Set<String> seen) {
        if (!seen.add(module)) return null;
        for (Def d : defs.getOrDefault(module, Map.of()).values())
            if (d.isAction() && key.equals(d.pcGuard()) && !d.name.endsWith("Step")) return d;
        for (String e : extendsOf.getOrDefault(module, List.of())) {
            Def d = actionAt(e, key, seen);
            if (d != null) return d;
        }
        return null;
    }

    /**
     * The action TLC names at "line L, col C of module M": the identifier there, skipping
     * {@code \/} and {@code /\}. Null if the module or line does not exist.
     */
    String identAt(String module, int line, int col) {
        List<String> ls = lines.get(module);
        if (ls == null || line < 1 || line > ls.size()) return null;
        String l = ls.get(line - 1);
        if (col < 1 || col > l.length()) return null;
        String t = l.substring(col - 1).replaceFirst("^(\\s|\\\\/|/\\\\)+", "");
        Matcher m = Pattern.compile("^[A-Za-z][A-Za-z0-9_]*").matcher(t);
        return m.find() ? m.group() : null;
    }

    /** The pc values of TypeOK's list for a pc variable, in program order (ipc, vpc, upc). */
    List<String> pcOrder(String module, String pcVar) {
        Def t = find(module, "TypeOK");
        List<String> out = new ArrayList<>();
        if (t == null) return out;
        String all = String.join("\n", t.body);
        int at = all.indexOf("/\\ " + pcVar + " \\in");
        if (at < 0) return out;
        int open = all.indexOf('{', at);
        int close = all.indexOf('}', open);
        Matcher m = Pattern.compile("\"([a-z_]+)\"").matcher(all.substring(open, close));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Lines marked "\* MUTANT" or "\* VARIANT" in a module, with the design names they concern. */
    List<String[]> mutantLines(String module) {
        List<String[]> out = new ArrayList<>();
        List<String> ls = lines.getOrDefault(module, List.of());
        // Definitions that stand for a Variant test ("Blocking == Variant # \"elision_only\"").
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        for (Def d : defs.getOrDefault(module, Map.of()).values()) {
            Matcher m = Pattern.compile("Variant\\s*[=#]\\s*\"([a-z0-9_]+)\"").matcher(String.join(" ", d.body));
            List<String> vs = new ArrayList<>();
            while (m.find()) vs.add(m.group(1));
            if (!vs.isEmpty() && d.body.size() <= 2 && !d.name.equals("VariantOK")) aliases.put(d.name, vs);
        }
        String owner = "";
        for (int i = 0; i < ls.size(); i++) {
            String l = ls.get(i);
            Matcher dm = DEF.matcher(l);
            if (dm.find()) owner = dm.group(1);
            if (!l.matches(".*\\\\\\* (MUTANT|VARIANT)\\s*$")) continue;
            Set<String> designs = new LinkedHashSet<>();
            Matcher m = Pattern.compile("Variant\\s*[=#]\\s*\"([a-z0-9_]+)\"").matcher(l);
            while (m.find()) designs.add(m.group(1));
            // Variant \in {"one_range_add_618", "unmap_no_range_add_618"}: every design named on the line
            Matcher q = Pattern.compile("\"([a-z0-9_]+)\"").matcher(l);
            while (q.find()) if (variants.contains(q.group(1))) designs.add(q.group(1));
            // a MUTANT line that continues the one above it (the THEN of its IF) is the same designs'
            if (designs.isEmpty() && !out.isEmpty() && out.get(out.size() - 1)[0].equals(Integer.toString(i))
                && out.get(out.size() - 1)[1].equals(owner))
                designs.addAll(List.of(out.get(out.size() - 1)[2].split(",")));
            for (Map.Entry<String, List<String>> a : aliases.entrySet())
                if (Pattern.compile("\\b" + a.getKey() + "\\b").matcher(l).find()) designs.addAll(a.getValue());
            out.add(new String[] {Integer.toString(i + 1), owner, String.join(",", designs),
                l.replaceAll("\\s*\\\\\\* (MUTANT|VARIANT)\\s*$", "")});
        }
        return out;
    }

    /**
     * The other design an action (or "Wrapper@line") belongs to, or null: its comment (or its wrapper's, for
     * "Wrapper@line") starts with that design's name, the spec's convention for a variant's own
     * action ("racy_count: kvm->mn_active_invalidate_count++ with no lock held ...").
     */
    private static final Pattern DESIGN_PREFIX = Pattern.compile("^([a-z][a-z0-9_]*): ");

    String ownDesign(String module, String action, String design, Set<String> designs) {
        Def d = find(module, action.replaceAll("@.*", ""));
        if (d == null || d.comment.isEmpty()) return null;
        Matcher m = DESIGN_PREFIX.matcher(d.comment.get(0).trim());
        return m.find() && designs.contains(m.group(1)) && !m.group(1).equals(design) ? m.group(1) : null;
    }
}
