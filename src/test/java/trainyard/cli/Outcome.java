package trainyard.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What one in-process run of the command line did: its exit code and everything it printed. */
record Outcome(int exitCode, String out, String err) {

    /** Runs `trainyard ARGS...` in this JVM, as a user would from a shell, capturing both streams. */
    static Outcome of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a process to its end (within 120 s), requires exit 0, and returns all it printed. */
    static String ofProcess(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        org.assertj.core.api.Assertions.assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    /** The error output as lines, each of which must name a file and its fault. */
    List<String> errorLines() {
        return err.lines().filter(line -> !line.isBlank()).toList();
    }
}
