package trainyard.sweep;

import java.io.IOException;
import java.util.List;
import trainyard.config.Trial;

/**
 * Trains a halving rung's or a TPE batch's trials somewhere else (a cluster's job array)
 * instead of here. The sweep hands them over and ends; whatever runs this command again once
 * those trials are done (a job that depends on the array) re-derives the decisions and the
 * proposals from the results and hands over the next rung or batch.
 */
public interface RemoteTrials {
    /**
     * Starts the trials and returns one line saying what was started.
     *
     * @param budget      the rung's epochs, or null to train each trial fully (a TPE batch)
     * @param sweepTrials every trial of the sweep so far, in trial order (TPE's grow batch by batch)
     */
    String submit(List<String> runIds, TrialRunner.RungBudget budget, List<Trial> sweepTrials) throws IOException, InterruptedException;
}
