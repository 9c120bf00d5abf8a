package trainyard.kernels;

import static trainyard.kernels.VectorKernels.holds;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise updates of {@link VectorKernels}: the optimizers' rules ({@link UpdateRule},
 * each beside its plain twin), weight decay, the L2 gradient and dropout. The reference for each is the same-named method of
 * {@link PlainKernels}. Every element's update depends on that element alone, so the
 * work is cut into per-thread ranges on vector boundaries and any cut gives the same bits.
 * Each job object is reused from call to call, so that a training step allocates nothing.
 */
final class VectorUpdates {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Elementwise updates of more floats than this are split across the pool. */
    static final int PARALLEL_ELEMENTS = 32_768;

    private final WorkerPool pool;
    private final RuleJob ruleJob = new RuleJob();
    private final DecayJob decayJob = new DecayJob();
    private final AddScaledJob addScaledJob = new AddScaledJob();
    private final ProductJob productJob = new ProductJob();
    private final DropoutJob dropoutJob = new DropoutJob();
    private final ReluJob reluJob = new ReluJob();
    private final ReluBackwardJob reluBackwardJob = new ReluBackwardJob();

    VectorUpdates(WorkerPool pool) {
        this.pool = pool;
    }

    /** An optimizer's step, {@link Kernels#update}. */
    void update(UpdateRule rule, float[] weights, float[] gradient, float[][] state, int count) {
        holds("weights", weights, count);
        holds("gradient", gradient, count);
        for (float[] slot : state) {
            holds("state", slot, count);
        }
        ruleJob.rule = rule;
        ruleJob.weights = weights;
        ruleJob.gradient = gradient;
        ruleJob.state = state;
        ruleJob.start(pool, count);
        ruleJob.rule = null;
        ruleJob.weights = null;
        ruleJob.gradient = null;
        ruleJob.state = null;
    }

    void decay(float[] weights, int count, float amount) {
        holds("weights", weights, count);
        decayJob.weights = weights;
        decayJob.amount = amount;
        decayJob.start(pool, count);
    }

    void addScaled(float[] target, float[] source, float scale, int count) {
        holds("target", target, count);
        holds("source", source, count);
        addScaledJob.target = target;
        addScaledJob.source = source;
        addScaledJob.scale = scale;
        addScaledJob.start(pool, count);
    }

    void multiplyElementwise(float[] a, float[] b, float[] out, int count) {
        holds("a", a, count);
        holds("b", b, count);
        holds("out", out, count);
        productJob.a = a;
        productJob.b = b;
        productJob.out = out;
        productJob.start(pool, count);
    }

    /** x = max(x, 0), {@link Kernels#relu}: a convolution's output is millions of values, worth sharing out. */
    void relu(float[] x, int count) {
        holds("x", x, count);
        reluJob.x = x;
        reluJob.start(pool, count);
        reluJob.x = null;
    }

    /** gradient *= (output > 0), {@link Kernels#reluBackward}. */
    void reluBackward(float[] output, float[] gradient, int count) {
        holds("output", output, count);
        holds("gradient", gradient, count);
        reluBackwardJob.output = output;
        reluBackwardJob.gradient = gradient;
        reluBackwardJob.start(pool, count);
        reluBackwardJob.output = null;
        reluBackwardJob.gradient = null;
    }

    void dropout(float[] input, float[] mask, float[] output, int count, float rate, long seed) {
        holds("input", input, count);
        holds("mask", mask, count);
        holds("output", output, count);
        dropoutJob.input = input;
        dropoutJob.mask = mask;
        dropoutJob.output = output;
        dropoutJob.rate = rate;
        dropoutJob.seed = seed;
        dropoutJob.start(pool, count);
    }

    /** An update of [0, count), cut into per-thread ranges on vector boundaries. */
    private abstract static class ElementwiseJob implements WorkerPool.Job {
        private int count;
        private int chunks;

        final void start(WorkerPool pool, int count) {
            this.count = count;
            this.chunks = count < PARALLEL_ELEMENTS ? 1 : pool.threads();
            if (chunks == 1) {
                range(0, count);
            } else {
                pool.run(chunks, this);
            }
        }

