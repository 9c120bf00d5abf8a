package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The real MNIST files, when `make data` has put them in data/mnist (make test does). */
class MnistTest {
    @Test
    void realMnistHasTheKnownShapeAndLabelCounts() throws Exception {
        Path folder = Path.of("data/mnist");
        assumeTrue(Files.isDirectory(folder), "data/mnist is absent: run 'make data' to include this test");
        Path[] files = new MnistDownload(folder, java.util.List.of(), line -> { }).ensure();
        Dataset mnist = Dataset.of("mnist", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
        assertThat(mnist.train().count()).isEqualTo(60_000);
        assertThat(mnist.test().count()).isEqualTo(10_000);
        assertThat(mnist.features()).isEqualTo(784);
        assertThat(mnist.classes()).isEqualTo(10);
        int[] counts = new int[10];
        for (int i = 0; i < mnist.train().count(); i++) {
            counts[mnist.train().label(i)]++;
        }
        // docs/reference-workloads.md
        assertThat(counts).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
    }
}
