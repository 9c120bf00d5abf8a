package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.IdxFile;

/**
 * evaluate and predict on a model trained by the real relu_adam on real MNIST (skipped
 * without data/mnist; `make test` fetches it). The acceptance of issue #6: at least 19 of
 * 20 MNIST test digits saved as PNG, and 16 of 20 paint-style versions of them (black on
 * white, 5x larger, off-centre on a 200x200 canvas), are classified right.
 */
class ModelCommandsTest {
    static final Path MNIST = Path.of("data/mnist");
    static final int DIGITS = 20;

    @TempDir
    static Path folder;
    static Path model;
    static byte[] labels;


    static Outcome run(String... args) {
        return Outcome.of(args);
    }

    @BeforeAll
    static void trainReluAdam() throws Exception {
        assumeTrue(Files.isDirectory(MNIST), "data/mnist is absent: run 'make data' to include these tests");
        Path results = folder.resolve("results");
        Outcome trained = run("run", "experiments/relu_adam.yaml", "--results", results.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        try (Stream<Path> walk = Files.walk(results)) {
            model = walk.filter(p -> p.getFileName().toString().equals("model.safetensors")).findFirst().orElseThrow().getParent();
        }
        labels = writeDigitImages(folder);
    }

    /**
     * The first 20 MNIST test digits into folder as PNGs, mnist-N.png and paint-N.png
     * (black ink on white paper, 5x larger, off-centre on a 200x200 canvas); their labels.
     */
    static byte[] writeDigitImages(Path folder) throws Exception {
        IdxFile images = IdxFile.read(MNIST.resolve("t10k-images-idx3-ubyte"));
        byte[] labels = IdxFile.read(MNIST.resolve("t10k-labels-idx1-ubyte")).data();
        for (int n = 0; n < DIGITS; n++) {
            BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int i = 0; i < 784; i++) {
                int value = images.data()[n * 784 + i] & 0xff;
                digit.getRaster().setSample(i % 28, i / 28, 0, value);
            }
            ImageIO.write(digit, "png", folder.resolve("mnist-" + n + ".png").toFile());
            // Paint style: black ink on white paper, 5x larger, off-centre on a 200x200 canvas.
            BufferedImage paper = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = paper.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, 200, 200);
            BufferedImage inverted = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < 784; i++) {
                int value = 255 - (images.data()[n * 784 + i] & 0xff);
                inverted.setRGB(i % 28, i / 28, value << 16 | value << 8 | value);
            }
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(inverted, 55, 8, 140, 140, null);
            g.dispose();
            ImageIO.write(paper, "png", folder.resolve("paint-" + n + ".png").toFile());
        }
        return labels;
    }

    static int correct(String prefix) throws Exception {
        return correct(model, folder, prefix, labels);
    }

    /** How many of the 20 digits written by {@link #writeDigitImages} predict names right. */
    static int correct(Path model, Path folder, String prefix, byte[] labels) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("predict", model.toString()));
        for (int n = 0; n < DIGITS; n++) {
            arguments.add(folder.resolve(prefix + n + ".png").toString());
        }
        arguments.add("--json");
        Outcome outcome = run(arguments.toArray(String[]::new));
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        JsonNode predictions = new ObjectMapper().readTree(outcome.out());
        assertThat(predictions).hasSize(DIGITS);
        int right = 0;
        for (int n = 0; n < DIGITS; n++) {
            JsonNode prediction = predictions.get(n);
            assertThat(prediction.get("image").asText()).endsWith(prefix + n + ".png");
            assertThat(prediction.get("probabilities")).hasSize(10);
            right += prediction.get("class").asInt() == labels[n] ? 1 : 0;
        }
        return right;
    }

    @Test
    void mnistDigitsSavedAsPngAreReadRight() throws Exception {
        assertThat(correct("mnist-")).isGreaterThanOrEqualTo(19);
    }

    @Test
    void paintStyleDigitsAreReadRight() throws Exception {
        assertThat(correct("paint-")).isGreaterThanOrEqualTo(16);
    }

    @Test
    void evaluateReproducesTheRecordedTestFigures() {
        Outcome outcome = run("evaluate", model.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("(the same)");
    }

    @Test
    void aBadImageIsReportedAndTheOthersStillPredicted() throws Exception {
        Path broken = Files.writeString(folder.resolve("broken.png"), "no pixels here");
        Outcome outcome = run("predict", model.toString(), folder.resolve("mnist-0.png").toString(), broken.toString(),
                MNIST.resolve("t10k-labels-idx1-ubyte").toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.out()).contains("mnist-0.png: " + labels[0] + " (").contains("top 3:");
        assertThat(outcome.err()).contains(broken + ": is not an image this JDK can read").contains("holds labels, not images")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingOrCorruptModelIsOneLineAndExitTwo() throws Exception {
        Outcome missing = run("predict", folder.resolve("nowhere").toString(), folder.resolve("mnist-0.png").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("no such file");
        Path corrupt = Files.writeString(folder.resolve("corrupt.safetensors"), "\u0010\u0000\u0000\u0000\u0000\u0000\u0000\u0000{not json}.....");
        Outcome damaged = run("predict", corrupt.toString(), folder.resolve("mnist-0.png").toString());
        assertThat(damaged.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(damaged.err()).contains(corrupt + ": not a safetensors file");
    }

    @Test
    void idxFilesGiveEveryImageInThem() throws Exception {
        byte[] two = new byte[16 + 2 * 784];
        java.nio.ByteBuffer.wrap(two).putInt(0x00000803).putInt(2).putInt(28).putInt(28);
        System.arraycopy(IdxFile.read(MNIST.resolve("t10k-images-idx3-ubyte")).data(), 0, two, 16, 2 * 784);
        Path idx = Files.write(folder.resolve("two-images-idx3-ubyte"), two);
        Outcome outcome = run("predict", model.toString(), idx.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains(idx + "[0]: " + labels[0]).contains(idx + "[1]: " + labels[1]);
    }
}
