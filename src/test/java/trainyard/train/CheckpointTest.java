package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.Activation;
import trainyard.config.CosineDecaySpec;
import trainyard.config.DatasetSpec;
import trainyard.config.EarlyStoppingSpec;
import trainyard.config.ExperimentSpec;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.config.OptimizerSpec;
import trainyard.config.ReduceLrOnPlateauSpec;
import trainyard.config.TrainingSpec;
import trainyard.config.ValidationSpec;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.SyntheticIdx;
import trainyard.kernels.VectorKernels;
import trainyard.model.Parameter;
import trainyard.results.CheckpointFile;

/**
 * A run stopped after any epoch and resumed from its checkpoint file ends with the same
 * bits as one never stopped: weights, every history figure but the wall time, and the
 * test. With every option that keeps state: dropout, L2, max-norm, AdamW's moments on a
 * schedule, early stopping's best weights, and reduce-on-plateau's rate and counters.
 */
class CheckpointTest {
    @TempDir
    Path folder;

    /** Stops training by throwing once the checkpoint of a given epoch is saved, as a kill would. */
    static final class Interrupted extends RuntimeException {
    }

    static Checkpoint.Store stoppingAfter(Checkpoint.Store store, int epoch) {
        return new Checkpoint.Store() {
            @Override
            public Optional<Checkpoint> latest() {
                return store.latest();
            }

            @Override
            public void save(Checkpoint checkpoint) {
                store.save(checkpoint);
                if (checkpoint.epoch() == epoch) {
                    throw new Interrupted();
                }
            }
        };
    }

    static List<ExperimentSpec> specs() {
        ModelSpec model = new ModelSpec(0.2, List.of(new DenseSpec(40, Activation.RELU, 0.5, 1e-3, 2.0), new DenseSpec(4, Activation.SOFTMAX)));
        TrainingSpec stopping = new TrainingSpec(6, 25, new ValidationSpec.Split(0.2), 3, 2,
                new EarlyStoppingSpec("val_accuracy", 4, 0, true), null);
        TrainingSpec plateau = new TrainingSpec(6, 25, new ValidationSpec.TestSet(), 3, 1, null,
                new ReduceLrOnPlateauSpec("val_loss", 0.5, 0, 0.01, 1, 0));
        return List.of(
                new ExperimentSpec("a", "", new DatasetSpec.Mnist(), model, LossKind.CATEGORICAL_CROSSENTROPY,
                        new OptimizerSpec("adamw", new CosineDecaySpec(0.01, 60, 0, null, 0), 0.01, Map.of()), stopping),
                new ExperimentSpec("b", "", new DatasetSpec.Mnist(), model, LossKind.CATEGORICAL_CROSSENTROPY,
                        OptimizerSpec.of("rmsprop", 0.01, Map.of("momentum", 0.5, "centered", true)), plateau));
    }

    static List<List<Double>> figures(TrainingOutcome outcome) {
        List<List<Double>> rows = new ArrayList<>();
        for (EpochResult row : outcome.history()) {
            rows.add(java.util.Arrays.asList((double) row.epoch(), row.loss(), row.accuracy(), row.valLoss(), row.valAccuracy(), row.learningRate()));
        }
        rows.add(List.of(outcome.test().loss(), outcome.test().accuracy()));
        return rows;
    }

