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
import trainyard.config.HalvingSchedule;
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
    private final SweepSpec.Halving halving;
    private final List<SearchDimension> dimensions;
    private final TpeProposals proposals;
    /** Each batch's trial indices [start, end), in order; with halving, no batch crosses a bracket. */
    private final List<int[]> batches = new ArrayList<>();
    /** Per trial index, the epochs its first rung trains (with halving), else its training.epochs. */
    private final int[] firstRungEpochs;
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
        this.halving = plan.sweep().halving();
        this.dimensions = tpe.dimensions();
        this.proposals = new TpeProposals(dimensions, tpe.lowerIsBetter(), tpe.seed());
        this.states = states;
        this.lock = lock;
        this.newState = newState;
        firstRungEpochs = new int[tpe.trials()];
        List<HalvingSchedule.Bracket> brackets = halving == null
                ? List.of(new HalvingSchedule.Bracket(0, tpe.trials(), List.of(new HalvingSchedule.Rung(0, tpe.trials()))))
                : halving.brackets(tpe.trials());
        for (HalvingSchedule.Bracket bracket : brackets) {
            int end = bracket.firstTrial() + bracket.trialCount();
            for (int start = bracket.firstTrial(); start < end; start += tpe.batch()) {
                batches.add(new int[] {start, Math.min(end, start + tpe.batch())});
            }
            java.util.Arrays.fill(firstRungEpochs, bracket.firstTrial(), end, bracket.rungs().get(0).epochs());
        }
        states.forEach(state -> state.proposedBy = "random start");
    }

    /**
     * Proposes again, batch by batch, the trials that stored results make ready (what earlier
     * commands trained); returns the first batch with a trial left to train.
     */
    int proposeSettled() throws ConfigException {
        for (int b = 0; ; b++) {
            propose(b);
            if (!batchReady(b) || b == batches.size() - 1) {
                return b;
            }
        }
    }

    /**
     * Trains the batches from {@code first} on that start before trial {@code end}, each
     * proposed once the one before it is ready; false when one stopped short (interrupted,
     * handed over, or held by a process that gave up: the next command goes on from there).
     */
    boolean run(int first, int end, Training training) throws IOException, InterruptedException, ConfigException {
        for (int b = first; b < batches.size() && batches.get(b)[0] < end; b++) {
            propose(b);
            List<TrialState> toTrain = indicesOf(b).filter(index -> !ready(index)).mapToObj(this::state).toList();
            if (!training.train(toTrain) || !batchReady(b)) {
                return false;
            }
        }
        return true;
    }

    /** The first batch that holds trial {@code index}. */
    int batchOf(int index) {
        for (int b = 0; b < batches.size(); b++) {
            if (batches.get(b)[1] > index) {
                return b;
            }
        }
        return batches.size();
    }

    /** The indices of batch b's trials. */
    private java.util.stream.IntStream indicesOf(int b) {
        return java.util.stream.IntStream.range(batches.get(b)[0], batches.get(b)[1]);
    }

    private TrialState state(int index) {
        synchronized (lock) {
            return states.get(index);
        }
    }

    /** Whether TPE has trial {@code index}'s figure: trained to its first rung (or to its end), or settled otherwise (failed, pruned). */
    private boolean ready(int index) {
        TrialState state = state(index);
        return state.settled(halving != null) || (halving != null && state.reached(firstRungEpochs[index]));
    }

    private boolean batchReady(int b) {
        return indicesOf(b).allMatch(this::ready);
    }

    /** Makes batch b's trials that are not made yet (every batch before it is ready). */
    private void propose(int b) throws ConfigException {
        for (int index = states.size(); index < batches.get(b)[1]; index++) {
            TrialState state = newState.apply(trialAt(index, batches.get(b)[0]));
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

    /**
     * The trial at {@code index} (the states so far are trials 0 .. index-1, every one of the
     * batches before this one settled): a random start, or TPE's proposal.
     */
    private Trial trialAt(int index, int start) throws ConfigException {
        if (index < plan.trials().size()) {
            return plan.trials().get(index);
        }
        List<TrialState> before = trialsBefore(index);
        List<double[]> points = new ArrayList<>();
        double[] figures = new double[index];
        Set<List<Object>> taken = new HashSet<>();
        for (int i = 0; i < index; i++) {
            points.add(point(before.get(i).trial));
            figures[i] = i < start ? figure(before.get(i)) : Double.NaN;
            taken.add(List.copyOf(before.get(i).trial.values().values()));
        }
        Iterator<double[]> ranked = proposals.proposals(index, start, points, figures);
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

    /**
     * The figure TPE learns from: the metric at the trial's last epoch, or with halving at
     * min_epochs, which every trial trains (the same budget for all, as BOHB compares
     * trials); NaN for one that failed or diverged.
     */
    private double figure(TrialState state) {
        if (state.result == null || state.result.history() == null || state.result.history().isEmpty()) {
            return Double.NaN;
        }
        return state.figureAt(halving != null ? halving.minEpochs() : state.result.history().size(), tpe.metric());
    }

    /** "TPE: 10 random then model-guided, batches of 2". */
    String describe() {
        return "TPE: " + plan.trials().size() + " random then model-guided, batches of " + tpe.batch()
                + (halving == null ? "" : ", learning from every trial's " + tpe.metric() + " at epoch " + halving.minEpochs());
    }
}
