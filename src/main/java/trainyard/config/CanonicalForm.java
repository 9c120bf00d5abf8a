package trainyard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A spec as plain maps and lists in the experiment file's own shape, every default
 * written out. Written into result.json as `config`, it is itself a valid experiment
 * file (JSON is YAML), and its identity part is what a run_id hashes.
 */
public final class CanonicalForm {
    private CanonicalForm() {
    }

    /** Everything, in file order. */
    public static Map<String, Object> of(ExperimentSpec spec) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", spec.name());
        map.put("description", spec.description());
        map.putAll(identity(spec));
        @SuppressWarnings("unchecked")
        Map<String, Object> training = (Map<String, Object>) map.get("training");
        training.put("threads", spec.training().threads());
        return map;
    }

    /**
     * What decides a run's numbers: dataset, model, loss, optimizer and training, without
     * the name, the description and the thread count (results do not depend on threads).
     */
    public static Map<String, Object> identity(ExperimentSpec spec) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dataset", dataset(spec.dataset()));
        List<Object> layers = new ArrayList<>();
        for (LayerSpec layer : spec.model().layers()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dense", layer.units());
            entry.put("activation", layer.activation().yamlName());
            layers.add(entry);
        }
        map.put("model", new LinkedHashMap<>(Map.of("layers", layers)));
        map.put("loss", spec.loss().yamlName());
        map.put("optimizer", optimizer(spec.optimizer()));
        TrainingSpec training = spec.training();
        Map<String, Object> trainingMap = new LinkedHashMap<>();
        trainingMap.put("epochs", training.epochs());
        trainingMap.put("batch_size", training.batchSize());
        trainingMap.put("validation", validation(training.validation()));
        trainingMap.put("seed", training.seed());
        if (training.earlyStopping() != null) {
            EarlyStoppingSpec stopping = training.earlyStopping();
            Map<String, Object> stoppingMap = new LinkedHashMap<>();
            stoppingMap.put("monitor", stopping.monitor());
            stoppingMap.put("patience", stopping.patience());
            stoppingMap.put("min_delta", stopping.minDelta());
            stoppingMap.put("restore_best", stopping.restoreBest());
            trainingMap.put("early_stopping", stoppingMap);
        }
        map.put("training", trainingMap);
        return map;
    }

    private static Object dataset(DatasetSpec dataset) {
        return switch (dataset) {
            case DatasetSpec.Mnist mnist -> "mnist";
            case DatasetSpec.IdxFiles files -> {
                Map<String, Object> idx = new LinkedHashMap<>();
                idx.put("train_images", files.trainImages().toString());
                idx.put("train_labels", files.trainLabels().toString());
                idx.put("test_images", files.testImages().toString());
                idx.put("test_labels", files.testLabels().toString());
                yield Map.of("idx", idx);
            }
        };
    }

    private static Map<String, Object> optimizer(OptimizerSpec optimizer) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", optimizer.name());
        map.put("learning_rate", optimizer.learningRate());
        switch (optimizer) {
            case OptimizerSpec.Sgd sgd -> {
                map.put("momentum", sgd.momentum());
                map.put("nesterov", sgd.nesterov());
            }
            case OptimizerSpec.Adam adam -> {
                map.put("beta_1", adam.beta1());
                map.put("beta_2", adam.beta2());
                map.put("epsilon", adam.epsilon());
            }
        }
        return map;
    }

    private static Object validation(ValidationSpec validation) {
        return switch (validation) {
            case ValidationSpec.TestSet test -> "test";
            case ValidationSpec.NoValidation none -> "none";
            case ValidationSpec.Split split -> Map.of("split", split.fraction());
        };
    }
}
