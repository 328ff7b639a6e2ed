package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A race as a kernel commit message draws one: a column per CPU (CPU0, CPU1, ... with a legend
 * naming the task each runs), one kernel statement per line in the order the steps happened, the
 * values that matter as a C comment, at most 72 columns, kernel C and words only (the model's
 * notation is said in kernel terms), no identifier broken across lines. A statement runs on to
 * the right over the other columns (nobody else runs on that line). Steps that do not matter are
 * folded into one line: a task's steps that change nothing shared, and an operation a task ran
 * from start to end with nobody running in between (unless the design differs there); the lane
 * of the failing step never is.
 */
final class TextDiagram {
    static final int WIDTH = 72;
    static final int GUTTER = 5;   // "%3d" + mark + " "
    /** A serial operation this long or longer is folded into one line. */
    static final int FOLD_RUN = 4;

    private TextDiagram() {}

    static String render(Race r, String checker, String states) {
        StringBuilder out = new StringBuilder();
        List<Race.Task> lanes = new ArrayList<>();
        for (Race.Task t : r.tasks) if (t.relevant) lanes.add(t);
        int n = lanes.size();

        // The room a statement needs: its longest word (a call with its arguments); the lanes are
        // spaced so that the last one still has it (CPUn headers need 6 columns at least).
        int need = 0;
        for (Race.Step s : r.steps) {
            need = Math.max(need, longestWord(s.statement.stripTrailing()));
            for (String v : s.values) need = Math.max(need, longest("// " + kernelValue(v)));
        }
        int step = n <= 1 ? 0 : Math.max(6, Math.min(32, (WIDTH - GUTTER - need) / (n - 1)));
        int[] off = new int[n];
        for (int i = 0; i < n; i++) off[i] = GUTTER + i * step;

        String head = r.cfg.name + ": " + r.cfg.design() + ", " + headline(r) + " (" + checker
            + (states == null || states.isBlank() ? "" : ", " + SummaryHtml.grouped(states) + " distinct states") + ")";
        for (String l : wrap(head, WIDTH)) out.append(l).append('\n');
        for (String l : wrap(Race.kernelText(r.cfg.description), WIDTH)) out.append(l).append('\n');
        out.append('\n');
        for (int i = 0; i < n; i++)
            for (String l : wrap("CPU" + i + ": " + lanes.get(i).function() + " (" + lanes.get(i).id + ")", WIDTH - 2))
                out.append(l.startsWith("CPU") ? l : "  " + l).append('\n');
        out.append('\n');
        StringBuilder h = new StringBuilder(), dash = new StringBuilder();
        for (int i = 0; i < n; i++) {
            pad(h, off[i]).append("CPU").append(i);
            pad(dash, off[i]).append("----");
        }
        line(out, h.toString());
        line(out, dash.toString());

        Race.Task failing = null;
        for (Race.Step s : r.steps) if (s.breaking) failing = s.task;
        List<Race.Step> folded = new ArrayList<>();
        List<Race.Step> ss = r.steps;
        for (int k = 0; k < ss.size(); k++) {
            Race.Step s = ss.get(k);
            int lane = s.task == null ? -1 : lanes.indexOf(s.task);
            if (lane < 0) { folded.add(s); continue; }
            int run = serialRun(r, ss, k, failing);
            if (run >= FOLD_RUN) {
                flushFolded(out, folded, lanes);
                foldRun(out, ss.subList(k, k + run), lane, off[lane]);
                k += run - 1;
                continue;
            }
            flushFolded(out, folded, lanes);
            if (r.loopFrom > 0 && s.n == r.loopFrom) {
                line(out, "     ,-- loop: from here the steps repeat forever --");
                note(out, "*** " + r.property + " violated by this loop: " + r.meaning);
            }
            String text = s.statement.stripLeading();
            String indent = s.statement.substring(0, s.statement.length() - text.length());
            List<String> vs = new ArrayList<>();
            for (String v : s.values) { String kv = kernelValue(v); if (!kv.isEmpty()) vs.add(kv); }
            String vals = String.join(", ", vs);
            int at = off[lane];
            // Shifted left (never cut) when a word does not fit the lane: a call stays on one line.
            int widest = Math.max(longestWord(indent + text), longest("// " + vals));
            if (WIDTH - at < widest) at = Math.max(GUTTER, WIDTH - widest);   // shifted left, never cut
            int room = WIDTH - at;
            List<String> ls;
            if (indent.length() + text.length() + 4 + vals.length() <= room || vals.isEmpty())
                ls = wrap(indent + text + (vals.isEmpty() ? "" : "  // " + vals), room);
            else {   // the values on lines of their own, as a comment
                ls = new ArrayList<>(wrap(indent + text, room));
                for (String v : pack(vs, room - indent.length() - 3)) ls.add(indent + "// " + v);
            }
            char mark = s.breaking ? '*' : s.inLoop ? '|' : ' ';
            for (int i = 0; i < ls.size(); i++) {
                StringBuilder b = new StringBuilder();
                if (i == 0) b.append(String.format("%3d%c ", s.n, mark));
                else b.append(String.format("   %c ", s.inLoop ? '|' : ' '));
                pad(b, at).append(ls.get(i));
                line(out, b.toString());
            }
            if (s.back) line(out, "     `-- back to step " + r.loopFrom + ": the loop runs again, forever");
            for (String why : s.notes) note(out, "*** " + why);
        }
        flushFolded(out, folded, lanes);
        if (r.stuttering) {
            line(out, "     `-- then nothing more happens, forever (stuttering)");
            note(out, "*** " + r.property + " violated by this behaviour: " + r.meaning);
        }

        if (!r.blocked.isEmpty()) {
            out.append('\n');
            String c = r.cycle();
            note(out, "*** deadlock: no task can take a step" + (c == null ? "" : " (cycle: " + c + ")"));
            for (Race.Blocked b : r.blocked) {
                List<String> ls = wrap("blocked in " + b.statement, WIDTH - GUTTER - 4);
                for (int i = 0; i < ls.size(); i++)
                    line(out, " ".repeat(GUTTER) + (i == 0 ? String.format("%-4s", b.task.id) : "    ") + ls.get(i));
                List<String> vs = new ArrayList<>();
                for (var e : b.values.entrySet()) {
                    boolean sat = b.guards.contains(e.getKey() + " = NoTask") && e.getValue().equals("none")
                        || b.guards.contains(e.getKey() + " = {}") && e.getValue().equals("{}");
                    if (!sat) vs.add(e.getKey() + " = " + cValue(e.getValue()));
                }
                String why = (b.waitsFor.isEmpty() ? "" : "waits for " + String.join(", ", b.waitsFor)) + (vs.isEmpty() ? ""
                    : (b.waitsFor.isEmpty() ? "" : ": ") + String.join(", ", vs));
                if (!why.isEmpty()) for (String l : wrap(why, WIDTH - GUTTER - 6)) line(out, " ".repeat(GUTTER + 6) + l);
            }
            note(out, "DeadlockFree: " + r.meaning);
        }
        return out.toString();
    }

