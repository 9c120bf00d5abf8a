package trainyard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import trainyard.data.DataException;
import trainyard.config.DatasetSpec;
import trainyard.data.FashionMnist;
import trainyard.data.KnownTable;
import trainyard.data.MnistDownload;

/** `trainyard data [--dataset NAME]`: fetch (or install) and verify a dataset Trainyard knows by name. */
final class DataCommand {
    private DataCommand() {
    }

    static int execute(List<String> arguments, PrintStream out) throws DataException, UsageException {
        Path data = trainyard.data.DataFolder.standard();
        String dataset = "mnist";
        boolean explicit = arguments.contains("--dataset");
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
                if (!explicit) {
                    seattleWeather(data, out);
                }
            }
            case "seattle_weather" -> seattleWeather(data, out);
            case FashionMnist.NAME -> {
                Path folder = FashionMnist.ensure(data, out::println);
                out.println("Fashion-MNIST is ready in " + folder + " (4 files, SHA-256 verified)");
            }
            default -> throw new UsageException("unknown dataset '" + dataset + "' for data; expected one of "
                    + String.join(", ", DATASETS) + trainyard.config.Suggestions.didYouMean(dataset, DATASETS));
        }
        return ExitCode.OK;
    }

    /** What `data --dataset` takes: the datasets known by name, and the public tables the shipped experiments use. */
    static final List<String> DATASETS = List.of("mnist", "fashion_mnist", "seattle_weather");

    /** The weather table the shipped weather experiments read, data/seattle-weather.csv. */
    private static void seattleWeather(Path data, PrintStream out) throws DataException {
        Path file = data.resolve(KnownTable.SEATTLE_WEATHER.fileName);
        if (!java.nio.file.Files.exists(file)) {
            KnownTable.SEATTLE_WEATHER.fetch(file, out::println);
        }
        out.println("The Seattle weather table is ready in " + file);
    }
}
