package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two short texts (a method, adopted against a broken design's), by longest
 * common subsequence, as unified diff lines: " " kept, "-" only in the first, "+" only in the
 * second. Leading whitespace is compared as is.
 */
final class Diff {
    private Diff() {}

    static List<String> lines(List<String> a, List<String> b) {
        int n = a.size(), m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--)
            for (int j = m - 1; j >= 0; j--)
                lcs[i][j] = same(a.get(i), b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        List<String> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && same(a.get(i), b.get(j))) { out.add(" " + b.get(j)); i++; j++; }
            else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) out.add("-" + a.get(i++));   // removed lines first, as diff -u
            else out.add("+" + b.get(j++));
        }
        return out;
    }

    /** The same line of code: indentation and a final modifier aside (an override drops final). */
    static boolean same(String x, String y) {
        return x.strip().replace("final ", "").equals(y.strip().replace("final ", ""));
    }

    /** The diff with only `context` unchanged lines around each change; a gap is one " ..." line. */
    static List<String> hunks(List<String> diff, int context) {
        List<String> out = new ArrayList<>();
        boolean gap = false;
        for (int i = 0; i < diff.size(); i++) {
            boolean near = false;
            for (int k = Math.max(0, i - context); k <= Math.min(diff.size() - 1, i + context) && !near; k++)
                near = !diff.get(k).startsWith(" ");
            if (near || i == 0) {   // the signature line stays: it names the method
                if (gap) out.add(" ...");
                out.add(diff.get(i));
                gap = false;
            } else gap = true;
        }
        if (gap) out.add(" ...");
        return out;
    }

    /** Whether a diff changes anything. */
    static boolean changes(List<String> diff) {
        for (String l : diff) if (!l.startsWith(" ")) return true;
        return false;
    }
}
