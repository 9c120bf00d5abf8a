package trainyard.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import java.util.Map;
import trainyard.config.CosineDecaySpec;
import trainyard.config.ExponentialDecaySpec;
import trainyard.config.LearningRateSpec;
import trainyard.config.OptimizerKind;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.kernels.PlainKernels;
import trainyard.kernels.VectorKernels;
import trainyard.model.Parameter;

/**
 * Single steps computed by hand from Keras's formulas, and three-step golden values
 * computed in double precision with the Keras 3 update rules (keras/optimizers/adam.py,
 * sgd.py) outside this code base. Tolerance 1e-6: float32 against double.
 */
class OptimizerTest {
    static final float[][] GRADIENTS = {{0.5f, -0.2f}, {-0.3f, 0.1f}, {0.2f, 0.4f}};

    static Parameter parameter() {
        return new Parameter("w", new float[] {1f, -0.5f}, new float[2], new int[] {2});
    }

    static float[] train(OptimizerSpec spec, Kernels kernels, int steps) {
        Parameter w = parameter();
        Optimizer optimizer = Optimizer.build(spec, List.of(w), kernels);
        for (int step = 0; step < steps; step++) {
            System.arraycopy(GRADIENTS[step], 0, w.gradient(), 0, 2);
            optimizer.step(List.of(w), step);
        }
        return w.values();
    }

    @Test
    void plainSgdStepIsLearningRateTimesGradient() {
        float[] w = train(OptimizerSpec.defaults("sgd"), new PlainKernels(), 1);
        assertThat(w[0]).isCloseTo(1f - 0.01f * 0.5f, within(1e-7f));
        assertThat(w[1]).isCloseTo(-0.5f + 0.01f * 0.2f, within(1e-7f));
    }

    @Test
    void firstAdamStepMovesEachWeightByAboutTheLearningRate() {
        // After one step m̂ = g and v̂ = g², so the step is lr·g/|g| = lr·sign(g) (up to ε).
        float[] w = train(OptimizerSpec.defaults("adam"), new PlainKernels(), 1);
        assertThat(w[0]).isCloseTo(1f - 0.001f, within(1e-6f));
        assertThat(w[1]).isCloseTo(-0.5f + 0.001f, within(1e-6f));
    }

    @Test
    void goldenValuesAfterThreeSteps() {
        for (Kernels kernels : new Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            assertThat(train(OptimizerSpec.defaults("adam"), kernels, 3))
                    .containsExactly(new float[] {0.99846108f, -0.49919101f}, within(1e-6f));
            assertThat(train(OptimizerSpec.of("sgd", 0.01, java.util.Map.of("momentum", (double) 0.9, "nesterov", false)), kernels, 3))
                    .containsExactly(new float[] {0.99015f, -0.50048f}, within(1e-6f));
            assertThat(train(OptimizerSpec.of("sgd", 0.01, java.util.Map.of("momentum", (double) 0.9, "nesterov", true)), kernels, 3))
                    .containsExactly(new float[] {0.987135f, -0.503432f}, within(1e-6f));
            kernels.close();
        }
    }

    @Test
    void eachBuildStartsFromFreshState() {
        float[] first = train(OptimizerSpec.defaults("adam"), new PlainKernels(), 2);
        float[] second = train(OptimizerSpec.defaults("adam"), new PlainKernels(), 2);
        assertThat(second).containsExactly(first);
    }

    /**
     * AdamW and SGD with weight decay: Keras 3 decays first, w -= w·wd·lr, with the step's
     * rate, then applies the update (keras/optimizers/base_optimizer.py). Golden values in
     * double precision from those formulas, with the gradients above.
     */
    @Test
    void weightDecayComesBeforeTheUpdateWithTheStepsRate() {
        for (Kernels kernels : new Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            assertThat(train(OptimizerSpec.defaults("adamw"), kernels, 3))
                    .containsExactly(new float[] {0.998449092f, -0.499185020f}, within(1e-6f));
            assertThat(train(new OptimizerSpec("adamw", new LearningRateSpec.Constant(0.01), 0.1, Map.of()), kernels, 3))
                    .containsExactly(new float[] {0.981635738f, -0.490434264f}, within(1e-6f));
            assertThat(train(new OptimizerSpec("adamw", new CosineDecaySpec(0.01, 4, 0, null, 0), 0.1, Map.of()), kernels, 3))
                    .containsExactly(new float[] {0.984290980f, -0.488852286f}, within(1e-6f));
            assertThat(train(new OptimizerSpec("sgd", new LearningRateSpec.Constant(0.1), 0.5, Map.of("momentum", 0.9)), kernels, 3))
                    .containsExactly(new float[] {0.7645f, -0.4358375f}, within(1e-6f));
            assertThat(train(new OptimizerSpec("sgd", new ExponentialDecaySpec(0.1, 2, 0.5, true), 0, Map.of()), kernels, 3))
                    .containsExactly(new float[] {0.97f, -0.51f}, within(1e-6f));
            kernels.close();
        }
    }

