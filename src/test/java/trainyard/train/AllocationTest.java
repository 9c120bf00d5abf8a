package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * relu_adam's network on MNIST allocates nothing per step in its last epoch (the third; the
 * fourth for a small convnet of every image layer, whose compilation settles later), plain,
 * with dropout, L2 and max-norm, on 1 and 2 threads, in a JVM with `make run`'s flags.
 * (The in-process allocation tests run with the test JVM's flags, under which the JIT
 * removed a per-step allocation that `make run` kept: a shape made at every step.)
 */
class AllocationTest {
    @TempDir
    Path folder;

    @Test
    void theThirdEpochOnMnistAllocatesNothingWithMakeRunsFlags() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("data/mnist")), "data/mnist is absent: run 'make data' to include this test");
        String plain = Files.readString(Path.of("experiments/relu_adam.yaml")).replace("epochs: 5", "epochs: 3").replace("validation: test", "validation: none");
        String regularised = plain.replace("model:\n", "model:\n  input_dropout: 0.2\n")
                .replace("activation: relu", "activation: relu\n      dropout: 0.5\n      l2: 1.0e-4\n      max_norm: 3")
                .replace("name: adam", "name: adamw");
        String convnet = plain.replaceAll("(?s)model:.*?loss:", """
                model:
                  layers:
                    - {conv2d: 8, kernel_size: 3, activation: relu, l2: 1.0e-4, max_norm: 3}
                    - batch_normalization
                    - max_pooling2d: 2
                    - {conv2d: 8, kernel_size: 3, padding: same, activation: tanh}
                    - average_pooling2d: 2
                    - flatten
                    - dropout: 0.3
                    - {dense: 10, activation: softmax}
                loss:""").replace("epochs: 3", "epochs: 4"); // its compilation settles later: a late recompilation allocates in one epoch of 2 to 4
        assertThat(convnet).contains("conv2d");
        for (String experiment : List.of(plain, regularised, convnet)) {
            Path file = Files.writeString(folder.resolve("probe.yaml"), experiment);
            for (String threads : List.of("1", "2")) {
                String java = ProcessHandle.current().info().command().orElse("java");
                List<String> command = new ArrayList<>(List.of(java, "@src/scripts/jvm.options", "-cp", System.getProperty("java.class.path"),
                        AllocationProbe.class.getName(), file.toString(), threads));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(output).as("%s threads:\n%s", threads, experiment).contains("bytes per step: 0.0");
            }
        }
    }
}
