package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results folder written by the release before layer options, schedules and the
 * optimizer registry (commit 8232f30, src/test/resources/upgrade-v1) is still reused
 * without retraining, reported, and its model evaluated, by today's code.
 */
class UpgradeTest {
    private static final Path FIXTURE = Path.of("src/test/resources/upgrade-v1");
    private static final String RUN = "upgrade_fixture/61688d7ba963";

    @TempDir
    Path folder;
    private Path results;

    @BeforeEach
    void copyTheOldFolder() throws IOException {
        results = folder.resolve("results");
        try (Stream<Path> files = Files.walk(FIXTURE.resolve("upgrade_fixture"))) {
            for (Path file : files.toList()) {
                Path target = results.resolve(FIXTURE.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    @Test
    void theSameExperimentIsAlreadyDoneAndItsFilesUntouched() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("data/mnist")), "data/mnist is absent: run 'make data' to include this test");
        byte[] before = Files.readAllBytes(results.resolve(RUN).resolve("result.json"));
        Outcome outcome = Outcome.of("run", FIXTURE.resolve("upgrade_fixture.yaml").toString(), "--results", results.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("Already done: " + results.resolve(RUN).resolve("result.json")).doesNotContain("Epoch 1/1");
        assertThat(Files.readAllBytes(results.resolve(RUN).resolve("result.json"))).isEqualTo(before);
        try (Stream<Path> runs = Files.list(results.resolve("upgrade_fixture"))) {
            assertThat(runs.filter(Files::isDirectory).toList()).containsExactly(results.resolve(RUN));
        }
    }

    @Test
    void theOldRunIsReported() throws IOException {
        Outcome outcome = Outcome.of("report", "--results", results.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("Report of 1 runs");
        assertThat(outcome.err()).isEmpty();
        assertThat(Files.readString(results.resolve("report.html"))).contains("61688d7ba963");
    }

    @Test
    void theOldModelFileIsEvaluatedToItsRecordedFigures() {
        assumeTrue(Files.isDirectory(Path.of("data/mnist")), "data/mnist is absent: run 'make data' to include this test");
        Outcome outcome = Outcome.of("evaluate", results.resolve(RUN).resolve("model.safetensors").toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("(the same)");
    }

    /** A run that uses no new key writes the same config as the release before: old and new results compare key for key. */
    @Test
    void theConfigWrittenForAnOldExperimentIsUnchanged() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var spec = trainyard.config.ExperimentLoader.load(FIXTURE.resolve("upgrade_fixture.yaml")).spec();
        var written = mapper.readTree(results.resolve(RUN).resolve("result.json").toFile()).get("config");
        org.assertj.core.api.Assertions.assertThat(mapper.valueToTree(trainyard.config.CanonicalForm.of(spec)).toString()).isEqualTo(written.toString());
    }
}
