package trainyard.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import trainyard.config.Activation;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.PlainKernels;
import trainyard.model.Network;
import trainyard.train.Checkpoint;
import trainyard.train.EpochResult;

/**
 * The readers of what runs write (checkpoint.bin, model.safetensors, result.json) against
 * valid files and their mutations: cut at any length, bits flipped, bytes overwritten. A
 * checkpoint is used or named in one warning and ignored; a model file is read or one
 * fault naming the file; a result.json is valid, missing or damaged with its reason. No
 * other exception escapes. The mutations come from a seeded generator, so a failure repeats.
 */
class ResultReadersPropertyTest {
    private static final Path FOLDER;
    private static final byte[] CHECKPOINT;
    private static final byte[] MODEL;
    private static final byte[] RESULT;

    static {
        try {
            FOLDER = Files.createTempDirectory("trainyard-result-readers-");
            CheckpointFile checkpoint = new CheckpointFile(Files.createDirectories(FOLDER.resolve("source")), "run", warning -> { });
            checkpoint.save(new Checkpoint(2, 20, 1.5, List.of(new EpochResult(1, 0.5, 0.8, 0.6, 0.7, 1.0, 0.01),
                    new EpochResult(2, 0.4, 0.85, 0.55, 0.75, 1.0, 0.01)), Map.of("dense_1/kernel", new float[] {1, 2, 3, 4}),
                    Map.of("early_stopping/best", 0.5)));
            CHECKPOINT = Files.readAllBytes(checkpoint.file());
            ModelSpec spec = new ModelSpec(List.of(new DenseSpec(4, Activation.RELU), new DenseSpec(3, Activation.SOFTMAX)));
            Network network = Network.build(spec, LossKind.CATEGORICAL_CROSSENTROPY, 6, 4, 1, new PlainKernels());
            Path model = FOLDER.resolve("source").resolve(ModelFile.FILE_NAME);
            ModelFile.write(model, ModelFile.of(network, spec, new int[] {2, 3}, LossKind.CATEGORICAL_CROSSENTROPY));
            MODEL = Files.readAllBytes(model);
            Map<String, Object> config = Map.of("dataset", "mnist", "model", Map.of("layers", List.of()), "training", Map.of("seed", 1));
            RunResult result = new RunResult("p", ResultStore.runIdOf(config, "0".repeat(64)), RunStatus.COMPLETED, config, 10,
                    List.of(new RunResult.Epoch(1, 0.5, 0.8, 0.6, 0.7, 1.0, 0.01)), new RunResult.Figures(0.6, 0.7), 1.0,
                    "2026-01-01T00:00:00Z", Environment.current(1, 256),
                    new RunResult.DatasetInfo("mnist", "0".repeat(64), 10, 10, 3, 6), null, null, null, 1, null, null, null,
                    RunResult.FORMAT_VERSION);
            Path written = new ResultStore(FOLDER.resolve("results")).write(result);
            RESULT = Files.readAllBytes(written);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Mutation(int kind, int position, int value) {
        byte[] apply(byte[] valid) {
            byte[] bytes = valid.clone();
            int at = Math.floorMod(position, bytes.length);
            switch (kind) {
                case 0 -> {
                    return Arrays.copyOf(bytes, at);
                }
                case 1 -> bytes[at] ^= (byte) (1 << (value & 7));
                default -> {
                    for (int i = at; i < Math.min(bytes.length, at + 1 + (value & 15)); i++) {
                        bytes[i] = (byte) (value >>> (i & 3));
                    }
                }
            }
            return bytes;
        }
    }

    /** Mutations from a seeded generator: a failure names its try and repeats. */
    static List<Mutation> mutations(long seed, int tries) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Mutation> mutations = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            mutations.add(new Mutation(random.nextInt(3), random.nextInt(), random.nextInt()));
        }
        return mutations;
    }

    private static Path folder(String name) throws IOException {
        return Files.createDirectories(FOLDER.resolve(name + "-" + System.nanoTime()));
    }

    @Test
    void aCheckpointOrItsMutationIsUsedOrNamedAndIgnored() throws IOException {
        for (Mutation mutation : mutations(31, 1_000)) {
            checkpointIsUsedOrNamed(mutation);
        }
    }

    private void checkpointIsUsedOrNamed(Mutation mutation) throws IOException {
        Path run = folder("checkpoint");
        Files.write(run.resolve(CheckpointFile.FILE_NAME), mutation.apply(CHECKPOINT));
        List<String> warnings = new ArrayList<>();
        var read = new CheckpointFile(run, "run", warnings::add).latest();
        if (read.isEmpty()) {
            assertThat(warnings).singleElement().asString().contains(run.resolve(CheckpointFile.FILE_NAME).toString())
                    .contains("the checkpoint is not usable");
        } else {
            assertThat(read.get().epoch()).isEqualTo(2); // every byte is covered by the checksum: only an unchanged file is used
        }
    }

    @Test
    void aModelFileOrItsMutationIsReadOrNamed() throws IOException {
        for (Mutation mutation : mutations(32, 1_000)) {
            modelIsReadOrNamed(mutation);
        }
    }

    private void modelIsReadOrNamed(Mutation mutation) throws IOException {
        Path file = folder("model").resolve(ModelFile.FILE_NAME);
        Files.write(file, mutation.apply(MODEL));
        try {
            ModelFile.read(file);
        } catch (ModelFile.ModelFileException e) {
            assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n");
        }
    }

    @Test
    void aResultOrItsMutationIsValidOrDamagedWithItsReason() throws IOException {
        for (Mutation mutation : mutations(33, 1_000)) {
            resultIsValidOrDamaged(mutation);
        }
    }

    private void resultIsValidOrDamaged(Mutation mutation) throws IOException {
        String runId = new String(RESULT, java.nio.charset.StandardCharsets.UTF_8).replaceAll("(?s).*\"run_id\" : \"([0-9a-f]+)\".*", "$1");
        Path file = Files.createDirectories(folder("result").resolve(runId)).resolve(ResultStore.RESULT_FILE);
        Files.write(file, mutation.apply(RESULT));
        ResultStore.Stored stored = ResultStore.load(file);
        assertThat(stored).isNotInstanceOf(ResultStore.Stored.Missing.class);
        if (stored instanceof ResultStore.Stored.Damaged damaged) {
            assertThat(damaged.describe()).startsWith(file.toString()).doesNotContain("\n");
        }
    }
}
