package trainyard.kernels;

import static trainyard.kernels.VectorKernels.holds;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise updates of {@link VectorKernels}: the optimizer steps, weight decay, the
 * L2 gradient and dropout. The reference for each is the same-named method of
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
    private final AdamJob adam = new AdamJob();
    private final SgdJob sgd = new SgdJob();
    private final RmspropJob rmspropJob = new RmspropJob();
    private final DecayJob decayJob = new DecayJob();
    private final AddScaledJob addScaledJob = new AddScaledJob();
    private final ProductJob productJob = new ProductJob();
    private final DropoutJob dropoutJob = new DropoutJob();
    private final ReluJob reluJob = new ReluJob();
    private final ReluBackwardJob reluBackwardJob = new ReluBackwardJob();

    VectorUpdates(WorkerPool pool) {
        this.pool = pool;
    }

    void adam(float[] weights, float[] gradient, float[] firstMoment, float[] secondMoment, int count,
              float stepSize, float beta1, float beta2, float epsilon) {
        holds("weights", weights, count);
        holds("gradient", gradient, count);
        holds("firstMoment", firstMoment, count);
        holds("secondMoment", secondMoment, count);
        adam.weights = weights;
        adam.gradient = gradient;
        adam.firstMoment = firstMoment;
        adam.secondMoment = secondMoment;
        adam.stepSize = stepSize;
        adam.keep1 = 1f - beta1;
        adam.keep2 = 1f - beta2;
        adam.epsilon = epsilon;
        adam.start(pool, count);
    }

    void sgd(float[] weights, float[] gradient, float[] velocity, int count, float learningRate, float momentum, boolean nesterov) {
        holds("weights", weights, count);
        holds("gradient", gradient, count);
        if (momentum != 0f) {
            holds("velocity", velocity, count);
        }
        sgd.weights = weights;
        sgd.gradient = gradient;
        sgd.velocity = velocity;
        sgd.learningRate = learningRate;
        sgd.momentum = momentum;
        sgd.nesterov = nesterov;
        sgd.start(pool, count);
    }

    void rmsprop(float[] weights, float[] gradient, float[] velocity, float[] averageGradient, float[] momentumBuffer, int count,
                 float learningRate, float rho, float momentum, float epsilon) {
        holds("weights", weights, count);
        holds("gradient", gradient, count);
        holds("velocity", velocity, count);
        if (averageGradient != null) {
            holds("averageGradient", averageGradient, count);
        }
        if (momentumBuffer != null) {
            holds("momentumBuffer", momentumBuffer, count);
        }
        rmspropJob.weights = weights;
        rmspropJob.gradient = gradient;
        rmspropJob.velocity = velocity;
        rmspropJob.averageGradient = averageGradient;
        rmspropJob.momentumBuffer = momentumBuffer;
        rmspropJob.learningRate = learningRate;
        rmspropJob.rho = rho;
        rmspropJob.momentum = momentum;
        rmspropJob.epsilon = epsilon;
        rmspropJob.start(pool, count);
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

    /** The Adam update of {@link Kernels#adamStep}, vector then scalar twin. */
    private static final class AdamJob extends ElementwiseJob {
        float[] weights;
        float[] gradient;
        float[] firstMoment;
        float[] secondMoment;
        float stepSize;
        float keep1;
        float keep2;
        float epsilon;

        @Override
        void range(int from, int to) {
            int i = from;
            for (; i <= to - LANES; i += LANES) {
                FloatVector g = FloatVector.fromArray(SPECIES, gradient, i);
                FloatVector m = FloatVector.fromArray(SPECIES, firstMoment, i);
                FloatVector v = FloatVector.fromArray(SPECIES, secondMoment, i);
                m = m.add(g.sub(m).mul(keep1));
                v = v.add(g.mul(g).sub(v).mul(keep2));
                m.intoArray(firstMoment, i);
                v.intoArray(secondMoment, i);
                FloatVector w = FloatVector.fromArray(SPECIES, weights, i);
                w.sub(m.mul(stepSize).div(v.sqrt().add(epsilon))).intoArray(weights, i);
            }
            for (; i < to; i++) {
                float g = gradient[i];
                float m = firstMoment[i] + (g - firstMoment[i]) * keep1;
                float v = secondMoment[i] + (g * g - secondMoment[i]) * keep2;
                firstMoment[i] = m;
                secondMoment[i] = v;
                weights[i] -= m * stepSize / ((float) Math.sqrt(v) + epsilon);
            }
        }
    }

    /** The SGD update of {@link Kernels#sgdStep}, vector then scalar twin. */
    private static final class SgdJob extends ElementwiseJob {
        float[] weights;
        float[] gradient;
        float[] velocity;
        float learningRate;
        float momentum;
        boolean nesterov;

        @Override
        void range(int from, int to) {
            int i = from;
            if (momentum == 0f) {
                for (; i <= to - LANES; i += LANES) {
                    FloatVector.fromArray(SPECIES, weights, i).sub(FloatVector.fromArray(SPECIES, gradient, i).mul(learningRate))
                            .intoArray(weights, i);
                }
                for (; i < to; i++) {
                    weights[i] -= gradient[i] * learningRate;
                }
                return;
            }
            for (; i <= to - LANES; i += LANES) {
                FloatVector step = FloatVector.fromArray(SPECIES, gradient, i).mul(learningRate);
                FloatVector v = FloatVector.fromArray(SPECIES, velocity, i).mul(momentum).sub(step);
                v.intoArray(velocity, i);
                FloatVector w = FloatVector.fromArray(SPECIES, weights, i);
                (nesterov ? w.add(v.mul(momentum).sub(step)) : w.add(v)).intoArray(weights, i);
            }
            for (; i < to; i++) {
                float step = gradient[i] * learningRate;
                float v = velocity[i] * momentum - step;
                velocity[i] = v;
                weights[i] += nesterov ? v * momentum - step : v;
            }
        }
    }

    /** The RMSprop update of {@link Kernels#rmspropStep}, vector then scalar twin. */
    private static final class RmspropJob extends ElementwiseJob {
        float[] weights;
        float[] gradient;
        float[] velocity;
        float[] averageGradient;
        float[] momentumBuffer;
        float learningRate;
        float rho;
        float momentum;
        float epsilon;

        @Override
        void range(int from, int to) {
            int i = from;
            float keep = 1f - rho;
            for (; i <= to - LANES; i += LANES) {
                FloatVector g = FloatVector.fromArray(SPECIES, gradient, i);
                FloatVector v = FloatVector.fromArray(SPECIES, velocity, i).mul(rho).add(g.mul(g).mul(keep));
                v.intoArray(velocity, i);
                FloatVector denominator;
                if (averageGradient != null) {
                    FloatVector a = FloatVector.fromArray(SPECIES, averageGradient, i).mul(rho).add(g.mul(keep));
                    a.intoArray(averageGradient, i);
                    denominator = v.sub(a.mul(a)).add(epsilon);
                } else {
                    denominator = v.add(epsilon);
                }
                FloatVector increment = g.mul(learningRate).div(denominator.sqrt());
                FloatVector w = FloatVector.fromArray(SPECIES, weights, i);
                if (momentumBuffer != null) {
                    FloatVector m = FloatVector.fromArray(SPECIES, momentumBuffer, i).mul(momentum).add(increment);
                    m.intoArray(momentumBuffer, i);
                    w.sub(m).intoArray(weights, i);
                } else {
                    w.sub(increment).intoArray(weights, i);
                }
            }
            PlainKernels.rmspropRange(weights, gradient, velocity, averageGradient, momentumBuffer, i, to, learningRate, rho, momentum, epsilon);
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
