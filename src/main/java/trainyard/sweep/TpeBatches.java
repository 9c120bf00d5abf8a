package trainyard.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import trainyard.config.ConfigException;
import trainyard.config.ExperimentPlan;
import trainyard.config.SearchDimension;
import trainyard.config.SweepSpec;
import trainyard.config.Trial;

/**
 * A TPE sweep's trials batch by batch: the plan's random starts, then each later trial
 * proposed by {@link TpeProposals} from the figures of the batches before its own and made
 * into a checked trial by the plan's proposer. Nothing is remembered between commands: the
 * trials are proposed again from the stored results, which give the same figures, so a
 * resumed sweep names the same trials (and finds them trained).
 *
 * <p>A proposal whose values some earlier trial already has would train nothing new; the
 * next-ranked candidate is taken instead, then uniform draws from the trial's own stream.
 */
final class TpeBatches {
    /** Uniform draws tried after the ranked candidates before the space is taken as used up. */
    private static final int MOST_DRAWS = 10_000;

    private final ExperimentPlan plan;
    private final SweepSpec.Tpe tpe;
    private final List<SearchDimension> dimensions;
    private final TpeProposals proposals;

    TpeBatches(ExperimentPlan plan) {
        this.plan = plan;
        this.tpe = plan.sweep().tpe();
        this.dimensions = tpe.dimensions();
        this.proposals = new TpeProposals(dimensions, tpe.lowerIsBetter(), tpe.seed(), tpe.batch());
    }

    int batchSize() {
        return tpe.batch();
    }

    int trials() {
        return tpe.trials();
    }

    /** The indices [first, end) of batch {@code b}'s trials. */
    int batchStart(int b) {
        return b * tpe.batch();
    }

    int batchEnd(int b) {
        return Math.min(tpe.trials(), (b + 1) * tpe.batch());
    }

    int batches() {
        return (tpe.trials() + tpe.batch() - 1) / tpe.batch();
    }

    /**
     * The trial at {@code index} (the states so far are trials 0 .. index-1, every one of the
     * batches before this one settled): a random start, or TPE's proposal.
     *
     * @param figure the figure TPE learns from for a state (NaN for a failure)
     */
    Trial trialAt(int index, List<TrialState> before, Function<TrialState, Double> figure) throws ConfigException {
        if (index < plan.trials().size()) {
            return plan.trials().get(index);
        }
        List<double[]> points = new ArrayList<>();
        double[] figures = new double[index];
        Set<List<Object>> taken = new HashSet<>();
        int start = proposals.batchStart(index);
        for (int i = 0; i < index; i++) {
            points.add(point(before.get(i).trial));
            figures[i] = i < start ? figure.apply(before.get(i)) : Double.NaN;
            taken.add(List.copyOf(before.get(i).trial.values().values()));
        }
        Iterator<double[]> ranked = proposals.proposals(index, points, figures);
        Trial first = null;
        for (int attempt = 0; attempt < TpeSampler.CANDIDATES + MOST_DRAWS; attempt++) {
            Trial trial = plan.proposer().trialAt(ranked.next());
            first = first == null ? trial : first;
            if (!taken.contains(List.copyOf(trial.values().values()))) {
                return trial;
            }
        }
        return first; // the space is used up (the planner refuses spaces smaller than the trials, so unreachable in practice)
    }

    /** A trial's values as a point of the space. */
    private double[] point(Trial trial) {
        double[] point = new double[dimensions.size()];
        for (int d = 0; d < point.length; d++) {
            point[d] = dimensions.get(d).coordinate(trial.values().get(dimensions.get(d).path()));
        }
        return point;
    }

    /** The figure TPE learns from: the metric at the trial's last epoch; NaN for one that failed or diverged. */
    double figure(TrialState state) {
        if (state.result == null || state.result.history() == null || state.result.history().isEmpty()) {
            return Double.NaN;
        }
        return state.figureAt(state.result.history().size(), tpe.metric());
    }

    /** "TPE: 10 random then model-guided, batches of 2". */
    String describe() {
        return "TPE: " + plan.trials().size() + " random then model-guided, batches of " + tpe.batch();
    }
}
