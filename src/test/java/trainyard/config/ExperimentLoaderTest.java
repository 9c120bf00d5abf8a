package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

class ExperimentLoaderTest {
    static final Path FILE = Path.of("experiments/test.yaml");

    static final String GOOD = """
            name: relu_adam
            description: Keras tutorial MLP
            dataset: mnist
            model:
              layers:
                - dense: 200
                  activation: relu
                - dense: 10
                  activation: softmax
            loss: categorical_crossentropy
            optimizer:
              name: adam
              learning_rate: 0.001
            training:
              epochs: 5
              batch_size: 100
              validation: test
              seed: 42
            """;

    static LoadedExperiment parse(String text) throws ConfigException {
        return ExperimentLoader.parse(text, FILE);
    }

    static ConfigException failure(String text) {
        try {
            parse(text);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + text);
    }

    @Test
    void readsTheDocumentedExample() throws ConfigException {
        ExperimentSpec spec = parse(GOOD).spec();
        assertThat(spec.name()).isEqualTo("relu_adam");
        assertThat(spec.model().layers()).containsExactly(new DenseSpec(200, Activation.RELU), new DenseSpec(10, Activation.SOFTMAX));
        assertThat(spec.optimizer()).isEqualTo(OptimizerSpec.of("adam", 0.001, java.util.Map.of("beta_1", (double) 0.9, "beta_2", (double) 0.999, "epsilon", (double) 1e-7)));
        assertThat(spec.training()).isEqualTo(new TrainingSpec(5, 100, new ValidationSpec.TestSet(), 42, 0, null));
        assertThat(trainyard.model.Architecture.of(spec.model(), new trainyard.model.Shape(784)).parameterCount()).isEqualTo(159_010);
    }

    @Test
    void omittedKeysTakeKerasDefaults() throws ConfigException {
        ExperimentSpec spec = ExperimentLoader.parse("""
                dataset: mnist
                model: {layers: [{dense: 10}]}
                loss: mse
                optimizer: sgd
                """, Path.of("some/where/my-run.yaml")).spec();
        assertThat(spec.name()).isEqualTo("my-run");
        assertThat(spec.description()).isEmpty();
        assertThat(spec.model().dense(0).activation()).isEqualTo(Activation.LINEAR);
        assertThat(spec.loss()).isEqualTo(LossKind.MEAN_SQUARED_ERROR);
        assertThat(spec.optimizer()).isEqualTo(OptimizerSpec.of("sgd", 0.01, java.util.Map.of("momentum", (double) 0, "nesterov", false)));
        assertThat(spec.training()).isEqualTo(new TrainingSpec(1, 32, new ValidationSpec.NoValidation(), 42, 0, null));
    }

    @Test
    void readsEveryOptionalForm() throws ConfigException {
        ExperimentSpec spec = parse("""
                dataset: {idx: {train_images: a, train_labels: b, test_images: c, test_labels: d}}
                model: {layers: [{dense: 3, activation: tanh}, {dense: 2, activation: sigmoid}]}
                loss: mean_squared_error
                optimizer: {name: sgd, learning_rate: 1e-3, momentum: 0.9, nesterov: true}
                training: {epochs: 2, batch_size: 7, validation: {split: 0.25}, seed: -3, threads: 1}
                """).spec();
        assertThat(spec.dataset()).isEqualTo(new DatasetSpec.IdxFiles(Path.of("a"), Path.of("b"), Path.of("c"), Path.of("d")));
        assertThat(spec.optimizer()).isEqualTo(OptimizerSpec.of("sgd", 0.001, java.util.Map.of("momentum", (double) 0.9, "nesterov", true)));
        assertThat(spec.training()).isEqualTo(new TrainingSpec(2, 7, new ValidationSpec.Split(0.25), -3, 1, null));
    }

    @Test
    void canonicalFormIsItselfAnExperimentFileThatLoadsToTheSameSpec() throws ConfigException {
        ExperimentSpec spec = parse(GOOD).spec();
        String dumped = new Yaml().dump(CanonicalForm.of(spec));
        assertThat(ExperimentLoader.parse(dumped, FILE).spec()).isEqualTo(spec);
    }

