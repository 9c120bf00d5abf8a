package trainyard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import trainyard.data.Datasets;
import trainyard.config.ConfigException;
import trainyard.config.ExperimentLoader;
import trainyard.config.ExperimentSpec;
import trainyard.config.DenseSpec;
import trainyard.model.Architecture;
import trainyard.model.Conv2D;
import trainyard.model.LayerPlan;
import trainyard.model.Shape;
import trainyard.config.TrainingSpec;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.kernels.FmaPeak;
import trainyard.kernels.Kernels;
import trainyard.kernels.VectorHardware;
import trainyard.model.Network;
import trainyard.results.Environment;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.train.AllocationPerStep;
import trainyard.train.EpochResult;
import trainyard.train.Trainer;
import trainyard.train.TrainingOutcome;

/**
 * The figures of one vector width, in this JVM (whose flags fix the width): the measured
 * FMA peak, GFLOP/s of each product of training at the shapes of relu_adam (and, with
 * --full, sigmoid_relu_sgd and mnist_convnet's convolutions) on 1 and 2 threads, seconds per epoch, test accuracy and
 * bytes allocated per step; with --full also the evaluation time and the report over 2,000
 * runs. Prints a table and writes its figures as JSON to the --out file, for
 * {@link Bench} to compare across widths. Measured with warm-up, repeats and medians.
 */
public final class WidthBench {
    static final String RELU_ADAM = "experiments/relu_adam.yaml";
    static final String SIGMOID_RELU_SGD = "experiments/sigmoid_relu_sgd.yaml";
    static final String MNIST_CONVNET = "experiments/mnist_convnet.yaml";
    /** The wide network the numpy peer also trains: mnist_dropout's products, without its dropout, max-norm and schedule. */
    static final String WIDE = "wide_mlp";
    private static final String WIDE_MLP = """
            name: wide_mlp
            dataset: mnist
            model: {layers: [{dense: 1024, activation: relu}, {dense: 1024, activation: relu}, {dense: 10, activation: softmax}]}
            loss: categorical_crossentropy
            optimizer: {name: sgd, momentum: 0.9, learning_rate: 0.01}
            training: {epochs: 3, batch_size: 128, seed: 1}
            """;
    /** The product row of a 1024x1024x1024 X·W. */
    static final String SQUARE = "1024³";

    private final PrintStream out;
    private final boolean quick;

    private WidthBench(PrintStream out, boolean quick) {
        this.out = out;
        this.quick = quick;
    }

    /** {@code WidthBench --out FILE [--full] [--quick]}. */
    public static void main(String[] args) throws Exception {
        List<String> arguments = List.of(args);
        int outAt = arguments.indexOf("--out");
        if (outAt < 0 || outAt + 1 >= args.length) {
            System.err.println("usage: WidthBench --out FILE [--full] [--quick]");
            System.exit(2);
        }
        Map<String, Object> figures = new WidthBench(System.out, arguments.contains("--quick")).measure(arguments.contains("--full"));
        ResultStore.writeJson(Path.of(args[outAt + 1]), figures);
    }

