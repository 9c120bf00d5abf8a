package trainyard.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * VectorKernels against their reference, PlainKernels, on awkward shapes: sizes below,
 * at and just past the vector width and the 8-row block, and MNIST's 784. Tolerance for
 * products: 1e-5 relative to the sum of |terms| (float rounding grows with the length of
 * the sum, and the two sum in different orders: FMA vs multiply-then-add).
 */
class VectorKernelsTest {
    static final int[] SIZES = {1, 7, 10, 15, 17, 33, 784};
    static final PlainKernels PLAIN = new PlainKernels();
    static final VectorKernels ONE_THREAD = new VectorKernels(1);
    static final VectorKernels TWO_THREADS = VectorKernels.withExactly(2);
    /** The tile this machine does not choose, so that both tiles are tested on every host. */
    static final ProductTile OTHER_TILE = ProductTile.forRegisters(VectorHardware.thisMachine().vectorRegisters())
            == ProductTile.EIGHT_BY_TWO ? ProductTile.SIX_BY_TWO : ProductTile.EIGHT_BY_TWO;
    static final VectorKernels OTHER_TILE_THREE_THREADS = VectorKernels.withExactly(3, OTHER_TILE);

    @AfterAll
    static void closePools() {
        ONE_THREAD.close();
        TWO_THREADS.close();
        OTHER_TILE_THREE_THREADS.close();
    }