    @Test
    void identityLeavesOutNameDescriptionAndThreads() throws ConfigException {
        ExperimentSpec spec = parse(GOOD).spec();
        ExperimentSpec renamed = parse(GOOD.replace("name: relu_adam", "name: other").replace("seed: 42", "seed: 42\n  threads: 1")).spec();
        assertThat(CanonicalForm.identity(renamed)).isEqualTo(CanonicalForm.identity(spec));
        ExperimentSpec changed = parse(GOOD.replace("batch_size: 100", "batch_size: 50")).spec();
        assertThat(CanonicalForm.identity(changed)).isNotEqualTo(CanonicalForm.identity(spec));
    }

    /** run_name labels a run in the report: kept in its config (and read back), outside its identity, absent when unset. */
    @Test
    void runNameIsALabelOutsideTheIdentity() throws ConfigException {
        ExperimentSpec spec = parse(GOOD).spec();
        ExperimentSpec named = parse(GOOD.replace("name: relu_adam", "name: relu_adam\nrun_name: 'lr {optimizer.learning_rate}'")).spec();
        assertThat(named.runName()).isEqualTo("lr {optimizer.learning_rate}");
        assertThat(CanonicalForm.identity(named)).isEqualTo(CanonicalForm.identity(spec));
        assertThat(CanonicalForm.of(named)).containsEntry("run_name", "lr {optimizer.learning_rate}");
        assertThat(CanonicalForm.of(spec)).doesNotContainKey("run_name");
        assertThat(ExperimentLoader.parse(new Yaml().dump(CanonicalForm.of(named)), FILE).spec()).isEqualTo(named);
    }

    @Test
    void positionsPointAtValues() throws ConfigException {
        LoadedExperiment loaded = parse(GOOD);
        assertThat(loaded.positionOf("model.layers[1].dense").position()).isEqualTo(new SourcePosition(8, 14));
        assertThat(loaded.positionOf("training.epochs").position()).isEqualTo(new SourcePosition(15, 11));
        // an unwritten key falls back to its closest written parent
        assertThat(loaded.positionOf("training.threads").position()).isEqualTo(new SourcePosition(15, 3));
    }

