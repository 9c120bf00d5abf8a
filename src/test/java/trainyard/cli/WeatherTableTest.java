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
 * experiments/weather.yaml end to end on the real Seattle weather table (data/, which
 * `make data` and `make test` fetch, and the run itself fetches when missing): trained,
 * evaluated from its model to the same figures, and rows predicted with the encoding the
 * model file records.
 */
class WeatherTableTest {
    @TempDir
    static Path folder;
    static Path results;
    static Path run;

    @BeforeAll
    static void train() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(Path.of("data/seattle-weather.csv")),
                "data/seattle-weather.csv is missing: `make test` fetches it with npm first (vega-datasets@3.2.1)");
        results = folder.resolve("results");
        Outcome trained = Outcome.of("run", "experiments/weather.yaml", "--results", results.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        try (var runs = Files.list(results.resolve("weather"))) {
            run = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void theTableTrainsToAtLeastScikitLearnsDefaultAndRecordsItsEncoding() throws Exception {
        JsonNode result = new ObjectMapper().readTree(run.resolve("result.json").toFile());
        // scikit-learn's MLPClassifier reaches 0.80-0.81 on such a split (src/bench/tables_vs_sklearn.py).
        assertThat(result.at("/test/accuracy").asDouble()).isGreaterThanOrEqualTo(0.80);
        assertThat(result.at("/dataset/name").asText()).isEqualTo("csv");
        assertThat(result.at("/dataset/train_samples").asInt() + result.at("/dataset/test_samples").asInt()).isEqualTo(1461);
        assertThat(result.at("/dataset/class_names").toString()).isEqualTo("[\"drizzle\",\"fog\",\"rain\",\"snow\",\"sun\"]");
        JsonNode columns = result.at("/dataset/table/columns");
        assertThat(columns).hasSize(4);
        assertThat(columns.get(1).get("name").asText()).isEqualTo("temp_max");
        assertThat(columns.get(1).get("mean").asDouble()).isBetween(15.0, 18.0); // Seattle's mean daily high, in degrees C
        Outcome evaluated = Outcome.of("evaluate", run.toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains(String.format(java.util.Locale.ROOT, "%.4f", result.at("/test/accuracy").asDouble()));
    }

    @Test
    void rowsArePredictedByNameAndABadRowIsNamedWhileTheOthersGoOn() throws Exception {
        Path rows = Files.writeString(folder.resolve("days.csv"), """
                wind,temp_min,temp_max,precipitation,note
                2.0,12.0,28.0,0.0,a hot dry day
                5.0,2.0,6.0,,a day with no rain figure
                4.0,3.0,8.0,20.0,"a wet, cold day"
                """);
        Outcome predicted = Outcome.of("predict", run.toString(), "--rows", rows.toString());
        assertThat(predicted.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(predicted.out().lines().toList()).hasSize(2)
                .satisfiesExactly(hot -> assertThat(hot).startsWith(rows + ":2: sun ("),
                        wet -> assertThat(wet).startsWith(rows + ":4: rain ("));
        assertThat(predicted.errorLines()).filteredOn(line -> line.startsWith("trainyard: " + rows))
                .containsExactly("trainyard: " + rows + ":3: column 'precipitation' is empty; this row is not predicted");
        Outcome json = Outcome.of("predict", run.toString(), "--rows", rows.toString(), "--json");
        JsonNode list = new ObjectMapper().readTree(json.out());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("class_name").asText()).isEqualTo("sun");
        Path missing = Files.writeString(folder.resolve("short.csv"), "wind,temp_min\n1,2\n");
        Outcome refused = Outcome.of("predict", run.toString(), "--rows", missing.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(refused.errorLines()).filteredOn(line -> line.startsWith("trainyard: " + missing)).singleElement().asString()
                .isEqualTo("trainyard: " + missing + ":1: no column 'precipitation', which the model takes; it takes precipitation, temp_max, temp_min, wind");
    }

    @Test
    void aTableFaultIsOneLineExitTwoAndNothingTrains() throws Exception {
        Path experiment = Files.writeString(folder.resolve("typo.yaml"),
                Files.readString(Path.of("experiments/weather.yaml")).replace("target: weather", "target: wether").replace("name: weather", "name: typo"));
        Outcome outcome = Outcome.of("run", experiment.toString(), "--results", results.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.errorLines()).singleElement().asString()
                .isEqualTo("trainyard: data/seattle-weather.csv:1: no column 'wether' (the target); the columns are date, precipitation, temp_max,"
                        + " temp_min, wind, weather (did you mean 'weather'?)");
        assertThat(results.resolve("typo")).doesNotExist();
    }
}
