package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.Activation;
import trainyard.config.DenseSpec;
import trainyard.config.ExperimentSpec;
import trainyard.config.ModelSpec;
import trainyard.config.OptimizerSpec;
import trainyard.config.TrainingSpec;
import trainyard.config.ValidationSpec;
import trainyard.data.Dataset;
import trainyard.data.SyntheticIdx;
import trainyard.kernels.VectorKernels;

/** The warm-up's copy shares nothing with a run, stops when asked, and is not made of large networks. */
class WarmUpTest {
    @TempDir
    Path folder;

    @Test
    void aRunGivesTheSameNumbersWhileACopyOfItsNetworkTrains() throws Exception {
        // 20x20 pictures, so that the run's first products are halved and split across threads, as MNIST's are
        Dataset dataset = TrainerTest.load(SyntheticIdx.write(folder, 600, 100, 4, 20, 2));
        ExperimentSpec spec = TrainerTest.spec(64, 4, OptimizerSpec.defaults("adam"), new TrainingSpec(2, 50, new ValidationSpec.TestSet(), 9, 0, null));
        TrainingOutcome alone = train(spec, dataset);
        TrainingOutcome beside;
        try (WarmUp warmUp = WarmUp.start(spec, new int[] {20, 20}, 4, 2)) {
            assertThat(warmUp).isNotNull();
            beside = train(spec, dataset);
            assertThat(warmUp.running()).isTrue(); // it trained alongside the whole run
        }
        assertThat(beside.test()).isEqualTo(alone.test());
        assertThat(beside.history().stream().map(e -> List.of(e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy())).toList())
                .isEqualTo(alone.history().stream().map(e -> List.of(e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy())).toList());
    }

    private static TrainingOutcome train(ExperimentSpec spec, Dataset dataset) {
        try (VectorKernels kernels = VectorKernels.withExactly(2)) {
            return new Trainer(kernels, new TrainingListener() { }).fit(spec, dataset);
        }
    }

    @Test
    void closeStopsTheCopyAfterItsCurrentStep() throws InterruptedException {
        ExperimentSpec spec = TrainerTest.spec(32, 10, OptimizerSpec.defaults("adam"), new TrainingSpec(1, 100, new ValidationSpec.TestSet(), 1, 0, null));
        WarmUp warmUp = WarmUp.start(spec, new int[] {28, 28}, 10, 2);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (warmUp.steps() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(warmUp.steps()).as("steps trained").isGreaterThanOrEqualTo(3);
        warmUp.close();
        assertThat(warmUp.running()).isFalse();
        long stopped = warmUp.steps();
        Thread.sleep(50);
        assertThat(warmUp.steps()).isEqualTo(stopped);
    }

    @Test
    void networksOverFiveMillionParametersOrThatDoNotFitThePicturesAreNotCopied() {
        TrainingSpec training = new TrainingSpec(1, 100, new ValidationSpec.TestSet(), 1, 0, null);
        ExperimentSpec wide = new ExperimentSpec("t", "", new trainyard.config.DatasetSpec.Mnist(),
                new ModelSpec(List.of(new DenseSpec(4096, Activation.RELU), new DenseSpec(1024, Activation.RELU), new DenseSpec(10, Activation.SOFTMAX))),
                trainyard.config.LossKind.CATEGORICAL_CROSSENTROPY, OptimizerSpec.defaults("adam"), training);
        assertThat(WarmUp.start(wide, new int[] {28, 28}, 10, 1)).isNull(); // 7.4 million parameters
        ExperimentSpec fits = TrainerTest.spec(1000, 10, OptimizerSpec.defaults("adam"), training);
        try (WarmUp warmUp = WarmUp.start(fits, new int[] {28, 28}, 10, 1)) {
            assertThat(warmUp).isNotNull(); // 795,010 parameters
        }
    }
}
