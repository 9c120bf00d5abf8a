package trainyard.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batch normalisation's kernels in {@link VectorKernels}, on 1 and 3 threads, against the
 * plain twin: the same bits for every output, statistic and gradient, with channels that
 * are whole vectors at every width (16, 32, 48, 256) and that are not (3, 17, 20), over
 * batches longer than a block of rows.
 */
class NormalizationKernelsTest {
    private static float[] values(int count, long seed, float shift) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-2, 2) + shift;
        }
        return values;
    }

    @Test
    void everyPassIsTheSameBitsAsThePlainTwin() {
        for (int threads : new int[] {1, 3}) {
            try (VectorKernels vector = VectorKernels.withExactly(threads)) {
                PlainKernels plain = new PlainKernels();
                // Few enough values that the suites at narrower widths (where the test JVM may
                // not compile the vector loops for a long time) stay quick; 300 rows span two blocks.
                for (int channels : new int[] {3, 16, 17, 20, 32, 48, 256}) {
                    for (int rows : channels == 256 ? new int[] {5} : new int[] {5, 300}) {
                        float[][] expected = pass(plain, rows, channels);
                        float[][] actual = pass(vector, rows, channels);
                        for (int i = 0; i < expected.length; i++) {
                            assertThat(actual[i]).as("%d threads, %d rows, %d channels, array %d", threads, rows, channels, i)
                                    .containsExactly(expected[i]);
                        }
                    }
                }
            }
        }
    }

    /** Training forward, backward, then inference: every array each writes. */
    private static float[][] pass(Kernels kernels, int rows, int channels) {
        float[] x = values(rows * channels, 1, 3);
        float[] gamma = values(channels, 2, 1);
        float[] beta = values(channels, 3, 0);
        float[] mean = new float[channels];
        float[] variance = new float[channels];
        float[] inverse = new float[channels];
        float[] normalized = new float[rows * channels];
        float[] out = new float[rows * channels];
        double[] sums = new double[2 * channels];
        kernels.normalizeBatch(x, rows, channels, 1e-3f, gamma, beta, mean, variance, inverse, normalized, out, sums);
        float[] dy = values(rows * channels, 4, 0);
        float[] dGamma = new float[channels];
        float[] dBeta = new float[channels];
        float[] dx = new float[rows * channels];
        kernels.normalizeBatchBackward(dy, normalized, rows, channels, gamma, inverse, dGamma, dBeta, dx, sums);
        float[] inferred = new float[rows * channels];
        kernels.normalize(x, rows, channels, 1e-3f, gamma, beta, mean, variance, new float[channels], inferred);
        return new float[][] {mean, variance, inverse, normalized, out, dGamma, dBeta, dx, inferred};
    }
}
