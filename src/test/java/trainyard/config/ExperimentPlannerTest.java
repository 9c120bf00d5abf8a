package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentPlannerTest {
    static final Path FILE = Path.of("experiments/sweep.yaml");
    static final String BASE = """
            dataset: mnist
            model:
              layers:
                - dense: 200
                  activation: relu
                - dense: 10
                  activation: softmax
            loss: categorical_crossentropy
            optimizer: adam
            training: {epochs: 2, batch_size: 100}
            """;

    static ExperimentPlan plan(String text, String... arguments) throws ConfigException {
        List<String> rest = new ArrayList<>();
        return ExperimentPlanner.plan(text, FILE, ConfigOverride.parse(List.of(arguments), rest, 3));
    }

    static ConfigException failure(String text, String... arguments) {
        try {
            plan(text, arguments);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void aFileWithoutSweepIsOneTrial() throws ConfigException {
        ExperimentPlan plan = plan(BASE);
        assertThat(plan.isSweep()).isFalse();
        assertThat(plan.trials()).hasSize(1);
        assertThat(plan.trials().get(0).values()).isEmpty();
        assertThat(plan.name()).isEqualTo("sweep");
    }

    @Test
    void gridIsTheCartesianProductInFileOrder() throws ConfigException {
        ExperimentPlan plan = plan(BASE + """
                sweep:
                  parallel: 2
                  grid:
                    optimizer.name: [sgd, adam]
                    model.layers[0].activation: [relu, sigmoid]
                    training.batch_size: [32, 100]
                """);
        assertThat(plan.trials()).hasSize(8);
        assertThat(plan.sweep().parallel()).isEqualTo(2);
        assertThat(plan.trials().get(0).values()).containsExactly(Map.entry("optimizer.name", "sgd"),
                Map.entry("model.layers[0].activation", "relu"), Map.entry("training.batch_size", 32L));
        assertThat(plan.trials().get(7).values()).containsExactly(Map.entry("optimizer.name", "adam"),
                Map.entry("model.layers[0].activation", "sigmoid"), Map.entry("training.batch_size", 100L));
        ExperimentSpec last = plan.trials().get(7).spec();
        assertThat(last.optimizer()).isEqualTo(OptimizerSpec.defaults("adam"));
        assertThat(last.model().dense(0).activation()).isEqualTo(Activation.SIGMOID);
        assertThat(last.training().batchSize()).isEqualTo(100);
        assertThat(last.training().seed()).isEqualTo(42); // the experiment's seed, unchanged
        assertThat(plan.trials().get(0).spec().optimizer()).isEqualTo(OptimizerSpec.defaults("sgd"));
    }

    @Test
    void randomSearchIsReproducibleAndWithinItsBounds() throws ConfigException {
        String sweep = BASE + """
                sweep:
                  random:
                    trials: 20
                    seed: 7
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                      model.layers[0].dense: {choice: [64, 128, 256]}
                      training.epochs: {int_uniform: [3, 10]}
                """;
        ExperimentPlan first = plan(sweep);
        ExperimentPlan second = plan(sweep);
        assertThat(first.trials()).hasSize(20);
        assertThat(first.trials().stream().map(Trial::values).toList()).isEqualTo(second.trials().stream().map(Trial::values).toList());
        assertThat(plan(sweep.replace("seed: 7", "seed: 8")).trials().stream().map(Trial::values).toList())
                .isNotEqualTo(first.trials().stream().map(Trial::values).toList());
        for (Trial trial : first.trials()) {
            assertThat(trial.spec().optimizer().learningRate().at(0)).isBetween(1e-4, 1e-1);
            assertThat(trial.spec().model().dense(0).units()).isIn(64, 128, 256);
            assertThat(trial.spec().training().epochs()).isBetween(3, 10);
        }
        assertThat(first.trials().stream().map(t -> t.spec().training().epochs()).distinct().count()).isGreaterThan(3);
    }

    @Test
    void commandLineOverridesSetValuesAndSweepLikeHydra() throws ConfigException {
        ExperimentPlan single = plan(BASE, "optimizer.learning_rate=0.01", "training.validation={split: 0.2}");
        assertThat(single.isSweep()).isFalse();
        assertThat(single.trials().get(0).spec().optimizer()).isEqualTo(OptimizerSpec.of("adam", 0.01, java.util.Map.of("beta_1", (double) 0.9, "beta_2", (double) 0.999, "epsilon", (double) 1e-7)));
        assertThat(single.trials().get(0).spec().training().validation()).isEqualTo(new ValidationSpec.Split(0.2));

        ExperimentPlan multi = plan(BASE, "-m", "optimizer.learning_rate=0.1,0.01,0.001", "training.batch_size=32,100");
        assertThat(multi.isSweep()).isTrue();
        assertThat(multi.trials()).hasSize(6);
        assertThat(multi.sweep().grid()).containsKeys("optimizer.learning_rate", "training.batch_size");

        // The command line replaces the file's axis for the same key, and can set the sweep itself.
        ExperimentPlan replaced = plan(BASE + "sweep:\n  parallel: 2\n  grid:\n    training.batch_size: [8, 16, 32]\n",
                "-m", "training.batch_size=64,128", "sweep.parallel=1");
        assertThat(replaced.trials()).hasSize(2);
        assertThat(replaced.sweep().parallel()).isEqualTo(1);

        // A file without a sweep: the command line's axes, with the sweep's settings beside them.
        ExperimentPlan seeds = plan(BASE, "-m", "training.seed=1,2,3", "sweep.parallel=1");
        assertThat(seeds.trials()).hasSize(3);
        assertThat(seeds.sweep().parallel()).isEqualTo(1);
        assertThat(failure(BASE, "sweep.parallel=1").problems()).anySatisfy(p -> assertThat(p.message()).contains("expected 'grid', 'random' (or both) or 'tpe'"));
    }

    /** Item 5 of the newcomer's issue: the command line wins over the file's random space, and null turns a section off. */
    @Test
    void theCommandLineWinsOverTheRandomSpaceAndNullTurnsSectionsOff() throws ConfigException {
        String random = BASE + """
                sweep:
                  random:
                    trials: 4
                    seed: 7
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                      training.batch_size: {choice: [32, 64]}
                """;
        ExperimentPlan both = plan(random, "-m", "optimizer.learning_rate=0.5,0.05");
        assertThat(both.trials()).hasSize(8);
        assertThat(both.trials()).allSatisfy(t -> assertThat(t.spec().optimizer().learningRate().at(0)).isIn(0.5, 0.05));
        assertThat(both.sweep().random().space()).containsOnlyKeys("training.batch_size");

        // The space emptied by the command line: the random search is dropped, not drawn 4 times over nothing.
        ExperimentPlan rateOnly = plan(random.replace("      training.batch_size: {choice: [32, 64]}\n", ""), "-m", "optimizer.learning_rate=0.5,0.05");
        assertThat(rateOnly.trials()).hasSize(2);
        assertThat(rateOnly.sweep().random()).isNull();

        ExperimentPlan off = plan(random, "sweep.random=null");
        assertThat(off.isSweep()).isFalse();
        assertThat(off.trials()).hasSize(1);
        assertThat(plan(random, "sweep=null").isSweep()).isFalse();
        String gridAndRandom = random + "  grid:\n    training.epochs: [1, 2]\n";
        ExperimentPlan gridOnly = plan(gridAndRandom, "sweep.random=null");
        assertThat(gridOnly.trials()).hasSize(2);
        assertThat(gridOnly.sweep().random()).isNull();
    }

    /** Each different command-line sweep keeps its own view beside the file's own sweep.json. */
    @Test
    void eachCommandLineSweepHasItsOwnSweepFile() throws ConfigException {
        ExperimentPlan own = plan(BASE + "sweep:\n  grid:\n    training.batch_size: [8, 16]\n");
        ExperimentPlan rates = plan(BASE, "-m", "optimizer.learning_rate=0.1,0.01");
        ExperimentPlan seeds = plan(BASE, "-m", "training.seed=1,2");
        assertThat(own.sweepFileName()).isEqualTo("sweep.json");
        assertThat(rates.sweepFileName()).matches("sweep-[0-9a-f]{8}\\.json")
                .isEqualTo(plan(BASE, "-m", "optimizer.learning_rate=0.1,0.01").sweepFileName())
                .isNotEqualTo(seeds.sweepFileName());
        assertThat(rates.commandLineSweep()).containsExactly("optimizer.learning_rate=0.1,0.01");
    }

    @Test
    void badSweepKeysAndValuesPointAtTheirLines() {
        ConfigException badPath = failure(BASE + "sweep:\n  grid:\n    training.epocs: [1, 2]\n");
        assertThat(badPath.problems()).anySatisfy(p -> {
            assertThat(p.toString()).startsWith(FILE + ":13:5: unknown key 'training.epocs' (did you mean 'epochs'?)");
        });
        ConfigException badValue = failure(BASE + "sweep:\n  grid:\n    model.layers[0].activation: [relu, rellu]\n");
        assertThat(badValue.problems()).singleElement().satisfies(p ->
                assertThat(p.toString()).startsWith(FILE + ":13:40: model.layers[0].activation: unknown value 'rellu' (did you mean 'relu'?)"));
        ConfigException badIndex = failure(BASE + "sweep:\n  grid:\n    model.layers[5].dense: [1, 2]\n");
        assertThat(badIndex.getMessage()).contains(FILE + ":13:5: 'model.layers[5].dense': model.layers has 2 items, so there is no [5]");
        ConfigException badSweepKey = failure(BASE + "sweep:\n  gird:\n    training.epochs: [1]\n");
        assertThat(badSweepKey.getMessage()).contains(":12:3: unknown key 'sweep.gird' (did you mean 'grid'?)");
        ConfigException badDistribution = failure(BASE + "sweep:\n  random: {trials: 2, space: {optimizer.learning_rate: {log_uniform: [0, 1]}}}\n");
        assertThat(badDistribution.getMessage()).contains("log_uniform: expected two numbers low <= high, both > 0");
    }

    @Test
    void badOverridesNameTheirArgument() {
        ConfigException value = failure(BASE, "training.epochs=0");
        assertThat(value.getMessage()).isEqualTo("command line, argument 3: training.epochs: must be a whole number >= 1, found 0");
        assertThatThrownBy(() -> plan(BASE, "optimizer.learning_rate=0.1,0.01"))
                .hasMessageContaining("argument 3: 'optimizer.learning_rate=0.1,0.01' lists several values; add -m");
        assertThatThrownBy(() -> plan(BASE, "training..epochs=3")).hasMessageContaining("is not a key path");
        assertThatThrownBy(() -> plan(BASE, "training.epochs=")).hasMessageContaining("no value after '='");
        assertThatThrownBy(() -> plan(BASE, "model.layers.dense=3")).hasMessageContaining("model.layers is not a mapping");
    }

    @Test
    void splitsValuesOnTopLevelCommasOnly() {
        assertThat(ConfigOverride.splitTopLevel("0.1,[1,2],{split: 0.1},'a,b'")).containsExactly("0.1", "[1,2]", "{split: 0.1}", "'a,b'");
    }

    /** The new keys sweep and override like the old ones, and a bad value points at its argument. */
    @Test
    void layerOptionsSchedulesAndCallbacksSweepFromTheCommandLine() throws ConfigException {
        ExperimentPlan plan = plan(BASE, "-m", "model.layers[0].dropout=0.2,0.5", "model.input_dropout=0.2",
                "optimizer.learning_rate={cosine_decay: {initial_learning_rate: 0.01, decay_steps: 100}}",
                "model.layers[0].max_norm=3");
        assertThat(plan.trials()).hasSize(2);
        assertThat(plan.trials()).extracting(t -> t.spec().model().dense(0).dropout()).containsExactly(0.2, 0.5);
        assertThat(plan.trials().get(0).spec().model().inputDropout()).isEqualTo(0.2);
        assertThat(plan.trials().get(0).spec().model().dense(0).maxNorm()).isEqualTo(3.0);
        assertThat(plan.trials().get(0).spec().optimizer().learningRate()).isEqualTo(new CosineDecaySpec(0.01, 100, 0, null, 0));
        ExperimentPlan plateau = plan(BASE, "training.reduce_lr_on_plateau={patience: 1}", "training.validation=test");
        assertThat(plateau.trials().get(0).spec().training().reduceLrOnPlateau().patience()).isEqualTo(1);
        ConfigException bad = failure(BASE, "-m", "model.layers[0].dropout=0.2,1.5");
        assertThat(bad.problems()).anySatisfy(p -> assertThat(p.toString())
                .startsWith("command line, argument 4: model.layers[0].dropout: must be in [0.0, 1.0), found 1.5"));
    }

    @Test
    void halvingSetsEveryTrialsEpochsToTheLastRungsSoTheRunIdIsOneAcrossRungs() throws ConfigException {
        String halving = BASE + """
                sweep:
                  random: {trials: 9, seed: 1, space: {optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}}}
                  halving: {min_epochs: 1, max_epochs: 9}
                """;
        ExperimentPlan plan = plan(halving);
        assertThat(plan.trials()).allSatisfy(trial -> assertThat(trial.spec().training().epochs()).isEqualTo(9));
        // Without validation the rungs rank by training accuracy; with it, by val_accuracy. η defaults to 3.
        assertThat(plan.sweep().halving()).isEqualTo(new SweepSpec.Halving(1, 9, 3, "accuracy", 1));
        assertThat(plan(halving, "training.validation={split: 0.1}").sweep().halving().metric()).isEqualTo("val_accuracy");
        assertThat(plan(halving, "sweep.halving.metric=val_loss", "training.validation=test").sweep().halving().lowerIsBetter()).isTrue();
        // The same trials without halving and with training.epochs 9 have the same run_ids: a halving trial is that run, cut short.
        ExperimentPlan full = plan(halving.replace("  halving: {min_epochs: 1, max_epochs: 9}\n", ""), "training.epochs=9");
        assertThat(full.trials()).extracting(t -> CanonicalForm.identity(t.spec()))
                .isEqualTo(plan.trials().stream().map(t -> CanonicalForm.identity(t.spec())).toList());
    }

    @Test
    void badHalvingSettingsPointAtTheirLines() {
        String random = BASE + "sweep:\n  random: {trials: 9, seed: 1, space: {optimizer.learning_rate: {uniform: [0.001, 0.01]}}}\n";
        assertThat(failure(random + "  halving: {min_epochs: 3, max_epochs: 2}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":13:40: sweep.halving.max_epochs: expected at least min_epochs (3), found 2");
        assertThat(failure(random + "  halving: {min_epochs: 1, max_epochs: 9, metric: val_acuracy}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":13:51: sweep.halving.metric: expected one of val_accuracy, val_loss, accuracy, loss, val_mae, val_rmse, mae, rmse, found 'val_acuracy'"
                        + " (did you mean 'val_accuracy'?)");
        assertThat(failure(random + "  halving: {min_epochs: 1, max_epochs: 9, metric: val_loss}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":13:51: sweep.halving.metric: val_loss needs validation in every trial; set training.validation"
                        + " (e.g. {split: 0.1}) or rank by accuracy or loss");
        assertThat(failure(random + "  halving: {min_epochs: 1, max_epochs: 9, brackets: 2}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":13:53: sweep.halving.brackets: 2 Hyperband brackets from 1 to 9 epochs need 14 trials;"
                        + " the sweep makes 9 (set sweep.random.trials to 14)");
        assertThat(failure(random + "  halving: {min_epochs: 1, max_epochs: 9, brackets: 4}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":13:53: sweep.halving.brackets: from 1 to 9 epochs with reduction_factor 3 there are at most 3, found 4");
        assertThat(failure(random + "  halving: {max_epochs: 9, reduction_factor: 1, speed: 2}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(FILE + ":13:12: sweep.halving: missing 'min_epochs' (the first rung's epochs), e.g. {min_epochs: 1, max_epochs: 27}",
                        FILE + ":13:46: sweep.halving.reduction_factor: must be a whole number >= 2, found 1",
                        FILE + ":13:49: unknown key 'sweep.halving.speed'; allowed in sweep.halving: min_epochs, max_epochs, reduction_factor, metric, brackets");
        assertThat(failure(BASE + "sweep:\n  grid: {training.epochs: [1, 2]}\n  halving: {min_epochs: 1, max_epochs: 9}\n").problems())
                .extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":12:10: training.epochs cannot be swept with sweep.halving: each rung sets how many epochs a trial trains");
    }

    @Test
    void theLauncherSectionIsReadWithDefaultsAndChecked() throws ConfigException {
        String grid = BASE + "sweep:\n  grid: {optimizer.name: [sgd, adam]}\n";
        assertThat(plan(grid).sweep().launcher()).isNull();
        assertThat(plan(grid + "  launcher: {slurm: {partition: debug, time: '01:00:00', array_parallel: 4, extra: [--qos=short]}}\n")
                .sweep().launcher()).isEqualTo(new LauncherSpec.Slurm("debug", "01:00:00", 2, null, 4, null, List.of("--qos=short")));
        assertThat(plan(grid + "  launcher: {k8s: {volume_claim: lab}}\n").sweep().launcher())
                .isEqualTo(new LauncherSpec.Kubernetes("trainyard:latest", "lab", 4, 2, "4Gi"));
        // The launcher changes where trials run, never which trials or their run_ids.
        assertThat(plan(grid + "  launcher: {slurm: null}\n").trials()).extracting(t -> CanonicalForm.identity(t.spec()))
                .isEqualTo(plan(grid).trials().stream().map(t -> CanonicalForm.identity(t.spec())).toList());
        assertThat(failure(grid + "  launcher: {slurm: {cpus_per_task: 0, parttion: x}}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactlyInAnyOrder(FILE + ":13:37: sweep.launcher.slurm.cpus_per_task: must be a whole number >= 1, found 0",
                        FILE + ":13:40: unknown key 'sweep.launcher.slurm.parttion' (did you mean 'partition'?); allowed in sweep.launcher.slurm:"
                                + " partition, time, cpus_per_task, mem, array_parallel, account, extra");
        assertThat(failure(grid + "  launcher: {slurm: {}, k8s: {}}\n").problems()).extracting(ConfigProblem::toString)
                .containsExactly(FILE + ":13:13: sweep.launcher: expected exactly one of slurm, k8s, e.g. {slurm: {partition: debug, cpus_per_task: 2}}");
    }
}
