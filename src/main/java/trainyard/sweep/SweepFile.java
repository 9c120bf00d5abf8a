package trainyard.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trainyard.config.ExperimentPlan;
import trainyard.config.HalvingSchedule;
import trainyard.files.BoundedFiles;
import trainyard.results.ResultStore;

/** results/NAME/sweep.json (or sweep-HASH.json, see {@link ExperimentPlan#sweepFileName}): what a sweep is and where each of its trials stands, for the report and for people. */
final class SweepFile {
    private SweepFile() {
    }

    /** What a rung decided, as sweep.json records it: every member's figure and the run_ids promoted. */
    record RungDecision(int bracket, int rung, int epochs, List<HalvingSchedule.Score> scores, List<String> promoted) {
    }

    /**
     * Writes sweep.json: the sweep spec, every trial's run_id, values and status, and the rungs'
     * decisions. A command that changed nothing leaves the file as it was, its time included.
     */
    static void write(Path target, ExperimentPlan plan, List<TrialState> states, List<RungDecision> decisions) throws IOException {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("experiment", plan.name());
        file.put("file", plan.file().toString());
        file.put("sweep", plan.sweep());
        if (!plan.commandLineSweep().isEmpty()) {
            file.put("command_line", plan.commandLineSweep());
        }
        List<Map<String, Object>> trials = new ArrayList<>();
        for (TrialState state : states) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("run_id", state.runId);
            entry.put("values", state.trial.values());
            entry.put("status", state.status.jsonName());
            if (state.proposedBy != null) {
                entry.put("proposed_by", state.proposedBy);
            }
            if (state.rung > 0) {
                entry.put("rung", state.rung);
            }
            if (state.result != null) {
                entry.put("epochs_trained", state.result.epochsDone());
            }
            if (!Double.isNaN(state.testAccuracy())) {
                entry.put("test_accuracy", state.testAccuracy());
            }
            if (!Double.isNaN(state.testRmse())) {
                entry.put("test_rmse", state.testRmse());
            }
            trials.add(entry);
        }
        file.put("trials", trials);
        if (plan.sweep() != null && plan.sweep().halving() != null) {
            List<Map<String, Object>> rungs = new ArrayList<>();
            for (RungDecision decision : decisions) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("bracket", decision.bracket());
                entry.put("rung", decision.rung());
                entry.put("epochs", decision.epochs());
                List<Map<String, Object>> figures = new ArrayList<>();
                for (HalvingSchedule.Score score : decision.scores()) {
                    Map<String, Object> figure = new LinkedHashMap<>();
                    figure.put("run_id", score.runId());
                    figure.put(plan.sweep().halving().metric(), Double.isNaN(score.figure()) ? null : score.figure());
                    figures.add(figure);
                }
                entry.put("figures", figures);
                entry.put("promoted", decision.promoted());
                rungs.add(entry);
            }
            file.put("decisions", rungs); // re-derived from the trials' figures on every resume, in the same order
        }
        if (ResultStore.asWritten(file).equals(previous(target))) {
            return;
        }
        file.put("updated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ResultStore.writeJson(target, file);
    }

    /** The file as it stands, without its time, in the plain form the new one is compared in; null when unreadable. */
    private static Object previous(Path target) {
        try {
            Map<?, ?> stored = new ObjectMapper().readValue(BoundedFiles.read(target, 16 << 20), Map.class);
            stored.remove("updated_at");
            return stored;
        } catch (IOException | RuntimeException e) {
            return null; // missing or damaged: written anew
        }
    }
}
