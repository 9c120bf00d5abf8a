package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;

/**
 * Trainyard started from folders other than the checkout, as ./trainyard starts it (with
 * trainyard.home set to the checkout): datasets come from one cache, and a model trained in
 * one folder is evaluated from another.
 */
class WorkingDirectoryTest {
    private static final Path CHECKOUT = Path.of("").toAbsolutePath();

    @TempDir
    Path folder;

    @Test
    void mnistComesFromTheCheckoutsCacheWhateverTheWorkingDirectory() throws Exception {
        assumeTrue(Files.isDirectory(ModelCommandsTest.MNIST), "data/mnist is absent: run 'make data' to include this test");
        Path elsewhere = Files.createDirectories(folder.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("tiny.yaml"), """
                name: tiny
                dataset: mnist
                model: {layers: [{dense: 16, activation: relu}, {dense: 10, activation: softmax}]}
                loss: categorical_crossentropy
                optimizer: {name: adam, learning_rate: 0.001}
                training: {epochs: 1, batch_size: 256, seed: 1}
                """);
        String run = trainyard(elsewhere, Map.of(), "run", "tiny.yaml");
        assertThat(run).contains("Test accuracy").doesNotContainIgnoringCase("download");
        assertThat(elsewhere.resolve("data")).doesNotExist();
        Path third = Files.createDirectories(folder.resolve("third"));
        String evaluated = trainyard(third, Map.of(), "evaluate", onlyRun(elsewhere.resolve("results/tiny")).toString());
        assertThat(evaluated).contains("(the same)");
    }

    /** Relative IDX paths are read from the working directory; the run records where, so evaluate works from anywhere. */
    @Test
    void aModelOfRelativeIdxPathsEvaluatesFromAnotherFolder() throws Exception {
        Path project = Files.createDirectories(folder.resolve("project"));
        SyntheticIdx.write(Files.createDirectories(project.resolve("idx")), 600, 100, 4, 8, 3);
        Files.writeString(project.resolve("own.yaml"), """
                name: own
                dataset: {idx: {train_images: idx/train-images, train_labels: idx/train-labels, test_images: idx/test-images, test_labels: idx/test-labels}}
                model: {layers: [{dense: 16, activation: relu}, {dense: 4, activation: softmax}]}
                loss: categorical_crossentropy
                optimizer: {name: adam, learning_rate: 0.01}
                training: {epochs: 2, batch_size: 32, seed: 1}
                """);
        Path cache = Files.createDirectories(folder.resolve("cache"));
        String run = trainyard(project, Map.of("TRAINYARD_DATA", cache.toString()), "run", "own.yaml");
        assertThat(run).contains("Test accuracy");
        Path model = onlyRun(project.resolve("results/own"));
        assertThat(Files.readString(model.resolve("result.json")))
                .contains("\"idx/train-images\" : \"" + project.resolve("idx/train-images").toRealPath() + "\"");
        Path third = Files.createDirectories(folder.resolve("third"));
        String evaluated = trainyard(third, Map.of("TRAINYARD_DATA", cache.toString()), "evaluate", model.toString());
        assertThat(evaluated).contains("(the same)").doesNotContain("no such file");
    }

    private static Path onlyRun(Path experiment) throws IOException {
        try (Stream<Path> runs = Files.list(experiment)) {
            List<Path> folders = runs.filter(Files::isDirectory).toList();
            assertThat(folders).hasSize(1);
            return folders.get(0);
        }
    }

    /** Trainyard in a JVM of its own, in {@code workingDirectory}, started as ./trainyard starts it. */
    private static String trainyard(Path workingDirectory, Map<String, String> environment, String... arguments) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Dtrainyard.home=" + CHECKOUT,
                "-cp", System.getProperty("java.class.path"), "trainyard.cli.Main"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().remove("TRAINYARD_DATA");
        builder.environment().putAll(environment);
        return Outcome.ofProcess(builder);
    }
}