    private Map<String, Object> measure(boolean full) throws ConfigException, DataException, IOException, InterruptedException {
        Map<String, Object> figures = new LinkedHashMap<>();
        VectorHardware hardware = VectorHardware.thisMachine();
        figures.put("vectors", hardware.describe());
        figures.put("vector_bits", Kernels.vectorBitsOfThisMachine());
        figures.put("vector_registers", hardware.vectorRegisters());
        figures.put("jvm_flags", Bench.widthFlags(ManagementFactory.getRuntimeMXBean().getInputArguments()));
        out.println();
        out.printf(Locale.ROOT, "== %s (width flags: %s)%n", hardware.describe(),
                String.join(" ", Bench.widthFlags(ManagementFactory.getRuntimeMXBean().getInputArguments())));
        double[] measuredPeak = {FmaPeak.gflops(1, quick ? 80 : 150), FmaPeak.gflops(2, quick ? 80 : 150)};
        Map<String, Object> peak = new LinkedHashMap<>();
        peak.put("1_thread", round(measuredPeak[0]));
        peak.put("2_threads", round(measuredPeak[1]));
        peak.put("method", "the best of 8 and 12 (and, with 32 registers, 16) chains of vector FMAs on registers, no memory; best of 3 each");
        figures.put("peak_gflops", peak);
        double handOff = handOffNanos();
        figures.put("core_to_core_nanos", round(handOff));
        out.printf(Locale.ROOT, "FMA peak (registers only): %.0f GFLOP/s on 1 thread, %.0f on 2; core-to-core hand-off %.0f ns%n",
                measuredPeak[0], measuredPeak[1], handOff);

        Dataset mnist = Datasets.load(new trainyard.config.DatasetSpec.Mnist(), trainyard.data.DataFolder.standard(), out::println, out::println);
        figures.put("products", products(mnist, measuredPeak, full));

        List<Map<String, Object>> epochs = new ArrayList<>();
        out.println("Training on MNIST (median of epochs 2..5)            seconds/epoch   samples/s   bytes/step   hand-off   test accuracy");
        for (String file : full ? new String[] {RELU_ADAM, SIGMOID_RELU_SGD} : new String[] {RELU_ADAM}) {
            ExperimentSpec spec = ExperimentLoader.load(Path.of(file)).spec();
            for (int threads : new int[] {1, 2}) {
                epochs.add(epochs(spec, mnist, threads, quick ? 3 : 5));
            }
        }
        if (full && !quick) { // the wide network at the host's width, against the numpy peer's
            ExperimentSpec wide = trainyard.config.ExperimentPlanner.plan(WIDE_MLP, Path.of("wide_mlp.yaml"), List.of()).trials().get(0).spec();
            for (int threads : new int[] {1, 2}) {
                epochs.add(epochs(wide, mnist, threads, 3));
            }
        }
        figures.put("training", epochs);
        if (full) {
            figures.put("evaluate_test_seconds", evaluation(mnist));
            figures.put("report_of_2000_runs", reportOfManyRuns(mnist));
        }
        return figures;
    }

    /** The products of the shipped MLPs' layers, and with --full mnist_convnet's convolutions, in GFLOP/s. */
    private List<Map<String, Object>> products(Dataset mnist, double[] measuredPeak, boolean full) throws ConfigException {
        List<Map<String, Object>> products = new ArrayList<>();
        out.println("Products of training (median of repeats)                      1 thread (% of peak)   2 threads (% of peak)");
        products.add(product(SQUARE, "X·W", 1, 1024, 1024, 1024, measuredPeak));
        for (String file : full ? new String[] {RELU_ADAM, SIGMOID_RELU_SGD} : new String[] {RELU_ADAM}) {
            ExperimentSpec spec = ExperimentLoader.load(Path.of(file)).spec();
            int batch = spec.training().batchSize();
            int inputs = mnist.features(); // the shipped experiments this bench times all train on MNIST
            for (int layer = 0; layer < spec.model().layers().size(); layer++) {
                if (!(spec.model().layers().get(layer) instanceof DenseSpec dense)) {
                    continue; // the shipped experiments timed here are MLPs
                }
                int outputs = dense.units();
                products.add(product(spec.name(), "X·W", layer + 1, batch, inputs, outputs, measuredPeak));
                products.add(product(spec.name(), "Xᵀ·dY", layer + 1, batch, inputs, outputs, measuredPeak));
                if (layer > 0) {
                    products.add(product(spec.name(), "dY·Wᵀ", layer + 1, batch, inputs, outputs, measuredPeak));
                }
                inputs = outputs;
            }
        }
        if (full) {
            // A convolution's products: patches (batch·positions, window·channels) · kernel, and their gradients.
            ExperimentSpec convnet = ExperimentLoader.load(Path.of(MNIST_CONVNET)).spec();
            int batch = convnet.training().batchSize();
            Architecture architecture = Architecture.of(convnet.model(), new Shape(mnist.imageShape()));
            int convolution = 0;
            for (LayerPlan plan : architecture.layers()) {
                if (plan instanceof Conv2D.Plan conv) {
                    int rows = batch * conv.geometry().positions();
                    convolution++;
                    products.add(product(convnet.name(), "X·W", convolution, rows, conv.geometry().patchSize(), conv.filters(), measuredPeak));
                    products.add(product(convnet.name(), "Xᵀ·dY", convolution, rows, conv.geometry().patchSize(), conv.filters(), measuredPeak));
                    if (convolution > 1) {
                        products.add(product(convnet.name(), "dY·Wᵀ", convolution, rows, conv.geometry().patchSize(), conv.filters(), measuredPeak));
                    }
                }
            }
        }
        return products;
    }

