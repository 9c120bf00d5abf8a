package trainyard.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Successive halving (Jamieson and Talwalkar, AISTATS 2016) and Hyperband (Li et al.,
 * JMLR 18, 2018, Algorithm 1) as pure functions: which trials each bracket holds, the
 * epochs of each rung, and which trials a rung promotes, from the trials' figures alone.
 * Nothing here depends on timing or on the order trials finished in, so a sweep's
 * decisions are the same at any parallelism and after any number of restarts.
 *
 * <p>One bracket is plain successive halving over every trial: rungs at min_epochs,
 * min_epochs·η, ... up to max_epochs, keeping the best ⌊n/η⌋ (at least 1) at each. With
 * k brackets, bracket s (s = s_max down to s_max - k + 1, where s_max = ⌊log_η(max/min)⌋)
 * starts n_s = ⌈(s_max + 1)/(s + 1) · η^s⌉ trials at max·η^-s epochs, as the paper's
 * Algorithm 1 does.
 */
public final class HalvingSchedule {
    /** One rung: its epoch budget and how many trials reach it. */
    public record Rung(int epochs, int trials) {
    }

    /** One bracket: the range of trial indices it holds, and its rungs from the first to max_epochs. */
    public record Bracket(int firstTrial, int trialCount, List<Rung> rungs) {
        public Bracket {
            rungs = List.copyOf(rungs);
        }

        /** Epochs trained in all if every promoted trial continues from its checkpoint. */
        public long epochsTrained() {
            long total = 0;
            int before = 0;
            for (Rung rung : rungs) {
                total += (long) rung.trials() * (rung.epochs() - before);
                before = rung.epochs();
            }
            return total;
        }
    }

    /** A trial's figure at a rung; NaN for a trial that diverged or failed there. */
    public record Score(String runId, double figure) {
    }

    private HalvingSchedule() {
    }

    /** ⌊log_η(max / min)⌋, computed in whole numbers (no floating-point edge at exact powers). */
    public static int maxBracketIndex(int minEpochs, int maxEpochs, int eta) {
        int s = 0;
        long budget = minEpochs;
        while (budget * eta <= maxEpochs) {
            budget *= eta;
            s++;
        }
        return s;
    }

    /** Plain successive halving over {@code trials} trials. */
    public static Bracket successiveHalving(int firstTrial, int trials, int minEpochs, int maxEpochs, int eta) {
        List<Rung> rungs = new ArrayList<>();
        int survivors = trials;
        long epochs = minEpochs;
        while (true) {
            rungs.add(new Rung((int) Math.min(epochs, maxEpochs), survivors));
            if (epochs >= maxEpochs) {
                break;
            }
            epochs *= eta;
            survivors = Math.max(1, survivors / eta);
        }
        return new Bracket(firstTrial, trials, rungs);
    }

    /** The trials Hyperband's {@code brackets} most exploratory brackets need together. */
    public static int trialsNeeded(int minEpochs, int maxEpochs, int eta, int brackets) {
        int sMax = maxBracketIndex(minEpochs, maxEpochs, eta);
        int total = 0;
        for (int s = sMax; s > sMax - brackets; s--) {
            total += bracketTrials(sMax, s, eta);
        }
        return total;
    }

    /**
     * The brackets of a sweep: one over every trial, or Hyperband's with the given count
     * (at most s_max + 1), whose trials must number {@link #trialsNeeded}.
     */
    public static List<Bracket> brackets(int trials, int minEpochs, int maxEpochs, int eta, int brackets) {
        if (brackets == 1) {
            return List.of(successiveHalving(0, trials, minEpochs, maxEpochs, eta));
        }
        int sMax = maxBracketIndex(minEpochs, maxEpochs, eta);
        if (brackets < 1 || brackets > sMax + 1) {
            throw new IllegalArgumentException("brackets must be from 1 to " + (sMax + 1) + ", found " + brackets);
        }
        if (trials != trialsNeeded(minEpochs, maxEpochs, eta, brackets)) {
            throw new IllegalArgumentException(brackets + " brackets need " + trialsNeeded(minEpochs, maxEpochs, eta, brackets) + " trials, found " + trials);
        }
        List<Bracket> result = new ArrayList<>();
        int first = 0;
        for (int s = sMax; s > sMax - brackets; s--) {
            int n = bracketTrials(sMax, s, eta);
            long start = maxEpochs;
            for (int i = 0; i < s; i++) {
                start /= eta;
            }
            result.add(successiveHalving(first, n, (int) Math.max(1, start), maxEpochs, eta));
            first += n;
        }
        return result;
    }

    /** n_s = ⌈(s_max + 1) / (s + 1) · η^s⌉, in whole numbers. */
    private static int bracketTrials(int sMax, int s, int eta) {
        long power = 1;
        for (int i = 0; i < s; i++) {
            power *= eta;
        }
        return (int) (((sMax + 1) * power + s) / (s + 1));
    }

    /**
     * The trials a rung promotes: the best {@code keep}, ranked by figure (higher is better
     * unless {@code lowerIsBetter}), ties broken by run_id; NaN figures (diverged or failed
     * trials) rank last and are never promoted.
     */
    public static List<String> promoted(List<Score> scores, int keep, boolean lowerIsBetter) {
        Comparator<Score> byFigure = Comparator.comparingDouble(Score::figure);
        if (!lowerIsBetter) {
            byFigure = byFigure.reversed();
        }
        return scores.stream().filter(score -> !Double.isNaN(score.figure()))
                .sorted(byFigure.thenComparing(Score::runId)).limit(keep).map(Score::runId).toList();
    }
}