    /** What a file that only names the optimizer gets: Keras 3's AdamW decays by 0.004 (keras/src/optimizers/adamw.py), the others not at all. */
    @Test
    void adamwDefaultsAreKerasAndTheOthersHaveNoDecay() throws Exception {
        for (String name : new String[] {"adamw", "adam", "sgd", "rmsprop"}) {
            double decay = trainyard.config.ExperimentLoader.parse("""
                    dataset: mnist
                    model: {layers: [{dense: 10, activation: softmax}]}
                    loss: categorical_crossentropy
                    optimizer: %s
                    """.formatted(name), java.nio.file.Path.of("t.yaml")).spec().optimizer().weightDecay();
            assertThat(decay).as(name).isEqualTo(name.equals("adamw") ? 0.004 : 0.0);
        }
    }

    /**
     * RMSprop (keras/optimizers/rmsprop.py). One step by hand: v = 0.1·g², so the step is
     * lr·g/√(0.1·g² + ε) ≈ lr·√10·sign(g). Then three-step golden values in double
     * precision from Keras's rule: plain, with momentum, centered, and both.
     */
    @Test
    void rmspropPlainMomentumAndCentered() {
        float[] one = train(OptimizerSpec.of("rmsprop", 0.01, Map.of()), new PlainKernels(), 1);
        assertThat(one[0]).isCloseTo(1f - 0.01f * (float) Math.sqrt(10), within(1e-6f));
        assertThat(one[1]).isCloseTo(-0.5f + 0.01f * (float) Math.sqrt(10), within(1e-6f));
        for (Kernels kernels : new Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            assertThat(train(OptimizerSpec.of("rmsprop", 0.01, Map.of()), kernels, 3))
                    .containsExactly(new float[] {0.974160668f, -0.511307377f}, within(1e-6f));
            assertThat(train(OptimizerSpec.of("rmsprop", 0.01, Map.of("momentum", 0.9)), kernels, 3))
                    .containsExactly(new float[] {0.935298580f, -0.470502737f}, within(1e-6f));
            assertThat(train(OptimizerSpec.of("rmsprop", 0.01, Map.of("centered", true)), kernels, 3))
                    .containsExactly(new float[] {0.972312772f, -0.510484914f}, within(1e-6f));
            assertThat(train(OptimizerSpec.of("rmsprop", 0.01, Map.of("centered", true, "momentum", 0.5)), kernels, 3))
                    .containsExactly(new float[] {0.955794703f, -0.492909103f}, within(1e-6f));
            kernels.close();
        }
        OptimizerSpec defaults = OptimizerSpec.defaults("rmsprop");
        assertThat(defaults.learningRate().at(0)).isEqualTo(0.001);
        assertThat(List.of(defaults.number(OptimizerKind.Settings.RHO), defaults.number(OptimizerKind.Settings.RMSPROP_MOMENTUM),
                defaults.number(OptimizerKind.Settings.RMSPROP_EPSILON), defaults.flag(OptimizerKind.Settings.CENTERED)))
                .containsExactly(0.9, 0.0, 1e-7, false);
    }

    /**
     * Adagrad (keras/optimizers/adagrad.py): the accumulator starts at 0.1 and sums g², then
     * w -= lr·g / √(a + ε). Three-step golden values in double precision from that rule:
     * Keras's defaults, a larger rate, and accumulators starting at 0.
     */
    @Test
    void adagradFromItsAccumulator() {
        for (Kernels kernels : new Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            assertThat(train(OptimizerSpec.defaults("adagrad"), kernels, 3))
                    .containsExactly(new float[] {0.999318438f, -0.500442098f}, within(1e-6f));
            assertThat(train(OptimizerSpec.of("adagrad", 0.1, Map.of()), kernels, 3))
                    .containsExactly(new float[] {0.931843773f, -0.544209760f}, within(1e-6f));
            assertThat(train(OptimizerSpec.of("adagrad", 0.1, Map.of("initial_accumulator_value", 0.0)), kernels, 3))
                    .containsExactly(new float[] {0.919005308f, -0.532008575f}, within(1e-6f));
            kernels.close();
        }
        assertThat(Optimizer.stateFloatsPerParameter(OptimizerSpec.defaults("adagrad"))).isEqualTo(1);
    }
}