        @Override
        public final void run(int chunk) {
            int vectors = (count + LANES - 1) / LANES;
            range(Math.min(count, WorkerPool.share(vectors, chunk, chunks) * LANES),
                    Math.min(count, WorkerPool.share(vectors, chunk + 1, chunks) * LANES));
        }

        abstract void range(int from, int to);
    }

    /** An optimizer's rule over a range, {@link Kernels#update}. */
    private static final class RuleJob extends ElementwiseJob {
        UpdateRule rule;
        float[] weights;
        float[] gradient;
        float[][] state;

        @Override
        void range(int from, int to) {
            rule.vector(weights, gradient, state, from, to);
        }
    }

    /** w -= w · amount, {@link Kernels#decay}. */
    private static final class DecayJob extends ElementwiseJob {
        float[] weights;
        float amount;

        @Override
        void range(int from, int to) {
            int i = from;
            for (; i <= to - LANES; i += LANES) {
                FloatVector w = FloatVector.fromArray(SPECIES, weights, i);
                w.sub(w.mul(amount)).intoArray(weights, i);
            }
            for (; i < to; i++) {
                weights[i] -= weights[i] * amount;
            }
        }
    }

    /** target += scale · source, {@link Kernels#addScaled}. */
    private static final class AddScaledJob extends ElementwiseJob {
        float[] target;
        float[] source;
        float scale;

        @Override
        void range(int from, int to) {
            int i = from;
            for (; i <= to - LANES; i += LANES) {
                FloatVector.fromArray(SPECIES, target, i).add(FloatVector.fromArray(SPECIES, source, i).mul(scale)).intoArray(target, i);
            }
            for (; i < to; i++) {
                target[i] += source[i] * scale;
            }
        }
    }

    /** relu in place, vector then {@link PlainKernels#relu} for the tail. */
    private static final class ReluJob extends ElementwiseJob {
        float[] x;

        @Override
        void range(int from, int to) {
            int i = from;
            for (; i <= to - LANES; i += LANES) {
                FloatVector.fromArray(SPECIES, x, i).max(0f).intoArray(x, i);
            }
            PlainKernels.relu(x, i, to);
        }
    }

    /** relu's backward, vector then {@link PlainKernels#reluBackward} for the tail. */
    private static final class ReluBackwardJob extends ElementwiseJob {
        float[] output;
        float[] gradient;

        @Override
        void range(int from, int to) {
            int i = from;
            for (; i <= to - LANES; i += LANES) {
                FloatVector y = FloatVector.fromArray(SPECIES, output, i);
                FloatVector.fromArray(SPECIES, gradient, i).blend(0f, y.compare(VectorOperators.LE, 0f)).intoArray(gradient, i);
            }
            PlainKernels.reluBackward(output, gradient, i, to);
        }
    }

    /** out = a ⊙ b, {@link Kernels#multiplyElementwise}. */
    private static final class ProductJob extends ElementwiseJob {
        float[] a;
        float[] b;
        float[] out;

        @Override
        void range(int from, int to) {
            int i = from;
            for (; i <= to - LANES; i += LANES) {
                FloatVector.fromArray(SPECIES, a, i).mul(FloatVector.fromArray(SPECIES, b, i)).intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = a[i] * b[i];
            }
        }
    }

    /**
     * Dropout's mask and product, {@link Kernels#dropout}. The mask's bits come from
     * {@link PlainKernels#dropoutMask}, a function of (seed, element) alone, so a range
     * of elements can be drawn on any thread.
     */
    private static final class DropoutJob extends ElementwiseJob {
        float[] input;
        float[] mask;
        float[] output;
        float rate;
        long seed;

        @Override
        void range(int from, int to) {
            PlainKernels.dropoutMask(mask, from, to, rate, seed);
            int i = from;
            for (; i <= to - LANES; i += LANES) {
                FloatVector.fromArray(SPECIES, input, i).mul(FloatVector.fromArray(SPECIES, mask, i)).intoArray(output, i);
            }
            for (; i < to; i++) {
                output[i] = input[i] * mask[i];
            }
        }
    }
}