    static String headline(Race r) {
        switch (r.kindOfBreak()) {
            case "deadlock": return "deadlock";
            case "lasso": return r.property + " violated (a lasso: a loop that repeats forever)";
            default: return r.property + " violated";
        }
    }

    /**
     * How many steps from k on are one operation of one task run alone: it starts at idle, ends
     * at idle, nobody else runs in between, nothing in it breaks or loops, and it is not the
     * failing step's task. 0 if there is none.
     */
    static int serialRun(Race r, List<Race.Step> ss, int k, Race.Task failing) {
        Race.Step first = ss.get(k);
        if (!first.fromIdle || first.task == null || first.task == failing) return 0;
        for (int j = k; j < ss.size(); j++) {
            Race.Step s = ss.get(j);
            if (s.task != first.task || s.breaking || s.inLoop || s.back || !s.notes.isEmpty()) return 0;
            for (String v : s.values) if (v.endsWith(" differs here)")) return 0;   // where the design differs is the point
            if (s.toIdle) return j - k + 1;
        }
        return 0;
    }

    private static void foldRun(StringBuilder out, List<Race.Step> run, int lane, int at) {
        List<String> effects = new ArrayList<>();
        for (Race.Step s : run)
            for (String v : s.values)
                if (v.startsWith("slots ") || v.startsWith("delete slot") || v.startsWith("flags-only") || v.startsWith("memslots="))
                    effects.add(kernelValue(v));
        String text = "... steps " + run.get(0).n + "-" + run.get(run.size() - 1).n + " folded: CPU" + lane + " runs "
            + run.get(0).task.operation() + " from start to end, alone" + (effects.isEmpty() ? "" : " (" + String.join(", ", effects) + ")");
        for (String l : wrap(text, WIDTH - GUTTER)) line(out, " ".repeat(GUTTER) + l);
    }

    private static void flushFolded(StringBuilder out, List<Race.Step> folded, List<Race.Task> lanes) {
        if (folded.isEmpty()) return;
        List<String> ids = new ArrayList<>();
        for (Race.Step s : folded) {
            String who = s.task == null ? "?" : s.task.label();
            if (!ids.contains(who)) ids.add(who);
        }
        String text = "... " + folded.size() + " step" + (folded.size() == 1 ? "" : "s") + " folded: "
            + String.join(", ", ids) + ", changing nothing the race needs";
        for (String l : wrap(text, WIDTH - GUTTER)) line(out, " ".repeat(GUTTER) + l);
        folded.clear();
    }

