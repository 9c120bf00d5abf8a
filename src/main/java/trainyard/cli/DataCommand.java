package trainyard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import trainyard.data.DataException;
import trainyard.config.DatasetSpec;
import trainyard.data.FashionMnist;
import trainyard.data.MnistDownload;

/** `trainyard data [--dataset NAME]`: fetch (or install) and verify a dataset Trainyard knows by name. */
final class DataCommand {
    private DataCommand() {
    }

    static int execute(List<String> arguments, PrintStream out) throws DataException, UsageException {
        Path data = Path.of("data");
        String dataset = "mnist";
        for (int i = 0; i < arguments.size(); i++) {
            switch (arguments.get(i)) {
                case "--data" -> data = Path.of(RunCommand.value(arguments, ++i, "--data"));
                case "--dataset" -> dataset = RunCommand.value(arguments, ++i, "--dataset");
                case "--debug" -> { }
                default -> throw new UsageException("unknown argument '" + arguments.get(i) + "' for data");
            }
        }
        switch (dataset) {
            case "mnist" -> {
                Path folder = data.resolve("mnist");
                MnistDownload.standard(folder, out::println).ensure();
                out.println("MNIST is ready in " + folder + " (4 files, SHA-256 verified)");
            }
            case FashionMnist.NAME -> {
                Path folder = FashionMnist.ensure(data, out::println);
                out.println("Fashion-MNIST is ready in " + folder + " (4 files, SHA-256 verified)");
            }
            default -> throw new UsageException("unknown dataset '" + dataset + "' for data; expected one of "
                    + String.join(", ", DatasetSpec.NAMES) + trainyard.config.Suggestions.didYouMean(dataset, DatasetSpec.NAMES));
        }
        return ExitCode.OK;
    }
}
