package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;

/**
 * The command line at its edges (issue #24's items 8, 9, 13, 14, 15, 17, 18): sizes that
 * overflow, indices past any list, names a folder cannot take, files whose names look like
 * overrides, trial options out of range, an edited plan, a rung where every trial diverges.
 * Each is one line and the documented exit code, nothing trained.
 */
class CommandLineEdgesTest {
    @TempDir
    static Path folder;
    static Path[] dataset;

    static final String BODY = """
            model:
              layers:
                - {dense: 8, activation: relu}
                - {dense: 3, activation: softmax}
            loss: categorical_crossentropy
            optimizer: adam
            training: {epochs: 1, batch_size: 32, seed: 1, threads: 1}
            """;

    @BeforeAll
    static void data() throws Exception {
        dataset = SyntheticIdx.write(folder, 120, 30, 3, 6, 4);
    }

    static Path experiment(String fileName, String extra) throws Exception {
        String text = "dataset: {idx: {train_images: " + dataset[0] + ", train_labels: " + dataset[1] + ", test_images: " + dataset[2]
                + ", test_labels: " + dataset[3] + "}}\n" + BODY + extra;
        Path file = folder.resolve(fileName);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    static Outcome run(String... args) {
        return Outcome.of(args);
    }

    @Test
    void aGridWhoseSizeOverflowsIsRefusedWithItsTrueSize() throws Exception {
        // 16 axes of 16 values: 2^64 combinations, which once wrapped to 0.
        StringBuilder sixteen = new StringBuilder("sweep:\n  grid:\n");
        String[] keys = {"training.seed", "training.batch_size", "training.epochs", "model.layers[0].dense", "optimizer.learning_rate",
            "optimizer.beta_1", "optimizer.beta_2", "optimizer.epsilon", "optimizer.weight_decay", "model.layers[1].dropout", "model.layers[0].dropout",
            "model.layers[0].l2", "model.layers[1].l2", "model.layers[0].max_norm", "model.layers[1].max_norm", "model.input_dropout"};
        for (String key : keys) {
            sixteen.append("    ").append(key).append(": [");
            for (int v = 0; v < 16; v++) {
                sixteen.append(v == 0 ? "" : ", ").append(1 + v);
            }
            sixteen.append("]\n");
        }
        Outcome huge = run("run", experiment("huge.yaml", sixteen.toString()).toString(), "--dry-run");
        assertThat(huge.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(huge.errorLines()).singleElement().asString()
                .contains("the sweep makes more than 9223372036854775807 trials, more than the");
        // 10 axes of 100 values: 10^20 combinations, past a long too.
        StringBuilder tens = new StringBuilder("sweep:\n  grid:\n");
        for (int axis = 0; axis < 10; axis++) {
            tens.append("    ").append(keys[axis]).append(": [");
            for (int v = 0; v < 100; v++) {
                tens.append(v == 0 ? "" : ", ").append(1 + v);
            }
            tens.append("]\n");
        }
        Outcome tenAxes = run("run", experiment("tens.yaml", tens.toString()).toString(), "--dry-run");
        assertThat(tenAxes.errorLines()).singleElement().asString().contains("the sweep makes more than 9223372036854775807 trials");
    }

    @Test
    void aListIndexPastAnyIntSaysHowManyItemsThereAre() throws Exception {
        Outcome outcome = run("run", experiment("index.yaml", "").toString(), "model.layers[99999999999999999999].dense=5", "--dry-run");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.errorLines()).singleElement().asString().contains("model.layers has 2 items");
        assertThat(outcome.err()).doesNotContain("NumberFormatException").doesNotContain("internal error");
    }

    @Test
    void namesAFolderCannotTakeAreRefusedWhenTheFileIsRead() throws Exception {
        Outcome tooLong = run("run", experiment("long.yaml", "name: " + "n".repeat(300) + "\n").toString(), "--dry-run");
        assertThat(tooLong.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tooLong.errorLines()).singleElement().asString().contains("name: is 300 characters long; a folder name holds at most 255");
        Outcome reserved = run("run", experiment("reserved.yaml", "name: report.html\n").toString(), "--dry-run");
        assertThat(reserved.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(reserved.errorLines()).singleElement().asString().contains("'report.html' is a file Trainyard writes under results/ itself");
    }

    @Test
    void aFileWhoseNameLooksLikeAnOverrideIsTheFile() throws Exception {
        Path results = folder.resolve("results-equals");
        Path named = experiment("lr=0.01.yaml", "name: equals\n");
        Outcome first = run("run", named.toString(), "--results", results.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path nested = experiment("sweeps/lr=0.01/exp.yaml", "name: nested\n");
        Outcome second = run("run", "--results", results.toString(), "--", nested.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(results.resolve("nested")).isDirectory();
    }

    @Test
    void trialOptionsOutOfRangeAndAnEditedPlanAreUsageFaults() throws Exception {
        Path results = folder.resolve("results-plan");
        Path sweep = experiment("planned.yaml", "name: planned\nsweep:\n  grid:\n    training.seed: [1, 2]\n");
        Outcome planned = run("run", sweep.toString(), "--results", results.toString(), "--launcher", "k8s");
        assertThat(planned.exitCode()).as(planned.err()).isZero();
        Path plan = results.resolve("planned").resolve("plan.json");
        assertThat(plan).exists();
        assertThat(run("trial", plan.toString(), "--index", "0", "--threads", "-5").errorLines().get(0))
                .isEqualTo("trainyard: --threads takes a whole number of at least 1, found -5");
        Outcome rung = run("trial", plan.toString(), "--index", "0", "--epochs", "1", "--rung", "7");
        assertThat(rung.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(rung.errorLines().get(0)).isEqualTo("trainyard: --epochs and --rung are a halving rung's; " + plan + " is not a halving sweep's plan");
        assertThat(run("trial", plan.toString(), "--index", "0", "--epochs", "0", "--rung", "1").errorLines().get(0))
                .isEqualTo("trainyard: --epochs takes a whole number of at least 1, found 0");
        String valid = Files.readString(plan);
        Files.writeString(plan, valid.replaceFirst("\"epochs\" : 1", "\"epochs\" : -4"));
        Outcome badConfig = run("trial", plan.toString(), "--index", "0");
        assertThat(badConfig.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badConfig.errorLines()).singleElement().asString()
                .isEqualTo("trainyard: " + plan + ": trial 0's config is not a valid experiment: training.epochs: must be a whole number >= 1, found -4;"
                        + " plan the sweep again");
        Files.writeString(plan, valid.replaceFirst("\"name\" : \"planned\"", "\"name\" : \"elsewhere\""));
        Outcome edited = run("trial", plan.toString(), "--index", "0");
        assertThat(edited.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(edited.errorLines()).singleElement().asString()
                .contains("trial 0's config names experiment 'elsewhere', the plan is experiment 'planned''s");
        assertThat(results.resolve("elsewhere")).doesNotExist();
        String text = Files.readString(plan);
        Files.writeString(plan, text.substring(0, text.length() / 2));
        Outcome cut = run("trial", plan.toString(), "--index", "0");
        assertThat(cut.errorLines()).singleElement().asString().matches("trainyard: .*plan.json: not a plan \\(its JSON is cut short at line \\d+\\)");
    }

    @Test
    void aRungWhereEveryTrialDivergesSaysSoAndNoEmptyRungFollows() throws Exception {
        Path sweep = experiment("diverging.yaml", """
                name: diverging
                sweep:
                  grid:
                    training.seed: [1, 2, 3]
                    optimizer.learning_rate: [1.0e+30]
                  halving: {min_epochs: 1, max_epochs: 3, reduction_factor: 3}
                """);
        Outcome outcome = run("run", sweep.toString(), "--results", folder.resolve("results-diverging").toString());
        assertThat(outcome.out()).contains("Rung 1 (1 epoch): 3 diverged or failed; none go on");
        assertThat(outcome.out()).doesNotContain("Rung 2");
    }

    @Test
    void sweepingAKeyOutsideTheRunIdIsRefusedNotCollapsed() throws Exception {
        Outcome threads = run("run", experiment("threads.yaml", "").toString(), "-m", "training.threads=1,2", "--dry-run");
        assertThat(threads.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(threads.errorLines()).singleElement().asString().contains("sweeping training.threads makes no different runs");
        Outcome description = run("run", experiment("described.yaml", "").toString(), "-m", "description=a,b,c", "--dry-run");
        assertThat(description.errorLines()).singleElement().asString().contains("sweeping description makes no different runs");
    }
}
