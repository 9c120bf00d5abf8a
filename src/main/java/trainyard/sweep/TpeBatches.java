package trainyard.sweep;

import java.io.IOException;
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

    /** Trains a batch's unsettled trials; false when the sweep stops there (interrupted, or handed over). */
    interface Training {
        boolean train(List<TrialState> trials) throws IOException, InterruptedException;
    }

    private final ExperimentPlan plan;
    private final SweepSpec.Tpe tpe;
    private final List<SearchDimension> dimensions;
    private final TpeProposals proposals;
    private final List<TrialState> states;
    private final Object lock;
    private final Function<Trial, TrialState> newState;

    /**
     * @param states   the sweep's trials in trial order, the random starts already in; grown here, under {@code lock}
     * @param newState a new trial's state, its stored result already looked up
     */
    TpeBatches(ExperimentPlan plan, List<TrialState> states, Object lock, Function<Trial, TrialState> newState) {
        this.plan = plan;
        this.tpe = plan.sweep().tpe();
        this.dimensions = tpe.dimensions();
        this.proposals = new TpeProposals(dimensions, tpe.lowerIsBetter(), tpe.seed(), tpe.batch());
        this.states = states;
        this.lock = lock;
        this.newState = newState;
        states.forEach(state -> state.proposedBy = "random start");
    }

    /**
     * Proposes again, batch by batch, the trials that stored results settle (what earlier
     * commands trained); returns the first batch with a trial left to train.
     */
    int proposeSettled() throws ConfigException {
        for (int b = 0; ; b++) {
            propose(b);
            if (!settled(b) || b == batches() - 1) {
                return b;
            }
        }
    }

    /** Trains the batches from {@code first} on, each proposed once the one before it is settled. */
    void run(int first, Training training) throws IOException, InterruptedException, ConfigException {
        for (int b = first; b < batches(); b++) {
            propose(b);
            List<TrialState> toTrain = batch(b).stream().filter(state -> !state.settled(false)).toList();
            if (!training.train(toTrain) || !settled(b)) {
                return; // interrupted, handed over, or held by a process that gave up: the next command goes on from here
            }
        }
    }

    private List<TrialState> batch(int b) {
        synchronized (lock) {
            return List.copyOf(states.subList(batchStart(b), batchEnd(b)));
        }
    }

    private boolean settled(int b) {
        return batch(b).stream().allMatch(state -> state.settled(false));
    }

    /** Makes batch b's trials that are not made yet (every batch before it is settled). */
    private void propose(int b) throws ConfigException {
        for (int index = states.size(); index < batchEnd(b); index++) {
            TrialState state = newState.apply(trialAt(index));
            state.proposedBy = index < plan.trials().size() ? "random start" : "TPE";
            synchronized (lock) {
                states.add(state);
            }
        }
    }

    int batchSize() {
        return tpe.batch();
    }

    int trials() {
        return tpe.trials();
    }

    /** The indices [first, end) of batch {@code b}'s trials. */
    private int batchStart(int b) {
        return b * tpe.batch();
    }

    private int batchEnd(int b) {
        return Math.min(tpe.trials(), (b + 1) * tpe.batch());
    }

    private int batches() {
        return (tpe.trials() + tpe.batch() - 1) / tpe.batch();
    }

    /**
     * The trial at {@code index} (the states so far are trials 0 .. index-1, every one of the
     * batches before this one settled): a random start, or TPE's proposal.
     */
    private Trial trialAt(int index) throws ConfigException {
        List<TrialState> before = trialsBefore(index);
        if (index < plan.trials().size()) {
            return plan.trials().get(index);
        }
        List<double[]> points = new ArrayList<>();
        double[] figures = new double[index];
        Set<List<Object>> taken = new HashSet<>();
        int start = proposals.batchStart(index);
        for (int i = 0; i < index; i++) {
            points.add(point(before.get(i).trial));
            figures[i] = i < start ? figure(before.get(i)) : Double.NaN;
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

    private List<TrialState> trialsBefore(int index) {
        synchronized (lock) {
            return List.copyOf(states.subList(0, index));
        }
    }

    /** The figure TPE learns from: the metric at the trial's last epoch; NaN for one that failed or diverged. */
    private double figure(TrialState state) {
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
