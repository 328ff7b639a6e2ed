package org.kvmlocking.bench;

import java.util.List;
import java.util.Locale;

/**
 * The fairness plot as a self-contained SVG (no plotting library, no fonts or scripts fetched):
 * one group per stream (rate, window), one mark per design in it, on a log latency axis. A mark is
 * a box from p50 to p99 with a whisker up to the maximum; the share of late updates is written
 * above it when there are any; the deadline is a dashed line. Each mark has a tooltip with its row.
 */
final class LatencySvg {
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b"};
    private static final int LEFT = 78;
    private static final int RIGHT = 24;
    private static final int TOP = 104;
    private static final int BOTTOM = 74;
    private static final int PLOT_H = 330;
    private static final int MARK_W = 20;

    private LatencySvg() {
    }

    static String render(List<LatencyRow> rows, List<String> designs, List<String> rates, List<Integer> windows,
            long deadlineNanos, String subtitle) {
        int groupW = designs.size() * MARK_W + 22;
        int groups = rates.size() * windows.size();
        int plotW = Math.max(groups * groupW, 760);
        int width = LEFT + plotW + RIGHT;
        int height = TOP + PLOT_H + BOTTOM;
        double lo = deadlineNanos;
        double hi = deadlineNanos;
        for (LatencyRow r : rows) {
            if (r.updates() > 0) {
                lo = Math.min(lo, Math.max(r.p50(), 1));
                hi = Math.max(hi, r.max());
            }
        }
        int dLo = (int) Math.floor(Math.log10(lo));
        // A maximum just above a decade (a starved update: the 1 s trial plus a little) is drawn at that decade.
        int dHi = (int) Math.ceil(Math.log10(hi) - 0.02);
        if (dHi <= dLo) {
            dHi = dLo + 1;
        }
        Axis y = new Axis(dLo, dHi);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        text(s, LEFT, 20, 14, "start", "bold", "memslot update latency under a stream of overlapping invalidations");
        text(s, LEFT, 37, 11, "start", "normal", subtitle);
        // Legend.
        int lx = LEFT;
        for (int d = 0; d < designs.size(); d++) {
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"48\" width=\"12\" height=\"12\" fill=\"%s\" fill-opacity=\"0.45\" stroke=\"%s\"/>%n",
                    lx, color(d), color(d)));
            text(s, lx + 16, 58, 11, "start", "normal", designs.get(d));
            lx += 24 + designs.get(d).length() * 7;
        }
        text(s, lx + 8, 58, 10, "start", "normal", "box p50–p99, whisker to max, n% = updates later than the deadline");
        // Decades.
        for (int d = dLo; d <= dHi; d++) {
            double py = y.pos(Math.pow(10, d));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, py,
                    LEFT + plotW, py));
            text(s, LEFT - 6, py + 4, 10, "end", "normal", decade(d));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, TOP, LEFT,
                TOP + PLOT_H));
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 16 %d)\">latency of one update (log)</text>%n", TOP + PLOT_H / 2, TOP + PLOT_H / 2));
        // Groups: rates outside, windows inside.
        int g = 0;
        for (String rate : rates) {
            int blockX = LEFT + g * groupW;
            for (int window : windows) {
                int gx = LEFT + g * groupW;
                text(s, gx + groupW / 2.0, TOP + PLOT_H + 16, 10, "middle", "normal", window + " µs");
                for (int d = 0; d < designs.size(); d++) {
                    LatencyRow r = find(rows, designs.get(d), rate, window);
                    if (r != null && r.updates() > 0) {
                        mark(s, r, gx + 11 + d * MARK_W + MARK_W / 2.0, y, color(d));
                    }
                }
                g++;
            }
            int blockEnd = LEFT + g * groupW;
            text(s, (blockX + blockEnd) / 2.0, TOP + PLOT_H + 34, 11, "middle", "bold",
                    rate.equals(BenchArgs.MAX_RATE) ? "back-to-back" : rate + "/s per invalidator");
            if (g < groups) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", blockEnd, TOP,
                        blockEnd, TOP + PLOT_H + 40));
            }
        }
        text(s, LEFT + plotW / 2.0, TOP + PLOT_H + 58, 10, "middle", "normal",
                "window between invalidate_range_start and _end (per group); arrival rate (per block)");
        double dy = y.pos(deadlineNanos);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>%n",
                LEFT, dy, LEFT + plotW, dy));
        text(s, LEFT + plotW - 2, dy - 4, 10, "end", "normal", "deadline " + LatencyRow.human(deadlineNanos).replace(".00 ", " "));
        s.append("</svg>\n");
        return s.toString();
    }

    private static void mark(StringBuilder s, LatencyRow r, double cx, Axis y, String color) {
        double y50 = y.pos(Math.max(r.p50(), 1));
        double y99 = y.pos(Math.max(r.p99(), 1));
        double yMax = y.pos(Math.max(r.max(), 1));
        double half = MARK_W / 2.0 - 3;
        s.append("<g>");
        s.append("<title>").append(esc(String.format(Locale.ROOT, "%s, rate %s, window %d µs: %d updates, p50 %s, p99 %s, max %s, late %.1f%%",
                r.design(), r.rate(), r.windowUs(), r.updates(), LatencyRow.human(r.p50()), LatencyRow.human(r.p99()),
                LatencyRow.human(r.max()), 100 * r.lateFraction()))).append("</title>");
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                cx, y99, cx, yMax, color));
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                cx - half / 2, yMax, cx + half / 2, yMax, color));
        s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.45\""
                + " stroke=\"%s\"/>", cx - half, y99, 2 * half, Math.max(y50 - y99, 1.5), color, color));
        if (r.late() > 0) {
            double pct = 100 * r.lateFraction();
            String label = pct >= 1 ? String.format(Locale.ROOT, "%.0f%%", pct)
                    : pct >= 0.1 ? String.format(Locale.ROOT, "%.1f%%", pct) : "<0.1%";
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" text-anchor=\"start\" fill=\"%s\""
                    + " transform=\"rotate(-90 %.1f %.1f)\">%s</text>", cx + 3, yMax - 4, color, cx + 3, yMax - 4, esc(label)));
        }
        s.append("</g>\n");
    }

    /** 10^d ns as a tick label: 1 µs, 10 µs, 100 µs, 1 ms, ... */
    static String decade(int d) {
        String[] units = {"ns", "µs", "ms", "s"};
        if (d < 0) {
            return "1e" + d + " ns";
        }
        int u = Math.min(d / 3, units.length - 1);
        return "1" + "0".repeat(d - 3 * u) + " " + units[u];
    }

    private static LatencyRow find(List<LatencyRow> rows, String design, String rate, int window) {
        for (LatencyRow r : rows) {
            if (r.design().equals(design) && r.rate().equals(rate) && r.windowUs() == window) {
                return r;
            }
        }
        return null;
    }

    private static String color(int d) {
        return COLORS[d % COLORS.length];
    }

    private static void text(StringBuilder s, double x, double y, int size, String anchor, String weight, String t) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n",
                x, y, size, anchor, weight, esc(t)));
    }

    static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Log axis: decade dLo at the bottom of the plot, dHi at the top. */
    private record Axis(int dLo, int dHi) {
        double pos(double nanos) {
            double f = (Math.log10(nanos) - dLo) / (dHi - dLo);
            return TOP + PLOT_H * (1 - Math.max(0, Math.min(1, f)));
        }
    }
}
