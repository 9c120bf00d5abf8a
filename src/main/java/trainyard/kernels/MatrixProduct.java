package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * out (rows, cols) = A (rows, inner) · b (inner, cols) + bias, where A's element (i, p)
 * is a[i·rowStride + p·innerStride]: one loop serves X·W and Xᵀ·dY without a transpose.
 *
 * <p>A register-blocked micro-kernel: a tile of output rows x 2 vectors of columns
 * ({@link ProductTile}: 8 rows on a 32-register file, 6 on 16) per step along the shared
 * dimension, A's elements broadcast, b's rows read as vectors. Large products are split
 * on output rows (in blocks of 8) across the worker pool, so each output is computed by
 * the same operations on any number of threads and with any tile.
 *
 * <p>A product with a long shared dimension (K >= 256: the first layer's X·W, K = 784,
 * and sigmoid_relu_sgd's second, K = 256) is instead
 * always computed as two halves of that dimension, X[:, :h]·W[:h, :] + bias, then plus
 * X[:, h:]·W[h:, :], in that order, on any number of threads: the same bits always. On
 * two threads each thread keeps one half of W (and of X, see
 * {@link VectorKernels#gatherScaledBytes}) for the whole run: the weight gradient Xᵀ·dY is
 * split on its rows at the same h, and the optimizer's even split of W's elements falls
 * there too (for MNIST's 784 inputs and an even number of units), so each half of W is
 * read, differentiated and updated by one core. Splitting X·W on
 * batch rows instead made both threads read all of W every step, right after the other
 * thread updated half of it; on a virtual machine whose two vCPUs sat far apart in the
 * host's caches that doubled the epoch in a third of the runs (2-vCPU AMD EPYC hosts).
 *
 * <p>No masked load runs inside the loop: a masked load near the end of its array takes
 * the Vector API's slow path (5x slower, and it allocates). The last columns are
 * covered by a full vector overlapping the block before it (those outputs are computed
 * twice, identically), and a matrix narrower than one vector (the 10-class output
 * layer) is first copied into zero-padded rows. Not thread-safe: one caller at a time.
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
    /**
     * b larger than this (depth x columns) is swept in depth blocks ({@link #depthBlocks});
     * relu_adam's 784x200 W (627 KB, rows 800 B apart) streams well enough as it is.
     */
    private static final long BLOCKED_DEPTH_BYTES = 1L << 20;
    /** A depth block's strip of b (its depth x 2 vectors) is sized to half a 32 KB L1. */
    private static final int L1_STRIP_BYTES = 16 << 10;

    private final WorkerPool pool;
    private final ProductTile tile;
    private final float[][] narrowRows; // per chunk: one output vector, before its first cols lanes are copied out
    /** Per chunk: b's depth block packed strip by strip ({@link #depthBlocks}); grown once, then reused. */
    private final float[][] panelsPerChunk;
    private float[] paddedColumns = new float[0];
    private float[] secondHalf = new float[0]; // (rows, cols): the second half's sums, before they join out
    private final float[] paddedBias = new float[LANES];

    // The product being computed: set by compute(), read by run() on every thread of the pool.
    private float[] a;
    private int rowStride;
    private int innerStride;
    private float[] b;
    private int stride;
    private float[] bias;
    private float[] out;
    private int rows;
    private int inner;
    private int cols;
    private int blocks;
    private int chunks;
    private int depthBoundary; // 0: not halved
    private int rowParts;

    MatrixProduct(WorkerPool pool, ProductTile tile) {
        this.pool = pool;
        this.tile = tile;
        this.narrowRows = new float[pool.threads()][LANES];
        this.panelsPerChunk = new float[2 * pool.threads()][];
    }

    void compute(float[] a, int rowStride, int innerStride, float[] b, float[] bias, float[] out, int rows, int inner, int cols) {
        this.a = a;
        this.rowStride = rowStride;
        this.innerStride = innerStride;
        this.b = b;
        this.stride = cols;
        this.bias = bias;
        this.out = out;
        this.rows = rows;
        this.inner = inner;
        this.cols = cols;
        if (cols < LANES) {
            this.b = padded(b, inner, cols);
            this.stride = LANES;
            if (bias != null) {
                System.arraycopy(bias, 0, paddedBias, 0, cols);
                this.bias = paddedBias;
            }
        }
        blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        long work = (long) rows * inner * cols;
        depthBoundary = 0;
        if (work >= PARALLEL_THRESHOLD && inner >= HALVED_DEPTH && cols >= LANES && rows <= MAX_HALVED_ROWS) {
            depthBoundary = halfOf(inner);
            if (secondHalf.length < rows * cols) {
                secondHalf = new float[rows * cols];
            }
            rowParts = Math.max(1, Math.min(blocks, rowPartsPerHalf(pool.threads())));
            pool.run(2 * rowParts, this);
            addInto(out, secondHalf, rows * cols);
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
                rowRange(chunk, rowStart, rowEnd, 0, depthBoundary, bias, out, null);
            } else {
                rowRange(chunk, rowStart, rowEnd, depthBoundary, inner, null, secondHalf, null);
            }
            return;
        }
        int firstBlock = WorkerPool.share(blocks, chunk, chunks);
        int endBlock = WorkerPool.share(blocks, chunk + 1, chunks);
        rowRange(chunk, firstBlock * BLOCK_ROWS, Math.min(rows, endBlock * BLOCK_ROWS), 0, inner, bias, out, narrowRows[chunk]);
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

    /** Output rows [rowStart, rowEnd) into out, summing over the depth [pStart, pEnd), starting from bias (or zero). */
    private void rowRange(int chunk, int rowStart, int rowEnd, int pStart, int pEnd, float[] bias, float[] out, float[] narrowRow) {
        if (cols < LANES) {
            for (int i = rowStart; i < rowEnd; i += 8) {
                ProductBlocks.block8x1(a, rowStride, innerStride, b, 0, stride, bias, out, false, pStart, pEnd, cols, 0, narrowRow, i, rowEnd - 1);
            }
            return;
        }
        if (cols % LANES == 0 && (long) (pEnd - pStart) * cols * Float.BYTES > BLOCKED_DEPTH_BYTES) {
            depthBlocks(rowStart, rowEnd, pStart, pEnd, bias, out, panels(chunk));
            return;
        }
        int fullPairs = cols - cols % (2 * LANES);
        for (int i = rowStart; i < rowEnd; i += tile.rows) {
            // A short last tile repeats its last row: the same values are stored twice, harmlessly.
            int last = Math.min(i + tile.rows, rowEnd) - 1;
            for (int j = 0; j < fullPairs; j += 2 * LANES) {
                tile(b, j, stride, bias, out, false, pStart, pEnd, j, i, last);
            }
            // The columns left over, one vector at a time, while the tile's rows of A are still in
            // L1 (a separate pass over A for them cost 13% of X·W on a Zen 3). The last vector may
            // overlap the one before it; it never reaches past cols.
            for (int j = fullPairs; j < cols; j += LANES) {
                int column = Math.min(j, cols - LANES);
                ProductBlocks.block8x1(a, rowStride, innerStride, b, column, stride, bias, out, false, pStart, pEnd, cols, column, null, i, last);
            }
        }
    }

    /**
     * {@link #rowRange} for a large b: its depth in blocks whose column strip fits L1, each
     * block for every tile before the next, continuing from the sums stored in out. A wide
     * b (8192 columns: 32 KB between its rows) defeats the prefetcher, and without blocks
     * every tile streamed a 512 KB strip from memory (X·W of 100x8192x8192 ran at 4 GFLOP/s
     * on a Zen 3). Each output is still the same chain of FMAs in the same order, stored
     * and reloaded between blocks: the same bits as unblocked. Only for cols a multiple of
     * the vector, so that no column is covered twice (a twice-covered column would add a
     * block's terms twice when continued from out).
     */
    private void depthBlocks(int rowStart, int rowEnd, int pStart, int pEnd, float[] bias, float[] out, float[] panels) {
        int depth = depthBlockRows();
        int strips = (cols + 2 * LANES - 1) / (2 * LANES);
        int panelLength = depth * 2 * LANES; // one strip of one depth block
        for (int p0 = pStart; p0 < pEnd; p0 += depth) {
            int p1 = Math.min(pEnd, p0 + depth);
            boolean fromOut = p0 > pStart;
            // Pack the block's rows of b strip by strip, reading b row after row (which the
            // prefetcher follows): panel s holds rows p0..p1 of columns [2·LANES·s, 2·LANES·(s+1)).
            for (int p = p0; p < p1; p++) {
                int row = p * stride;
                for (int s = 0; s < strips; s++) {
                    int width = Math.min(2 * LANES, cols - s * 2 * LANES);
                    System.arraycopy(b, row + s * 2 * LANES, panels, s * panelLength + (p - p0) * 2 * LANES, width);
                }
            }
            for (int s = 0; s < strips; s++) {
                int j = s * 2 * LANES;
                // The kernel reads panel row (p - p0) at bColumn + p·2·LANES.
                int bColumn = s * panelLength - p0 * 2 * LANES;
                for (int i = rowStart; i < rowEnd; i += tile.rows) {
                    int last = Math.min(i + tile.rows, rowEnd) - 1;
                    if (cols - j >= 2 * LANES) {
                        tile(panels, bColumn, 2 * LANES, bias, out, fromOut, p0, p1, j, i, last);
                    } else {
                        ProductBlocks.block8x1(a, rowStride, innerStride, panels, bColumn, 2 * LANES, bias, out, fromOut, p0, p1, cols, j, null, i, last);
                    }
                }
            }
        }
    }

    /** This chunk's panel buffer, large enough for one depth block of b. */
    private float[] panels(int chunk) {
        int length = depthBlockRows() * ((cols + 2 * LANES - 1) / (2 * LANES)) * 2 * LANES;
        float[] panels = panelsPerChunk[chunk];
        if (panels == null || panels.length < length) {
            panels = new float[length];
            panelsPerChunk[chunk] = panels;
        }
        return panels;
    }

    /** Rows of b in one depth block: its strip of 2 vectors fills half a 32 KB L1. */
    private static int depthBlockRows() {
        return Math.max(16, L1_STRIP_BYTES / (2 * LANES * Float.BYTES));
    }

    /** One tile of this machine's shape at output column j, rows first..last, reading b's columns from bColumn. */
    private void tile(float[] b, int bColumn, int stride, float[] bias, float[] out, boolean fromOut, int pStart, int pEnd, int j,
                      int first, int last) {
        if (tile == ProductTile.EIGHT_BY_TWO) {
            ProductBlocks.block8x2(a, rowStride, innerStride, b, bColumn, stride, bias, out, fromOut, pStart, pEnd, cols, j, first, last);
        } else {
            ProductBlocks.block6x2(a, rowStride, innerStride, b, bColumn, stride, bias, out, fromOut, pStart, pEnd, cols, j, first, last);
        }
    }
}
