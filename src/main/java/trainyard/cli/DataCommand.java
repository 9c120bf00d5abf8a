package trainyard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import trainyard.data.DataException;
import trainyard.data.MnistDownload;

/** `trainyard data`: fetch and verify MNIST. */
final class DataCommand {
    private DataCommand() {
    }

    static int execute(List<String> arguments, PrintStream out) throws DataException, UsageException {
        Path data = Path.of("data");
        for (int i = 0; i < arguments.size(); i++) {
            switch (arguments.get(i)) {
                case "--data" -> data = Path.of(RunCommand.value(arguments, ++i, "--data"));
                case "--debug" -> { }
                default -> throw new UsageException("unknown argument '" + arguments.get(i) + "' for data");
            }
        }
        Path folder = data.resolve("mnist");
        MnistDownload.standard(folder, out::println).ensure();
        out.println("MNIST is ready in " + folder + " (4 files, SHA-256 verified)");
        return ExitCode.OK;
    }
}
