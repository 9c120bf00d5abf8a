package trainyard.sweep;

import java.io.IOException;
import java.util.List;

/**
 * Trains a halving rung's trials somewhere else (a cluster's job array) instead of here.
 * The sweep hands the rung over and ends; whatever runs this command again once those
 * trials are done (a job that depends on the array) re-derives the decisions from the
 * results and hands over the next rung.
 */
public interface RemoteTrials {
    /** Starts the trials, each to the budget, and returns one line saying what was started. */
    String submit(List<String> runIds, TrialRunner.RungBudget budget) throws IOException, InterruptedException;
}