    static float[] random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> shapes = Stream.builder();
        for (int rows : SIZES) {
            for (int inner : SIZES) {
                for (int cols : SIZES) {
                    if ((long) rows * inner * cols <= 784L * 784 * 17) {
                        shapes.add(Arguments.of(rows, inner, cols));
                    }
                }
            }
        }
        shapes.add(Arguments.of(100, 784, 200)); // relu_adam's first layer
        shapes.add(Arguments.of(32, 256, 128));
        return shapes.build();
    }

    /** source (rows, cols)ᵀ. */
    static float[] transposed(float[] source, int rows, int cols) {
        float[] out = new float[source.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = source[i * cols + j];
            }
        }
        return out;
    }

    /** |a|·|b| per output: the scale that rounding error is proportional to. */
    static float[] magnitudes(float[] a, float[] b, int rows, int inner, int cols) {
        float[] absA = a.clone();
        float[] absB = b.clone();
        for (int i = 0; i < absA.length; i++) {
            absA[i] = Math.abs(absA[i]);
        }
        for (int i = 0; i < absB.length; i++) {
            absB[i] = Math.abs(absB[i]);
        }
        float[] scale = new float[rows * cols];
        PLAIN.multiply(absA, absB, null, scale, rows, inner, cols);
        return scale;
    }

    static void assertClose(float[] actual, float[] expected, float[] scale, int count) {
        for (int i = 0; i < count; i++) {
            float tolerance = 1e-5f * (scale == null ? 1f : scale[i]) + 1e-6f;
            if (Math.abs(actual[i] - expected[i]) > tolerance) {
                throw new AssertionError("element " + i + ": " + actual[i] + " vs reference " + expected[i] + " (tolerance " + tolerance + ")");
            }
        }
    }

    @ParameterizedTest(name = "({0}x{1})·({1}x{2})")
    @MethodSource("shapes")
    void multiplyMatchesReference(int rows, int inner, int cols) {
        float[] a = random(rows * inner, 1);
        float[] b = random(inner * cols, 2);
        float[] bias = random(cols, 3);
        float[] expected = new float[rows * cols];
        PLAIN.multiply(a, b, bias, expected, rows, inner, cols);
        float[] scale = magnitudes(a, b, rows, inner, cols);
        for (VectorKernels kernels : new VectorKernels[] {ONE_THREAD, TWO_THREADS, OTHER_TILE_THREE_THREADS}) {
            float[] actual = new float[rows * cols + 5]; // room past the end must stay untouched
            Arrays.fill(actual, 42f);
            kernels.multiply(a, b, bias, actual, rows, inner, cols);
            assertClose(actual, expected, scale, rows * cols);
            assertThat(Arrays.copyOfRange(actual, rows * cols, actual.length)).containsOnly(42f);
            kernels.multiply(a, b, null, actual, rows, inner, cols);
            float[] withoutBias = new float[rows * cols];
            PLAIN.multiply(a, b, null, withoutBias, rows, inner, cols);
            assertClose(actual, withoutBias, scale, rows * cols);
        }
    }

    @ParameterizedTest(name = "({0}x{1})ᵀ·({0}x{2})")
    @MethodSource("shapes")
    void multiplyTransposedLeftMatchesReference(int rows, int aCols, int bCols) {
        float[] a = random(rows * aCols, 4);
        float[] b = random(rows * bCols, 5);
        float[] expected = new float[aCols * bCols];
        PLAIN.multiplyTransposedLeft(a, b, expected, rows, aCols, bCols);
        float[] transposedA = transposed(a, rows, aCols);
        float[] scale = magnitudes(transposedA, b, aCols, rows, bCols);
        for (VectorKernels kernels : new VectorKernels[] {ONE_THREAD, TWO_THREADS, OTHER_TILE_THREE_THREADS}) {
            float[] actual = new float[aCols * bCols];
            kernels.multiplyTransposedLeft(a, b, actual, rows, aCols, bCols);
            assertClose(actual, expected, scale, actual.length);
        }
    }

    @ParameterizedTest(name = "({0}x{1})·({2}x{1})ᵀ")
    @MethodSource("shapes")
    void multiplyTransposedRightMatchesReference(int rows, int inner, int cols) {
        float[] a = random(rows * inner, 10);
        float[] b = random(cols * inner, 11);
        float[] expected = new float[rows * cols];
        PLAIN.multiplyTransposedRight(a, b, expected, rows, inner, cols);
        float[] transposedB = transposed(b, cols, inner);
        float[] scale = magnitudes(a, transposedB, rows, inner, cols);
        for (VectorKernels kernels : new VectorKernels[] {ONE_THREAD, TWO_THREADS, OTHER_TILE_THREE_THREADS}) {
            float[] actual = new float[rows * cols + 5];
            Arrays.fill(actual, 42f);
            kernels.multiplyTransposedRight(a, b, actual, rows, inner, cols);
            assertClose(actual, expected, scale, rows * cols);
            assertThat(Arrays.copyOfRange(actual, rows * cols, actual.length)).containsOnly(42f);
        }
    }

    /**
     * The bits every path promises, computed independently: each output is the bias (or
     * zero) followed by one fused multiply-add per depth step in order, or, where the
     * product is halved, that chain over the first half plus a chain from zero over the
     * second. A's element (i, p) is a[i·aRow + p·aStep]; b's (p, j) is b[p·bRow + j·bColumn].
     */
    static float[] fmaChains(float[] a, int aRow, int aStep, float[] b, int bRow, int bColumn, float[] bias, int rows, int inner, int cols) {
        int half = MatrixProduct.halves(rows, inner, cols) ? MatrixProduct.halfOf(inner) : inner;
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float first = bias == null ? 0f : bias[j];
                for (int p = 0; p < half; p++) {
                    first = Math.fma(a[i * aRow + p * aStep], b[p * bRow + j * bColumn], first);
                }
                float second = 0f;
                for (int p = half; p < inner; p++) {
                    second = Math.fma(a[i * aRow + p * aStep], b[p * bRow + j * bColumn], second);
                }
                out[i * cols + j] = half == inner ? first : first + second;
            }
        }
        return out;
    }

    /**
     * Packed or read in place, A packed or read where it lies, b transposed or not, either
     * tile and any thread count: exactly the chains of {@link #fmaChains}. The shapes cross
     * every block of the packed product (depth, rows, columns), end in a strip narrower than
     * two vectors and a short tile, and include small ones read in place. Each is a few
     * million multiply-adds: until C2 compiles them, the kernels run interpreted, 100x slower.
     */
    @ParameterizedTest(name = "{0} ({1}x{2})·({2}x{3})")
    @MethodSource("chainShapes")
    void everyPathComputesTheSameFmaChains(String product, int rows, int inner, int cols) {
        float[] a = random(rows * inner, 12);
        float[] b = random(inner * cols, 13);
        float[] bias = random(cols, 14);
        float[] expected = switch (product) {
            case "X·W" -> fmaChains(a, inner, 1, b, cols, 1, bias, rows, inner, cols);
            case "Xᵀ·dY" -> fmaChains(a, 1, rows, b, cols, 1, null, rows, inner, cols); // a holds X (inner, rows)
            default -> fmaChains(a, inner, 1, b, 1, inner, null, rows, inner, cols); // b holds W (cols, inner)
        };
        for (VectorKernels kernels : new VectorKernels[] {ONE_THREAD, TWO_THREADS, OTHER_TILE_THREE_THREADS}) {
            float[] actual = new float[rows * cols + 5];
            Arrays.fill(actual, 42f);
            switch (product) {
                case "X·W" -> kernels.multiply(a, b, bias, actual, rows, inner, cols);
                case "Xᵀ·dY" -> kernels.multiplyTransposedLeft(a, b, actual, inner, rows, cols);
                default -> kernels.multiplyTransposedRight(a, b, actual, rows, inner, cols);
            }
            for (int i = 0; i < expected.length; i++) { // AssertJ's containsExactly takes seconds on 300,000 floats
                if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
                    throw new AssertionError("element " + i + " on " + kernels.threads() + " threads: " + actual[i] + ", the chain gives " + expected[i]);
                }
            }
            assertThat(Arrays.copyOfRange(actual, rows * cols, actual.length)).containsOnly(42f);
        }
    }

    static Stream<Arguments> chainShapes() {
        return Stream.of(Arguments.of("X·W", 24, 300, 90), Arguments.of("dY·Wᵀ", 100, 10, 200), Arguments.of("X·W", 9, 1100, 300),
                Arguments.of("X·W", 9, 300, 1100), Arguments.of("X·W", 300, 5, 900), Arguments.of("Xᵀ·dY", 302, 9, 1030),
                Arguments.of("Xᵀ·dY", 13, 4200, 64), Arguments.of("dY·Wᵀ", 9, 600, 530), Arguments.of("dY·Wᵀ", 131, 1030, 17));
    }

    /** Which of chainShapes' products are packed at 512 bits, so that the test above covers both paths there. */
    @Test
    void theChainShapesCoverBothPaths() {
        assertThat(MatrixProduct.packs(24, 300, 90)).isFalse();
        assertThat(MatrixProduct.packs(100, 10, 200)).isFalse();
        assertThat(MatrixProduct.packs(9, 1100, 300)).isTrue();
        assertThat(MatrixProduct.halves(9, 1100, 300)).isTrue();
        assertThat(MatrixProduct.packs(9, 300, 1100)).isTrue();
        assertThat(MatrixProduct.packs(300, 5, 900)).isTrue();
        assertThat(MatrixProduct.packs(302, 9, 1030)).isTrue();
        assertThat(MatrixProduct.packs(13, 4200, 64)).isTrue();
        assertThat(MatrixProduct.packs(9, 600, 530)).isTrue();
        assertThat(MatrixProduct.packs(131, 1030, 17)).isFalse();
    }

    /**
     * Either tile, any thread count: the same bits. The shapes are just past the sizes at
     * which products are split across threads and halved along their depth (kept small:
     * until C2 compiles them, the kernels run interpreted, 100x slower).
     */
    @ParameterizedTest(name = "({0}x{1})·({1}x{2})")
    @MethodSource("trainingShapes")
    void resultsAreBitIdenticalOnAnyNumberOfThreadsAndWithEitherTile(int rows, int inner, int cols) {
        float[] a = random(rows * inner, 6);
        float[] b = random(inner * cols, 7);
        float[] bias = random(cols, 9);
        float[] dy = random(rows * cols, 8);
        float[] one = new float[rows * cols];
        float[] oneT = new float[inner * cols];
        ONE_THREAD.multiply(a, b, bias, one, rows, inner, cols);
        ONE_THREAD.multiplyTransposedLeft(a, dy, oneT, rows, inner, cols);
        for (ProductTile tile : ProductTile.values()) {
            for (int threads : new int[] {1, 2, 3, 4, 8}) {
                try (VectorKernels kernels = VectorKernels.withExactly(threads, tile)) {
                    float[] many = new float[rows * cols];
                    float[] manyT = new float[inner * cols];
                    kernels.multiply(a, b, bias, many, rows, inner, cols);
                    kernels.multiplyTransposedLeft(a, dy, manyT, rows, inner, cols);
                    assertThat(many).as("X·W on %d threads, tile %s", threads, tile).containsExactly(one);
                    assertThat(manyT).as("Xᵀ·dY on %d threads, tile %s", threads, tile).containsExactly(oneT);
                }
            }
        }
    }

    static Stream<Arguments> trainingShapes() {
        return Stream.of(Arguments.of(24, 300, 90), Arguments.of(45, 400, 29), Arguments.of(17, 784, 40),
                Arguments.of(100, 200, 10));
    }

    @Test
    void relu_adamsFirstLayerIsBitIdenticalOnOneToThreeThreads() {
        int rows = 100, inner = 784, cols = 200;
        float[] a = random(rows * inner, 6);
        float[] b = random(inner * cols, 7);
        float[] dy = random(rows * cols, 8);
        float[] one = new float[rows * cols];
        float[] oneT = new float[inner * cols];
        ONE_THREAD.multiply(a, b, null, one, rows, inner, cols);
        ONE_THREAD.multiplyTransposedLeft(a, dy, oneT, rows, inner, cols);
        for (VectorKernels kernels : new VectorKernels[] {TWO_THREADS, OTHER_TILE_THREE_THREADS}) {
            float[] many = new float[rows * cols];
            float[] manyT = new float[inner * cols];
            kernels.multiply(a, b, null, many, rows, inner, cols);
            kernels.multiplyTransposedLeft(a, dy, manyT, rows, inner, cols);
            assertThat(many).as("X·W on %d threads", kernels.threads()).containsExactly(one);
            assertThat(manyT).as("Xᵀ·dY on %d threads", kernels.threads()).containsExactly(oneT);
        }
    }

    /**
     * A wide b (here 2048x1040, 8 MB) is packed and swept in depth blocks, continuing from the sums in
     * out: each output must keep the bits of the unblocked chain, which a 16-column slice of
     * the same product (too small to be blocked) computes. Also against the reference.
     */
    @ParameterizedTest
    @ValueSource(ints = {1040, 1048}) // 1048: on 256 bits the last strip is one vector wide
    void depthBlocksOfAWideProductKeepTheBitsOfTheUnblockedChain(int cols) {
        int rows = 20, inner = 2048, slice = 16;
        float[] a = random(rows * inner, 11);
        float[] b = random(inner * cols, 12);
        float[] bias = random(cols, 13);
        // The slice: the first 8 and the last 8 columns (the last strip is the one-vector case).
        float[] bSlice = new float[inner * slice];
        for (int p = 0; p < inner; p++) {
            System.arraycopy(b, p * cols, bSlice, p * slice, 8);
            System.arraycopy(b, p * cols + cols - 8, bSlice, p * slice + 8, 8);
        }
        float[] biasSlice = new float[slice];
        System.arraycopy(bias, 0, biasSlice, 0, 8);
        System.arraycopy(bias, cols - 8, biasSlice, 8, 8);
        float[] unblocked = new float[rows * slice];
        ONE_THREAD.multiply(a, bSlice, biasSlice, unblocked, rows, inner, slice);
        float[] expected = new float[rows * cols];
        PLAIN.multiply(a, b, bias, expected, rows, inner, cols);
        float[] scale = magnitudes(a, b, rows, inner, cols);
        for (VectorKernels kernels : new VectorKernels[] {ONE_THREAD, TWO_THREADS, OTHER_TILE_THREE_THREADS}) {
            float[] wide = new float[rows * cols];
            kernels.multiply(a, b, bias, wide, rows, inner, cols);
            for (int r = 0; r < rows; r++) {
                float[] ends = new float[slice];
                System.arraycopy(wide, r * cols, ends, 0, 8);
                System.arraycopy(wide, r * cols + cols - 8, ends, 8, 8);
                assertThat(ends).as("row %d on %d threads", r, kernels.threads())
                        .containsExactly(Arrays.copyOfRange(unblocked, r * slice, (r + 1) * slice));
            }
            assertClose(wide, expected, scale, rows * cols);
        }
    }

    @Test
    void theTileFitsTheRegisterFile() {
        assertThat(ProductTile.forRegisters(16)).isEqualTo(ProductTile.SIX_BY_TWO);
        assertThat(ProductTile.forRegisters(32)).isEqualTo(ProductTile.EIGHT_BY_TWO);
        for (ProductTile tile : ProductTile.values()) {
            int registers = tile == ProductTile.EIGHT_BY_TWO ? 32 : 16;
            assertThat(2 * tile.rows + 3).as("accumulators, b's two vectors and the broadcast").isLessThanOrEqualTo(registers);
        }
    }

    @Test
    void oddThreadCountsShareBothHalvesOfTheDepth() {
        assertThat(MatrixProduct.rowPartsPerHalf(1)).isEqualTo(1);
        assertThat(MatrixProduct.rowPartsPerHalf(2)).isEqualTo(1);
        assertThat(MatrixProduct.rowPartsPerHalf(3)).isEqualTo(3);
        assertThat(MatrixProduct.rowPartsPerHalf(4)).isEqualTo(2);
        assertThat(MatrixProduct.rowPartsPerHalf(8)).isEqualTo(4);
    }

    @Test
    void vectorsNarrowerThan128BitsOrWithoutFmaFallBackToThePlainKernels() {
        assertThat(new VectorHardware(64, 16, true).unusableBecause()).hasValueSatisfying(
                reason -> assertThat(reason).contains("64-bit"));
        assertThat(new VectorHardware(256, 16, false).unusableBecause()).hasValueSatisfying(
                reason -> assertThat(reason).contains("fused multiply-add"));
        assertThat(new VectorHardware(128, 32, true).unusableBecause()).isEmpty();
        assertThat(new VectorHardware(256, 16, true).describe()).isEqualTo("256-bit vectors, 16 registers");
        assertThat(new VectorHardware(64, 16, true).describe()).startsWith("plain Java kernels (");
        VectorHardware here = VectorHardware.thisMachine();
        assertThat(here.vectorBits()).as("the preferred species' width").isEqualTo(VectorMath.SPECIES.vectorBitSize());
        assertThat(Kernels.vectorBitsOfThisMachine()).isIn(0, here.vectorBits());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 10, 15, 16, 17, 33, 784})
    void columnSumsMatchReference(int size) {
        int rows = size, cols = Math.max(1, size / 3 + 2);
        float[] source = random(rows * cols, 9);
        float[] sums = new float[cols];
        float[] reference = new float[cols];
        PLAIN.columnSums(source, rows, cols, reference);
        ONE_THREAD.columnSums(source, rows, cols, sums);
        assertClose(sums, reference, null, cols);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 10, 15, 16, 17, 33, 784})
    void elementwiseActivationsMatchReference(int count) {
        float[] input = random(count, 10);
        for (int i = 0; i < count; i++) {
            input[i] *= 8; // reach the saturated ends of sigmoid and tanh
        }
        String[] names = {"relu", "sigmoid", "tanh"};
        for (String name : names) {
            float[] expected = input.clone();
            float[] actual = Arrays.copyOf(input, count + 3);
            switch (name) {
                case "relu" -> { PLAIN.relu(expected, count); ONE_THREAD.relu(actual, count); }
                case "sigmoid" -> { PLAIN.sigmoid(expected, count); ONE_THREAD.sigmoid(actual, count); }
                default -> { PLAIN.tanh(expected, count); ONE_THREAD.tanh(actual, count); }
            }
            assertClose(actual, expected, null, count);
            assertThat(Arrays.copyOfRange(actual, count, count + 3)).containsOnly(0f);
            float[] gradient = random(count, 11);
            float[] expectedGradient = gradient.clone();
            switch (name) {
                case "relu" -> { PLAIN.reluBackward(expected, expectedGradient, count); ONE_THREAD.reluBackward(expected, gradient, count); }
                case "sigmoid" -> { PLAIN.sigmoidBackward(expected, expectedGradient, count); ONE_THREAD.sigmoidBackward(expected, gradient, count); }
                default -> { PLAIN.tanhBackward(expected, expectedGradient, count); ONE_THREAD.tanhBackward(expected, gradient, count); }
            }
            assertClose(gradient, expectedGradient, null, count);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 10, 17, 40})
    void softmaxForwardAndBackwardMatchReference(int cols) {
        int rows = 5;
        float[] logits = random(rows * cols, 12);
        logits[0] = 80f; // large logits must not overflow: softmax subtracts the row maximum
        float[] expected = logits.clone();
        float[] actual = logits.clone();
        PLAIN.softmax(expected, rows, cols);
        ONE_THREAD.softmax(actual, rows, cols);
        assertClose(actual, expected, null, actual.length);
        for (int r = 0; r < rows; r++) {
            float sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += actual[r * cols + j];
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        }
        float[] gradient = random(rows * cols, 13);
        float[] expectedGradient = gradient.clone();
        PLAIN.softmaxBackward(expected, expectedGradient, rows, cols);
        ONE_THREAD.softmaxBackward(expected, gradient, rows, cols);
        assertClose(gradient, expectedGradient, null, gradient.length);
    }

    /** Every optimizer's rule in each of its forms, vector against its plain twin: the same bits, weights and state. */
    static List<UpdateRule> rules() {
        return List.of(new SgdRule(0, false), new SgdRule(0.9, false), new SgdRule(0.9, true), new AdamRule(0.9, 0.999, 1e-7),
                new RmspropRule(0.9, 0, 1e-7, false), new RmspropRule(0.9, 0.5, 1e-7, true), new AdagradRule(0.1, 1e-7));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 10, 17, 2010})
    void optimizerStepsMatchTheirPlainTwins(int count) {
        float[] gradient = random(count, 14);
        for (UpdateRule rule : rules()) {
            float[] weights = random(count, 15);
            float[][] state = new float[rule.slots().size()][];
            for (int slot = 0; slot < state.length; slot++) {
                state[slot] = random(count, 16 + slot);
                for (int i = 0; i < count; i++) {
                    state[slot][i] = Math.abs(state[slot][i]); // second moments are never negative
                }
            }
            float[] expectedWeights = weights.clone();
            float[][] expectedState = java.util.Arrays.stream(state).map(float[]::clone).toArray(float[][]::new);
            rule.prepare(0.01, 2);
            PLAIN.update(rule, expectedWeights, gradient, expectedState, count);
            ONE_THREAD.update(rule, weights, gradient, state, count);
            assertThat(weights).as("%s", rule.getClass().getSimpleName() + rule.slots()).containsExactly(expectedWeights);
            for (int slot = 0; slot < state.length; slot++) {
                assertThat(state[slot]).as("%s %s", rule.getClass().getSimpleName(), rule.slots().get(slot)).containsExactly(expectedState[slot]);
            }
        }
    }

    @Test
    void expAndTanhAreAccurateToAFewUlpsAcrossTheirRange() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes];
        float[] out = new float[lanes];
        double worstExp = 0;
        double worstTanh = 0;
        for (float start = -87f; start < 88f; start += 0.37f * lanes) {
            for (int i = 0; i < lanes; i++) {
                x[i] = Math.min(88f, start + 0.37f * i);
            }
            var v = jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, x, 0);
            VectorMath.exp(v).intoArray(out, 0);
            for (int i = 0; i < lanes; i++) {
                double exact = Math.exp(x[i]);
                worstExp = Math.max(worstExp, Math.abs(out[i] - exact) / Math.ulp((float) exact));
            }
            VectorMath.tanh(v.mul(0.05f)).intoArray(out, 0);
            for (int i = 0; i < lanes; i++) {
                double exact = Math.tanh(x[i] * 0.05f);
                worstTanh = Math.max(worstTanh, Math.abs(out[i] - exact));
            }
        }
        assertThat(worstExp).as("exp error in ulps").isLessThan(3);
        assertThat(worstTanh).as("tanh absolute error").isLessThan(2e-7);
    }

    @Test
    void neverMoreThreadsThanCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        try (VectorKernels every = new VectorKernels(0); VectorKernels tooMany = new VectorKernels(cores + 3)) {
            assertThat(every.threads()).isEqualTo(cores);
            assertThat(tooMany.threads()).isEqualTo(cores);
        }
        assertThat(ONE_THREAD.threads()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 15, 16, 17, 784})
    void unsignedBytesBecomeScaledFloats(int count) {
        byte[] bytes = new byte[count + 9];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37);
        }
        float[] expected = new float[count + 4];
        float[] actual = new float[count + 4];
        PLAIN.unsignedBytesToFloats(bytes, 5, expected, 2, count, 1f / 255f);
        ONE_THREAD.unsignedBytesToFloats(bytes, 5, actual, 2, count, 1f / 255f);
        assertThat(actual).containsExactly(expected);
        assertThat(actual[2 + count - 1]).isEqualTo(((bytes[5 + count - 1] & 0xff) * (1f / 255f)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 392, 784})
    void gatheredBatchesAreTheScaledBytesOfEachRowOnAnyNumberOfThreads(int width) {
        byte[] source = new byte[width * 120 + 3];
        new SplittableRandom(30).nextBytes(source);
        int rows = 100;
        int[] offsets = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            offsets[r] = ((r * 37) % 120) * width + (r % 3); // out of order, and not row-aligned
        }
        float[] expected = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < width; k++) {
                expected[r * width + k] = (source[offsets[r] + k] & 0xff) * (1f / 255f);
            }
        }
        for (Kernels kernels : new Kernels[] {PLAIN, ONE_THREAD, TWO_THREADS}) {
            float[] out = new float[rows * width + 4];
            Arrays.fill(out, 42f);
            kernels.gatherScaledBytes(source, offsets, rows, width, 1f / 255f, out);
            assertThat(Arrays.copyOf(out, rows * width)).containsExactly(expected);
            assertThat(Arrays.copyOfRange(out, rows * width, out.length)).containsOnly(42f);
        }
        offsets[7] = source.length - width + 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ONE_THREAD.gatherScaledBytes(source, offsets, rows, width, 1f, new float[rows * width]))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void largeOptimizerStepsSplitAcrossThreadsGiveTheSameBits() {
        int count = 159_010;
        float[] gradient = random(count, 20);
        float[][] weights = {random(count, 21), random(count, 21)};
        float[][][] state = {{new float[count], new float[count]}, {new float[count], new float[count]}};
        AdamRule rule = new AdamRule(0.9, 0.999, 1e-7);
        rule.prepare(0.001, 0);
        ONE_THREAD.update(rule, weights[0], gradient, state[0], count);
        TWO_THREADS.update(rule, weights[1], gradient, state[1], count);
        assertThat(weights[1]).containsExactly(weights[0]);
        assertThat(state[1][1]).containsExactly(state[0][1]);
    }

    @Test
    void scalarTwinsOfExpTanhAndSigmoidGiveTheLanesBits() {
        var species = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        float[] x = random(species.length() * 64, 22);
        for (int i = 0; i < x.length; i++) {
            x[i] *= i % 3 == 0 ? 0.1f : 40f; // both tanh branches, both exp clamps
        }
        float[] lanes = new float[x.length];
        for (String function : new String[] {"exp", "tanh", "sigmoid"}) {
            for (int i = 0; i < x.length; i += species.length()) {
                var v = jdk.incubator.vector.FloatVector.fromArray(species, x, i);
                (switch (function) {
                    case "exp" -> VectorMath.exp(v);
                    case "tanh" -> VectorMath.tanh(v);
                    default -> VectorMath.sigmoid(v);
                }).intoArray(lanes, i);
            }
            for (int i = 0; i < x.length; i++) {
                float scalar = switch (function) {
                    case "exp" -> VectorMath.exp(x[i]);
                    case "tanh" -> VectorMath.tanh(x[i]);
                    default -> VectorMath.sigmoid(x[i]);
                };
                assertThat(scalar).as("%s(%s)", function, x[i]).isEqualTo(lanes[i]);
            }
        }
    }

    @Test
    void arraysTooShortForTheirDimensionsAreRefusedBeforeAnyLoop() {
        float[] small = new float[10];
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ONE_THREAD.multiply(small, small, null, new float[100], 4, 4, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a has 10 floats, fewer than 4 x 4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ONE_THREAD.multiplyTransposedLeft(new float[16], new float[16], small, 4, 4, 4))
                .hasMessage("out has 10 floats, fewer than 4 x 4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ONE_THREAD.relu(small, 11)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ONE_THREAD.update(new AdamRule(0.9, 0.999, 1e-7), small, small,
                new float[][] {small, new float[5]}, 10)).hasMessageContaining("state");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ONE_THREAD.unsignedBytesToFloats(new byte[10], 5, small, 0, 6, 1f))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
