package trainyard.config;

import java.util.Collection;

/** "did you mean ...": the closest allowed word by edit distance, when it is close enough to be a typo. */
public final class Suggestions {
    private Suggestions() {
    }

    /** Returns " (did you mean 'x'?)" or "" when nothing allowed is within a third of the word's length. */
    public static String didYouMean(String found, Collection<String> allowed) {
        String best = closest(found, allowed);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** The allowed word a typo most likely meant, or null when none is within a third of its length. */
    static String closest(String found, Collection<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = editDistance(found.toLowerCase(java.util.Locale.ROOT), candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int tolerance = Math.max(2, found.length() / 3);
        return best != null && bestDistance <= tolerance ? best : null;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit ("rleu" -> "relu"). */
    static int editDistance(String a, String b) {
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
