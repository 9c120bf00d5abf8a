package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.results.ResultFigures;

/**
 * A TPE sweep killed with SIGKILL five times at random moments, then run again to the end:
 * the trials it proposed (run_ids, values, who proposed them) and every figure are those of
 * a sweep never killed, and no epoch a killed process finished and reported is trained again.
 */
class KillTpeTest {
    @TempDir
    Path folder;

    String experiment() throws IOException {
        return KillHalvingTest.sweepOfASmallNetwork(folder, "learned", 3, """
                  tpe:
                    trials: 10
                    seed: 5
                    startup_trials: 4
                    metric: val_loss
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                      model.layers[0].dense: {int_uniform: [16, 64]}
                      model.layers[0].activation: {choice: [relu, tanh]}
                """);
    }

    @Test
    void killedAtRandomMomentsTheSweepProposesAndEndsAsIfNeverKilled() throws Exception {
        Path experiment = Files.writeString(folder.resolve("learned.yaml"), experiment());
        Path whole = folder.resolve("whole");
        Outcome uninterrupted = Outcome.of("run", experiment.toString(), "--results", whole.toString());
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isEqualTo(0);
        assertThat(uninterrupted.out()).contains("10 trials (TPE: 4 random then model-guided, batches of 2)");

        Path killed = folder.resolve("killed");
        Path sweep = killed.resolve("learned");
        RandomKills killing = RandomKills.of(folder, experiment, killed, sweep, 17, 600);
        List<String> trained = new ArrayList<>(killing.trained());
        int kills = killing.kills();
        assertThat(kills).as("no attempt found the sweep running to kill").isGreaterThanOrEqualTo(1);
        Outcome finished = Outcome.of("run", experiment.toString(), "--results", killed.toString());
        assertThat(finished.exitCode()).as(finished.err()).isEqualTo(0);
        trained.addAll(KillHalvingTest.epochsTrained(finished.out()));

        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(whole.resolve("learned").resolve("sweep.json").toFile());
        JsonNode actual = json.readTree(sweep.resolve("sweep.json").toFile());
        assertThat(json.writeValueAsString(actual.get("trials"))).isEqualTo(json.writeValueAsString(expected.get("trials")));
        assertThat(ResultFigures.byRunId(sweep)).isEqualTo(ResultFigures.byRunId(whole.resolve("learned")));
        assertThat(trained).as("epochs reported trained, across every process").doesNotHaveDuplicates();
        assertThat(trained.size()).isLessThanOrEqualTo(30);
    }
}
