package trainyard.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import trainyard.report.HtmlReport;
import trainyard.report.ReportData;

/** `trainyard report`: results/report.html over every run under results/. */
final class ReportCommand {
    private ReportCommand() {
    }

    static int execute(List<String> arguments, PrintStream out, PrintStream err) throws IOException, UsageException {
        Path results = Path.of("results");
        Path output = null;
        for (int i = 0; i < arguments.size(); i++) {
            switch (arguments.get(i)) {
                case "--results" -> results = Path.of(RunCommand.value(arguments, ++i, "--results"));
                case "--out" -> output = Path.of(RunCommand.value(arguments, ++i, "--out"));
                case "--debug" -> { }
                default -> throw new UsageException("unknown argument '" + arguments.get(i) + "' for report");
            }
        }
        Path target = output != null ? output : results.resolve("report.html");
        long start = System.nanoTime();
        Map<String, Object> data = ReportData.collect(results, null, Main.warningsTo(err));
        HtmlReport.write(target, data);
        out.printf(java.util.Locale.ROOT, "Report of %d runs: %s (%.2f s)%n", ((List<?>) data.get("runs")).size(), target,
                (System.nanoTime() - start) / 1e9);
        return ExitCode.OK;
    }

    /** results/NAME/report.html, refreshed after every run and sweep of NAME. */
    static void refresh(Path results, String experiment, PrintStream out) {
        Path target = results.resolve(experiment).resolve("report.html");
        try {
            HtmlReport.write(target, ReportData.collect(results, experiment, out::println));
            out.println("Report: " + target);
        } catch (IOException e) {
            out.println("(the report " + target + " could not be written: " + trainyard.files.BoundedFiles.reason(e) + ")");
        }
    }
}