    private static final Pattern RANGE = Pattern.compile("\\[(-?\\d+),(-?\\d+)\\)");

    /** Pages [a,b) in words: "page 2", "pages 1-2". */
    static String pages(String a, String b) {
        int lo = Integer.parseInt(a), hi = Integer.parseInt(b) - 1;
        return lo == hi ? "page " + lo : "pages " + lo + "-" + hi;
    }

    /** A set of pages or tasks as TLC prints it ({1,2}), in words: "1, 2", or "none". */
    static String members(String set) {
        String in = set.replaceAll("^\\{|\\}$", "").trim();
        return in.isEmpty() ? "none" : in.replace(",", ", ");
    }

    /** A value for C: NULL for no task, a set's members. */
    static String cValue(String v) {
        if (v.equals("none")) return "NULL";
        if (v.startsWith("{")) return members(v).equals("none") ? "none" : members(v);
        return v;
    }

    /**
     * A step's value in kernel terms, as a commit message would say it: "range=[2,3)" is "range:
     * page 2", "slots {1} -> {1,2}" is "creates the slot of page 2", "count=-1" is
     * "mmu_notifier_count == -1". Empty for what the text need not repeat.
     */
    static String kernelValue(String v) {
        Matcher m;
        if (v.equals("overlap=true")) return "a memslot overlaps the range";
        if (v.equals("overlap=false")) return "no memslot overlaps the range";
        if (v.startsWith("(range ")) return "";
        if ((m = Pattern.compile("^range=\\[(-?\\d+),(-?\\d+)\\)$").matcher(v)).matches()) return "range: " + pages(m.group(1), m.group(2));
        if (v.equals("range=[]")) return "range: empty";
        if ((m = Pattern.compile("^mmu_notifier_range=\\[(-?\\d+),(-?\\d+)\\)$").matcher(v)).matches())
            return "mmu_notifier_range: " + pages(m.group(1), m.group(2));
        if ((m = Pattern.compile("^active=(-?\\d+)$").matcher(v)).matches()) return "mn_active_invalidate_count == " + m.group(1);
        if ((m = Pattern.compile("^count=(-?\\d+)$").matcher(v)).matches()) return "mmu_notifier_count == " + m.group(1);
        if ((m = Pattern.compile("^gfn=(\\d+)$").matcher(v)).matches()) return "gfn " + m.group(1);
        if ((m = Pattern.compile("^pfn=(\\d+)$").matcher(v)).matches()) return "pfn " + m.group(1);
        if (v.equals("retry=true")) return "retry";
        if (v.equals("retry=false")) return "no retry";
        if ((m = Pattern.compile("^wake=(\\w+)$").matcher(v)).matches()) return "wake == " + m.group(1);
        if ((m = Pattern.compile("^slots (\\{[^}]*\\}) -> (\\{[^}]*\\})$").matcher(v)).matches()) {
            Set<String> a = set(m.group(1)), b = set(m.group(2));
            Set<String> created = new TreeSet<>(b), deleted = new TreeSet<>(a);
            created.removeAll(a);
            deleted.removeAll(b);
            List<String> out = new ArrayList<>();
            for (String p : created) out.add("creates the slot of page " + p);
            for (String p : deleted) out.add("deletes the slot of page " + p);
            return String.join(", ", out);
        }
        if ((m = Pattern.compile("^delete slot (.*): INVALID copy first$").matcher(v)).matches())
            return "deletes the slot of page " + members(m.group(1)) + ": KVM_MEMSLOT_INVALID copy first";
        if ((m = Pattern.compile("^flags-only \\(dirty logging (on|off)\\)$").matcher(v)).matches())
            return "flags only: dirty logging " + m.group(1);
        if ((m = Pattern.compile("^memslots=(\\{[^}]*\\})( \\(([^)]*) INVALID\\))?( dirty-logging)?$").matcher(v)).matches()) {
            String s = members(m.group(1));
            return "kvm->memslots: " + (s.equals("none") ? "no slot" : (s.contains(",") ? "slots of pages " : "the slot of page ") + s)
                + (m.group(3) == null ? "" : ", page " + m.group(3) + " KVM_MEMSLOT_INVALID") + (m.group(4) == null ? "" : ", dirty logging");
        }
        if ((m = Pattern.compile("^readers=(\\{.*\\})$").matcher(v)).matches()) return "rwsem readers: " + members(m.group(1));
        if (v.equals("writer queued")) return "a writer is queued";
        if (v.equals("writer_queued=false")) return "no writer queued";
        if ((m = Pattern.compile("^writer=(.*)$").matcher(v)).matches()) return "rwsem writer: " + cValue(m.group(1));
        if ((m = Pattern.compile("^state=(.*)$").matcher(v)).matches()) return "state " + m.group(1);
        if ((m = Pattern.compile("^w->task=(.*)$").matcher(v)).matches()) return "w->task = " + (m.group(1).equals("none") ? "NULL" : m.group(1));
        if ((m = Pattern.compile("^pte\\[(\\d+)\\]=(.*)$").matcher(v)).matches())
            return m.group(2).equals("none") ? "page " + m.group(1) + " unmapped" : "page " + m.group(1) + " now frame " + m.group(2);
        if ((m = Pattern.compile("^spte\\[(\\d+)\\]=(.*)$").matcher(v)).matches())
            return m.group(2).equals("none") ? "SPTE of gfn " + m.group(1) + " zapped" : "SPTE of gfn " + m.group(1) + " maps pfn " + m.group(2);
        if ((m = Pattern.compile("^seq moved for (.*)$").matcher(v)).matches()) return "mmu_notifier_seq moved under " + m.group(1);
        if ((m = Pattern.compile("^mmu_invalidate_seq moved for (.*)$").matcher(v)).matches()) return "mmu_invalidate_seq moved under " + m.group(1);
        return v;
    }