    /** @param peak GFLOP/s of {@link FmaPeak} on 1 and 2 threads, to show the product as a share of it */
    private Map<String, Object> product(String experiment, String kind, int layer, int batch, int inputs, int outputs, double[] peak) {
        SplittableRandom random = new SplittableRandom(1);
        float[] x = randoms(batch * inputs, random);
        float[] w = randoms(inputs * outputs, random);
        float[] dy = randoms(batch * outputs, random);
        float[] out1 = new float[Math.max(batch * outputs, Math.max(inputs * outputs, batch * inputs))];
        double flops = 2.0 * batch * inputs * outputs;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("experiment", experiment);
        row.put("product", kind);
        row.put("layer", layer);
        row.put("shape", switch (kind) {
            case "X·W" -> "(" + batch + "x" + inputs + ")·(" + inputs + "x" + outputs + ")";
            case "Xᵀ·dY" -> "(" + inputs + "x" + batch + ")·(" + batch + "x" + outputs + ")";
            default -> "(" + batch + "x" + outputs + ")·(" + outputs + "x" + inputs + ")";
        });
        for (int threads : new int[] {1, 2}) {
            try (Kernels kernels = Kernels.forThisMachine(threads)) {
                Runnable call = switch (kind) {
                    case "X·W" -> () -> kernels.multiply(x, w, null, out1, batch, inputs, outputs);
                    case "Xᵀ·dY" -> () -> kernels.multiplyTransposedLeft(x, dy, out1, batch, inputs, outputs);
                    default -> () -> kernels.multiplyTransposedRight(dy, w, out1, batch, outputs, inputs);
                };
                double seconds = medianSeconds(call, flops);
                row.put("gflops_" + threads + "_thread" + (threads == 1 ? "" : "s"), round(flops / seconds / 1e9));
            }
        }
        double one = (double) row.get("gflops_1_thread");
        double two = (double) row.get("gflops_2_threads");
        out.printf(Locale.ROOT, "  %-17s layer %d %-6s %-22s %8.1f GFLOP/s (%3.0f%%) %8.1f GFLOP/s (%3.0f%%)%n", experiment, layer, kind,
                row.get("shape"), one, 100 * one / peak[0], two, 100 * two / peak[1]);
        return row;
    }

