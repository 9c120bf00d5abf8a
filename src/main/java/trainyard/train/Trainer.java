package trainyard.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.ExperimentSpec;
import trainyard.config.TrainingSpec;
import trainyard.config.ValidationSpec;
import trainyard.data.Dataset;
import trainyard.data.Examples;
import trainyard.kernels.Kernels;
import trainyard.model.Architecture;
import trainyard.model.Mode;
import trainyard.model.Network;
import trainyard.model.Shape;
import trainyard.optim.Optimizer;

/**
 * Keras's fit() for a dense network: shuffle the training examples every epoch, step
 * through them in batches (the last one may be smaller), report running means, measure
 * validation after each epoch, and evaluate on the test set at the end. Stops early
 * when the loss stops being finite.
 *
 * <p>Deterministic: the weights come from the seed, the shuffles from a stream split
 * off the same seed, and the kernels give the same numbers on any number of threads.
 */
public final class Trainer {
    /** Evaluation batch: large enough to keep the kernels busy, small enough to stay in cache. */
    public static final int EVALUATION_BATCH = 500;

    private final Kernels kernels;
    private final TrainingListener listener;

    public Trainer(Kernels kernels, TrainingListener listener) {
        this.kernels = kernels;
        this.listener = listener;
    }

    /** Keras's validation_split: the LAST fraction of the training set, before any shuffling. */
    public static int validationSplitIndex(int trainCount, double fraction) {
        return (int) (trainCount * (1 - fraction));
    }

    public TrainingOutcome fit(ExperimentSpec spec, Dataset dataset) {
        return fit(spec, dataset, network -> { }, Checkpoint.Store.NONE);
    }

    public TrainingOutcome fit(ExperimentSpec spec, Dataset dataset, java.util.function.Consumer<Network> built,
                               Checkpoint.Store checkpoints) {
        return fit(spec, dataset, built, checkpoints, spec.training().epochs());
    }

    /**
     * @param built       called with the fresh network before the first epoch (to print its summary)
     * @param checkpoints where the run goes on from, if it holds a checkpoint that fits, and
     *                    where the state after every epoch but the last is saved
     * @param untilEpoch  train up to this epoch only (a halving rung's budget): below the spec's
     *                    epochs, the run pauses there, its checkpoint saved, untested. A checkpoint
     *                    already at or past it pauses at once with the checkpoint's history.
     */
    public TrainingOutcome fit(ExperimentSpec spec, Dataset dataset, java.util.function.Consumer<Network> built,
                               Checkpoint.Store checkpoints, int untilEpoch) {
        TrainingSpec training = spec.training();
        int lastEpoch = Math.min(untilEpoch, training.epochs());
        Checkpoint saved = checkpoints.latest().filter(c -> c.epoch() < training.epochs()).orElse(null);
        if (saved != null && saved.epoch() >= lastEpoch) {
            return TrainingOutcome.paused(saved.history(), saved.trainSeconds(), null, saved.epoch());
        }
        Examples train = dataset.train();
        Examples validation = null;
        switch (training.validation()) {
            case ValidationSpec.TestSet test -> validation = dataset.test();
            case ValidationSpec.NoValidation none -> { }
            case ValidationSpec.Split split -> {
                int at = validationSplitIndex(train.count(), split.fraction());
                validation = train.slice(at, train.count());
                train = train.slice(0, at);
            }
        }
        if (train.count() == 0) {
            throw new IllegalArgumentException("no training examples left after the validation split");
        }
        int batchSize = Math.min(training.batchSize(), train.count());
        int maxBatch = Math.max(batchSize, EVALUATION_BATCH);
        SplittableRandom seeds = new SplittableRandom(training.seed());
        long weightSeed = seeds.nextLong();
        SplittableRandom shuffler = seeds.split();
        long dropoutSeed = seeds.nextLong(); // drawn after the others, so adding dropout changed no stream
        Architecture architecture = Architecture.of(spec.model(), new Shape(dataset.imageShape()));
        Network network = Network.build(architecture, spec.loss(), maxBatch, weightSeed, dropoutSeed, kernels);
        Optimizer optimizer = Optimizer.build(spec.optimizer(), network.parameters(), kernels);
        built.accept(network);

        int classes = dataset.classes();
        RegressionErrors errors = train.isRegression() ? new RegressionErrors(dataset.table().targetDeviation()) : null;
        RegressionErrors measuring = train.isRegression() ? new RegressionErrors(dataset.table().targetDeviation()) : null;
        float[] inputs = new float[maxBatch * dataset.features()];
        int[] offsets = new int[maxBatch];
        float[] targets = new float[maxBatch * classes];
        int[] order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }

