package trainyard.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The performance targets against the figures of one `make bench`, every figure a ratio of two
 * measured in the same run, so that the table means the same on a fast or a slow day.
 * The speed targets hold on every x86 width of 256 bits or more; the 128-bit width must
 * complete with the same accuracy at no more than 2.3x the 256-bit epoch; bytes per step
 * hold everywhere; the first epoch and peak RSS are of `make run` at the host's width.
 */
final class Targets {
    /**
     * The numpy peer's medians over the run, NaN where not measured.
     *
     * @param reluAdamEpoch relu_adam's epoch on 2 threads
     * @param wideEpoch1    the 784-1024-1024-10 network's epoch on 1 thread
     */
    record Peer(double reluAdamEpoch, double wideEpoch1, double wideEpoch2, double squareGflops1, double squareGflops2) {
        static final Peer NONE = new Peer(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final Map<String, JsonNode> widths;
    private final Peer numpy;
    private final Bench.RunAsMakeRunsIt run;

    /** @param widths each width's {@link WidthBench} figures, the host's first */
    Targets(Map<String, JsonNode> widths, Peer numpy, Bench.RunAsMakeRunsIt run) {
        this.widths = widths;
        this.numpy = numpy;
        this.run = run;
    }

    private enum Bound {
        AT_LEAST(">="), AT_MOST("<=");

        final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double value, double target) {
            return this == AT_LEAST ? value >= target : value <= target;
        }
    }

    /** One row: a figure per width (NaN: not measured there), its target and where that target applies. */
    private record Row(String figure, String unit, Bound bound, double target, boolean speedTarget, ToDoubleFunction<JsonNode> value) {
    }

    /** Prints the table and returns its cells for bench.json. */
    List<Map<String, Object>> print(PrintStream out, String host) {
        List<String> names = new ArrayList<>(widths.keySet());
        List<Map<String, Object>> cells = new ArrayList<>();
        out.println("Targets on " + host + ", measured side by side in this run:");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-46s", "figure"));
        for (String name : names) {
            header.append(String.format(Locale.ROOT, " %22s", name));
        }
        out.println(header.append("   target"));
        for (Row row : rows()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-46s", row.figure()));
            for (String name : names) {
                JsonNode figures = widths.get(name);
                double value = row.value().applyAsDouble(figures);
                // Speed targets apply from 256 bits up; a narrower width's speed is shown for information.
                boolean applies = !Double.isNaN(value) && (!row.speedTarget() || figures.get("vector_bits").asInt() >= 256);
                String verdict = !applies ? "    " : row.bound().holds(value, row.target()) ? " yes" : " NO ";
                line.append(String.format(Locale.ROOT, " %18s%s", format(value, row.unit()), verdict));
                if (!Double.isNaN(value)) {
                    cells.add(cell(row.figure(), name, value, row, applies));
                }
            }
            out.println(line.append("   ").append(row.bound().symbol).append(' ').append(format(row.target(), row.unit())));
        }
        if (run != null) {
            printRun(out, names.get(0), cells);
        }
        if (Double.isNaN(numpy.reluAdamEpoch())) {
            out.println("  (no numpy ratio: python3 with numpy is not installed)");
        }
        return cells;
    }

    /** make run's own figures: its first epoch against the later ones, and its peak memory. */
    private void printRun(PrintStream out, String width, List<Map<String, Object>> cells) {
        double firstOverLater = run.firstEpochSeconds() / run.medianLaterEpochSeconds();
        out.printf(Locale.ROOT, "  %-46s %18s%s   <= 1.5 (%.2f s against %.2f s; %.1f s wall)%n", "make run: first epoch / median later one",
                format(firstOverLater, "x"), firstOverLater <= 1.5 ? " yes" : " NO ", run.firstEpochSeconds(),
                run.medianLaterEpochSeconds(), run.wallSeconds());
        cells.add(cell("make run: first epoch / median later one", width, firstOverLater,
                new Row("", "x", Bound.AT_MOST, 1.5, false, figures -> 0), true));
        if (run.peakRssMegabytes() != null) {
            out.printf(Locale.ROOT, "  %-46s %18s%s   <= 250 MB%n", "make run: peak RSS", run.peakRssMegabytes() + " MB",
                    run.peakRssMegabytes() <= 250 ? " yes" : " NO ");
            cells.add(cell("make run: peak RSS, MB", width, run.peakRssMegabytes(),
                    new Row("", "MB", Bound.AT_MOST, 250, false, figures -> 0), true));
        }
    }