    /** Median of repeats of about 20 ms each, after about 0.3 s of warm-up. */
    private double medianSeconds(Runnable call, double flops) {
        int perRepeat = (int) Math.max(1, 4e9 / flops); // about 20 ms at 200 GFLOP/s
        long warmUpEnd = System.nanoTime() + (quick ? 100_000_000L : 300_000_000L);
        while (System.nanoTime() < warmUpEnd) {
            call.run();
        }
        double[] samples = new double[quick ? 5 : 15];
        for (int s = 0; s < samples.length; s++) {
            long start = System.nanoTime();
            for (int i = 0; i < perRepeat; i++) {
                call.run();
            }
            samples[s] = (System.nanoTime() - start) / 1e9 / perRepeat;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    private Map<String, Object> epochs(ExperimentSpec spec, Dataset mnist, int threads, int epochCount) throws InterruptedException {
        TrainingSpec training = spec.training();
        ExperimentSpec timed = new ExperimentSpec(spec.name(), spec.description(), spec.dataset(), spec.model(), spec.loss(), spec.optimizer(),
                new TrainingSpec(epochCount, training.batchSize(), new trainyard.config.ValidationSpec.NoValidation(), training.seed(), threads, null));
        // Measured right before: a slow 2-thread row next to a slow hand-off is the VM, not the code.
        double handOff = handOffNanos();
        AllocationPerStep probe = new AllocationPerStep();
        TrainingOutcome outcome;
        try (Kernels kernels = Kernels.forThisMachine(threads)) {
            outcome = new Trainer(kernels, probe).fit(timed, mnist);
        }
        List<EpochResult> history = outcome.history();
        double[] seconds = history.stream().skip(1).mapToDouble(EpochResult::seconds).sorted().toArray();
        double median = seconds[seconds.length / 2];
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("experiment", spec.name());
        row.put("threads", threads);
        row.put("batch_size", training.batchSize());
        row.put("median_epoch_seconds", round(median));
        row.put("samples_per_second", Math.round(mnist.train().count() / median));
        // The fewest over the epochs after the first: an allocating step allocates in every epoch,
        // while the JIT compiling a method on its own (once, in some epoch) touches only one.
        double bytesPerStep = probe.fewestBytesPerStep();
        row.put("bytes_allocated_per_step", round(bytesPerStep));
        row.put("core_to_core_nanos_before", round(handOff));
        row.put("epochs", epochCount);
        row.put("test_accuracy", outcome.test() == null ? null : Math.round(outcome.test().accuracy() * 1e4) / 1e4);
        out.printf(Locale.ROOT, "  %-17s batch %-4d %d thread%s %14.3f %12d %12.1f %8.0f ns   %s%n", spec.name(), training.batchSize(), threads,
                threads == 1 ? " " : "s", median, row.get("samples_per_second"), bytesPerStep, handOff,
                outcome.test() == null ? "-" : String.format(Locale.ROOT, "%.4f", outcome.test().accuracy()));
        return row;
    }

    private Map<String, Object> evaluation(Dataset mnist) throws ConfigException {
        ExperimentSpec spec = ExperimentLoader.load(Path.of(RELU_ADAM)).spec();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int threads : new int[] {1, 2}) {
            try (Kernels kernels = Kernels.forThisMachine(threads)) {
                Network network = Network.build(spec.model(), spec.loss(), mnist.features(), Trainer.EVALUATION_BATCH, 1, kernels);
                Runnable call = () -> Trainer.evaluate(network, mnist.test(), mnist.classes());
                double seconds = medianSeconds(call, 2.0 * 10_000 * 159_010);
                row.put(threads + (threads == 1 ? "_thread" : "_threads"), round(seconds));
                out.printf(Locale.ROOT, "Evaluating the 10,000 test images (relu_adam), %d thread%s: %.4f s%n", threads, threads == 1 ? "" : "s", seconds);
            }
        }
        return row;
    }

    /** Runs in the report benchmark: a report of 2,000 runs must stay quick to write and to use. */
    static final int REPORT_RUNS = 2_000;

    /**
     * Writes 2,000 results like a sweep's on {@code images}' kind of data (10 epochs, diagnostics
     * with 8 mistaken pictures each) and times the report over them.
     */
    private Map<String, Object> reportOfManyRuns(Dataset images) throws IOException {
        Path scratch = Files.createTempDirectory("trainyard-report-bench-");
        ResultStore store = new ResultStore(scratch);
        SplittableRandom random = new SplittableRandom(3);
        RunResult.DatasetInfo dataset = new RunResult.DatasetInfo("synthetic", "0".repeat(64), images.train().count(), images.test().count(),
                images.classes(), images.features());
        for (int i = 0; i < REPORT_RUNS; i++) {
            List<RunResult.Epoch> history = new ArrayList<>();
            for (int epoch = 1; epoch <= 10; epoch++) {
                history.add(new RunResult.Epoch(epoch, 1.0 / epoch, 1 - 0.1 / epoch, 1.1 / epoch, 1 - 0.12 / epoch, 0.3, 0.001));
            }
            int[][] confusion = new int[10][10];
            for (int[] row : confusion) {
                for (int j = 0; j < 10; j++) {
                    row[j] = random.nextInt(50);
                }
            }
            List<RunResult.Mistake> mistakes = new ArrayList<>();
            for (int m = 0; m < 8; m++) {
                int index = random.nextInt(300); // runs on one test set get the same hard digits wrong
                byte[] pixels = new byte[images.features()];
                new SplittableRandom(index).nextBytes(pixels);
                mistakes.add(new RunResult.Mistake(index, 1, 2, 0.9, images.imageShape(), java.util.Base64.getEncoder().encodeToString(pixels)));
            }
            Map<String, Object> config = new LinkedHashMap<>(Map.of("name", "bench", "description", "run " + i,
                    "optimizer", Map.of("name", "adam", "learning_rate", random.nextDouble(1e-4, 1e-1)),
                    "training", Map.of("seed", i % 5, "batch_size", 32 << (i % 3))));
            store.write(new RunResult("bench", trainyard.results.ResultStore.runIdOf(config, dataset.checksum()), trainyard.results.RunStatus.COMPLETED, config, 159_010, history,
                    new trainyard.results.RunResult.Figures(0.08, 0.95 + random.nextDouble(0.03)), random.nextDouble(2, 8), "2026-01-01T00:00:00Z",
                    Environment.current(1, Kernels.vectorBitsOfThisMachine()), dataset, null, null, null, null, null, null,
                    new RunResult.Diagnostics(confusion, mistakes), RunResult.FORMAT_VERSION));
        }
        double[] seconds = new double[3];
        Path file = scratch.resolve("report.html");
        for (int repeat = 0; repeat < seconds.length; repeat++) {
            long start = System.nanoTime();
            trainyard.report.HtmlReport.write(file, trainyard.report.ReportData.collect(scratch, null, warning -> { }));
            seconds[repeat] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("median_seconds", round(seconds[1]));
        row.put("megabytes", round(Files.size(file) / 1e6));
        out.printf(Locale.ROOT, "Report over %,d runs: %.3f s to generate (median of 3), %.1f MB: %s%n", REPORT_RUNS, seconds[1],
                Files.size(file) / 1e6, file);
        return row;
    }

    /**
     * Median one-way time for a value passed back and forth between two threads through
     * one cache line: what every hand-off of the worker pool pays, and what tells a run
     * on two close cores from one on two distant ones.
     */
    private static double handOffNanos() throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong ball = new java.util.concurrent.atomic.AtomicLong();
        int rounds = 100_000;
        double[] samples = new double[5];
        for (int s = 0; s < samples.length; s++) {
            ball.set(0);
            Thread partner = new Thread(() -> {
                for (long value = 1; value < 2L * rounds; value += 2) {
                    while (ball.get() != value) {
                        Thread.onSpinWait();
                    }
                    ball.set(value + 1);
                }
            });
            partner.start();
            long start = System.nanoTime();
            for (long value = 0; value < 2L * rounds; value += 2) {
                while (ball.get() != value) {
                    Thread.onSpinWait();
                }
                ball.set(value + 1);
            }
            while (ball.get() != 2L * rounds) {
                Thread.onSpinWait();
            }
            samples[s] = (System.nanoTime() - start) / (2.0 * rounds);
            partner.join();
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }

    private static float[] randoms(int count, SplittableRandom random) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