    private static Set<String> set(String s) {
        Set<String> out = new TreeSet<>();
        for (String x : s.replaceAll("[{}]", "").split(",")) if (!x.isBlank()) out.add(x.trim());
        return out;
    }

    private static void note(StringBuilder out, String text) {
        List<String> ls = wrap(text, WIDTH - GUTTER - 4);
        for (int i = 0; i < ls.size(); i++) line(out, " ".repeat(GUTTER) + (i == 0 ? "" : "    ") + ls.get(i));
    }

    private static void line(StringBuilder out, String l) {
        out.append(l.replaceAll("\\s+$", "")).append('\n');
    }

    private static StringBuilder pad(StringBuilder b, int col) {
        while (b.length() < col) b.append(' ');
        if (b.length() > col) b.append(' ');
        return b;
    }

    /** Values packed into lines of width, a value broken only when it alone is wider. */
    static List<String> pack(List<String> vs, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < vs.size(); i++) {
            String v = vs.get(i) + (i + 1 < vs.size() ? "," : "");
            if (cur.length() > 0 && cur.length() + 1 + v.length() > width) { out.add(cur.toString()); cur.setLength(0); }
            if (v.length() > width) {
                List<String> w = wrap(v, width);
                out.addAll(w.subList(0, w.size() - 1));
                v = w.get(w.size() - 1);
            }
            if (cur.length() > 0) cur.append(' ');
            cur.append(v);
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }

    /** Where a word may be broken without breaking an identifier: after ( , ; or ->. */
    private static final Pattern BREAK = Pattern.compile("(?<=[(,;])|(?<=->)");

    /** The longest space-separated word, indentation included. */
    static int longestWord(String text) {
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        int max = 0;
        for (String w : text.strip().split(" +")) max = Math.max(max, w.length());
        return lead.length() + max;
    }

    /** The longest piece of text that wrap() cannot break. */
    static int longest(String text) {
        int max = 0;
        for (String w : text.strip().split(" +"))
            for (String piece : BREAK.split(w)) max = Math.max(max, piece.length());
        return max;
    }

    /**
     * Word-wraps text to width; a word longer than width is broken after ( , ; or ->, never
     * inside an identifier (a piece longer than the width stays whole on its own line).
     */
    static List<String> wrap(String text, int width) {
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        if (!lead.isEmpty() && width - lead.length() >= 16) {   // an indented block: every line indented
            List<String> out = new ArrayList<>();
            for (String l : wrap(text.stripLeading(), width - lead.length())) out.add(lead + l);
            return out;
        }
        width = Math.max(width, 8);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String w : text.strip().split(" +")) {
            List<String> pieces = new ArrayList<>();
            if (w.length() <= width) pieces.add(w);
            else {   // glue the breakable pieces back into chunks that fit
                StringBuilder c = new StringBuilder();
                for (String p : BREAK.split(w)) {
                    if (c.length() > 0 && c.length() + p.length() > width) { pieces.add(c.toString()); c.setLength(0); }
                    c.append(p);
                }
                if (c.length() > 0) pieces.add(c.toString());
            }
            for (int i = 0; i < pieces.size(); i++) {
                String p = pieces.get(i);
                boolean glued = i > 0;   // a continuation of the same word: no space before it
                if (cur.length() > 0 && (glued || cur.length() + 1 + p.length() > width)) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
                if (cur.length() > 0) cur.append(' ');
                cur.append(p);
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        if (out.isEmpty()) out.add("");
        return out;
    }
}
