package trainyard.cli;

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
import trainyard.config.ConfigException;
import trainyard.config.ExperimentLoader;
import trainyard.config.ExperimentSpec;
import trainyard.config.LayerSpec;
import trainyard.config.TrainingSpec;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.kernels.FmaPeak;
import trainyard.kernels.Kernels;
import trainyard.kernels.VectorKernels;
import trainyard.model.Network;
import trainyard.results.Environment;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.train.AllocationPerStep;
import trainyard.train.EpochResult;
import trainyard.train.Trainer;

/**
 * `trainyard bench`: the figures issue #3 asks for, measured with warm-up, repeats and
 * medians: GFLOP/s of each product of training at the shapes of relu_adam and
 * sigmoid_relu_sgd, seconds per epoch, evaluation time, bytes allocated per step, and
 * the peak RSS of a real `run`. Prints a table and writes results/bench.json.
 */
final class BenchCommand {
    private static final String[] EXPERIMENTS = {"experiments/relu_adam.yaml", "experiments/sigmoid_relu_sgd.yaml"};

    private final PrintStream out;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    int execute(List<String> arguments) throws ConfigException, DataException, IOException, InterruptedException {
        boolean quick = arguments.contains("--quick");
        Map<String, Object> report = new LinkedHashMap<>();
        int cores = Runtime.getRuntime().availableProcessors();
        report.put("environment", Environment.current(cores, VectorKernels.vectorBits()));
        report.put("peak_gflops_estimate", peak(cores));
        out.printf(Locale.ROOT, "Machine: %s, %d cores, %d-bit vectors; arithmetic peak estimate %.0f GFLOP/s (%s)%n",
                Environment.current(cores, 0).cpu(), cores, VectorKernels.vectorBits(), peakGflops(cores), peakFormula(cores));
        double[] measuredPeak = {FmaPeak.gflops(1, quick ? 100 : 250), FmaPeak.gflops(2, quick ? 100 : 250)};
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("1_thread", round(measuredPeak[0]));
        measured.put("2_threads", round(measuredPeak[1]));
        measured.put("method", "16 chains of vector FMAs on registers, no memory; best of 3");
        report.put("peak_gflops_measured", measured);
        out.printf(Locale.ROOT, "Measured FMA peak (registers only): %.0f GFLOP/s on 1 thread, %.0f on 2 (so the cores run at about %.1f GHz)%n",
                measuredPeak[0], measuredPeak[1], measuredPeak[0] / (fmaBitsPerCycle() / 32.0 * 2));
        double handOff = handOffNanos();
        report.put("core_to_core_nanos", round(handOff));
        out.printf(Locale.ROOT, "Core-to-core hand-off: %.0f ns (one cache line passed between two threads; 35-80 ns on this"
                + " project's VM, 150-270 ns when its two vCPUs sit far apart, which slows every 2-thread figure)%n", handOff);

        List<Map<String, Object>> products = new ArrayList<>();
        out.println();
        out.println("Products of training (median of repeats)                      1 thread (% of peak)   2 threads (% of peak)");
        for (String file : EXPERIMENTS) {
            ExperimentSpec spec = ExperimentLoader.load(Path.of(file)).spec();
            int batch = spec.training().batchSize();
            int inputs = 784;
            for (int layer = 0; layer < spec.model().layers().size(); layer++) {
                LayerSpec layerSpec = spec.model().layers().get(layer);
                int outputs = layerSpec.units();
                products.add(product(spec.name(), "X·W", layer + 1, batch, inputs, outputs, quick, measuredPeak));
                products.add(product(spec.name(), "Xᵀ·dY", layer + 1, batch, inputs, outputs, quick, measuredPeak));
                if (layer > 0) {
                    products.add(product(spec.name(), "dY·Wᵀ", layer + 1, batch, inputs, outputs, quick, measuredPeak));
                }
                inputs = outputs;
            }
        }
        report.put("products", products);

        Dataset mnist = Datasets.load(new trainyard.config.DatasetSpec.Mnist(), Path.of("data"), out);
        List<Map<String, Object>> epochs = new ArrayList<>();
        out.println();
        out.println("Training on MNIST (median of epochs 2..5)            seconds/epoch   samples/s   bytes/step   hand-off before");
        for (String file : EXPERIMENTS) {
            ExperimentSpec spec = ExperimentLoader.load(Path.of(file)).spec();
            for (int threads : new int[] {1, 2}) {
                epochs.add(epochs(spec, mnist, threads, quick ? 3 : 5));
            }
        }
        report.put("training", epochs);

        out.println();
        report.put("evaluate_test_seconds", evaluation(mnist));
        report.put("report_of_500_runs", reportOf500Runs());
        report.put("peak_rss_mb_of_run", peakRss());

        Path written = Path.of("results/bench.json");
        ResultStore.writeJson(written, report);
        out.println("Written: " + written);
        return ExitCode.OK;
    }

