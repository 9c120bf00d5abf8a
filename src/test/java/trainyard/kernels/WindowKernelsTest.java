package trainyard.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The window kernels (convolution patches, max pooling) of {@link VectorKernels} on 1 and 3
 * threads against their plain twins in {@link PlainKernels}: exactly the same values and
 * maxima's places, over channel counts on both sides of every vector width, windows
 * larger than their strides, padding, and values with many ties.
 */
class WindowKernelsTest {
    static List<WindowGeometry> geometries() {
        List<WindowGeometry> geometries = new ArrayList<>();
        for (int channels : new int[] {1, 3, 4, 8, 15, 16, 17, 32, 33, 64}) {
            geometries.add(new WindowGeometry(6, 5, channels, 2, 2, 2, 2, 0, 0, 3, 2));           // pooling 2, valid
            geometries.add(new WindowGeometry(7, 7, channels, 3, 3, 2, 2, 1, 1, 4, 4));           // 3 stride 2, same
            geometries.add(new WindowGeometry(5, 6, channels, 3, 2, 1, 1, 0, 0, 3, 5));           // overlapping, valid
            geometries.add(new WindowGeometry(4, 4, channels, 4, 4, 1, 1, 1, 1, 4, 4));           // same, 1 before and 2 after
        }
        return geometries;
    }

    private static float[] values(int count, long seed, boolean ties) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = ties ? random.nextInt(3) - 1 : (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    @Test
    void maxPoolingAndItsBackwardMatchThePlainTwinExactly() {
        int batch = 5;
        for (int threads : new int[] {1, 3}) {
            try (VectorKernels vector = VectorKernels.withExactly(threads)) {
                PlainKernels plain = new PlainKernels();
                for (WindowGeometry g : geometries()) {
                    for (boolean ties : new boolean[] {false, true}) {
                        float[] images = values(batch * g.imageSize(), g.channels(), ties);
                        float[] expected = new float[batch * g.pooledSize()];
                        int[] expectedPlaces = new int[expected.length];
                        plain.maxPool(images, batch, g, expected, expectedPlaces);
                        float[] actual = new float[expected.length];
                        int[] actualPlaces = new int[expected.length];
                        vector.maxPool(images, batch, g, actual, actualPlaces);
                        assertThat(actual).as("%s ties %s", g, ties).containsExactly(expected);
                        assertThat(actualPlaces).as("%s ties %s", g, ties).containsExactly(expectedPlaces);
                        float[] gradient = values(expected.length, 5, false);
                        float[] expectedBack = new float[images.length];
                        float[] actualBack = values(images.length, 6, false); // overwritten, not added to
                        plain.maxPoolBackward(gradient, expectedPlaces, batch, g, expectedBack);
                        vector.maxPoolBackward(gradient, actualPlaces, batch, g, actualBack);
                        assertThat(actualBack).containsExactly(expectedBack);
                    }
                }
            }
        }
    }

    @Test
    void patchesAndTheirScatterMatchThePlainTwinExactly() {
        int batch = 5;
        for (int threads : new int[] {1, 3}) {
            try (VectorKernels vector = VectorKernels.withExactly(threads)) {
                PlainKernels plain = new PlainKernels();
                for (WindowGeometry g : geometries()) {
                    float[] images = values(batch * g.imageSize(), 3, false);
                    float[] expected = new float[batch * g.positions() * g.patchSize()];
                    plain.gatherPatches(images, batch, g, expected);
                    float[] actual = values(expected.length, 4, false); // every element overwritten, padding included
                    vector.gatherPatches(images, batch, g, actual);
                    assertThat(actual).as("%s", g).containsExactly(expected);
                    float[] expectedImages = new float[images.length];
                    plain.scatterPatches(expected, batch, g, expectedImages);
                    float[] actualImages = values(images.length, 7, false);
                    vector.scatterPatches(expected, batch, g, actualImages);
                    assertThat(actualImages).as("%s", g).containsExactly(expectedImages);
                }
            }
        }
    }

    /** Scattering the patches back gives each pixel times the number of windows that hold it. */
    @Test
    void scatteringPatchesCountsEachPixelOncePerWindow() {
        WindowGeometry g = new WindowGeometry(4, 4, 1, 3, 3, 1, 1, 0, 0, 2, 2);
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1);
        float[] patches = new float[4 * 9];
        PlainKernels plain = new PlainKernels();
        plain.gatherPatches(ones, 1, g, patches);
        float[] counts = new float[16];
        plain.scatterPatches(patches, 1, g, counts);
        assertThat(counts).containsExactly(1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1);
    }
}
