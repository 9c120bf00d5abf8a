package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trainyard.data.SyntheticIdx;

/**
 * Issue #10's hostile inputs, each generated here (no committed blobs) and run through the
 * real command line: the message (one line naming the file and the fault), the exit code,
 * nothing already written changed or lost, and the other work still done.
 */
class HostileInputsTest {
    @TempDir
    static Path folder;
    static Path[] dataset;
    static Path results;
    static Path experiment;
    static Path runFolder;


    static Outcome run(String... args) {
        return Outcome.of(args);
    }

    static final String SMALL = """
            model:
              layers:
                - dense: 12
                  activation: relu
                - dense: 3
                  activation: softmax
            loss: categorical_crossentropy
            optimizer: adam
            training:
              epochs: 1
              batch_size: 32
              seed: 1
            """;

    static Path experiment(String name, String body) throws IOException {
        String datasetBlock = "dataset:\n  idx:\n    train_images: " + dataset[0] + "\n    train_labels: " + dataset[1]
                + "\n    test_images: " + dataset[2] + "\n    test_labels: " + dataset[3] + "\n";
        return Files.writeString(folder.resolve(name + ".yaml"), datasetBlock + body);
    }

    /** One small model on 28x28 synthetic digits, so that predict reads pictures too. */
    @BeforeAll
    static void trainOneModel() throws Exception {
        dataset = SyntheticIdx.write(folder, 200, 60, 3, 28, 4);
        results = folder.resolve("results");
        experiment = experiment("toy", SMALL);
        Outcome trained = run("run", experiment.toString(), "--results", results.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        runFolder = resultFiles(results).keySet().stream().filter(p -> p.endsWith("result.json")).findFirst().orElseThrow().getParent();
    }

    /** Every file under a folder with the SHA-256 of its bytes: what "nothing changed" is checked against. */
    static Map<Path, String> resultFiles(Path root) throws Exception {
        Map<Path, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("report.html")).toList()) {
                files.put(file, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        }
        return files;
    }

