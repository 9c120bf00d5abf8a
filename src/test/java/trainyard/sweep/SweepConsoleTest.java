package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trainyard.config.Trial;
import trainyard.results.Environment;
import trainyard.results.RunResult;
import trainyard.results.RunStatus;

/** The final table of a sweep, from trials whose figures are set by hand. */
class SweepConsoleTest {
    /** The best on validation (0.95, test 0.90) is ranked first, above the best on the test set (val 0.93, test 0.96). */
    @Test
    void theBestOnValidationRanksFirstThoughAnotherIsBetterOnTest() {
        List<TrialState> states = new ArrayList<>();
        double[][] trials = {{0.003, 0.93, 0.96}, {0.01, 0.95, 0.90}, {0.1, 0.90, 0.91}}; // rate, last val_accuracy, test accuracy
        for (double[] figures : trials) {
            TrialState state = new TrialState(new Trial(null, Map.of("optimizer.learning_rate", figures[0])), "run" + figures[0]);
            state.found(new RunResult("toy", state.runId, RunStatus.COMPLETED, Map.of(), 100,
                    List.of(new RunResult.Epoch(1, 0.5, 0.9, 0.4, figures[1], 1.0, figures[0])), new RunResult.Figures(0.3, figures[2]), 2.0,
                    "2026-01-01T00:00:00Z", Environment.current(1, 512), null, null, null, null, 1, null, null, null, RunResult.FORMAT_VERSION));
            states.add(state);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new SweepConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> 80).table(states);
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("Ranked by val_accuracy (the last epoch's):");
        assertThat(lines.get(1).split("\\s+")).containsExactly("#", "run_id", "optimizer.learning_rate", "val_acc", "test_acc", "train_s", "status");
        assertThat(lines.get(2).split("\\s+")).containsExactly("1", "run0.01", "0.01", "0.9500", "0.9000", "2.0", "completed");
        assertThat(lines.get(3).split("\\s+")).startsWith("2", "run0.003", "0.003", "0.9300", "0.9600");
        assertThat(lines.get(4).split("\\s+")).startsWith("3", "run0.1");
    }
}
