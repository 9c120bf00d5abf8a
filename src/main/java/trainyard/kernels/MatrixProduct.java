package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * out (rows, cols) = A (rows, inner) · B (inner, cols) + bias, where A's element (i, p)
 * is a[i·rowStride + p·innerStride] and B's element (p, j) is b[p·bRowStride + j·bColumnStride]:
 * one loop serves X·W, Xᵀ·dY and dY·Wᵀ without a transposed copy of either operand.
 *
 * <p>A large product (see {@link #packs}) is packed, cache-blocked and run through
 * register tiles ({@link PackedProduct}, BLIS's loop nest), one per chunk. Every output
 * starts from the bias (or zero) and is one chain of FMAs in depth order whatever the
 * blocks, the tile or the thread count.
 *
 * <p>A smaller product (relu_adam's, 100 x 784 x 200) reads A and b where they lie
 * ({@link ProductBlocks}): packing A costs a pass over A, which its 7 strips of b did not
 * repay (X·W ran a sixth slower packed on a Zen 5). A small b stored transposed is first
 * copied row-major. The last columns are covered by a full vector overlapping the one
 * before it (computed twice, identically), and a b narrower than one vector (the 10-class
 * output layer) is first copied into zero-padded rows. In neither path does a masked load
 * or store run: near the end of an array they take the Vector API's slow path (5x slower,
 * and they allocate).
 *
 * <p>Large products are split on output rows (in blocks of 8) across the worker pool. A
 * product with a long shared dimension (K >= 256: the first layer's X·W, K = 784, and
 * sigmoid_relu_sgd's second, K = 256) is instead always computed as two halves of that
 * dimension, X[:, :h]·W[:h, :] + bias, then plus X[:, h:]·W[h:, :], in that order, on any
 * number of threads: the same bits always. On two threads each thread keeps one half of
 * W (and of X, see {@link VectorKernels#gatherScaledBytes}) for the whole run: the weight
 * gradient Xᵀ·dY is split on its rows at the same h, and the optimizer's even split of
 * W's elements falls there too (for MNIST's 784 inputs and an even number of units), so
 * each half of W is read, differentiated and updated by one core. Splitting X·W on batch
 * rows instead made both threads read all of W every step, right after the other thread
 * updated half of it; on a virtual machine whose two vCPUs sat far apart in the host's
 * caches that doubled the epoch in a third of the runs (2-vCPU AMD EPYC hosts). Not
 * thread-safe: one caller at a time.
 */
final class MatrixProduct implements WorkerPool.Job {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Rows are shared out between threads in blocks of this many, whatever the tile. */
    private static final int BLOCK_ROWS = 8;
    /** Below this many multiply-adds a product runs on the calling thread: a hand-off would cost more. */
    private static final long PARALLEL_THRESHOLD = 500_000;
    /**
     * A product at least this deep (and over the threshold above) is computed in two halves
     * of its depth. 256 rather than 512 took sigmoid_relu_sgd's 2-thread epoch from a
     * median 0.58 s to 0.55 s, and its slow runs from 3 in 10 to 1 (on a 2-vCPU Zen 3).
     */
    private static final int HALVED_DEPTH = 256;
    /**
     * Only a product of at most this many rows is halved: a batch of examples. A
     * convolution's rows are every position of every example (15,488 for a batch of 128
     * 11x11 maps), where splitting the rows already gives each thread its own work, and
     * writing and adding a second output that large cost a third of the product.
     */
    private static final int MAX_HALVED_ROWS = 4096;
    /** b larger than this (depth x columns) is always packed: read in place, a wide b's rows defeat the prefetcher. */
    private static final long PACKED_B_BYTES = 1L << 20;
    /** A product with at least this many outputs, and at least {@link #PACKED_STRIPS} strips of b, is packed. */
    private static final long PACKED_OUTPUTS = 1L << 18;
    /**
     * Packing A costs a pass over A, repaid across the strips of b that read each panel:
     * with 9 strips (a convolution's dY·Wᵀ, 288 columns at 512 bits) packed ran at 75-80%
     * of the speed of reading A in place, with 32 (1024 columns) at 130%.
     */
    private static final int PACKED_STRIPS = 16;
    private static final int STRIP = PackedTiles.STRIP;

    private final WorkerPool pool;
    private final ProductTile tile;
    private final float[][] narrowRows; // per chunk: one output vector, before its first cols lanes are copied out
    /** Per chunk: the packed product's loop nest and panels, grown once, then reused. */
    private final PackedProduct[] packedPerChunk;
    private float[] paddedColumns = new float[0];
    private float[] transposedColumns = new float[0]; // a small transposed b, copied row-major
    private float[] secondHalf = new float[0]; // (rows, cols): the second half's sums, before they join out
    private final float[] paddedBias = new float[LANES];

    // The product being computed: set by compute(), read by run() on every thread of the pool.
    private float[] a;
    private int rowStride;
    private int innerStride;
    private float[] b;
    private int stride; // b's row stride, LANES once a narrow b is padded
    private int bColumnStride;
    private boolean packed;
    private float[] bias;
    private float[] out;
    private int rows;
    private int inner;
    private int cols;
    private int blocks;
    private int chunks;
    private int depthBoundary; // 0: not halved
    private int rowParts;
    private boolean addsSecondHalfInTiles; // one thread, packed: the second half's last tiles add into out

    MatrixProduct(WorkerPool pool, ProductTile tile) {
        this.pool = pool;
        this.tile = tile;
        this.narrowRows = new float[pool.threads()][LANES];
        this.packedPerChunk = new PackedProduct[2 * pool.threads()];
        for (int chunk = 0; chunk < packedPerChunk.length; chunk++) {
            packedPerChunk[chunk] = new PackedProduct(tile);
        }
    }

    /**
     * out = A · b + bias, A's element (i, p) at a[i·rowStride + p·innerStride] and b's
     * element (p, j) at b[p·bRowStride + j·bColumnStride].
     */
    void compute(float[] a, int rowStride, int innerStride, float[] b, int bRowStride, int bColumnStride, float[] bias, float[] out,
                 int rows, int inner, int cols) {
        this.a = a;
        this.rowStride = rowStride;
        this.innerStride = innerStride;
        this.b = b;
        this.stride = bRowStride;
        this.bColumnStride = bColumnStride;
        this.bias = bias;
        this.out = out;
        this.rows = rows;
        this.inner = inner;
        this.cols = cols;
        this.packed = packs(rows, inner, cols);
        if (!packed && bColumnStride != 1) { // a small b stored transposed: one copy, then read in place
            this.b = transposedCopy(b, bRowStride, bColumnStride, inner, cols);
            this.stride = cols;
            this.bColumnStride = 1;
        }
        if (cols < LANES && !packed) {
            this.b = padded(this.b, inner, cols);
            this.stride = LANES;
            if (bias != null) {
                System.arraycopy(bias, 0, paddedBias, 0, cols);
                this.bias = paddedBias;
            }
        }
        blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        long work = (long) rows * inner * cols;
        depthBoundary = 0;
        if (halves(rows, inner, cols)) {
            depthBoundary = halfOf(inner);
            if (secondHalf.length < rows * cols) {
                secondHalf = new float[rows * cols];
            }
            rowParts = Math.max(1, Math.min(blocks, rowPartsPerHalf(pool.threads())));
            // On one thread the first half is done before the second starts, so the second's
            // tiles can add their sums into out themselves: the same additions as addInto's,
            // without another pass over out and the second half's sums.
            addsSecondHalfInTiles = packed && pool.threads() == 1;
            pool.run(2 * rowParts, this);
            if (!addsSecondHalfInTiles) {
                addInto(out, secondHalf, rows * cols);
            }
        } else {
            chunks = work < PARALLEL_THRESHOLD ? 1 : Math.min(pool.threads(), blocks);
            if (chunks == 1) {
                run(0);
            } else {
                pool.run(chunks, this);
            }
        }
        this.a = null; // no reference outlives the call
        this.b = null;
        this.bias = null;
        this.out = null;
    }

    /**
     * Whether a product is packed: when b is large, or when it has many outputs and enough
     * strips of b to repay packing A (each panel of A is packed once and read once a strip).
     */
    static boolean packs(int rows, int inner, int cols) {
        return (long) inner * cols * Float.BYTES > PACKED_B_BYTES || (long) rows * cols >= PACKED_OUTPUTS && cols >= PACKED_STRIPS * STRIP;
    }

    /** Whether a product is computed as two halves of its depth, added at the end (see the class comment). */
    static boolean halves(int rows, int inner, int cols) {
        return (long) rows * inner * cols >= PARALLEL_THRESHOLD && inner >= HALVED_DEPTH && cols >= LANES && rows <= MAX_HALVED_ROWS;
    }

    /**
     * Into how many row ranges each half of the depth is cut: an even thread count gives
     * each thread one range of one half (so it keeps its half of W); an odd count cuts each
     * half into as many ranges as threads, so every thread gets one range of each half
     * (3 threads: 6 chunks, 2 each) instead of leaving one thread idle.
     */
    static int rowPartsPerHalf(int threads) {
        return threads % 2 == 0 ? threads / 2 : threads;
    }

    /**
     * Where a depth of {@code inner} is halved: at a multiple of 8 rows, the same place a
     * row split of Xᵀ·dY (whose rows are that depth) puts its boundary on two threads.
     */
    static int halfOf(int inner) {
        return WorkerPool.share((inner + BLOCK_ROWS - 1) / BLOCK_ROWS, 1, 2) * BLOCK_ROWS;
    }

    /** Chunk {@code chunk}: a contiguous range of 8-row blocks, over the whole depth or one half of it. */
    @Override
    public void run(int chunk) {
        if (depthBoundary > 0) {
            int half = chunk / rowParts;
            int part = chunk % rowParts;
            int rowStart = WorkerPool.share(blocks, part, rowParts) * BLOCK_ROWS;
            int rowEnd = Math.min(rows, WorkerPool.share(blocks, part + 1, rowParts) * BLOCK_ROWS);
            if (half == 0) {
                rowRange(chunk, rowStart, rowEnd, 0, depthBoundary, bias, out, null, null);
            } else {
                rowRange(chunk, rowStart, rowEnd, depthBoundary, inner, null, secondHalf, addsSecondHalfInTiles ? out : null, null);
            }
            return;
        }
        int firstBlock = WorkerPool.share(blocks, chunk, chunks);
        int endBlock = WorkerPool.share(blocks, chunk + 1, chunks);
        rowRange(chunk, firstBlock * BLOCK_ROWS, Math.min(rows, endBlock * BLOCK_ROWS), 0, inner, bias, out, null, narrowRows[chunk]);
    }

    /** target[0..count) += addend[0..count), lane by lane. */
    private static void addInto(float[] target, float[] addend, int count) {
        int i = 0;
        for (; i <= count - LANES; i += LANES) {
            FloatVector.fromArray(SPECIES, target, i).add(FloatVector.fromArray(SPECIES, addend, i)).intoArray(target, i);
        }
        for (; i < count; i++) {
            target[i] += addend[i];
        }
    }

    /** b (inner, cols) copied into rows of LANES floats, zero beyond cols. */
    private float[] padded(float[] source, int inner, int cols) {
        if (paddedColumns.length < inner * LANES) {
            paddedColumns = new float[inner * LANES];
        }
        for (int p = 0; p < inner; p++) {
            System.arraycopy(source, p * cols, paddedColumns, p * LANES, cols);
        }
        return paddedColumns;
    }

    /** b's (inner, cols) elements, b(p, j) at b[p·rowStride + j·columnStride], copied row-major. */
    private float[] transposedCopy(float[] source, int rowStride, int columnStride, int inner, int cols) {
        if (transposedColumns.length < inner * cols) {
            transposedColumns = new float[inner * cols];
        }
        // In 16x16 blocks, so that the strided side of the copy stays in L1.
        for (int p0 = 0; p0 < inner; p0 += 16) {
            for (int j0 = 0; j0 < cols; j0 += 16) {
                for (int j = j0; j < Math.min(cols, j0 + 16); j++) {
                    for (int p = p0; p < Math.min(inner, p0 + 16); p++) {
                        transposedColumns[p * cols + j] = source[p * rowStride + j * columnStride];
                    }
                }
            }
        }
        return transposedColumns;
    }

    /**
     * Output rows [rowStart, rowEnd) into out, summing over the depth [pStart, pEnd), starting
     * from bias (or zero); a packed product given {@code addTarget} adds the finished sums
     * into it instead of leaving them in out.
     */
    private void rowRange(int chunk, int rowStart, int rowEnd, int pStart, int pEnd, float[] bias, float[] out, float[] addTarget,
                          float[] narrowRow) {
        if (packed) {
            packedPerChunk[chunk].rows(a, rowStride, innerStride, b, stride, bColumnStride, cols, rowStart, rowEnd, pStart, pEnd, bias, out,
                    addTarget);
            return;
        }
        if (cols < LANES) {
            for (int i = rowStart; i < rowEnd; i += 8) {
                ProductBlocks.block8x1(a, rowStride, innerStride, b, 0, stride, bias, out, pStart, pEnd, cols, 0, narrowRow, i, rowEnd - 1);
            }
            return;
        }
        int fullPairs = cols - cols % (2 * LANES);
        for (int i = rowStart; i < rowEnd; i += tile.rows) {
            // A short last tile repeats its last row: the same values are stored twice, harmlessly.
            int last = Math.min(i + tile.rows, rowEnd) - 1;
            for (int j = 0; j < fullPairs; j += 2 * LANES) {
                tile(j, bias, out, pStart, pEnd, i, last);
            }
            // The columns left over, one vector at a time, while the tile's rows of A are still in
            // L1 (a separate pass over A for them cost 13% of X·W on a Zen 3). The last vector may
            // overlap the one before it; it never reaches past cols.
            for (int j = fullPairs; j < cols; j += LANES) {
                int column = Math.min(j, cols - LANES);
                ProductBlocks.block8x1(a, rowStride, innerStride, b, column, stride, bias, out, pStart, pEnd, cols, column, null, i, last);
            }
        }
    }

    /** One tile of this machine's shape at output column j (b read in place), rows first..last. */
    private void tile(int j, float[] bias, float[] out, int pStart, int pEnd, int first, int last) {
        if (tile == ProductTile.EIGHT_BY_TWO) {
            ProductBlocks.block8x2(a, rowStride, innerStride, b, j, stride, bias, out, pStart, pEnd, cols, j, first, last);
        } else {
            ProductBlocks.block6x2(a, rowStride, innerStride, b, j, stride, bias, out, pStart, pEnd, cols, j, first, last);
        }
    }
}
