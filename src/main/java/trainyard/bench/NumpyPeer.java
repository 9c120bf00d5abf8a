package trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    /** Every epoch measured so far (the first of each call left out: numpy has no JIT, but it pages the data in). */
    final List<Double> reluAdamEpochs = new ArrayList<>();
    /** The wide network's epochs on 1 and 2 threads, likewise. */
    final List<Double> wideEpochs1 = new ArrayList<>();
    final List<Double> wideEpochs2 = new ArrayList<>();
    /** The 1024³ product's GFLOP/s on 1 and 2 threads, one per call. */
    final List<Double> squareGflops1 = new ArrayList<>();
    final List<Double> squareGflops2 = new ArrayList<>();

    private final PrintStream out;
    private final boolean quick;
    private String version;
    private String python;

    NumpyPeer(PrintStream out, boolean quick) {
        this.out = out;
        this.quick = quick;
    }

    /** The numpy version, or null when no python3 with numpy is there. */
    String version() {
        return version;
    }

    /** One turn: relu_adam on 2 threads and, unless quick, the wide network on 1 and 2; false without numpy. */
    boolean measure() throws IOException, InterruptedException {
        JsonNode result = null;
        for (String candidate : python == null ? List.of("/usr/bin/python3", "python3") : List.of(python)) {
            result = run(candidate, "--epochs-json", quick ? "2" : "4", 2);
            if (result != null) {
                python = candidate;
                break;
            }
        }
        if (result == null) {
            out.println("numpy baseline: not run (no python3 with numpy); install numpy (Debian: apt-get install python3-numpy) for the ratio");
            return false;
        }
        version = result.get("numpy").asText();
        List<Double> epochs = epochs(result, reluAdamEpochs);
        out.printf(Locale.ROOT, "numpy %s (%s; %s) relu_adam on 2 OpenBLAS threads, seconds per epoch: %s%n", version, python,
                result.path("blas").asText("BLAS unknown"), String.join(" ", epochs.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).toList()));
        if (!quick) {
            for (int threads : new int[] {1, 2}) {
                JsonNode wide = run(python, "--wide-json", "3", threads);
                if (wide != null) {
                    List<Double> wideEpochs = epochs(wide, threads == 1 ? wideEpochs1 : wideEpochs2);
                    (threads == 1 ? squareGflops1 : squareGflops2).add(wide.get("square_gflops").asDouble());
                    out.printf(Locale.ROOT, "numpy 784-1024-1024-10 on %d OpenBLAS thread%s, seconds per epoch: %s; 1024³ product %.1f GFLOP/s%n",
                            threads, threads == 1 ? "" : "s", String.join(" ", wideEpochs.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).toList()),
                            wide.get("square_gflops").asDouble());
                }
            }
        }
        return true;
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