        listener.trainingStarted(train.count(), validation == null ? 0 : validation.count(), training.epochs(),
                (train.count() + batchSize - 1) / batchSize, batchSize,
                !(spec.optimizer().learningRate() instanceof trainyard.config.LearningRateSpec.Constant) || training.reduceLrOnPlateau() != null);
        List<EpochResult> history = new ArrayList<>();
        Loop loop = new Loop(optimizer);
        EarlyStopping stopping = training.earlyStopping() == null ? null : new EarlyStopping(training.earlyStopping(), network);
        List<TrainingCallback> callbacks = new ArrayList<>();
        if (stopping != null) {
            callbacks.add(stopping);
        }
        if (training.reduceLrOnPlateau() != null) {
            callbacks.add(new ReduceLrOnPlateau(training.reduceLrOnPlateau(), listener));
        }
        long iteration = 0;
        int firstEpoch = 1;
        double secondsBefore = 0;
        if (saved != null && Resumption.restore(saved, network, optimizer, callbacks)) {
            history.addAll(saved.history());
            iteration = saved.iteration();
            firstEpoch = saved.epoch() + 1;
            secondsBefore = saved.trainSeconds();
            for (int epoch = 1; epoch <= saved.epoch(); epoch++) {
                shuffle(order, shuffler); // the same draws as the epochs it replaces: the order carries over
            }
            listener.resumed(saved.epoch(), training.epochs());
        }
        Integer stoppedEpoch = null;
        long trainStart = System.nanoTime() - (long) (secondsBefore * 1e9);
        for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
            listener.epochStarted(epoch, training.epochs());
            long epochStart = System.nanoTime();
            shuffle(order, shuffler);
            double lossSum = 0;
            long correct = 0;
            if (errors != null) {
                errors.reset();
            }
            for (int start = 0; start < order.length; start += batchSize) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("training was interrupted");
                }
                int size = Math.min(batchSize, order.length - start);
                fillBatch(kernels, train, order, start, size, classes, inputs, targets, offsets);
                float[] output = network.forward(inputs, size, Mode.TRAINING, iteration);
                double batchLoss = network.loss(output, targets, size);
                if (!Double.isFinite(batchLoss)) {
                    listener.diverged(epoch);
                    return TrainingOutcome.diverged(history, seconds(trainStart), epoch, network, firstEpoch - 1);
                }
                lossSum += batchLoss * size;
                if (errors != null) {
                    errors.add(output, targets, size);
                } else {
                    correct += countCorrect(output, targets, size, classes);
                }
                network.backward(output, targets, size);
                optimizer.step(network.parameters(), iteration);
                network.constrain();
                iteration++;
                int done = start + size;
                if (errors != null) {
                    listener.batchFinished(done, order.length, lossSum / done, "mae", errors.mae());
                } else {
                    listener.batchFinished(done, order.length, lossSum / done, "accuracy", (double) correct / done);
                }
            }
            Evaluation measured = validation == null ? null : evaluate(network, validation, classes, inputs, targets, null, measuring);
            EpochResult result = errors != null
                    ? new EpochResult(epoch, lossSum / order.length, null, measured == null ? null : measured.loss(), null,
                            seconds(epochStart), optimizer.lastLearningRate(), errors.mae(), errors.rmse(),
                            measured == null ? null : measured.mae(), measured == null ? null : measured.rmse())
                    : new EpochResult(epoch, lossSum / order.length, (double) correct / order.length,
                            measured == null ? null : measured.loss(), measured == null ? null : measured.accuracy(), seconds(epochStart),
                            optimizer.lastLearningRate());
            history.add(result);
            listener.epochFinished(result, training.epochs());
            loop.nextIteration = iteration;
            for (TrainingCallback callback : callbacks) {
                callback.epochEnded(result, loop);
            }
            if (loop.stopRequested && epoch < training.epochs()) {
                stoppedEpoch = epoch;
                listener.stoppedEarly(epoch, stopping.bestEpoch());
                break;
            }
            if (epoch < training.epochs()) {
                checkpoints.save(Resumption.snapshot(epoch, iteration, seconds(trainStart), history, network, optimizer, callbacks));
            }
        }
        if (lastEpoch < training.epochs() && stoppedEpoch == null) {
            return TrainingOutcome.paused(history, seconds(trainStart), network, firstEpoch - 1);
        }
        if (stopping != null) {
            stopping.restoreBestIfAsked();
        }
        double trainSeconds = seconds(trainStart);
        Diagnostics.Collector diagnostics = new Diagnostics.Collector(classes);
        Evaluation test = evaluate(network, dataset.test(), classes, inputs, targets, errors == null ? diagnostics : null, measuring);
        return new TrainingOutcome(history, test, trainSeconds, null, stoppedEpoch,
                stopping == null ? null : stopping.bestEpoch(), diagnostics.result(), network, firstEpoch - 1);
    }

    /** The loop as callbacks see it: a stop request and the optimizer's learning rate. */
    private static final class Loop implements TrainingCallback.Loop {
        private final Optimizer optimizer;
        private boolean stopRequested;
        private long nextIteration;

        Loop(Optimizer optimizer) {
            this.optimizer = optimizer;
        }

        @Override
        public void stop() {
            stopRequested = true;
        }

        @Override
        public double learningRate() {
            return optimizer.learningRate(nextIteration);
        }

        @Override
        public void setLearningRate(double rate) {
            optimizer.setLearningRate(rate);
        }
    }

    /** Mean loss and accuracy of the network over the examples, in batches, in order. */
    public static Evaluation evaluate(Network network, Examples examples, int classes) {
        return evaluate(network, examples, classes, 1);
    }

    /**
     * Mean loss and the task's figures over the examples, in batches, in order.
     *
     * @param targetUnit a regression's target deviation, which turns its errors into the target's units
     */
    public static Evaluation evaluate(Network network, Examples examples, int classes, double targetUnit) {
        int batch = Math.min(network.maxBatch(), EVALUATION_BATCH);
        return evaluate(network, examples, classes, new float[batch * examples.features()], new float[batch * classes], null,
                examples.isRegression() ? new RegressionErrors(targetUnit) : null);
    }

    private static Evaluation evaluate(Network network, Examples examples, int classes, float[] inputs, float[] targets,
                                       Diagnostics.Collector diagnostics, RegressionErrors errors) {
        if (errors != null) {
            errors.reset(); // its own sums: the training pass's must survive a validation measurement
        }
        int batch = Math.min(network.maxBatch(), inputs.length / examples.features());
        int[] identity = new int[batch];
        int[] offsets = new int[batch];
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < examples.count(); start += batch) {
            int size = Math.min(batch, examples.count() - start);
            for (int i = 0; i < size; i++) {
                identity[i] = start + i;
            }
            fillBatch(network.kernels(), examples, identity, 0, size, classes, inputs, targets, offsets);
            float[] output = network.predict(inputs, size);
            lossSum += network.loss(output, targets, size) * size;
            if (errors != null) {
                errors.add(output, targets, size);
            } else {
                correct += countCorrect(output, targets, size, classes);
            }
            if (diagnostics != null) {
                diagnostics.add(output, targets, size, classes, start);
            }
        }
        if (errors != null) {
            return new Evaluation(lossSum / examples.count(), null, errors.mae(), errors.rmse());
        }
        return new Evaluation(lossSum / examples.count(), (double) correct / examples.count());
    }

    /** Inputs (size, features) as stored value times the dataset's scale, and one-hot targets (size, classes). */
    static void fillBatch(Kernels kernels, Examples examples, int[] rows, int start, int size, int classes, float[] inputs, float[] targets,
                          int[] offsets) {
        for (int b = 0; b < size; b++) {
            offsets[b] = examples.pixelOffset(rows[start + b]);
        }
        if (examples.holdsBytes()) {
            kernels.gatherScaledBytes(examples.pixels(), offsets, size, examples.features(), examples.scale(), inputs);
        } else {
            for (int b = 0; b < size; b++) {
                System.arraycopy(examples.values(), offsets[b], inputs, b * examples.features(), examples.features());
            }
        }
        examples.fillTargets(rows, start, size, classes, targets);
    }

    /** Keras's categorical accuracy: the largest output is the target's class (first one on ties). */
    static int countCorrect(float[] output, float[] targets, int batch, int classes) {
        int correct = 0;
        for (int i = 0; i < batch; i++) {
            if (argmax(output, i * classes, classes) == argmax(targets, i * classes, classes)) {
                correct++;
            }
        }
        return correct;
    }

    /** The index of the largest of values[offset .. offset+count), relative to offset; the first on ties. */
    public static int argmax(float[] values, int offset, int count) {
        int best = 0;
        for (int j = 1; j < count; j++) {
            if (values[offset + j] > values[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /** Fisher-Yates. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
