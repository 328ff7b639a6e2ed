package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A race in the kernel's column style: one column per task, one kernel statement per line in
 * the order the steps happened, the values that matter beside it; a statement runs on to the
 * right over the other columns (nobody else runs on that line) and wraps at 80 columns.
 */
final class TextDiagram {
    static final int WIDTH = 80;
    static final int GUTTER = 5;   // "%3d" + mark + " "
    static final int LAST = 34;    // columns the last lane keeps for its statements

    private TextDiagram() {}

    static String render(Race r, String checker, String states) {
        StringBuilder out = new StringBuilder();
        List<Race.Task> lanes = new ArrayList<>();
        for (Race.Task t : r.tasks) if (t.relevant) lanes.add(t);
        // Lane widths: the header's, narrowed so that the last lane keeps LAST columns for its
        // statements when the number of tasks allows; a header too wide wraps at _ or /.
        int n = lanes.size();
        int cap = n <= 1 ? WIDTH : Math.max(14, (WIDTH - GUTTER - LAST) / (n - 1));
        int[] off = new int[n];
        List<List<String>> heads = new ArrayList<>();
        int x = GUTTER, rows = 0;
        for (int i = 0; i < n; i++) {
            off[i] = x;
            Race.Task t = lanes.get(i);
            int w = Math.max(14, Math.min(t.function().length() + 1, cap));
            List<String> h = i == n - 1 ? List.of(t.function(), "(" + t.id + ")")
                : wrap(t.function().replace("/", "/ ").replace("_", "_ ") + " (" + t.id + ")", w - 1);
            List<String> hh = new ArrayList<>();
            for (String l : h) hh.add(l.replace("/ ", "/").replace("_ ", "_"));
            heads.add(hh);
            rows = Math.max(rows, hh.size());
            x += w;
        }

        for (String l : wrap(r.cfg.name + ": " + r.cfg.design() + ", " + headline(r) + " (" + checker + ")", WIDTH))
            out.append(l).append('\n');
        for (String l : wrap(r.cfg.description, WIDTH)) out.append(l).append('\n');
        out.append('\n');
        // header: function names, task ids, dashes
        for (int row = 0; row < rows; row++) {
            StringBuilder h = new StringBuilder();
            for (int i = 0; i < n; i++) if (row < heads.get(i).size()) pad(h, off[i]).append(heads.get(i).get(row));
            line(out, h.toString());
        }
        StringBuilder dash = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int w = 0;
            for (String l : heads.get(i)) w = Math.max(w, l.length());
            pad(dash, off[i]).append("-".repeat(w));
        }
        line(out, dash.toString());

        List<Race.Step> folded = new ArrayList<>();
        for (Race.Step s : r.steps) {
            int lane = s.task == null ? -1 : lanes.indexOf(s.task);
            if (lane < 0) { folded.add(s); continue; }
            flushFolded(out, folded);
            if (r.loopFrom > 0 && s.n == r.loopFrom) {
                line(out, "     ,-- loop: from here the steps repeat forever --");
                note(out, "*** " + r.property + " violated by this loop: " + r.meaning);
            }
            String text = s.statement.stripLeading();
            String indent = s.statement.substring(0, s.statement.length() - text.length());
            String vals = String.join(" ", s.values);
            int room = WIDTH - off[lane];
            List<String> ls;
            if (indent.length() + text.length() + 5 + vals.length() <= room || vals.isEmpty())
                ls = wrap(indent + text + (vals.isEmpty() ? "" : "  // " + vals), room);
            else {   // the values on lines of their own, as a comment
                ls = new ArrayList<>(wrap(indent + text, room));
                for (String v : wrap(vals, room - indent.length() - 3)) ls.add(indent + "// " + v);
            }
            char mark = s.breaking ? '*' : s.inLoop ? '|' : ' ';
            for (int i = 0; i < ls.size(); i++) {
                StringBuilder b = new StringBuilder();
                if (i == 0) b.append(String.format("%3d%c ", s.n, mark));
                else b.append(String.format("   %c ", s.inLoop ? '|' : ' '));
                pad(b, off[lane]).append(ls.get(i));
                line(out, b.toString());
            }
            if (s.back) line(out, "     `-- back to step " + r.loopFrom + ": the loop runs again, forever");
            for (String why : s.notes) note(out, "*** " + why);
        }
        flushFolded(out, folded);
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
                    if (!sat) vs.add(e.getKey() + " = " + e.getValue());
                }
                String why = (b.waitsFor.isEmpty() ? "" : "waits for " + String.join(", ", b.waitsFor) + ": ")
                    + "needs " + String.join(" /\\ ", b.guards) + (vs.isEmpty() ? "" : ", but " + String.join(", ", vs));
                for (String l : wrap(why, WIDTH - GUTTER - 6)) line(out, " ".repeat(GUTTER + 6) + l);
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

    private static void flushFolded(StringBuilder out, List<Race.Step> folded) {
        if (folded.isEmpty()) return;
        List<String> ids = new ArrayList<>(), acts = new ArrayList<>();
        for (Race.Step s : folded) {
            String who = s.task == null ? "?" : s.task.label();
            if (!ids.contains(who)) ids.add(who);
            acts.add(s.action);
        }
        String text = "... " + folded.size() + " step" + (folded.size() == 1 ? "" : "s") + " folded ("
            + String.join(", ", ids) + ": " + String.join(", ", acts) + "; changes nothing the race needs)";
        for (String l : wrap(text, WIDTH - GUTTER)) line(out, " ".repeat(GUTTER) + l);
        folded.clear();
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

    /** Word-wraps text to width; a word longer than width is split after ( , ; -> or at width. */
    static List<String> wrap(String text, int width) {
        String lead = text.substring(0, text.length() - text.stripLeading().length());
        if (!lead.isEmpty() && width - lead.length() >= 16) {   // an indented block: every line indented
            List<String> out = new ArrayList<>();
            for (String l : wrap(text.stripLeading(), width - lead.length())) out.add(lead + l);
            return out;
        }
        width = Math.max(width, 8);
        List<String> out = new ArrayList<>();
        String indent = "";
        StringBuilder cur = new StringBuilder(indent);
        for (String w : text.strip().split(" +")) {
            while (w.length() > width) {
                int cut = -1;
                for (String sep : new String[] {"(", ",", ";", "->", "_"}) {   // in order of preference
                    int at = w.lastIndexOf(sep, width - sep.length());
                    if (at > 0 && at + sep.length() >= width / 3) { cut = at + sep.length(); break; }
                }
                if (cut <= 0 || cut > width) cut = width;
                if (cur.toString().isBlank()) cur.setLength(0);
                if (cur.length() > 0 && cur.length() + 1 + cut <= width) { cur.append(' ').append(w, 0, cut); }
                else { if (cur.length() > 0) out.add(cur.toString()); cur = new StringBuilder(w.substring(0, cut)); }
                out.add(cur.toString());
                cur = new StringBuilder();
                w = w.substring(cut);
            }
            if (cur.length() > 0 && !cur.toString().isBlank() && cur.length() + 1 + w.length() > width) {
                out.add(cur.toString());
                cur = new StringBuilder();
            }
            if (cur.length() > 0 && !cur.toString().isBlank()) cur.append(' ');
            cur.append(w);
        }
        if (!cur.toString().isBlank()) out.add(cur.toString());
        if (out.isEmpty()) out.add("");
        return out;
    }
}
