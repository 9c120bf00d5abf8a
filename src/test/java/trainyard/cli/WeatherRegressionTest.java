package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * experiments/weather_temp.yaml end to end: a regression of Seattle's daily high on the real
 * table. Every figure a person reads is in degrees (mae, rmse), evaluate gives the same, and
 * predict prints the value; a regression on the wrong output, or a monitor that means
 * nothing for it, is one line before anything trains.
 */
class WeatherRegressionTest {
    @TempDir
    static Path folder;
    static Path results;
    static Path run;
    static Outcome trained;

    @BeforeAll
    static void train() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(Path.of("data/seattle-weather.csv")),
                "data/seattle-weather.csv is missing: `make test` fetches it with npm first (vega-datasets@3.2.1)");
        results = folder.resolve("results");
        trained = Outcome.of("run", "experiments/weather_temp.yaml", "--results", results.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        try (var runs = Files.list(results.resolve("weather_temp"))) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void theFiguresAreInTheTargetsUnits() throws Exception {
        assertThat(trained.out()).containsPattern("- loss: \\d\\.\\d{4} - mae: \\d\\.\\d{4} - rmse: \\d\\.\\d{4}");
        assertThat(trained.out()).containsPattern("Test loss: \\d\\.\\d{4}  Test mae: \\d\\.\\d{4}  Test rmse: \\d\\.\\d{4}");
        JsonNode result = new ObjectMapper().readTree(run.resolve("result.json").toFile());
        assertThat(result.at("/test").has("accuracy")).isFalse();
        double rmse = result.at("/test/rmse").asDouble();
        double mae = result.at("/test/mae").asDouble();
        // scikit-learn's MLPRegressor reaches 3.1-3.2 degrees on such a split (src/bench/tables_vs_sklearn.py);
        // the table's own spread of daily highs is about 7.2 degrees.
        assertThat(rmse).isBetween(2.0, 3.5);
        assertThat(mae).isLessThan(rmse);
        // The loss is the mean squared error of the standardised target: rmse = sqrt(loss) x the training deviation.
        double deviation = result.at("/dataset/table/target_deviation").asDouble();
        assertThat(Math.sqrt(result.at("/test/loss").asDouble()) * deviation).isCloseTo(rmse, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(result.at("/history/0").has("mae")).isTrue();
        Outcome evaluated = Outcome.of("evaluate", run.toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("(the same)");
    }

    @Test
    void predictPrintsTheValueInDegrees() throws Exception {
        Path days = Files.writeString(folder.resolve("days.csv"), "temp_min,precipitation,wind\n15.0,0.0,2.0\n0.0,10.0,5.0\n");
        Outcome predicted = Outcome.of("predict", run.toString(), "--rows", days.toString());
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        String[] lines = predicted.out().lines().toArray(String[]::new);
        assertThat(lines).hasSize(2);
        double warm = Double.parseDouble(lines[0].replaceAll(".*temp_max ", ""));
        double cold = Double.parseDouble(lines[1].replaceAll(".*temp_max ", ""));
        assertThat(warm).isGreaterThan(cold + 5); // a 15-degree night is a summer day, a frosty wet one is winter
        JsonNode json = new ObjectMapper().readTree(Outcome.of("predict", run.toString(), "--rows", days.toString(), "--json").out());
        assertThat(json.get(0).get("target").asText()).isEqualTo("temp_max");
        assertThat(json.get(0).get("value").asDouble()).isCloseTo(warm, org.assertj.core.api.Assertions.within(1e-3));
    }

    @Test
    void aRegressionOnTheWrongOutputOrMonitorIsOneLine() throws Exception {
        String base = Files.readString(Path.of("experiments/weather_temp.yaml"));
        Outcome softmax = runVariant("softmax", base.replace("activation: linear", "activation: softmax"));
        assertThat(softmax.errorLines()).singleElement().asString().endsWith("model.layers[1].activation: a regression target on a softmax"
                + " output; a number to predict needs activation: linear (for classes use loss: categorical_crossentropy)");
        Outcome wide = runVariant("wide", base.replace("dense: 1\n", "dense: 5\n"));
        assertThat(wide.errorLines()).singleElement().asString().contains("model.layers[1].dense: the output layer has 5 units; a regression of"
                + " 'temp_max' (loss: mean_squared_error) predicts one number");
        Outcome monitor = runVariant("monitor", base.replace("  seed: 42", "  seed: 42\n  validation: test\n  early_stopping: {monitor: val_accuracy}"));
        assertThat(monitor.errorLines()).singleElement().asString().contains("training.early_stopping.monitor: val_accuracy is a classification's"
                + " figure; this experiment is a regression: use val_loss, val_mae or val_rmse");
        Outcome classes = runVariant("classes", base.replace("loss: mean_squared_error", "loss: categorical_crossentropy")
                .replace("dense: 1\n      activation: linear", "dense: 5\n      activation: softmax"));
        assertThat(classes.errorLines()).singleElement().asString().contains("the target 'temp_max' holds")
                .contains("to predict a number use loss: mean_squared_error");
        assertThat(results.resolve("softmax")).doesNotExist();
    }

    @Test
    void earlyStoppingWatchesTheValidationRmse() throws Exception {
        String base = Files.readString(Path.of("experiments/weather_temp.yaml"));
        Outcome stopped = runVariant("stopping", base.replace("  seed: 42", "  seed: 42\n  validation: {split: 0.2}\n"
                + "  early_stopping: {monitor: val_rmse, patience: 3, restore_best: true}").replace("epochs: 200", "epochs: 400"));
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(stopped.out()).contains("val_rmse: ");
    }

    private static Outcome runVariant(String name, String text) throws Exception {
        Path file = Files.writeString(folder.resolve(name + ".yaml"), text.replace("name: weather_temp", "name: " + name));
        Outcome outcome = Outcome.of("run", file.toString(), "--results", results.toString());
        if (!name.equals("stopping")) {
            assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(ExitCode.BAD_INPUT);
        }
        return outcome;
    }
}
