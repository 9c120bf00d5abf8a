package trainyard.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import trainyard.files.BoundedFiles;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;

/**
 * What the report shows, gathered from result files: one entry per run with its
 * hyperparameters flattened to dotted keys (`optimizer.learning_rate`,
 * `model.layers[0].dense`), its figures and curves, and the sweeps with their swept keys.
 * The page itself compares, sorts and draws; this class only reads and reshapes.
 */
public final class ReportData {
    /** Keys that never distinguish runs in a comparison. */
    static final List<String> IGNORED_KEYS = List.of("name", "description", "run_name", "training.threads");
    static final String SEED_KEY = "training.seed";
    private static final ObjectMapper SWEEP_JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ReportData() {
    }

    /**
     * Every result under root (results/NAME/RUN_ID/result.json), or only those of one
     * experiment. A damaged result.json is left out and named in one line to {@code warnings};
     * the other runs are still reported.
     */
    public static Map<String, Object> collect(Path root, String onlyExperiment, java.util.function.Consumer<String> warnings)
            throws IOException {
        List<RunResult> results = new ArrayList<>();
        List<Map<String, Object>> sweeps = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> experiments = Files.list(root)) {
                for (Path experiment : experiments.filter(Files::isDirectory).sorted().toList()) {
                    if (onlyExperiment != null && !experiment.getFileName().toString().equals(onlyExperiment)) {
                        continue;
                    }
                    List<Path> runFolders;
                    try (Stream<Path> runs = Files.list(experiment)) {
                        runFolders = runs.filter(Files::isDirectory).sorted().toList();
                    }
                    // Reading and checking the files is most of a large report's time: on every core, kept in order.
                    List<ResultStore.Stored> loaded = runFolders.parallelStream().map(run -> ResultStore.load(run.resolve(ResultStore.RESULT_FILE)))
                            .toList();
                    for (ResultStore.Stored stored : loaded) {
                        switch (stored) {
                            case ResultStore.Stored.Valid valid -> results.add(valid.result());
                            case ResultStore.Stored.Damaged damaged -> warnings.accept(
                                    "trainyard: warning: " + damaged.describe() + "; left out of the report");
                            case ResultStore.Stored.Missing missing -> { }
                        }
                    }
                    // sweep.json is the file's own sweep; each command-line sweep keeps its own sweep-HASH.json.
                    List<Path> sweepFiles;
                    try (Stream<Path> files = Files.list(experiment)) {
                        sweepFiles = files.filter(file -> file.getFileName().toString().matches("sweep(-[0-9a-f]{8})?\\.json") && Files.isRegularFile(file))
                                .sorted().toList();
                    }
                    for (Path sweepFile : sweepFiles) {
                        readSweep(sweepFile, sweeps, warnings);
                    }
                }
            }
        }
        return model(results, sweeps, onlyExperiment);
    }

    /** One sweep's view, added to {@code sweeps}; a damaged one is named in one line and left out. */
    private static void readSweep(Path sweepFile, List<Map<String, Object>> sweeps, java.util.function.Consumer<String> warnings) {
        String fault;
        try {
            JsonNode sweep = SWEEP_JSON.readTree(BoundedFiles.read(sweepFile, 16 << 20));
            fault = sweep != null && sweep.isObject() && sweep.path("trials").isArray() ? null : "not a sweep: no list of trials";
            if (fault == null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = SWEEP_JSON.convertValue(sweep, Map.class);
                sweeps.add(map);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            fault = "not valid JSON: " + e.getOriginalMessage();
        } catch (IOException e) {
            fault = "cannot be read: " + BoundedFiles.reason(e);
        }
        if (fault != null) {
            // sweep.json is rewritten atomically, so this one is damaged: its runs are still shown
            warnings.accept("trainyard: warning: " + sweepFile + " is damaged (" + fault + "); the sweep's view is left out of the report");
        }
    }

    static Map<String, Object> model(List<RunResult> results, List<Map<String, Object>> sweeps, String onlyExperiment) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", onlyExperiment == null ? "All experiments" : onlyExperiment);
        model.put("generated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        results.stream().max(Comparator.comparing(r -> r.startedAt() == null ? "" : r.startedAt()))
                .ifPresent(latest -> model.put("machine", latest.environment()));
        List<Map<String, Object>> runs = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, Integer> images = new LinkedHashMap<>(); // a mistaken digit's pixels -> its place in DATA.images
        for (RunResult result : results) {
            Map<String, Object> run = run(result, images);
            runs.add(run);
            @SuppressWarnings("unchecked")
            Map<String, Object> parameters = (Map<String, Object>) run.get("parameters");
            Map<String, Object> withoutSeed = new TreeMap<>(parameters);
            withoutSeed.remove(SEED_KEY);
            groups.computeIfAbsent(result.experiment() + " " + withoutSeed, key -> new ArrayList<>()).add((String) run.get("id"));
        }
        List<Map<String, Object>> seedGroups = new ArrayList<>();
        for (List<String> members : groups.values()) {
            if (members.size() > 1) {
                seedGroups.add(Map.of("members", members));
            }
        }
        model.put("runs", runs);
        model.put("seed_groups", seedGroups);
        Map<String, Map<String, Object>> runsById = new LinkedHashMap<>();
        runs.forEach(run -> runsById.put((String) run.get("id"), run));
        for (Map<String, Object> sweep : sweeps) {
            markFirstRung(sweep, runsById);
            Map<String, Object> importance = ParameterImportance.forSweep(sweep, runsById);
            if (importance != null) {
                sweep.put("importance", importance);
            }
        }
        model.put("sweeps", sweeps);
        model.put("images", new ArrayList<>(images.keySet()));
        return model;
    }

    /**
     * For a halving sweep, each trial's figure at its bracket's first rung (from sweep.json's
     * decisions) as the run's "first_rung", and the metric's description as the sweep's
     * "first_rung_label".
     */
    @SuppressWarnings("unchecked")
    private static void markFirstRung(Map<String, Object> sweep, Map<String, Map<String, Object>> runsById) {
        if (!(sweep.get("sweep") instanceof Map<?, ?> spec) || !(spec.get("halving") instanceof Map<?, ?> halving)
                || !(halving.get("metric") instanceof String metric) || !(sweep.get("decisions") instanceof List<?> decisions)) {
            return;
        }
        java.util.Set<Object> bracketsSeen = new java.util.HashSet<>();
        Object epochs = null;
        for (Object item : decisions) {
            if (!(item instanceof Map<?, ?> decision) || !bracketsSeen.add(decision.get("bracket"))
                    || !(decision.get("figures") instanceof List<?> figures)) {
                continue;
            }
            epochs = epochs == null ? decision.get("epochs") : epochs;
            for (Object entry : figures) {
                if (entry instanceof Map<?, ?> figure && figure.get(metric) instanceof Number value
                        && runsById.get(sweep.get("experiment") + "/" + figure.get("run_id")) instanceof Map<?, ?> run) {
                    ((Map<String, Object>) run).put(ParameterImportance.FIRST_RUNG, value);
                }
            }
        }
        if (epochs != null) {
            sweep.put("first_rung_label", metric + " at the first rung" + (bracketsSeen.size() == 1 ? " (" + epochs + " epoch"
                    + ("1".equals(String.valueOf(epochs)) ? "" : "s") + ")" : ""));
        }
    }

    private static Map<String, Object> run(RunResult result, Map<String, Integer> images) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", result.experiment() + "/" + result.runId());
        run.put("experiment", result.experiment());
        run.put("run_id", result.runId());
        Object description = result.config() == null ? null : result.config().get("description");
        run.put("description", description == null ? "" : description.toString());
        Object runName = result.config() == null ? null : result.config().get("run_name");
        run.put("run_name", runName == null ? "" : runName.toString());
        run.put("status", result.status().jsonName());
        run.put("message", result.message());
        run.put("diverged_at_epoch", result.divergedAtEpoch());
        run.put("rung", result.rung());
        run.put("params", result.params());
        run.put("started_at", result.startedAt());
        Map<String, Object> parameters = new TreeMap<>();
        flatten("", result.config(), parameters);
        IGNORED_KEYS.forEach(parameters::remove);
        run.put("parameters", parameters);
        run.put("layers", layers(result.config()));
        run.put("dataset", result.dataset() == null ? null : result.dataset().name());
        run.put("test_accuracy", result.test() == null ? null : result.test().accuracy());
        run.put("test_loss", result.test() == null ? null : result.test().loss());
        if (result.test() != null && result.test().isRegression()) { // a regression's figures, in its target's units
            run.put("test_mae", result.test().mae());
            run.put("test_rmse", result.test().rmse());
        }
        run.put("train_seconds", result.trainSeconds());
        putHistory(run, result);
        run.put("stopped_epoch", result.stoppedEpoch());
        if (result.diagnostics() != null) {
            putDiagnostics(run, result, images);
        }
        return run;
    }

    /** The epochs' curves and the validation figures that rank. */
    private static void putHistory(Map<String, Object> run, RunResult result) {
        List<RunResult.Epoch> history = result.history() == null ? List.of() : result.history();
        run.put("seconds_per_epoch", history.isEmpty() ? null : result.trainSeconds() / history.size());
        run.put("epochs_trained", history.size());
        Map<String, Object> curves = new LinkedHashMap<>();
        curves.put("loss", history.stream().map(RunResult.Epoch::loss).toList());
        curves.put("accuracy", history.stream().map(RunResult.Epoch::accuracy).toList());
        curves.put("val_loss", history.stream().map(RunResult.Epoch::valLoss).toList());
        curves.put("val_accuracy", history.stream().map(RunResult.Epoch::valAccuracy).toList());
        curves.put("learning_rate", history.stream().map(RunResult.Epoch::learningRate).toList());
        if (history.stream().anyMatch(epoch -> epoch.rmse() != null)) {
            curves.put("rmse", history.stream().map(RunResult.Epoch::rmse).toList());
            curves.put("val_rmse", history.stream().map(RunResult.Epoch::valRmse).toList());
        }
        run.put("curves", curves);
        RunResult.Epoch best = history.stream().filter(e -> e.valAccuracy() != null).max(Comparator.comparingDouble(RunResult.Epoch::valAccuracy)).orElse(null);
        RunResult.Epoch last = history.isEmpty() ? null : history.get(history.size() - 1);
        run.put("best_epoch", best == null ? null : best.epoch());
        run.put("best_val_accuracy", best == null ? null : best.valAccuracy());
        run.put("best_val_loss", best == null ? null : best.valLoss());
        run.put("last_val_accuracy", last == null ? null : last.valAccuracy());
        run.put("last_val_loss", last == null ? null : last.valLoss());
    }

    /** The test set's confusion matrix and the most confident mistakes, each image carried once in {@code images}. */
    private static void putDiagnostics(Map<String, Object> run, RunResult result, Map<String, Integer> images) {
        run.put("confusion_matrix", result.diagnostics().confusionMatrix());
        run.put("class_names", result.dataset() != null ? result.dataset().classNamesOrNumbers()
                : java.util.stream.IntStream.range(0, result.diagnostics().confusionMatrix().length).mapToObj(Integer::toString).toList());
        List<Map<String, Object>> mistakes = new ArrayList<>();
        for (RunResult.Mistake mistake : result.diagnostics().confidentMistakes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", mistake.index());
            entry.put("label", mistake.label());
            entry.put("predicted", mistake.predicted());
            entry.put("probability", mistake.probability());
            entry.put("shape", mistake.shape());
            // Runs on one dataset get the same hard digits wrong: each image is carried once, in DATA.images.
            entry.put("image", images.computeIfAbsent(mistake.pixels(), pixels -> images.size()));
            mistakes.add(entry);
        }
        run.put("mistakes", mistakes);
    }

    /**
     * The model's layers in one line, as the table's Layers column shows them:
     * "conv2d 32 3 relu → max_pooling2d 2 → flatten → dropout 0.5 → dense 10 softmax".
     * Each entry is its type and value, then its window and activation where it has them.
     */
    @SuppressWarnings("unchecked")
    static String layers(Map<String, Object> config) {
        if (config == null || !(config.get("model") instanceof Map<?, ?> model) || !(model.get("layers") instanceof List<?> layers)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        if (model.get("input_dropout") instanceof Number rate) {
            parts.add("dropout " + rate);
        }
        for (Object layer : layers) {
            if (!(layer instanceof Map<?, ?> entries) || entries.isEmpty()) {
                parts.add(String.valueOf(layer));
                continue;
            }
            Map.Entry<String, Object> type = ((Map<String, Object>) entries).entrySet().iterator().next();
            StringBuilder part = new StringBuilder(type.getKey());
            if (!(type.getValue() instanceof Map) && type.getValue() != null) {
                part.append(' ').append(window(type.getValue()));
            }
            if (entries.get("kernel_size") != null) {
                part.append(' ').append(window(entries.get("kernel_size")));
            }
            if (entries.get("activation") != null && !"linear".equals(entries.get("activation"))) {
                part.append(' ').append(entries.get("activation"));
            }
            parts.add(part.toString());
            if (!"dropout".equals(type.getKey()) && entries.get("dropout") instanceof Number rate) {
                parts.add("dropout " + rate);
            }
        }
        return String.join(" → ", parts);
    }

    /** 3 or [3, 2] as 3 or 3x2. */
    private static String window(Object size) {
        return size instanceof List<?> list ? list.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("x")) : String.valueOf(size);
    }

    /** {"a": {"b": [1, {"c": 2}]}} → a.b[0] = 1, a.b[1].c = 2. */
    @SuppressWarnings("unchecked")
    static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
                flatten(prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(), entry.getValue(), into);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else if (!prefix.isEmpty()) {
            into.put(prefix, value);
        }
    }
}
