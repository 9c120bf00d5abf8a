package trainyard.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import trainyard.config.ConfigException;
import trainyard.config.HalvingSchedule;
import trainyard.config.SweepSpec;
import trainyard.data.Dataset;
import trainyard.results.RunStatus;

/**
 * A halving sweep's brackets, rung by rung: train every trial of a rung to its epochs (those
 * already there are read, not trained), rank them by the metric, prune the rest. The
 * decisions depend on the figures alone, so a resumed sweep makes the same ones. Where the
 * rungs train (the sweep's workers, or a cluster's job array) is the caller's
 * {@link RungTraining}; with sweep.tpe the first rung's trials are proposed batch by batch.
 */
final class HalvingBrackets {
    /** Trains a rung's trials to its budget; false when they were handed over and the bracket stops here. */
    interface RungTraining {
        boolean train(List<TrialState> trials, TrialRunner.RungBudget budget) throws IOException, InterruptedException;
    }

    /** What a rung's decision does to the sweep; called under the sweep's lock. */
    interface Outcomes {
        void pruned(TrialState state, int rung) throws IOException;

        void decided(SweepFile.RungDecision decision) throws IOException;

        boolean interrupted();
    }

    private final SweepSpec.Halving halving;
    private final List<HalvingSchedule.Bracket> brackets;
    private final List<TrialState> states;
    private final Object lock;
    private final Dataset dataset;
    private final TpeBatches tpe;
    private final SweepConsole console;
    private final Outcomes outcomes;

    /** @param tpe null unless TPE proposes the trials */
    HalvingBrackets(SweepSpec.Halving halving, List<HalvingSchedule.Bracket> brackets, List<TrialState> states, Object lock, Dataset dataset,
                    TpeBatches tpe, SweepConsole console, Outcomes outcomes) {
        this.halving = halving;
        this.brackets = brackets;
        this.states = states;
        this.lock = lock;
        this.dataset = dataset;
        this.tpe = tpe;
        this.console = console;
        this.outcomes = outcomes;
    }

    /** Every bracket in turn; false when one stopped (handed over, or interrupted). */
    boolean run(RungTraining training) throws IOException, InterruptedException, ConfigException {
        for (HalvingSchedule.Bracket bracket : brackets) {
            if (!runBracket(bracket, training) || outcomes.interrupted()) {
                return false;
            }
        }
        return true;
    }

    /** One bracket, rung by rung; false when a rung was handed over to be trained elsewhere. */
    private boolean runBracket(HalvingSchedule.Bracket bracket, RungTraining training) throws IOException, InterruptedException, ConfigException {
        List<HalvingSchedule.Rung> rungs = bracket.rungs();
        if (tpe != null && !tpe.run(tpe.batchOf(bracket.firstTrial()), bracket.firstTrial() + bracket.trialCount(), trials -> {
            synchronized (lock) {
                trials.forEach(state -> state.rung = Math.max(state.rung, 1));
            }
            return training.train(trials, new TrialRunner.RungBudget(1, rungs.get(0).epochs())); // TPE proposes the first rung batch by batch
        })) {
            return false;
        }
        List<TrialState> members = new ArrayList<>(states.subList(bracket.firstTrial(), bracket.firstTrial() + bracket.trialCount()));
        for (int r = 0; r < rungs.size() && !outcomes.interrupted(); r++) {
            TrialRunner.RungBudget budget = new TrialRunner.RungBudget(r + 1, rungs.get(r).epochs());
            synchronized (lock) {
                // A trial whose result already went further (a rerun of a finished sweep) keeps its rung.
                members.forEach(state -> state.rung = Math.max(budget.rung(),
                        state.result != null && state.result.rung() != null ? state.result.rung() : 0));
            }
            List<TrialState> toTrain = LongestFirst.order(members.stream().filter(state -> state.retrain || !state.reached(budget.epochs())).toList(),
                    dataset, state -> budget.epochs() - (state.retrain || state.result == null ? 0 : state.result.epochsDone()));
            if (!training.train(toTrain, budget)) {
                return false;
            }
            if (r == rungs.size() - 1) {
                break;
            }
            List<TrialState> next = decide(bracket, r, budget, members);
            next.sort(java.util.Comparator.comparingInt(states::indexOf));
            members = next;
            if (members.isEmpty()) {
                break; // every trial of the rung diverged or failed: no later rung has anyone to train
            }
        }
        return true;
    }

    /** Ranks a rung's members by the metric, prunes all but the promoted, records the decision; returns the promoted. */
    private List<TrialState> decide(HalvingSchedule.Bracket bracket, int r, TrialRunner.RungBudget budget, List<TrialState> members)
            throws IOException {
        List<HalvingSchedule.Score> scores = new ArrayList<>();
        for (TrialState state : members) {
            scores.add(new HalvingSchedule.Score(state.runId, state.figureAt(budget.epochs(), halving.metric())));
        }
        List<String> promoted = HalvingSchedule.promoted(scores, bracket.rungs().get(r + 1).trials(), halving.lowerIsBetter());
        List<TrialState> next = new ArrayList<>();
        int bracketNumber = brackets.size() == 1 ? 0 : brackets.indexOf(bracket) + 1;
        synchronized (lock) {
            for (TrialState state : members) {
                if (promoted.contains(state.runId)) {
                    next.add(state);
                } else if (state.status == RunStatus.PAUSED) {
                    outcomes.pruned(state, budget.rung());
                }
            }
            outcomes.decided(new SweepFile.RungDecision(Math.max(1, bracketNumber), budget.rung(), budget.epochs(), scores, promoted));
            int failed = (int) members.stream().filter(state -> state.status.isFailure()).count();
            console.rungDecided(bracketNumber, budget.rung(), budget.epochs(), members.size(), failed, promoted, bracket.rungs().get(r + 1).epochs(),
                    halving.metric(), promoted.isEmpty() ? Double.NaN : scores.stream().filter(sc -> sc.runId().equals(promoted.get(0)))
                            .findFirst().orElseThrow().figure(), promoted.isEmpty() ? "-" : promoted.get(0));
        }
        return next;
    }
}
