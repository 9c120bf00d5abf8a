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
        Run run = new Run(spec, dataset);
        built.accept(run.network);
        listener.trainingStarted(run.train.count(), run.validation == null ? 0 : run.validation.count(), training.epochs(),
                (run.train.count() + run.batchSize - 1) / run.batchSize, run.batchSize,
                !(spec.optimizer().learningRate() instanceof trainyard.config.LearningRateSpec.Constant) || training.reduceLrOnPlateau() != null);
        int firstEpoch = run.resume(saved);
        long trainStart = System.nanoTime() - (long) (run.secondsBefore * 1e9);
        Integer stoppedEpoch = null;
        for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
            listener.epochStarted(epoch, training.epochs());
            EpochResult result = run.epoch(epoch);
            if (result == null) {
                listener.diverged(epoch);
                return TrainingOutcome.diverged(run.history, seconds(trainStart), epoch, run.network, firstEpoch - 1);
            }
            run.history.add(result);
            listener.epochFinished(result, training.epochs());
            if (run.callbacksStop(result) && epoch < training.epochs()) {
                stoppedEpoch = epoch;
                listener.stoppedEarly(epoch, run.stopping.bestEpoch());
                break;
            }
            if (epoch < training.epochs()) {
                checkpoints.save(Resumption.snapshot(epoch, run.iteration, seconds(trainStart), run.history, run.network, run.optimizer,
                        run.callbacks));
            }
        }
        if (lastEpoch < training.epochs() && stoppedEpoch == null) {
            return TrainingOutcome.paused(run.history, seconds(trainStart), run.network, firstEpoch - 1);
        }
        if (run.stopping != null) {
            run.stopping.restoreBestIfAsked();
        }
        double trainSeconds = seconds(trainStart);
        Diagnostics.Collector diagnostics = new Diagnostics.Collector(run.classes);
        Evaluation test = evaluate(run.network, dataset.test(), run.classes, run.inputs, run.targets, run.errors == null ? diagnostics : null,
                run.measuring);
        return new TrainingOutcome(run.history, test, trainSeconds, null, stoppedEpoch,
                run.stopping == null ? null : run.stopping.bestEpoch(), diagnostics.result(), run.network, firstEpoch - 1);
    }

    /**
     * One fit's state: its examples (after the validation split), the network and optimizer
     * built from the seed, the batch buffers (allocated once, so a step allocates nothing),
     * the shuffle order and the callbacks.
     */
    private final class Run {
        final Examples train;
        final Examples validation;
        final int epochs;
        final int batchSize;
        final int classes;
        final Network network;
        final Optimizer optimizer;
        final RegressionErrors errors;
        final RegressionErrors measuring;
        final float[] inputs;
        final int[] offsets;
        final float[] targets;
        final int[] order;
        final SplittableRandom shuffler;
        final Loop loop;
        final EarlyStopping stopping;
        final List<TrainingCallback> callbacks = new ArrayList<>();
        final List<EpochResult> history = new ArrayList<>();
        long iteration;
        double secondsBefore;

        Run(ExperimentSpec spec, Dataset dataset) {
            TrainingSpec training = spec.training();
            Examples all = dataset.train();
            Examples held = null;
            switch (training.validation()) {
                case ValidationSpec.TestSet test -> held = dataset.test();
                case ValidationSpec.NoValidation none -> { }
                case ValidationSpec.Split split -> {
                    int at = validationSplitIndex(all.count(), split.fraction());
                    held = all.slice(at, all.count());
                    all = all.slice(0, at);
                }
            }
            if (all.count() == 0) {
                throw new IllegalArgumentException("no training examples left after the validation split");
            }
            train = all;
            validation = held;
            epochs = training.epochs();
            batchSize = Math.min(training.batchSize(), train.count());
            int maxBatch = Math.max(batchSize, EVALUATION_BATCH);
            SplittableRandom seeds = new SplittableRandom(training.seed());
            long weightSeed = seeds.nextLong();
            shuffler = seeds.split();
            long dropoutSeed = seeds.nextLong(); // drawn after the others, so adding dropout changed no stream
            Architecture architecture = Architecture.of(spec.model(), new Shape(dataset.imageShape()));
            network = Network.build(architecture, spec.loss(), maxBatch, weightSeed, dropoutSeed, kernels);
            optimizer = Optimizer.build(spec.optimizer(), network.parameters(), kernels);
            classes = dataset.classes();
            errors = train.isRegression() ? new RegressionErrors(dataset.table().targetDeviation()) : null;
            measuring = train.isRegression() ? new RegressionErrors(dataset.table().targetDeviation()) : null;
            inputs = new float[maxBatch * dataset.features()];
            offsets = new int[maxBatch];
            targets = new float[maxBatch * classes];
            order = new int[train.count()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            loop = new Loop(optimizer);
            stopping = training.earlyStopping() == null ? null : new EarlyStopping(training.earlyStopping(), network);
            if (stopping != null) {
                callbacks.add(stopping);
            }
            if (training.reduceLrOnPlateau() != null) {
                callbacks.add(new ReduceLrOnPlateau(training.reduceLrOnPlateau(), listener));
            }
        }

        /** Goes on from the checkpoint when it fits; returns the first epoch to train. */
        int resume(Checkpoint saved) {
            if (saved == null || !Resumption.restore(saved, network, optimizer, callbacks)) {
                return 1;
            }
            history.addAll(saved.history());
            iteration = saved.iteration();
            secondsBefore = saved.trainSeconds();
            for (int epoch = 1; epoch <= saved.epoch(); epoch++) {
                shuffle(order, shuffler); // the same draws as the epochs it replaces: the order carries over
            }
            listener.resumed(saved.epoch(), epochs);
            return saved.epoch() + 1;
        }

        /** Trains one epoch over every batch and measures validation; null when the loss stopped being finite. */
        EpochResult epoch(int epoch) {
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
                    return null;
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
            return errors != null
                    ? new EpochResult(epoch, lossSum / order.length, null, measured == null ? null : measured.loss(), null,
                            seconds(epochStart), optimizer.lastLearningRate(), errors.mae(), errors.rmse(),
                            measured == null ? null : measured.mae(), measured == null ? null : measured.rmse())
                    : new EpochResult(epoch, lossSum / order.length, (double) correct / order.length,
                            measured == null ? null : measured.loss(), measured == null ? null : measured.accuracy(), seconds(epochStart),
                            optimizer.lastLearningRate());
        }

        /** The callbacks' turn after an epoch; whether one asked to stop. */
        boolean callbacksStop(EpochResult result) {
            loop.nextIteration = iteration;
            for (TrainingCallback callback : callbacks) {
                callback.epochEnded(result, loop);
            }
            return loop.stopRequested;
        }
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
