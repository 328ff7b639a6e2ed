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
                lcs[i][j] = a.get(i).strip().equals(b.get(j).strip()) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        List<String> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).strip().equals(b.get(j).strip())) { out.add(" " + b.get(j)); i++; j++; }
            else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) out.add("+" + b.get(j++));
            else out.add("-" + a.get(i++));
        }
        return out;
    }

    /** Whether a diff changes anything. */
    static boolean changes(List<String> diff) {
        for (String l : diff) if (!l.startsWith(" ")) return true;
        return false;
    }
}
