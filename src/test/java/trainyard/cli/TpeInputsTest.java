package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;

/** Bad sweep.tpe input through the real command: one line at FILE:LINE:COLUMN, exit 2, no stack trace, nothing written. */
class TpeInputsTest {
    @TempDir
    Path folder;

    @Test
    void eachFaultIsOneLineAtItsPlaceAndNothingIsWritten() throws Exception {
        Path[] files = SyntheticIdx.write(Files.createDirectories(folder.resolve("data")), 200, 50, 3, 8, 5);
        String base = SyntheticIdx.datasetSection(files) + "\n" + """
                model:
                  layers:
                    - {dense: 8, activation: relu}
                    - {dense: 3, activation: softmax}
                loss: categorical_crossentropy
                optimizer: adam
                training: {epochs: 1, batch_size: 20}
                sweep:
                  tpe:
                    trials: 12
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                      model.layers[0].activation: {choice: [relu, tanh]}
                """;
        record Fault(String name, String text, String message) {
        }
        for (Fault fault : List.of(
                new Fault("startup", base.replace("trials: 12", "trials: 12\n    startup_trials: 12"), "sweep.tpe.startup_trials: 12 random trials"
                        + " leave none of the 12 trials to the model; expected startup_trials below trials"),
                new Fault("empty", base.replace("[relu, tanh]", "[]"), "sweep.tpe.space.model.layers[0].activation.choice: expected a list"
                        + " of at least one value, found an empty list"),
                new Fault("validation", base.replace("trials: 12", "trials: 12\n    metric: val_accuracy"), "sweep.tpe.metric: val_accuracy"
                        + " needs validation in every trial; set training.validation (e.g. {split: 0.1}) or learn from accuracy or loss"),
                new Fault("grid", base + "  grid: {training.batch_size: [10, 20]}\n", "sweep.tpe cannot be combined with sweep.grid")))  {
            Path experiment = Files.writeString(folder.resolve(fault.name() + ".yaml"), fault.text());
            Path results = folder.resolve("results-" + fault.name());
            Outcome outcome = Outcome.of("run", experiment.toString(), "--results", results.toString());
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(outcome.errorLines()).as(fault.name()).singleElement().asString()
                    .matches(java.util.regex.Pattern.quote(experiment.toString()) + ":\\d+:\\d+: .*").contains(fault.message());
            assertThat(outcome.err()).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(results).doesNotExist();
        }
    }
}