    /** A copy of the trained run's folder, so each case damages its own. */
    static Path copyOfRun(String name) throws IOException {
        Path copy = folder.resolve("copies").resolve(name).resolve(runFolder.getFileName());
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(runFolder)) {
            for (Path file : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    // ---- cases 1 and 9: damaged result.json -------------------------------------------------

    static Stream<Arguments> damagedResults() throws IOException {
        String valid = Files.readString(runFolder.resolve("result.json"));
        ObjectNode withoutConfig = (ObjectNode) new ObjectMapper().readTree(valid);
        withoutConfig.remove("config");
        ObjectNode otherStatus = (ObjectNode) new ObjectMapper().readTree(valid);
        otherStatus.put("status", "running");
        return Stream.of(
                Arguments.of("the JSON null", "null", "holds the JSON null, not a result"),
                Arguments.of("cut short", valid.substring(0, valid.length() / 2), "not a valid result"),
                Arguments.of("without config", withoutConfig.toString(), "config is missing"),
                Arguments.of("an unknown status", otherStatus.toString(), "status is running"),
                Arguments.of("a duplicate key", valid.replaceFirst("\\{", "{\"status\": \"failed\","), "Duplicate field 'status'"),
                Arguments.of("17 MiB", " ".repeat(17 << 20), "cannot be read: is larger than 16 MiB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedResults")
    void aDamagedResultIsNamedSetAsideAndTrainedAgain(String title, String content, String reason) throws Exception {
        Path resultFile = runFolder.resolve("result.json");
        String before = Files.readString(resultFile);
        Files.writeString(resultFile, content);
        try {
            Outcome evaluate = run("evaluate", runFolder.toString());
            assertThat(evaluate.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(evaluate.errorLines()).singleElement().asString().contains(resultFile + " is damaged (", reason);

            Outcome report = run("report", "--results", results.toString(), "--out", folder.resolve("report.html").toString());
            assertThat(report.exitCode()).isZero();
            assertThat(report.errorLines()).singleElement().asString().contains(resultFile + " is damaged (", reason, "left out of the report");

            Outcome again = run("run", experiment.toString(), "--results", results.toString());
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.errorLines()).singleElement().asString().contains(resultFile + " is damaged (", reason, "moved to result.json.damaged-");
            assertThat(again.out()).contains("Test accuracy:");
            Path aside;
            try (Stream<Path> files = Files.list(runFolder)) {
                aside = files.filter(p -> p.getFileName().toString().startsWith("result.json.damaged-")).findFirst().orElseThrow();
            }
            assertThat(Files.readString(aside)).as("the damaged file, kept for the user").isEqualTo(content);
            assertThat(new ObjectMapper().readTree(resultFile.toFile()).get("status").asText()).isEqualTo("completed");
            Files.delete(aside);
        } finally {
            Files.writeString(resultFile, before);
        }
    }

    @Test
    void aFolderWhereResultJsonShouldBeIsSetAsideBeforeTraining() throws Exception {
        Path copy = experiment("folder_result", SMALL.replace("dense: 12", "dense: 11"));
        Outcome planned = run("run", copy.toString(), "--results", results.toString(), "--dry-run");
        String runId = planned.out().replaceAll("(?s).*1 trial: ([0-9a-f]{12}).*", "$1");
        Path resultFolder = results.resolve("folder_result").resolve(runId).resolve("result.json");
        Files.createDirectories(resultFolder);
        Files.writeString(resultFolder.resolve("inside.txt"), "the user's");
        Outcome outcome = run("run", copy.toString(), "--results", results.toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.errorLines()).singleElement().asString().contains("is a folder, not a file");
        assertThat(Files.isRegularFile(resultFolder)).isTrue();
        try (Stream<Path> files = Files.list(resultFolder.getParent())) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("result.json.damaged-")).findFirst().orElseThrow();
            assertThat(Files.readString(aside.resolve("inside.txt"))).isEqualTo("the user's");
        }
    }

    // ---- cases 5 and 6: model files ---------------------------------------------------------

    /** The trained model file with its header changed by {@code edit} and its data by {@code data}. */
    static byte[] model(UnaryOperator<ObjectNode> edit, UnaryOperator<ByteBuffer> data) throws IOException {
        byte[] bytes = Files.readAllBytes(runFolder.resolve("model.safetensors"));
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong();
        ObjectNode header = (ObjectNode) new ObjectMapper().readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        byte[] newHeader = edit.apply(header).toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer rest = data.apply(ByteBuffer.wrap(bytes, 8 + headerLength, bytes.length - 8 - headerLength).slice().order(ByteOrder.LITTLE_ENDIAN));
        ByteBuffer out = ByteBuffer.allocate(8 + newHeader.length + rest.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(newHeader.length).put(newHeader).put(rest);
        return out.array();
    }

    static UnaryOperator<ObjectNode> metadata(String key, String value) {
        return header -> {
            ((ObjectNode) header.get("__metadata__")).put(key, value);
            return header;
        };
    }

    /** The metadata of a file written before layer types: dense layers as units and activations under "layers". */
    static UnaryOperator<ObjectNode> oldLayers(String value) {
        return header -> {
            ((ObjectNode) header.get("__metadata__")).remove("model");
            ((ObjectNode) header.get("__metadata__")).put("layers", value);
            return header;
        };
    }

    static Stream<Arguments> hostileModels() throws IOException {
        UnaryOperator<ByteBuffer> same = data -> data;
        return Stream.of(
                Arguments.of("units 2,000,000,000", model(oldLayers("[{\"units\":2000000000,\"activation\":\"relu\"},{\"units\":3,\"activation\":\"softmax\"}]"), same),
                        "__metadata__.layers has units 2000000000"),
                Arguments.of("units 1,048,576 in a small file", model(oldLayers("[{\"units\":1048576,\"activation\":\"relu\"},{\"units\":3,\"activation\":\"softmax\"}]"), same),
                        "tensor dense_1/kernel is of shape [784, 12]; the metadata's layers need [784, 1048576]"),
                Arguments.of("an input shape of 100000x100000", model(metadata("input_shape", "[100000,100000]"), same),
                        "has more elements than one array can hold"),
                Arguments.of("units as 784.9", model(oldLayers("[{\"units\":12.9,\"activation\":\"relu\"},{\"units\":3,\"activation\":\"softmax\"}]"), same),
                        "__metadata__.layers has units 12.9"),
                Arguments.of("units as a string", model(oldLayers("[{\"units\":\"12\",\"activation\":\"relu\"},{\"units\":3,\"activation\":\"softmax\"}]"), same),
                        "__metadata__.layers has units \"12\""),
                Arguments.of("dense 2,000,000,000 in the model", model(metadata("model",
                        "{\"layers\":[{\"dense\":2000000000,\"activation\":\"relu\"},{\"dense\":3,\"activation\":\"softmax\"}]}"), same),
                        "__metadata__.model: model.layers[0].dense"),
                Arguments.of("an unknown layer type", model(metadata("model",
                        "{\"layers\":[{\"conv3d\":4},{\"dense\":3,\"activation\":\"softmax\"}]}"), same),
                        "__metadata__.model: model.layers[0]: expected a layer type as a key"),
                Arguments.of("dense on a convolution's output", model(metadata("model",
                        "{\"layers\":[{\"conv2d\":4,\"kernel_size\":3},{\"dense\":3,\"activation\":\"softmax\"}]}"), same),
                        "the metadata's model does not fit its input [28, 28]: model.layers[1].dense: the input is (None, 26, 26, 4)"),
                Arguments.of("an unknown loss", model(metadata("loss", "hinge"), same), "__metadata__.loss is 'hinge'"),
                Arguments.of("a NaN weight", model(header -> header, data -> data.putFloat(4, Float.NaN).rewind()),
                        "holds NaN at element 1; a model with non-finite weights is corrupt"),
                Arguments.of("an infinite weight", model(header -> header, data -> data.putFloat(0, Float.POSITIVE_INFINITY).rewind()),
                        "holds Infinity at element 0"),
                Arguments.of("overlapping tensors", model(header -> {
                    ArrayNode offsets = (ArrayNode) header.get("dense_1/bias").get("data_offsets");
                    offsets.removeAll().add(0).add(12 * 4);
                    return header;
                }, same), "overlap in the file's data"),
                Arguments.of("a shape past the file's end", model(header -> {
                    ((ArrayNode) header.get("dense_2/bias").get("shape")).removeAll().add(100_000_000);
                    return header;
                }, same), "tensor dense_2/bias of shape [100000000] needs more bytes than the file's"),
                Arguments.of("a header length of 2^62", ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 62).array(),
                        "header length 4611686018427387904 does not fit a 16-byte file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileModels")
    void aHostileModelFileIsOneLineAndExitTwoForEvaluateAndPredict(String title, byte[] modelBytes, String fault) throws Exception {
        Path copy = copyOfRun(title.replaceAll("[^a-z0-9]+", "_"));
        Files.write(copy.resolve("model.safetensors"), modelBytes);
        Map<Path, String> before = resultFiles(copy);
        Path image = folder.resolve("digit-for-" + copy.getParent().getFileName() + ".png");
        ImageIO.write(digit(28), "png", image.toFile());

        Outcome evaluate = run("evaluate", copy.toString(), "--data", folder.toString());
        assertThat(evaluate.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(evaluate.errorLines()).singleElement().asString().startsWith("trainyard: " + copy.resolve("model.safetensors") + ": ")
                .contains(fault);
        Outcome predict = run("predict", copy.toString(), image.toString(), "--json");
        assertThat(predict.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(predict.errorLines()).singleElement().asString().contains(fault);
        assertThat(predict.out()).doesNotContain("NaN");
        assertThat(resultFiles(copy)).isEqualTo(before);
    }

    // ---- case 3: images ---------------------------------------------------------------------

    static BufferedImage digit(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(side / 3, side / 5, Math.max(1, side / 8), side * 3 / 5);
        g.dispose();
        return image;
    }

    /** A PNG whose header claims width x height pixels of grey, followed by a few rows of real data and an end. */
    static byte[] pngClaiming(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[1 + width]); // one row of filter byte + pixels
        deflater.finish();
        byte[] compressed = new byte[width + 1024];
        int length = deflater.deflate(compressed);
        chunk(png, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        DataOutputStream out = new DataOutputStream(png);
        out.writeInt(data.length);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void predictNamesEachHostileImageAndStillPredictsTheOthers() throws Exception {
        Path good = folder.resolve("good.png");
        ImageIO.write(digit(28), "png", good.toFile());
        Path large = folder.resolve("large.png"); // 6.25 million pixels: read at every second row and column
        ImageIO.write(digit(2500), "png", large.toFile());
        Path absurd = Files.write(folder.resolve("absurd.png"), pngClaiming(30000, 30000));
        Path truncated = Files.write(folder.resolve("truncated.png"), java.util.Arrays.copyOf(Files.readAllBytes(good), 60));
        Path text = Files.writeString(folder.resolve("notes.png"), "not an image");
        Path missing = folder.resolve("missing.png");
        Map<Path, String> before = resultFiles(results);

        Outcome predict = run("predict", runFolder.toString(), good.toString(), absurd.toString(), large.toString(), truncated.toString(),
                text.toString(), missing.toString(), folder.toString());
        assertThat(predict.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(predict.out().lines()).hasSize(2);
        assertThat(predict.out()).contains(good + ": ", large + ": ");
        assertThat(predict.errorLines()).hasSize(5).allSatisfy(line -> assertThat(line).startsWith("trainyard: "));
        assertThat(predict.err()).contains(absurd + ": is 30000x30000 pixels; at most 100 million are read",
                truncated + ": cannot be read as an image: ", text + ": is not an image this JDK can read",
                missing + ": no such file", folder + ": is a folder, not an image");
        assertThat(resultFiles(results)).isEqualTo(before);
    }

    // ---- cases 4 and 8: found before training, nothing recorded -----------------------------

    @Test
    void faultsThatTheDatasetRevealsStopTheRunBeforeTrainingAndRecordNothing() throws Exception {
        Path split = experiment("split", SMALL.replace("seed: 1", "seed: 1\n  validation: {split: 0.9999999}"));
        Map<Path, String> before = resultFiles(results);
        Outcome outcome = run("run", split.toString(), "--results", results.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.errorLines()).singleElement().asString().startsWith(split + ":19:")
                .contains("training.validation.split: 0.9999999 of 200 training examples leaves 0 to train on and 200 to validate on");
        assertThat(resultFiles(results)).isEqualTo(before);
        assertThat(results.resolve("split")).doesNotExist();

        // Test images of another shape than the training images (same pixel count): refused before training.
        Path[] other = SyntheticIdx.write(Files.createDirectories(folder.resolve("other")), 20, 20, 3, 28, 9);
        byte[] reshaped = Files.readAllBytes(other[2]);
        ByteBuffer.wrap(reshaped).putInt(8, 14).putInt(12, 56);
        Files.write(other[2], reshaped);
        Path mismatched = Files.writeString(folder.resolve("mismatched.yaml"), "dataset:\n  idx:\n    train_images: " + dataset[0]
                + "\n    train_labels: " + dataset[1] + "\n    test_images: " + other[2] + "\n    test_labels: " + other[3] + "\n" + SMALL);
        Outcome shapes = run("run", mismatched.toString(), "--results", results.toString());
        assertThat(shapes.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(shapes.errorLines()).singleElement().asString()
                .isEqualTo("trainyard: " + other[2] + ": each image is 14x56 but each training image (" + dataset[0] + ") is 28x28;"
                        + " both must have the same shape");
        assertThat(resultFiles(results)).isEqualTo(before);
    }

    @Test
    void aNetworkThatCannotFitIsRefusedNamingItsNeedAndTheMachinesMemory() throws Exception {
        Path huge = experiment("huge", SMALL.replace("dense: 12", "dense: 1048576"));
        Map<Path, String> before = resultFiles(results);
        Outcome outcome = run("run", huge.toString(), "--results", results.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.errorLines()).singleElement().asString().startsWith(huge + ":")
                .containsPattern("model\\.layers: the network has 826,277,891 parameters \\(about 15,760 MB .*, [0-9,]+ MB in all; this machine has [0-9,]+ MB of memory,"
                        + " the JVM's heap [0-9,]+ MB, of which training may use [0-9,]+ MB beside the dataset; use fewer units");
        assertThat(resultFiles(results)).isEqualTo(before);
    }

    // ---- every command on a results folder with one damaged file of each kind -------------

    @Test
    void everyCommandStillWorksBesideOneDamagedFileOfEachKind() throws Exception {
        Path seeded = folder.resolve("seeded");
        Path sweep = experiment("seeded_sweep", SMALL + "sweep:\n  grid:\n    training.seed: [1, 2]\n");
        assertThat(run("run", sweep.toString(), "--results", seeded.toString()).exitCode()).isZero();
        List<Path> resultsOfSweep;
        try (Stream<Path> walk = Files.walk(seeded)) {
            resultsOfSweep = walk.filter(p -> p.getFileName().toString().equals("result.json")).sorted().toList();
        }
        Path damagedResult = resultsOfSweep.get(0);
        Path goodRun = resultsOfSweep.get(1).getParent();
        Files.writeString(damagedResult, "null");
        Files.writeString(seeded.resolve("seeded_sweep").resolve("sweep.json"), "{\"trials\": [");
        Files.write(goodRun.resolve("model.safetensors"), new byte[] {1, 2, 3});

        Outcome report = run("report", "--results", seeded.toString());
        assertThat(report.exitCode()).isZero();
        assertThat(report.out()).contains("Report of 1 runs");
        assertThat(report.errorLines()).hasSize(2);
        assertThat(report.err()).contains(damagedResult + " is damaged (holds the JSON null, not a result); left out of the report",
                seeded.resolve("seeded_sweep").resolve("sweep.json") + " is damaged (not valid JSON");

        Outcome evaluate = run("evaluate", goodRun.toString(), "--data", folder.toString());
        assertThat(evaluate.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(evaluate.errorLines()).singleElement().asString().contains("model.safetensors: not a safetensors file");

        Outcome again = run("run", sweep.toString(), "--results", seeded.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("2 trials, 1 of 2 already done");
        assertThat(again.out() + again.err()).contains(damagedResult + " is damaged (holds the JSON null, not a result)");
        assertThat(new ObjectMapper().readTree(damagedResult.toFile()).get("status").asText()).isEqualTo("completed");
        assertThat(new ObjectMapper().readTree(seeded.resolve("seeded_sweep").resolve("sweep.json").toFile()).get("trials")).hasSize(2);
    }
}
