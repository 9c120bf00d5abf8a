package trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import trainyard.config.ConfigException;
import trainyard.config.ExperimentLoader;
import trainyard.config.ExperimentSpec;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.data.Datasets;
import trainyard.kernels.Kernels;
import trainyard.model.Network;
import trainyard.results.ModelFile;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.train.Evaluation;
import trainyard.train.Trainer;

/**
 * `trainyard evaluate MODEL`: loads a run's saved model and evaluates it on the test set
 * of the dataset its result.json names. Evaluation is deterministic, so the figures equal
 * the ones training recorded, digit for digit.
 */
final class EvaluateCommand {
    private EvaluateCommand() {
    }

    static int execute(List<String> arguments, PrintStream out) throws Exception {
        String model = null;
        Path data = trainyard.data.DataFolder.standard();
        for (int i = 0; i < arguments.size(); i++) {
            switch (arguments.get(i)) {
                case "--data" -> data = Path.of(RunCommand.value(arguments, ++i, "--data"));
                case "--debug" -> { }
                default -> {
                    if (arguments.get(i).startsWith("-") || model != null) {
                        throw new UsageException("evaluate takes one model folder (results/NAME/RUN_ID), found '" + arguments.get(i) + "'");
                    }
                    model = arguments.get(i);
                }
            }
        }
        if (model == null) {
            throw new UsageException("evaluate needs a model folder, e.g. MODEL=results/relu_adam/RUN_ID");
        }
        Path modelFile = ModelFolder.modelFile(model);
        Path resultFile = modelFile.resolveSibling(ResultStore.RESULT_FILE);
        RunResult recorded = switch (ResultStore.load(resultFile)) {
            case ResultStore.Stored.Valid valid -> valid.result();
            case ResultStore.Stored.Damaged damaged -> throw new DataException(damaged.describe()
                    + "; evaluate needs the result.json written beside the model to know the dataset");
            case ResultStore.Stored.Missing missing -> throw new DataException(resultFile,
                    "missing; evaluate needs the result.json written beside the model to know the dataset");
        };
        ExperimentSpec spec = ExperimentLoader.parse(new ObjectMapper().writeValueAsString(recorded.config()), resultFile).spec();
        Dataset dataset = Datasets.loadAgain(spec, data, recorded.dataset() == null ? java.util.Map.of() : recorded.dataset().files(),
                out::println, out::println);
        try (Kernels kernels = Kernels.forThisMachine(0)) {
            Network network = ModelFolder.load(modelFile, kernels, Trainer.EVALUATION_BATCH);
            if (network.inputs() != dataset.features() || network.outputs() != dataset.classes()) {
                throw new ModelFile.ModelFileException(modelFile, "the model takes " + network.inputs() + " inputs and gives " + network.outputs()
                        + " outputs; the dataset has " + dataset.features() + " features and " + dataset.classes() + " classes");
            }
            Evaluation evaluation = Trainer.evaluate(network, dataset.test(), dataset.classes(),
                    dataset.table() != null && dataset.table().isRegression() ? dataset.table().targetDeviation() : 1);
            out.println("Evaluated " + modelFile + " on the " + dataset.test().count() + " test " + (dataset.table() != null ? "rows" : "images")
                    + " of " + dataset.name());
            String now = RunCommand.testLine(trainyard.results.RunResult.Figures.of(evaluation));
            out.println(now);
            if (recorded.test() != null) {
                String then = RunCommand.testLine(recorded.test());
                out.println("result.json says: " + then + (then.equals(now) ? " (the same)" : " (different!)"));
            }
        }
        return ExitCode.OK;
    }
}