    @Test
    void aRunResumedAfterAnyEpochEndsWithTheSameBits() throws Exception {
        Path[] files = SyntheticIdx.write(folder, 400, 100, 4, 8, 5, 0.3);
        Dataset dataset = Dataset.of("d", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
        for (ExperimentSpec spec : specs()) {
            TrainingOutcome whole;
            try (VectorKernels kernels = new VectorKernels(1)) {
                whole = new Trainer(kernels, new TrainingListener() { }).fit(spec, dataset);
            }
            for (int stopAfter = 1; stopAfter < whole.history().size(); stopAfter++) {
                Path runFolder = Files.createDirectories(folder.resolve(spec.name() + stopAfter));
                List<String> warnings = new ArrayList<>();
                CheckpointFile file = new CheckpointFile(runFolder, "run", warnings::add);
                try (VectorKernels kernels = VectorKernels.withExactly(2)) {
                    new Trainer(kernels, new TrainingListener() { }).fit(spec, dataset, network -> { }, stoppingAfter(file, stopAfter));
                    throw new AssertionError("training was to stop after epoch " + stopAfter);
                } catch (Interrupted expected) {
                    // as if killed right after the checkpoint was written
                }
                int[] resumedAt = {0};
                TrainingOutcome resumed;
                try (VectorKernels kernels = new VectorKernels(1)) {
                    resumed = new Trainer(kernels, new TrainingListener() {
                        @Override
                        public void resumed(int epoch, int epochs) {
                            resumedAt[0] = epoch;
                        }
                    }).fit(spec, dataset, network -> { }, file);
                }
                assertThat(resumedAt[0]).as("%s after epoch %d", spec.name(), stopAfter).isEqualTo(stopAfter);
                assertThat(figures(resumed)).as("%s after epoch %d", spec.name(), stopAfter).isEqualTo(figures(whole));
                assertThat(resumed.stoppedEpoch()).isEqualTo(whole.stoppedEpoch());
                assertThat(resumed.bestEpoch()).isEqualTo(whole.bestEpoch());
                for (int i = 0; i < whole.network().parameters().size(); i++) {
                    Parameter expected = whole.network().parameters().get(i);
                    assertThat(resumed.network().parameters().get(i).values()).as(expected.name()).containsExactly(expected.values());
                }
                assertThat(warnings).isEmpty();
            }
        }
    }

    @Test
    void aCheckpointOfAnotherRunOrDamagedIsNamedAndIgnored() throws Exception {
        Path runFolder = Files.createDirectories(folder.resolve("r"));
        List<String> warnings = new ArrayList<>();
        CheckpointFile mine = new CheckpointFile(runFolder, "mine", warnings::add);
        mine.save(new Checkpoint(1, 10, 1.5, List.of(new EpochResult(1, 0.5, 0.8, null, null, 1.5, 0.01)),
                Map.of("weights/w", new float[] {1, 2, 3}), Map.of("early_stopping/best", Double.NEGATIVE_INFINITY)));
        Checkpoint read = mine.latest().orElseThrow();
        assertThat(read.tensors().get("weights/w")).containsExactly(1, 2, 3);
        assertThat(read.numbers().get("early_stopping/best")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(read.history().get(0).learningRate()).isEqualTo(0.01);
        assertThat(new CheckpointFile(runFolder, "other", warnings::add).latest()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("checkpoint.bin: the checkpoint is not usable (it belongs to run mine)");
        byte[] bytes = Files.readAllBytes(mine.file());
        bytes[bytes.length - 2] ^= 1;
        Files.write(mine.file(), bytes);
        assertThat(mine.latest()).isEmpty();
        assertThat(warnings.get(1)).contains("it does not match its checksum");
        Files.write(mine.file(), java.util.Arrays.copyOf(bytes, 20));
        assertThat(mine.latest()).isEmpty();
        assertThat(warnings.get(2)).contains("not usable");
        mine.remove();
        assertThat(mine.latest()).isEmpty();
        assertThat(warnings).hasSize(3);
    }

    /** The header's figures (steps, history, scalars) are trusted no more than the weights: the checksum covers every byte. */
    @Test
    void everyByteOfTheHeaderIsCoveredByTheChecksum() throws Exception {
        Path runFolder = Files.createDirectories(folder.resolve("header"));
        List<String> warnings = new ArrayList<>();
        CheckpointFile checkpoint = new CheckpointFile(runFolder, "mine", warnings::add);
        checkpoint.save(new Checkpoint(1, 10, 1.5, List.of(new EpochResult(1, 0.5, 0.8, null, null, 1.5, 0.01)),
                Map.of("weights/w", new float[] {1, 2, 3}), Map.of("early_stopping/best", 0.25)));
        byte[] saved = Files.readAllBytes(checkpoint.file());
        String text = new String(saved, java.nio.charset.StandardCharsets.ISO_8859_1);
        int iteration = text.indexOf("\"iteration\":10") + "\"iteration\":".length();
        byte[] tampered = saved.clone();
        tampered[iteration] = '2'; // 10 steps become 20: still valid JSON, still this run's
        Files.write(checkpoint.file(), tampered);
        assertThat(checkpoint.latest()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("the checkpoint is not usable (it does not match its checksum)");
        int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(saved).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        for (int position = 8; position < headerEnd; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = saved.clone();
                flipped[position] ^= (byte) (1 << bit);
                Files.write(checkpoint.file(), flipped);
                assertThat(checkpoint.latest()).as("bit %d of byte %d", bit, position).isEmpty();
            }
        }
        Files.write(checkpoint.file(), saved);
        assertThat(checkpoint.latest()).isPresent();
    }

    /** A checkpoint far larger than the network's is judged by its size: a sparse 2 GB file is never read. */
    @Test
    void aCheckpointLargerThanItsNetworkIsRefusedUnread() throws Exception {
        Path runFolder = Files.createDirectories(folder.resolve("sparse"));
        List<String> warnings = new ArrayList<>();
        CheckpointFile checkpoint = new CheckpointFile(runFolder, "mine", warnings::add, 1 << 20);
        try (var channel = java.nio.channels.FileChannel.open(checkpoint.file(), java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1}), 2L << 30); // 2 GB, sparse: no disk used
        }
        assertThat(checkpoint.latest()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("the checkpoint is not usable (cannot be read: is larger than 1 MiB)");
    }
}