    /** Bad files: text, then line, column and a piece of the message each fault must show. */
    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("unknown top key with suggestion", GOOD + "epochz: 3\n", 19, 1, "unknown key 'epochz'"),
                Arguments.of("misspelt activation", GOOD.replace("activation: relu", "activation: rellu"), 7, 19, "did you mean 'relu'?"),
                Arguments.of("misspelt key", GOOD.replace("batch_size", "batchsize"), 16, 3, "did you mean 'batch_size'?"),
                Arguments.of("zero epochs", GOOD.replace("epochs: 5", "epochs: 0"), 15, 11, "training.epochs: must be a whole number >= 1, found 0"),
                Arguments.of("negative batch", GOOD.replace("batch_size: 100", "batch_size: -4"), 16, 15, "training.batch_size: must be a whole number >= 1"),
                Arguments.of("text batch", GOOD.replace("batch_size: 100", "batch_size: many"), 16, 15, "expected a whole number, found 'many'"),
                Arguments.of("zero learning rate", GOOD.replace("learning_rate: 0.001", "learning_rate: 0"), 13, 18, "optimizer.learning_rate: must be a finite number > 0"),
                Arguments.of("infinite learning rate", GOOD.replace("learning_rate: 0.001", "learning_rate: .inf"), 13, 18, "must be a finite number > 0"),
                Arguments.of("NaN learning rate", GOOD.replace("learning_rate: 0.001", "learning_rate: .nan"), 13, 18, "must be a finite number > 0"),
                Arguments.of("split too large", GOOD.replace("validation: test", "validation: {split: 1.0}"), 17, 23, "training.validation.split: must be in (0.0, 1.0)"),
                Arguments.of("split zero", GOOD.replace("validation: test", "validation: {split: 0}"), 17, 23, "must be in (0.0, 1.0)"),
                Arguments.of("name with a slash", GOOD.replace("name: relu_adam", "name: ../escape"), 1, 7, "must be a plain file name"),
                Arguments.of("name dot-dot", GOOD.replace("name: relu_adam", "name: '..'"), 1, 7, "must be a plain file name"),
                Arguments.of("duplicate key", GOOD + "loss: mean_squared_error\n", 19, 1, "duplicate key 'loss' (first given on line 10)"),
                Arguments.of("sgd key under adam", GOOD.replace("learning_rate: 0.001", "learning_rate: 0.001\n  momentum: 0.9"), 14, 3, "optimizer.momentum is a setting of sgd and rmsprop, not of adam"),
                Arguments.of("unknown optimizer", GOOD.replace("name: adam", "name: nadam"), 12, 9, "unknown value 'nadam' (did you mean 'adam'?)"),
                Arguments.of("missing model", GOOD.replace("model:\n", "modle:\n"), 4, 1, "unknown key 'modle' (did you mean 'model'?)"),
                Arguments.of("layers not a list", GOOD.substring(0, GOOD.indexOf("  layers:")) + "  layers: 3\nloss: mse\noptimizer: sgd\n", 5, 11, "expected a list"),
                Arguments.of("empty layers", GOOD.substring(0, GOOD.indexOf("  layers:")) + "  layers: []\nloss: mse\noptimizer: sgd\n", 5, 11, "the list is empty"),
                Arguments.of("dropout of 1", GOOD.replace("activation: relu", "activation: relu\n      dropout: 1.0"), 8, 16, "model.layers[0].dropout: must be in [0.0, 1.0), found 1.0"),
                Arguments.of("negative dropout", GOOD.replace("activation: relu", "activation: relu\n      dropout: -0.1"), 8, 16, "model.layers[0].dropout: must be in [0.0, 1.0)"),
                Arguments.of("input dropout of 1", GOOD.replace("model:\n", "model:\n  input_dropout: 1\n"), 5, 18, "model.input_dropout: must be in [0.0, 1.0)"),
                Arguments.of("dropout on the output", GOOD.replace("activation: softmax", "activation: softmax\n      dropout: 0.5"), 10, 16, "the output layer cannot have dropout"),
                Arguments.of("negative l2", GOOD.replace("activation: relu", "activation: relu\n      l2: -1.0e-4"), 8, 11, "model.layers[0].l2: must be a finite number >= 0, found -1.0E-4"),
                Arguments.of("zero max_norm", GOOD.replace("activation: relu", "activation: relu\n      max_norm: 0"), 8, 17, "model.layers[0].max_norm: must be a finite number > 0"),
                Arguments.of("unknown layer option", GOOD.replace("activation: relu", "activation: relu\n      drop_out: 0.5"), 8, 7, "did you mean 'dropout'?"),
                Arguments.of("unknown schedule", GOOD.replace("learning_rate: 0.001", "learning_rate: {cosine_decy: {initial_learning_rate: 0.1, decay_steps: 10}}"),
                        13, 19, "unknown key 'optimizer.learning_rate.cosine_decy' (did you mean 'cosine_decay'?)"),
                Arguments.of("unknown schedule key", GOOD.replace("learning_rate: 0.001", "learning_rate: {cosine_decay: {initial_learning_rate: 0.1, decay_step: 10}}"),
                        13, 62, "unknown key 'optimizer.learning_rate.cosine_decay.decay_step' (did you mean 'decay_steps'?)"),
                Arguments.of("schedule without its steps", GOOD.replace("learning_rate: 0.001", "learning_rate: {exponential_decay: {initial_learning_rate: 0.1, decay_rate: 0.9}}"),
                        13, 38, "missing 'decay_steps'"),
                Arguments.of("two schedules", GOOD.replace("learning_rate: 0.001", "learning_rate: {cosine_decay: {initial_learning_rate: 0.1, decay_steps: 1}, exponential_decay: {initial_learning_rate: 0.1, decay_steps: 1, decay_rate: 0.5}}"),
                        13, 18, "expected one of cosine_decay, exponential_decay, found cosine_decay and exponential_decay"),
                Arguments.of("negative weight decay", GOOD.replace("learning_rate: 0.001", "learning_rate: 0.001\n  weight_decay: -0.1"), 14, 17, "optimizer.weight_decay: must be a finite number >= 0, found -0.1"),
                Arguments.of("rmsprop key under adamw", GOOD.replace("name: adam", "name: adamw").replace("learning_rate: 0.001", "learning_rate: 0.001\n  nesterov: true"),
                        14, 3, "optimizer.nesterov is a setting of sgd, not of adamw"),
                Arguments.of("plateau factor of 1", GOOD.replace("seed: 42", "seed: 42\n  reduce_lr_on_plateau: {factor: 1.0}"), 19, 34, "training.reduce_lr_on_plateau.factor: must be in (0.0, 1.0)"),
                Arguments.of("plateau misspelt key", GOOD.replace("seed: 42", "seed: 42\n  reduce_lr_on_plateau: {patince: 2}"), 19, 26, "did you mean 'patience'?"),
                Arguments.of("plateau with a schedule", GOOD.replace("learning_rate: 0.001", "learning_rate: {exponential_decay: {initial_learning_rate: 0.1, decay_steps: 10, decay_rate: 0.9}}")
                        .replace("seed: 42", "seed: 42\n  reduce_lr_on_plateau: {}"), 19, 25, "needs a constant optimizer.learning_rate"),
                Arguments.of("plateau on val_loss without validation", GOOD.replace("validation: test", "validation: none").replace("seed: 42", "seed: 42\n  reduce_lr_on_plateau: {}"),
                        19, 25, "monitor val_loss needs validation"),
                Arguments.of("zero units", GOOD.replace("dense: 200", "dense: 0"), 6, 14, "model.layers[0].dense: must be a whole number from 1"),
                Arguments.of("fractional units", GOOD.replace("dense: 200", "dense: 2.5"), 6, 14, "expected a whole number, found '2.5'"),
                Arguments.of("bad validation", GOOD.replace("validation: test", "validation: tset"), 17, 15, "did you mean 'test'?"),
                Arguments.of("python tag", GOOD.replace("dataset: mnist", "dataset: !!python/object:os.system ls"), 3, 10, "Global tag is not allowed"),
                Arguments.of("custom tag", GOOD.replace("dataset: mnist", "dataset: !mine mnist"), 3, 10, "the tag '!mine' is not allowed"),
                Arguments.of("syntax error", GOOD.replace("loss: categorical_crossentropy", "loss: [categorical"), 11, 10, "invalid YAML"),
                Arguments.of("not a mapping", "- 1\n- 2\n", 1, 1, "expected a mapping (the experiment), found a list"),
                Arguments.of("empty file", "", 1, 1, "the file is empty"),
                Arguments.of("alias bomb", aliasBomb(), 1, 1, "aliases"),
                Arguments.of("deep nesting", "a: " + "[".repeat(100) + "]".repeat(100) + "\n", 1, 1, "Nesting Depth"),
                Arguments.of("nesterov not boolean", GOOD.replace("name: adam\n  learning_rate: 0.001", "name: sgd\n  nesterov: maybe"), 13, 13, "expected true or false"),
                Arguments.of("missing dataset", GOOD.replace("dataset: mnist\n", ""), 1, 1, "missing 'dataset'"),
                Arguments.of("idx missing a file", GOOD.replace("dataset: mnist", "dataset: {idx: {train_images: a, train_labels: b, test_images: c}}"), 3, 16, "missing 'test_labels'"));
    }

    static String aliasBomb() {
        StringBuilder text = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char level = 'b'; level <= 'f'; level++) {
            char previous = (char) (level - 1);
            text.append(level).append(": &").append(level).append(" [").append(("*" + previous + ", ").repeat(8)).append('*').append(previous).append("]\n");
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void reportsFaultsWithFileLineAndColumn(String title, String text, int line, int column, String fragment) {
        ConfigException e = failure(text);
        assertThat(e.problems()).anySatisfy(problem -> {
            assertThat(problem.message()).contains(fragment);
            assertThat(problem.position()).isEqualTo(new SourcePosition(line, column));
            assertThat(problem.toString()).startsWith(FILE + ":" + line + ":" + column + ": ");
        });
    }

    @Test
    void reportsEveryFaultOfAFileAtOnceInLineOrder() {
        ConfigException e = failure(GOOD.replace("epochs: 5", "epochs: 0").replace("activation: relu", "activation: rellu")
                .replace("batch_size: 100", "batch_size: x"));
        List<Integer> lines = e.problems().stream().map(p -> p.position().line()).toList();
        assertThat(lines).containsExactly(7, 15, 16);
    }

    @Test
    void missingFileIsAProblemNotACrash() {
        assertThatThrownBy(() -> ExperimentLoader.load(Path.of("no/such/file.yaml")))
                .isInstanceOf(ConfigException.class).hasMessage("no/such/file.yaml:1:1: no such file");
    }

    @Test
    void hugeFilesLongLinesEndlessDevicesAndFoldersAreRefusedBeforeParsing(@org.junit.jupiter.api.io.TempDir Path folder)
            throws Exception {
        Path big = java.nio.file.Files.writeString(folder.resolve("big.yaml"), "# " + "x".repeat(2 << 20) + "\n");
        assertThatThrownBy(() -> ExperimentLoader.load(big))
                .hasMessage(big + ":1:1: the file is larger than 1 MiB; an experiment file is a page of YAML");
        Path longLine = java.nio.file.Files.writeString(folder.resolve("long.yaml"), "name: x\n# " + "y".repeat(20_000) + "\n");
        assertThatThrownBy(() -> ExperimentLoader.load(longLine))
                .hasMessage(longLine + ":2:1: line 2 has 20002 characters; at most 10000 are allowed");
        Path endless = Path.of("/dev/zero"); // present on every system the tests run on; refused, never read
        assertThatThrownBy(() -> ExperimentLoader.load(endless))
                .hasMessage("/dev/zero:1:1: cannot be read: is not a regular file (a pipe, socket or device)");
        assertThatThrownBy(() -> ExperimentLoader.load(folder)).hasMessage(folder + ":1:1: cannot be read: is a folder, not a file");
    }

    @Test
    void recordsRefuseBadValuesWhenBuiltInCode() {
        assertThatThrownBy(() -> new TrainingSpec(0, 1, new ValidationSpec.NoValidation(), 1, 0, null))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("epochs");
        assertThatThrownBy(() -> OptimizerSpec.of("adam", Double.NaN, java.util.Map.of("beta_1", (double) 0.9, "beta_2", (double) 0.999, "epsilon", (double) 1e-7))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ValidationSpec.Split(1)).isInstanceOf(InvalidValueException.class);
    }

    static final String REGULARISED = """
            name: regularised
            dataset: mnist
            model:
              input_dropout: 0.2
              layers:
                - {dense: 64, activation: relu, dropout: 0.5, l2: 1.0e-4, max_norm: 3}
                - {dense: 10, activation: softmax}
            loss: categorical_crossentropy
            optimizer:
              name: adamw
              weight_decay: 0.01
              learning_rate:
                cosine_decay: {initial_learning_rate: 0.0, decay_steps: 2000, alpha: 0.1, warmup_target: 0.002, warmup_steps: 100}
            training:
              epochs: 3
              validation: {split: 0.1}
              reduce_lr_on_plateau: {monitor: val_accuracy, patience: 2}
            """;

    @Test
    void readsEveryNewKeyAndItsCanonicalFormLoadsToTheSameSpec() throws ConfigException {
        ExperimentSpec spec = parse(REGULARISED.replace("  reduce_lr_on_plateau: {monitor: val_accuracy, patience: 2}\n", "")).spec();
        assertThat(spec.model()).isEqualTo(new ModelSpec(0.2, List.of(new DenseSpec(64, Activation.RELU, 0.5, 1e-4, 3.0),
                new DenseSpec(10, Activation.SOFTMAX))));
        assertThat(spec.optimizer()).isEqualTo(new OptimizerSpec("adamw", new CosineDecaySpec(0, 2000, 0.1, 0.002, 100), 0.01, java.util.Map.of()));
        String dumped = new Yaml().dump(CanonicalForm.of(spec));
        assertThat(ExperimentLoader.parse(dumped, FILE).spec()).isEqualTo(spec);
        ExperimentSpec plateau = parse(REGULARISED.replace("learning_rate:\n    cosine_decay: {initial_learning_rate: 0.0, decay_steps: 2000, alpha: 0.1, warmup_target: 0.002, warmup_steps: 100}",
                "learning_rate: 0.001")).spec();
        assertThat(plateau.training().reduceLrOnPlateau()).isEqualTo(new ReduceLrOnPlateauSpec("val_accuracy", 0.1, 2, 1e-4, 0, 0));
        assertThat(ExperimentLoader.parse(new Yaml().dump(CanonicalForm.of(plateau)), FILE).spec()).isEqualTo(plateau);
    }

    /** A key written at its default is the same experiment as one left out: the run_id must not change. */
    @Test
    void newKeysAtTheirDefaultsLeaveTheIdentityAsItWas() throws ConfigException {
        ExperimentSpec plain = parse(GOOD).spec();
        ExperimentSpec explicit = parse(GOOD.replace("model:\n", "model:\n  input_dropout: 0\n")
                .replace("activation: relu", "activation: relu\n      dropout: 0\n      l2: 0\n      max_norm: null")
                .replace("learning_rate: 0.001", "learning_rate: 0.001\n  weight_decay: 0")).spec();
        assertThat(CanonicalForm.identity(explicit)).isEqualTo(CanonicalForm.identity(plain));
        ExperimentSpec adamw = parse(GOOD.replace("name: adam", "name: adamw")).spec();
        ExperimentSpec adamwExplicit = parse(GOOD.replace("name: adam", "name: adamw").replace("learning_rate: 0.001", "learning_rate: 0.001\n  weight_decay: 0.004")).spec();
        assertThat(CanonicalForm.identity(adamwExplicit)).isEqualTo(CanonicalForm.identity(adamw));
        assertThat(CanonicalForm.identity(parse(GOOD.replace("activation: relu", "activation: relu\n      dropout: 0.1")).spec()))
                .isNotEqualTo(CanonicalForm.identity(plain));
    }

    /** A misspelt required key is one fault, with its suggestion, not also a missing key. */
    @Test
    void aMisspeltRequiredKeyIsReportedOnce() {
        ConfigException e = failure(GOOD.replace("learning_rate: 0.001", "learning_rate: {cosine_decay: {initial_learning_rate: 0.1, decay_stepz: 10}}"));
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("did you mean 'decay_steps'?"));
        ConfigException missing = failure(GOOD.replace("learning_rate: 0.001", "learning_rate: {cosine_decay: {initial_learning_rate: 0.1}}"));
        assertThat(missing.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("missing 'decay_steps'"));
    }

    @Test
    void datasetsKnownByNameAndIdxClassNames() throws ConfigException {
        assertThat(parse(GOOD.replace("dataset: mnist", "dataset: fashion_mnist")).spec().dataset()).isEqualTo(new DatasetSpec.FashionMnist());
        ConfigException misspelt = failure(GOOD.replace("dataset: mnist", "dataset: fashion_mnst"));
        assertThat(misspelt.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("unknown dataset 'fashion_mnst'").contains("did you mean 'fashion_mnist'?"));
        String idx = "dataset: {idx: {train_images: a, train_labels: b, test_images: c, test_labels: d, class_names: [cat, dog]}}";
        ExperimentSpec named = parse(GOOD.replace("dataset: mnist", idx)).spec();
        assertThat(((DatasetSpec.IdxFiles) named.dataset()).classNames()).containsExactly("cat", "dog");
        // Without class_names an idx dataset's canonical form (and so its run_ids) is what it always was.
        String unnamed = "dataset: {idx: {train_images: a, train_labels: b, test_images: c, test_labels: d}}";
        java.util.Map<?, ?> canonical = (java.util.Map<?, ?>) ((java.util.Map<?, ?>) parse(GOOD.replace("dataset: mnist", unnamed)).spec()
                .dataset().canonical()).get("idx");
        assertThat(canonical.keySet().stream().map(Object::toString).toList())
                .containsExactly("train_images", "train_labels", "test_images", "test_labels");
        ConfigException twice = failure(GOOD.replace("dataset: mnist", idx.replace("[cat, dog]", "[cat, cat]")));
        assertThat(twice.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("dataset.idx.class_names: must not name a class twice"));
        ConfigException notAList = failure(GOOD.replace("dataset: mnist", idx.replace("[cat, dog]", "cat")));
        assertThat(notAList.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("dataset.idx.class_names: expected a list of names"));
    }

    @Test
    void aCsvTableIsReadWithItsDefaultsAndItsFaultsArePlaced() throws ConfigException {
        String csv = "dataset: {csv: {train: data/weather.csv, target: weather}}";
        CsvDatasetSpec spec = (CsvDatasetSpec) parse(GOOD.replace("dataset: mnist", csv)).spec().dataset();
        assertThat(spec).isEqualTo(new CsvDatasetSpec(Path.of("data/weather.csv"), null, 0.2, 1, "weather", null, null, ',', true));
        assertThat(spec.canonical()).isEqualTo(java.util.Map.of("csv", java.util.Map.of("train", "data/weather.csv",
                "test", java.util.Map.of("split", 0.2, "seed", 1L), "target", "weather")));
        String full = "dataset:\n  csv:\n    train: a.csv\n    test: b.csv\n    target: t\n    features: [x, y]\n    categorical: [y]\n    delimiter: tab\n";
        CsvDatasetSpec read = (CsvDatasetSpec) parse(GOOD.replace("dataset: mnist\n", full)).spec().dataset();
        assertThat(read).isEqualTo(new CsvDatasetSpec(Path.of("a.csv"), Path.of("b.csv"), 0.2, 1, "t", List.of("x", "y"), List.of("y"), '\t', true));
        ConfigException self = failure(GOOD.replace("dataset: mnist\n", full.replace("[x, y]", "[x, t]")));
        assertThat(self.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("dataset.csv.features: names the target 't'; a column cannot predict itself"));
        ConfigException split = failure(GOOD.replace("dataset: mnist", "dataset: {csv: {train: a.csv, target: t, test: {split: 1.5}}}"));
        assertThat(split.problems()).singleElement().satisfies(p -> assertThat(p.message()).startsWith("dataset.csv.test.split: "));
        ConfigException missing = failure(GOOD.replace("dataset: mnist", "dataset: {csv: {train: a.csv, traget: t}}"));
        assertThat(missing.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("did you mean 'target'?"));
        ConfigException delimiter = failure(GOOD.replace("dataset: mnist", "dataset: {csv: {train: a.csv, target: t, delimiter: ';;'}}"));
        assertThat(delimiter.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("dataset.csv.delimiter: expected one character (or tab), found ';;'"));
    }

    @Test
    void anIndentationSlipIsNamedAsOne() {
        ConfigException slip = failure(GOOD.replace("  learning_rate: 0.001", "   learning_rate: 0.001"));
        assertThat(slip.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("invalid YAML: ").endsWith("; is a line indented more or less than the keys beside it? (keys of one section"
                        + " line up under each other)"));
    }
}
