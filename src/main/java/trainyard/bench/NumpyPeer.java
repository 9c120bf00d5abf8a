package trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The numpy peer of `make bench` (src/bench/numpy_baseline.py): relu_adam's epochs on 2
 * OpenBLAS threads, and the wide network's (784-1024-1024-10, SGD momentum, batch 128) with
 * a 1024x1024x1024 product on 1 and 2 threads. Each call runs it once; Bench calls it before
 * the first width and after each one, so that its figures span the same minutes as ours.
 *
 * <p>The peer is pinned: the system's python3 (Debian's numpy on the system OpenBLAS)
 * before the PATH's, whose numpy may be any build; and OpenBLAS chooses its own kernel, so
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from this command's environment (only
 * this one's). The BLAS and kernel it ran are printed beside the figures.
 */
final class NumpyPeer {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Debian's python3, whose numpy runs on the system OpenBLAS: the pinned peer. */
    private static final String SYSTEM_PYTHON = "/usr/bin/python3";
    /** How to install that peer: the script names Debian's packages, in the one place they are listed. */
    private static final String PEER_INSTALL = "as root on Debian: sh src/scripts/bench-peers.sh";

    /** Every epoch measured so far (the first of each call left out: numpy has no JIT, but it pages the data in). */
    private final List<Double> reluAdamEpochs = new ArrayList<>();
    /** The wide network's epochs, likewise, and the 1024³ product's GFLOP/s (one per call); index 0: 1 thread, 1: 2 threads. */
    private final List<List<Double>> wideEpochs = List.of(new ArrayList<>(), new ArrayList<>());
    private final List<List<Double>> squareGflops = List.of(new ArrayList<>(), new ArrayList<>());

    private final PrintStream out;
    private final boolean quick;
    private String version;
    private String python;

    NumpyPeer(PrintStream out, boolean quick) {
        this.out = out;
        this.quick = quick;
    }

    /** One turn: relu_adam on 2 threads and, unless quick, the wide network on 1 and 2; false without numpy. */
    boolean measure() throws IOException, InterruptedException {
        JsonNode result = null;
        for (String candidate : python == null ? List.of(SYSTEM_PYTHON, "python3") : List.of(python)) {
            result = run(candidate, "--epochs-json", quick ? "2" : "4", 2);
            if (result != null) {
                if (python == null && !candidate.equals(SYSTEM_PYTHON)) {
                    out.println("numpy peer: " + SYSTEM_PYTHON + " has no numpy, so the PATH's " + candidate + " runs it: not the pinned peer,"
                            + " and its ratios may not be fair (" + PEER_INSTALL + ")");
                }
                python = candidate;
                break;
            }
        }
        if (result == null) {
            out.println("numpy baseline: not run (no python3 with numpy); install the pinned peer (" + PEER_INSTALL + ") for the ratio");
            return false;
        }
        version = result.get("numpy").asText();
        String blas = result.path("blas").asText("BLAS unknown");
        if (reluAdamEpochs.isEmpty() && !blas.toLowerCase(Locale.ROOT).contains("openblas")) {
            out.println("numpy peer: its BLAS is " + blas + ", not OpenBLAS: its ratios are not a fair comparison"
                    + " (" + PEER_INSTALL + ")");
        }
        List<Double> epochs = epochs(result, reluAdamEpochs);
        out.printf(Locale.ROOT, "numpy %s (%s; %s) relu_adam on 2 OpenBLAS threads, seconds per epoch: %s%n", version, python,
                blas, String.join(" ", epochs.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).toList()));
        if (!quick) {
            for (int threads : new int[] {1, 2}) {
                JsonNode wide = run(python, "--wide-json", "3", threads);
                if (wide != null) {
                    List<Double> callEpochs = epochs(wide, wideEpochs.get(threads - 1));
                    squareGflops.get(threads - 1).add(wide.get("square_gflops").asDouble());
                    out.printf(Locale.ROOT, "numpy 784-1024-1024-10 on %d OpenBLAS thread%s, seconds per epoch: %s; 1024³ product %.1f GFLOP/s%n",
                            threads, threads == 1 ? "" : "s", String.join(" ", callEpochs.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).toList()),
                            wide.get("square_gflops").asDouble());
                }
            }
        }
        return true;
    }

    /** The medians of every call so far, for the targets. */
    Targets.Peer medians() {
        return new Targets.Peer(Bench.median(reluAdamEpochs), Bench.median(wideEpochs.get(0)), Bench.median(wideEpochs.get(1)),
                Bench.median(squareGflops.get(0)), Bench.median(squareGflops.get(1)));
    }

    /** Every figure measured, for bench.json's "numpy" section. */
    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("numpy", version);
        figures.put("relu_adam_2_threads_epoch_seconds", reluAdamEpochs);
        figures.put("wide_1_thread_epoch_seconds", wideEpochs.get(0));
        figures.put("wide_2_threads_epoch_seconds", wideEpochs.get(1));
        figures.put("square_product_gflops_1_thread", squareGflops.get(0));
        figures.put("square_product_gflops_2_threads", squareGflops.get(1));
        return figures;
    }

    /** A call's epochs, all of them returned, the first left out of {@code into}. */
    private static List<Double> epochs(JsonNode result, List<Double> into) {
        List<Double> epochs = new ArrayList<>();
        result.get("epoch_seconds").forEach(node -> epochs.add(node.asDouble()));
        into.addAll(epochs.subList(1, epochs.size()));
        return epochs;
    }

    /** One run of the script as JSON, or null when that python or its numpy is missing. */
    private static JsonNode run(String python, String mode, String epochs, int threads) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(python, "src/bench/numpy_baseline.py", mode, epochs)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
        builder.environment().remove("OPENBLAS_CORETYPE");
        builder.environment().remove("OPENBLAS_L2_SIZE");
        return lastJsonLine(builder);
    }

    /**
     * Starts a peer's script and reads the JSON line it ends with; null when the python, a
     * module it needs or the script itself fails (the caller says what is missing).
     */
    static JsonNode lastJsonLine(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return null;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || !output.startsWith("{")) {
            return null;
        }
        return JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
    }
}