    /** The targets, each a ratio of two figures of this run. */
    private List<Row> rows() {
        return List.of(
                new Row("relu_adam epoch, 2 threads: numpy's / ours", "x", Bound.AT_LEAST, 2.0, true,
                        figures -> numpy.reluAdamEpoch() / epoch(figures, "relu_adam", 2)),
                new Row("784-1024-1024-10 epoch, 1 thread: numpy's / ours", "x", Bound.AT_LEAST, 1.5, true,
                        figures -> numpy.wideEpoch1() / epoch(figures, WidthBench.WIDE, 1)),
                new Row("784-1024-1024-10 epoch, 2 threads: numpy's / ours", "x", Bound.AT_LEAST, 1.5, true,
                        figures -> numpy.wideEpoch2() / epoch(figures, WidthBench.WIDE, 2)),
                new Row("1024³ product, 1 thread, % of peak", "%", Bound.AT_LEAST, 80, true,
                        figures -> 100 * gflops(figures, WidthBench.SQUARE, "X·W", 1) / peak(figures, 1)),
                new Row("1024³ product, 2 threads, % of 2-thread peak", "%", Bound.AT_LEAST, 70, true,
                        figures -> 100 * gflops(figures, WidthBench.SQUARE, "X·W", 2) / peak(figures, 2)),
                new Row("1024³ product, 1 thread: ours / numpy's", "x", Bound.AT_LEAST, 1.0, true,
                        figures -> gflops(figures, WidthBench.SQUARE, "X·W", 1) / numpy.squareGflops1()),
                new Row("X·W of relu_adam, 1 thread, % of peak", "%", Bound.AT_LEAST, 75, true,
                        figures -> 100 * gflops(figures, "X·W", 1) / peak(figures, 1)),
                new Row("Xᵀ·dY of relu_adam, 1 thread, % of peak", "%", Bound.AT_LEAST, 75, true,
                        figures -> 100 * gflops(figures, "Xᵀ·dY", 1) / peak(figures, 1)),
                new Row("X·W, 2 threads, % of 2-thread peak", "%", Bound.AT_LEAST, 65, true,
                        figures -> 100 * gflops(figures, "X·W", 2) / peak(figures, 2)),
                new Row("Xᵀ·dY, 2 threads, % of 2-thread peak", "%", Bound.AT_LEAST, 65, true,
                        figures -> 100 * gflops(figures, "Xᵀ·dY", 2) / peak(figures, 2)),
                new Row("X·W, 2 threads / 1 thread", "x", Bound.AT_LEAST, 1.6, true,
                        figures -> gflops(figures, "X·W", 2) / gflops(figures, "X·W", 1)),
                new Row("Xᵀ·dY, 2 threads / 1 thread", "x", Bound.AT_LEAST, 1.6, true,
                        figures -> gflops(figures, "Xᵀ·dY", 2) / gflops(figures, "Xᵀ·dY", 1)),
                new Row("relu_adam epoch, 1 thread / 2 threads", "x", Bound.AT_LEAST, 1.7, true,
                        figures -> epoch(figures, "relu_adam", 1) / epoch(figures, "relu_adam", 2)),
                new Row("relu_adam epoch (2 threads) / the 256-bit one", "x", Bound.AT_MOST, 2.3, false,
                        figures -> figures.get("vector_bits").asInt() == 128 ? epoch(figures, "relu_adam", 2) / epoch256() : Double.NaN),
                new Row("relu_adam test accuracy after 5 epochs", "", Bound.AT_LEAST, 0.975, false,
                        figures -> trainingRow(figures, "relu_adam", 2).path("epochs").asInt() != 5 ? Double.NaN // --quick trains 3
                                : trainingRow(figures, "relu_adam", 2).path("test_accuracy").asDouble(Double.NaN)),
                new Row("bytes allocated per training step", "B", Bound.AT_MOST, 0, false,
                        figures -> maxBytesPerStep(figures)));
    }

    private static Map<String, Object> cell(String figure, String width, double value, Row row, boolean applies) {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("figure", figure);
        cell.put("width", width);
        cell.put("value", Bench.round(value));
        cell.put("target", row.bound().symbol + " " + row.target());
        cell.put("met", applies ? row.bound().holds(value, row.target()) : null);
        return cell;
    }

    private static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return switch (unit) {
            case "x" -> String.format(Locale.ROOT, "%.2fx", value);
            case "%" -> String.format(Locale.ROOT, "%.0f%%", value);
            case "B" -> String.format(Locale.ROOT, "%.1f B", value);
            case "" -> String.format(Locale.ROOT, "%.4f", value);
            default -> String.format(Locale.ROOT, "%.1f %s", value, unit);
        };
    }

    /** The epoch of the narrowest-register 256-bit width measured (an AVX2 machine's), else NaN. */
    private double epoch256() {
        double epoch = Double.NaN;
        for (JsonNode figures : widths.values()) {
            if (figures.get("vector_bits").asInt() == 256) {
                epoch = epoch(figures, "relu_adam", 2); // the last one listed has the fewest registers
            }
        }
        return epoch;
    }

    private static double peak(JsonNode figures, int threads) {
        return figures.get("peak_gflops").get(threads == 1 ? "1_thread" : "2_threads").asDouble();
    }

    private static double gflops(JsonNode figures, String product, int threads) {
        return gflops(figures, "relu_adam", product, threads);
    }

    private static double gflops(JsonNode figures, String experiment, String product, int threads) {
        for (JsonNode row : figures.get("products")) {
            if (row.get("experiment").asText().equals(experiment) && row.get("layer").asInt() == 1
                    && row.get("product").asText().equals(product)) {
                return row.get(threads == 1 ? "gflops_1_thread" : "gflops_2_threads").asDouble();
            }
        }
        return Double.NaN;
    }

    private static JsonNode trainingRow(JsonNode figures, String experiment, int threads) {
        for (JsonNode row : figures.get("training")) {
            if (row.get("experiment").asText().equals(experiment) && row.get("threads").asInt() == threads) {
                return row;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static double epoch(JsonNode figures, String experiment, int threads) {
        return trainingRow(figures, experiment, threads).path("median_epoch_seconds").asDouble(Double.NaN);
    }

    private static double maxBytesPerStep(JsonNode figures) {
        double most = 0;
        for (JsonNode row : figures.get("training")) {
            most = Math.max(most, row.get("bytes_allocated_per_step").asDouble());
        }
        return most;
    }
}