    /** @param peak GFLOP/s of {@link FmaPeak} on 1 and 2 threads, to show the product as a share of it */
    private Map<String, Object> product(String experiment, String kind, int layer, int batch, int inputs, int outputs, boolean quick,
                                        double[] peak) {
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
            try (Kernels kernels = new VectorKernels(threads)) {
                float[] wt = new float[inputs * outputs];
                Runnable call = switch (kind) {
                    case "X·W" -> () -> kernels.multiply(x, w, null, out1, batch, inputs, outputs);
                    case "Xᵀ·dY" -> () -> kernels.multiplyTransposedLeft(x, dy, out1, batch, inputs, outputs);
                    default -> () -> {
                        kernels.transpose(w, inputs, outputs, wt);
                        kernels.multiply(dy, wt, null, out1, batch, outputs, inputs);
                    };
                };
                double seconds = medianSeconds(call, flops, quick);
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
    private static double medianSeconds(Runnable call, double flops, boolean quick) {
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
        List<EpochResult> history;
        try (Kernels kernels = new VectorKernels(threads)) {
            history = new Trainer(kernels, probe).fit(timed, mnist).history();
        }
        double[] seconds = history.stream().skip(1).mapToDouble(EpochResult::seconds).sorted().toArray();
        double median = seconds[seconds.length / 2];
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("experiment", spec.name());
        row.put("threads", threads);
        row.put("batch_size", training.batchSize());
        row.put("median_epoch_seconds", round(median));
        row.put("samples_per_second", Math.round(mnist.train().count() / median));
        double bytesPerStep = probe.bytesPerStep();
        row.put("bytes_allocated_per_step", round(bytesPerStep));
        row.put("core_to_core_nanos_before", round(handOff));
        out.printf(Locale.ROOT, "  %-17s batch %-4d %d thread%s %14.3f %12d %12.1f %11.0f ns%n", spec.name(), training.batchSize(), threads,
                threads == 1 ? " " : "s", median, row.get("samples_per_second"), bytesPerStep, handOff);
        return row;
    }

    private Map<String, Object> evaluation(Dataset mnist) throws ConfigException {
        ExperimentSpec spec = ExperimentLoader.load(Path.of(EXPERIMENTS[0])).spec();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int threads : new int[] {1, 2}) {
            try (Kernels kernels = new VectorKernels(threads)) {
                Network network = Network.build(spec.model(), spec.loss(), mnist.features(), Trainer.EVALUATION_BATCH, 1, kernels);
                Runnable call = () -> Trainer.evaluate(network, mnist.test(), mnist.classes());
                double seconds = medianSeconds(call, 2.0 * 10_000 * 159_010 * 200, false);
                row.put(threads + (threads == 1 ? "_thread" : "_threads"), round(seconds));
                out.printf(Locale.ROOT, "Evaluating the 10,000 test images (relu_adam), %d thread%s: %.4f s%n", threads, threads == 1 ? "" : "s", seconds);
            }
        }
        return row;
    }

    /** Writes 500 results like a sweep's (10 epochs, diagnostics with 8 digits each) and times the report over them. */
    private Map<String, Object> reportOf500Runs() throws IOException {
        Path scratch = Files.createTempDirectory("trainyard-report-bench-");
        ResultStore store = new ResultStore(scratch);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            List<EpochResult> history = new ArrayList<>();
            for (int epoch = 1; epoch <= 10; epoch++) {
                history.add(new EpochResult(epoch, 1.0 / epoch, 1 - 0.1 / epoch, 1.1 / epoch, 1 - 0.12 / epoch, 0.3));
            }
            int[][] confusion = new int[10][10];
            for (int[] row : confusion) {
                for (int j = 0; j < 10; j++) {
                    row[j] = random.nextInt(50);
                }
            }
            List<RunResult.Mistake> mistakes = new ArrayList<>();
            for (int m = 0; m < 8; m++) {
                byte[] pixels = new byte[784];
                random.nextBytes(pixels);
                mistakes.add(new RunResult.Mistake(m, 1, 2, 0.9, new int[] {28, 28}, java.util.Base64.getEncoder().encodeToString(pixels)));
            }
            Map<String, Object> config = new LinkedHashMap<>(Map.of("name", "bench", "description", "run " + i,
                    "optimizer", Map.of("name", "adam", "learning_rate", random.nextDouble(1e-4, 1e-1)),
                    "training", Map.of("seed", i % 5, "batch_size", 32 << (i % 3))));
            store.write(new RunResult("bench", String.format("%012x", i), RunResult.COMPLETED, config, 159_010, history,
                    new trainyard.train.Evaluation(0.08, 0.95 + random.nextDouble(0.03)), random.nextDouble(2, 8), "2026-01-01T00:00:00Z",
                    Environment.current(1, VectorKernels.vectorBits()), null, null, null, null, null,
                    new RunResult.Diagnostics(confusion, mistakes), RunResult.FORMAT_VERSION));
        }
        double[] seconds = new double[3];
        Path file = scratch.resolve("report.html");
        for (int repeat = 0; repeat < seconds.length; repeat++) {
            long start = System.nanoTime();
            trainyard.report.HtmlReport.write(file, trainyard.report.ReportData.collect(scratch, null));
            seconds[repeat] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("median_seconds", round(seconds[1]));
        row.put("megabytes", round(Files.size(file) / 1e6));
        out.printf(Locale.ROOT, "Report over 500 runs: %.3f s to generate (median of 3), %.1f MB%n", seconds[1], Files.size(file) / 1e6);
        return row;
    }

    /** Starts `run experiments/relu_adam.yaml --force` as `make run` does and records its peak resident memory. */
    private Object peakRss() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path scratch = Files.createTempDirectory("trainyard-bench-");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-X") || a.startsWith("-D")).toList());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "trainyard.cli.Main", "run", EXPERIMENTS[0],
                "--force", "--results", scratch.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long peakKb = 0;
        Path status = Path.of("/proc/" + process.pid() + "/status");
        while (process.isAlive()) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        peakKb = Math.max(peakKb, Long.parseLong(line.replaceAll("[^0-9]", "")));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                break; // the process ended between the check and the read, or not Linux
            }
            Thread.sleep(20);
        }
        process.waitFor();
        out.printf(Locale.ROOT, "Peak RSS of `run %s`: %d MB (JVM flags: %s)%n", EXPERIMENTS[0], peakKb / 1024,
                String.join(" ", command.subList(1, command.indexOf("-cp"))));
        return peakKb == 0 ? null : peakKb / 1024;
    }

    /**
     * FMA bits a core retires per cycle: AMD before Zen 5 (family 25 and below) has two
     * 256-bit FMA pipes and runs a 512-bit FMA on both; Zen 5 and Intel's AVX-512 server
     * cores have two full-width units.
     */
    static int fmaBitsPerCycle() {
        int vectorBits = VectorKernels.vectorBits();
        String vendor = Environment.cpuInfo("vendor_id");
        String family = Environment.cpuInfo("cpu family");
        boolean olderAmd = "AuthenticAMD".equals(vendor) && family != null && Integer.parseInt(family) < 26;
        return olderAmd ? Math.min(512, 2 * vectorBits) : 2 * vectorBits;
    }

    private static double peakGflops(int cores) {
        return fmaBitsPerCycle() / 32.0 * 2 /* flops per FMA */ * cores * clockGhz();
    }

    private static String peakFormula(int cores) {
        return String.format(Locale.ROOT, "%d FMA lanes per cycle x 2 flops x %d cores x %.2f GHz nominal clock (boost may be higher)",
                fmaBitsPerCycle() / 32, cores, clockGhz());
    }

    private static Map<String, Object> peak(int cores) {
        Map<String, Object> peak = new LinkedHashMap<>();
        peak.put("gflops", round(peakGflops(cores)));
        peak.put("formula", peakFormula(cores));
        return peak;
    }

    private static double clockGhz() {
        String megahertz = Environment.cpuInfo("cpu MHz");
        try {
            return megahertz == null ? Double.NaN : Double.parseDouble(megahertz) / 1000;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
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
