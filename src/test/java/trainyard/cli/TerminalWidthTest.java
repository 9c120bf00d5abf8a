package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;

/**
 * The live console in a real pseudo-terminal (util-linux's `script`) of 80 and 120
 * columns: no live line is wider than the terminal, and what the redraws leave on the
 * screen, played through a small terminal model that wraps as terminals do, holds no
 * stale copy of a bar or a board.
 */
class TerminalWidthTest {
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void aSingleRunsBarFitsAndLeavesOneLinePerEpoch(int columns) throws Exception {
        String output = inTerminal(columns, experiment(""));
        assertThat(output).as("the bar was drawn live").contains("ETA: ");
        for (String live : liveLines(output)) {
            assertThat(live.length()).as("live line '%s'", live).isLessThan(columns);
        }
        List<String> screen = Screen.play(output, columns);
        assertThat(screen).noneMatch(row -> row.contains("ETA: "));
        assertThat(screen.stream().filter(row -> row.startsWith("Epoch ")).toList()).containsExactly("Epoch 1/2", "Epoch 2/2");
        assertThat(screen).anyMatch(row -> row.startsWith("20000/20000 [==============================] - "));
        assertThat(screen).anyMatch(row -> row.startsWith("Test loss: "));
    }

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void aSweepsBoardFitsAndIsClearedByEachRedraw(int columns) throws Exception {
        String output = inTerminal(columns, experiment("""
                sweep:
                  parallel: 2
                  grid:
                    optimizer.learning_rate: [0.001, 0.002]
                    model.layers[0].activation: [relu]
                """));
        assertThat(output).as("the board was drawn live").contains(", running ");
        List<String> screen = Screen.play(output, columns);
        assertThat(screen).noneMatch(row -> row.matches("  done \\d+/\\d+, running.*"));
        assertThat(screen).noneMatch(row -> row.matches("  \\S+  epoch \\d+/\\d+  loss .*"));
        assertThat(screen.stream().filter(row -> row.matches("\\[\\d/2] .*")).count()).isEqualTo(2);
    }

    private String experiment(String sweep) {
        return """
                name: wide
                %s
                model:
                  layers:
                    - {dense: 256, activation: relu}
                    - {dense: 256, activation: relu}
                    - {dense: 4, activation: softmax}
                loss: categorical_crossentropy
                optimizer: {name: adam, learning_rate: 0.001}
                training: {epochs: 2, batch_size: 16, validation: {split: 0.2}, seed: 1, threads: 1}
                """ + sweep;
    }

    /** Runs `trainyard run` in a pseudo-terminal of the given width; returns all it wrote, control sequences included. */
    private String inTerminal(int columns, String experimentTemplate) throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux's script is not installed");
        Path[] files = SyntheticIdx.write(Files.createDirectories(folder.resolve("data")), 25000, 500, 4, 16, 9);
        Path experiment = Files.writeString(folder.resolve("wide.yaml"), experimentTemplate.formatted(SyntheticIdx.datasetSection(files)));
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "stty cols " + columns + " rows 60; exec " + String.join(" ", List.of(quoted(java), "--add-modules", "jdk.incubator.vector",
                "-cp", quoted(System.getProperty("java.class.path")), "trainyard.cli.Main", "run", quoted(experiment.toString()),
                "--results", quoted(folder.resolve("results").toString())));
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null").redirectErrorStream(true);
        builder.environment().remove("TRAINYARD_PROGRESS");
        builder.environment().remove("COLUMNS");
        return Outcome.ofProcess(builder);
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The text of every segment a carriage return later drew over: the live lines. */
    private static List<String> liveLines(String output) {
        List<String> live = new ArrayList<>();
        for (String line : output.split("\n")) {
            // The terminal ends each line with \r\n: that \r draws over nothing.
            String[] segments = (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).split("\r", -1);
            for (int i = 0; i < segments.length - 1; i++) {
                String visible = segments[i].replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
                if (!visible.isEmpty()) {
                    live.add(visible);
                }
            }
        }
        return live;
    }

    /**
     * A terminal of a given width, as far as Trainyard's output needs: text wraps past the last
     * column (xterm's deferred wrap), \r, \n, and the CSI sequences A (up), J and K (erase).
     */
    static final class Screen {
        private final List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
        private final int width;
        private int row;
        private int column;
        private boolean wrapPending;

        private Screen(int width) {
            this.width = width;
        }

        static List<String> play(String output, int width) {
            Screen screen = new Screen(width);
            for (int i = 0; i < output.length(); i++) {
                char c = output.charAt(i);
                if (c == '\u001b' && i + 1 < output.length() && output.charAt(i + 1) == '[') {
                    int end = i + 2;
                    while (end < output.length() && !Character.isLetter(output.charAt(end))) {
                        end++;
                    }
                    screen.control(output.substring(i + 2, end), output.charAt(end));
                    i = end;
                } else if (c == '\r') {
                    screen.column = 0;
                    screen.wrapPending = false;
                } else if (c == '\n') {
                    screen.down();
                } else if (c >= ' ') {
                    screen.put(c);
                }
            }
            return screen.rows.stream().map(StringBuilder::toString).map(String::stripTrailing).toList();
        }

        private void down() {
            row++;
            wrapPending = false;
            while (rows.size() <= row) {
                rows.add(new StringBuilder());
            }
        }

        private void put(char c) {
            if (wrapPending) {
                down();
                column = 0;
            }
            StringBuilder line = rows.get(row);
            while (line.length() < column) {
                line.append(' ');
            }
            if (column < line.length()) {
                line.setCharAt(column, c);
            } else {
                line.append(c);
            }
            if (column == width - 1) {
                wrapPending = true;
            } else {
                column++;
            }
        }

        private void control(String parameter, char command) {
            int n = parameter.isEmpty() ? 1 : Integer.parseInt(parameter);
            wrapPending = false;
            switch (command) {
                case 'A' -> row = Math.max(0, row - n);
                case 'K' -> rows.get(row).setLength(Math.min(column, rows.get(row).length()));
                case 'J' -> {
                    rows.get(row).setLength(Math.min(column, rows.get(row).length()));
                    while (rows.size() > row + 1) {
                        rows.remove(rows.size() - 1);
                    }
                }
                default -> { }
            }
        }
    }
}
