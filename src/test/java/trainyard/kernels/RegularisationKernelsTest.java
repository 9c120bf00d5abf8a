package trainyard.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernels of weight decay, L2, dropout and max-norm: VectorKernels on one and two
 * threads against their reference, PlainKernels, at sizes below, at and past the vector
 * width and past the size at which updates are split across threads (32,768). Elementwise
 * results must be the same bits; the sum of squares agrees to 1e-6 relative (the two sum
 * in different orders).
 */
class RegularisationKernelsTest {
    static final PlainKernels PLAIN = new PlainKernels();
    static final VectorKernels ONE_THREAD = new VectorKernels(1);
    static final VectorKernels TWO_THREADS = VectorKernels.withExactly(2);
    static final VectorKernels THREE_THREADS = VectorKernels.withExactly(3);

    @AfterAll
    static void closePools() {
        ONE_THREAD.close();
        TWO_THREADS.close();
        THREE_THREADS.close();
    }

    static float[] random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-2, 2);
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 784, 40_000, 100_003})
    void decayAddScaledAndProductsAreTheReferenceBits(int count) {
        for (Kernels kernels : new Kernels[] {ONE_THREAD, TWO_THREADS}) {
            float[] expected = random(count, 1);
            float[] actual = expected.clone();
            PLAIN.decay(expected, count, 0.004f);
            kernels.decay(actual, count, 0.004f);
            assertThat(actual).containsExactly(expected);

            float[] source = random(count, 2);
            PLAIN.addScaled(expected, source, 2e-4f, count);
            kernels.addScaled(actual, source, 2e-4f, count);
            assertThat(actual).containsExactly(expected);

            float[] product = new float[count];
            float[] reference = new float[count];
            PLAIN.multiplyElementwise(expected, source, reference, count);
            kernels.multiplyElementwise(actual, source, product, count);
            assertThat(product).containsExactly(reference);
        }
        float[] weights = {2f, -4f};
        PLAIN.decay(weights, 2, 0.25f);
        assertThat(weights).containsExactly(1.5f, -3f); // w - w·0.25
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 17, 784, 40_000, 100_003})
    void dropoutMasksAreTheSameBitsOnAnyNumberOfThreads(int count) {
        float[] input = random(count, 3);
        float[] expectedMask = new float[count];
        float[] expectedOutput = new float[count];
        PLAIN.dropout(input, expectedMask, expectedOutput, count, 0.3f, 99);
        for (Kernels kernels : new Kernels[] {ONE_THREAD, TWO_THREADS, THREE_THREADS}) {
            float[] mask = new float[count];
            float[] output = new float[count];
            kernels.dropout(input, mask, output, count, 0.3f, 99);
            assertThat(mask).containsExactly(expectedMask);
            assertThat(output).containsExactly(expectedOutput);
        }
    }

    @Test
    void dropoutDropsTheRateAndScalesTheRestByItsInverse() {
        int count = 1_000_000;
        float[] ones = new float[count];
        java.util.Arrays.fill(ones, 1f);
        for (float rate : new float[] {0.2f, 0.5f}) {
            float[] mask = new float[count];
            float[] output = new float[count];
            TWO_THREADS.dropout(ones, mask, output, count, rate, 5);
            int dropped = 0;
            for (int i = 0; i < count; i++) {
                if (output[i] == 0f) {
                    dropped++;
                } else {
                    assertThat(output[i]).isEqualTo(1f / (1f - rate));
                }
            }
            // Binomial: the standard deviation of the dropped share is √(r(1-r)/n) ≈ 0.0005; allow 5 of them.
            assertThat(dropped / (double) count).isCloseTo(rate, within(0.0025));
            float[] again = new float[count];
            TWO_THREADS.dropout(ones, again, output, count, rate, 6);
            assertThat(again).isNotEqualTo(mask); // another seed, another mask
        }
        float[] mask = new float[10];
        PLAIN.dropout(new float[10], mask, new float[10], 10, 0f, 1);
        assertThat(mask).containsOnly(1f); // rate 0 keeps everything
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1024, 100_003})
    void sumsOfSquaresAgree(int count) {
        float[] values = random(count, 4);
        double expected = 0;
        for (float value : values) {
            expected += (double) value * value;
        }
        assertThat(PLAIN.sumOfSquares(values, count)).isCloseTo(expected, within(expected * 1e-9));
        assertThat(ONE_THREAD.sumOfSquares(values, count)).isCloseTo(expected, within(expected * 1e-6));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 10, 17, 1024})
    void maxNormLeavesEveryColumnWithinTheLimitAsKerasComputesIt(int cols) {
        int rows = 33;
        float[] weights = random(rows * cols, 5);
        for (int i = 0; i < cols; i += 3) { // every third column starts well inside the limit
            for (int r = 0; r < rows; r++) {
                weights[r * cols + i] *= 0.01f;
            }
        }
        float[] expected = weights.clone();
        float[] actual = weights.clone();
        PLAIN.limitColumnNorms(expected, rows, cols, 3f, new float[cols]);
        ONE_THREAD.limitColumnNorms(actual, rows, cols, 3f, new float[cols]);
        assertThat(actual).containsExactly(expected);
        for (int j = 0; j < cols; j++) {
            double before = 0;
            double after = 0;
            for (int r = 0; r < rows; r++) {
                before += (double) weights[r * cols + j] * weights[r * cols + j];
                after += (double) actual[r * cols + j] * actual[r * cols + j];
            }
            // Keras: w · min(n, 3) / (1e-7 + n); a column inside the limit shrinks by n / (1e-7 + n) only.
            double factor = Math.min(Math.sqrt(before), 3) / (1e-7 + Math.sqrt(before));
            assertThat(Math.sqrt(after)).isLessThanOrEqualTo(3 + 1e-5).isCloseTo(Math.sqrt(before) * factor, within(1e-5));
        }
    }
}
