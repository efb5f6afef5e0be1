package com.sportdata.benefits.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the names nearest to a mistyped one (edit distance, a shared prefix), for commands as picocli does for options. */
final class Suggestions {
    private Suggestions() {
    }

    /** Names within two edits of {@code typed}, or starting with it, nearest first; empty when none is near. */
    static List<String> nearest(String typed, Collection<String> names) {
        String t = typed.toLowerCase(java.util.Locale.ROOT);
        return names.stream().filter(n -> !n.equals("generate-completion"))
                .filter(n -> distance(t, n) <= Math.min(2, Math.max(1, n.length() / 2)) || n.startsWith(t) && t.length() >= 2)
                .sorted(Comparator.comparingInt((String n) -> distance(t, n)).thenComparing(n -> n))
                .limit(3).toList();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
