package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.Activation;
import trainyard.config.DatasetSpec;
import trainyard.config.ExperimentSpec;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.config.OptimizerSpec;
import trainyard.config.TrainingSpec;
import trainyard.config.ValidationSpec;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.MnistDownload;
import trainyard.data.SyntheticIdx;
import trainyard.kernels.VectorKernels;

class TrainerTest {
    @TempDir
    Path folder;

    static ExperimentSpec spec(int hidden, int classes, OptimizerSpec optimizer, TrainingSpec training) {
        return new ExperimentSpec("t", "", new DatasetSpec.Mnist(),
                new ModelSpec(List.of(new DenseSpec(hidden, Activation.RELU), new DenseSpec(classes, Activation.SOFTMAX))),
                LossKind.CATEGORICAL_CROSSENTROPY, optimizer, training);
    }

    static Dataset load(Path[] files) throws Exception {
        return Dataset.of("d", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
    }

    @Test
    void aWarmTrainingStepAllocatesNothing() throws Exception {
        // Small enough to warm up in about a second: 30,000 steps before the epoch measured.
        Dataset dataset = load(SyntheticIdx.write(folder, 1000, 50, 4, 6, 3));
        ExperimentSpec adam = spec(40, 4, OptimizerSpec.defaults("adam"), new TrainingSpec(300, 10, new ValidationSpec.NoValidation(), 1, 0, null));
        ExperimentSpec sgd = new ExperimentSpec("t", "", new DatasetSpec.Mnist(),
                new ModelSpec(List.of(new DenseSpec(24, Activation.SIGMOID), new DenseSpec(16, Activation.TANH), new DenseSpec(4, Activation.SOFTMAX))),
                LossKind.MEAN_SQUARED_ERROR, OptimizerSpec.of("sgd", 0.05, java.util.Map.of("momentum", (double) 0.9, "nesterov", true)), adam.training());
        for (ExperimentSpec spec : List.of(adam, sgd, regularised(adam.training()))) {
            for (int threads : new int[] {1, 2}) {
                AllocationPerStep probe = new AllocationPerStep();
                try (VectorKernels kernels = new VectorKernels(threads)) {
                    new Trainer(kernels, probe).fit(spec, dataset);
                }
                assertThat(probe.fewestBytesPerStep()).as("%s on %d threads", spec.optimizer(), threads).isZero();
            }
        }
    }

    /** Every option at once: input and hidden dropout, L2, max-norm, AdamW on a cosine schedule. */
    static ExperimentSpec regularised(TrainingSpec training) {
        return new ExperimentSpec("t", "", new DatasetSpec.Mnist(),
                new ModelSpec(0.2, List.of(new DenseSpec(48, Activation.RELU, 0.5, 1e-3, 2.0), new DenseSpec(4, Activation.SOFTMAX, 0, 1e-3, 3.0))),
                LossKind.CATEGORICAL_CROSSENTROPY,
                new OptimizerSpec("adamw", new trainyard.config.CosineDecaySpec(0.01, 500, 0.1, null, 0), 0.004, java.util.Map.of()), training);
    }

    /** Reduce-on-plateau lowers the rate the history records, and its line reaches the listener. */
    @Test
    void reduceOnPlateauLowersTheRecordedLearningRate() throws Exception {
        Dataset dataset = load(SyntheticIdx.write(folder, 300, 100, 4, 6, 3));
        TrainingSpec training = new TrainingSpec(6, 30, new ValidationSpec.TestSet(), 1, 1, null,
                new trainyard.config.ReduceLrOnPlateauSpec("loss", 0.5, 0, 10, 0, 0)); // improves only on the first epoch: halves after every other
        List<Double> reported = new java.util.ArrayList<>();
        TrainingOutcome outcome;
        try (VectorKernels kernels = new VectorKernels(1)) {
            outcome = new Trainer(kernels, new TrainingListener() {
                @Override
                public void learningRateReduced(int epoch, double rate) {
                    reported.add(rate);
                }
            }).fit(spec(16, 4, OptimizerSpec.of("sgd", 0.1, java.util.Map.of()), training), dataset);
        }
        assertThat(outcome.history()).extracting(EpochResult::learningRate).containsExactly(0.1, 0.1, 0.05, 0.025, 0.0125, 0.00625);
        assertThat(reported).containsExactly(0.05, 0.025, 0.0125, 0.00625, 0.003125);
    }

    /** 20x20 images and a batch of 50: the first layer's products are split across threads and halved along their depth. */
    @Test
    void sameSeedGivesBitIdenticalHistoryOnOneToEightThreads() throws Exception {
        Dataset dataset = load(SyntheticIdx.write(folder, 700, 100, 4, 20, 2));
        for (ExperimentSpec spec : List.of(spec(64, 4, OptimizerSpec.defaults("adam"), new TrainingSpec(2, 50, new ValidationSpec.TestSet(), 9, 0, null)),
                regularised(new TrainingSpec(2, 50, new ValidationSpec.TestSet(), 9, 0, null)))) {
            assertBitIdenticalOnOneToEightThreads(spec, dataset);
        }
    }

    private static void assertBitIdenticalOnOneToEightThreads(ExperimentSpec spec, Dataset dataset) {
        TrainingOutcome one;
        try (VectorKernels kernels = new VectorKernels(1)) {
            one = new Trainer(kernels, new TrainingListener() { }).fit(spec, dataset);
        }
        for (int threads : new int[] {2, 3, 4, 8}) {
            TrainingOutcome many;
            try (VectorKernels kernels = VectorKernels.withExactly(threads)) {
                many = new Trainer(kernels, new TrainingListener() { }).fit(spec, dataset);
            }
            assertThat(many.test()).as("%d threads", threads).isEqualTo(one.test());
            assertThat(many.history().stream().map(e -> List.of(e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy())).toList())
                    .as("%d threads", threads)
                    .isEqualTo(one.history().stream().map(e -> List.of(e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy())).toList());
        }
    }

    @Test
    void validationSplitTakesTheLastFractionLikeKeras() {
        assertThat(Trainer.validationSplitIndex(60_000, 0.1)).isEqualTo(54_000);
        assertThat(Trainer.validationSplitIndex(10, 0.25)).isEqualTo(7);
    }

    @Test
    void aLastPartialBatchIsTrainedToo() throws Exception {
        Dataset dataset = load(SyntheticIdx.write(folder, 103, 10, 3, 6, 4));
        ExperimentSpec spec = spec(8, 3, OptimizerSpec.defaults("sgd"), new TrainingSpec(1, 25, new ValidationSpec.NoValidation(), 1, 1, null));
        int[] lastDone = new int[1];
        try (VectorKernels kernels = new VectorKernels(1)) {
            new Trainer(kernels, new TrainingListener() {
                @Override
                public void batchFinished(int samplesDone, int samplesTotal, double meanLoss, String figureName, double meanAccuracy) {
                    lastDone[0] = samplesDone;
                }
            }).fit(spec, dataset);
        }
        assertThat(lastDone[0]).isEqualTo(103);
    }

    /** The tutorial's relu_adam for one epoch on real MNIST must pass 0.95 (Keras reported 0.9534 after epoch 1). */
    @Test
    void oneEpochOfReluAdamOnRealMnistReachesNinetyFivePercent() throws Exception {
        Path mnist = Path.of("data/mnist");
        assumeTrue(Files.isDirectory(mnist), "data/mnist is absent: run 'make data' to include this test");
        Path[] files = new MnistDownload(mnist, List.of(), line -> { }).ensure();
        Dataset dataset = load(files);
        ExperimentSpec spec = spec(200, 10, OptimizerSpec.defaults("adam"), new TrainingSpec(1, 100, new ValidationSpec.TestSet(), 42, 0, null));
        try (VectorKernels kernels = new VectorKernels(0)) {
            TrainingOutcome outcome = new Trainer(kernels, new TrainingListener() { }).fit(spec, dataset);
            assertThat(outcome.isDiverged() || outcome.isPaused()).isFalse();
            assertThat(outcome.test().accuracy()).isGreaterThanOrEqualTo(0.95);
            assertThat(outcome.network().parameterCount()).isEqualTo(159_010);
        }
    }
}
