package trainyard.kernels;

/**
 * One thread's share of {@link MatrixProduct}'s large products, the loop nest the
 * high-performance libraries use (Goto and van de Geijn, "Anatomy of High-Performance
 * Matrix Multiplication", ACM TOMS 2008; BLIS's loop nest). The depth is cut into blocks
 * of {@link #DEPTH_BLOCK} and the columns into blocks of {@link #COLUMN_BLOCK}; each block
 * of b is packed into strips of two vectors of columns, depth step after depth step, and
 * each block of {@link #ROW_BLOCK} rows of A into one panel per register tile
 * ({@link ProductTile}: 8 rows on a 32-register file, 6 on 16), unless A's rows already
 * lie side by side (Xᵀ of Xᵀ·dY), which the tiles read where they are. Every output is
 * one chain of FMAs in depth order whatever the blocks, the tile or the thread count.
 * Columns past the last full strip are computed in a scratch tile and copied out. Its
 * panels grow once and are then reused; not thread-safe: one per chunk.
 */
final class PackedProduct {
    private static final int STRIP = PackedTiles.STRIP;
    /**
     * Depth steps per block of the packed product: each output is stored and reloaded once
     * per block, and a tile's A panel (8 x 512 floats, 16 KB) stays in L1 while b's strip
     * streams. Blocks of 128 reloaded the outputs so often that 1024³ ran at 60-70% of the
     * peak; 512 and 1024 both reached 80-90% (Zen 5 at 512 bits, and emulated 256 and 128).
     */
    private static final int DEPTH_BLOCK = 512;
    /** Rows of A packed at a time: 96 x 512 floats (192 KB) stay in L2 while every strip of b passes. */
    private static final int ROW_BLOCK = 96;
    /** Columns of b packed at a time: 512 x 1024 floats (2 MB), so that an 8192-wide b is not packed whole. */
    private static final int COLUMN_BLOCK = 1024;
    /** Where a tile without a bias starts its sums. */
    private static final float[] ZEROS = new float[STRIP];

    private final ProductTile tile;
    private final ProductPanels panels;

    // The product being computed: set by rows() for the length of the call.
    private float[] a;
    private int rowStride;
    private int innerStride;
    private int cols;

    PackedProduct(ProductTile tile) {
        this.tile = tile;
        this.panels = new ProductPanels(tile);
    }

    /**
     * Output rows [rowStart, rowEnd) of A · b, summed over the depth [pStart, pEnd), A's
     * element (i, p) at a[i·rowStride + p·innerStride], b's (p, j) at
     * b[p·bRowStride + j·bColumnStride]: blocks of columns, of depth, then of rows, each tile
     * over one depth block. A tile of the first depth block starts from the bias (or zero)
     * in its registers, a later one from the sums target holds; a tile of the last block
     * stores into target, or adds into addTarget when there is one.
     */
    void rows(float[] a, int rowStride, int innerStride, float[] b, int bRowStride, int bColumnStride, int cols, int rowStart, int rowEnd,
              int pStart, int pEnd, float[] bias, float[] target, float[] addTarget) {
        this.a = a;
        this.rowStride = rowStride;
        this.innerStride = innerStride;
        this.cols = cols;
        for (int jc = 0; jc < cols; jc += COLUMN_BLOCK) {
            int width = Math.min(COLUMN_BLOCK, cols - jc);
            for (int pc = pStart; pc < pEnd; pc += DEPTH_BLOCK) {
                int depth = Math.min(DEPTH_BLOCK, pEnd - pc);
                panels.packStrips(b, bRowStride, bColumnStride, pc, depth, jc, width);
                for (int ic = rowStart; ic < rowEnd; ic += ROW_BLOCK) {
                    int icEnd = Math.min(ic + ROW_BLOCK, rowEnd);
                    if (rowStride != 1) {
                        panels.packRows(a, rowStride, innerStride, ic, icEnd, pc, depth);
                    } else if ((icEnd - ic) % tile.rows != 0) { // only the short last tile, into panel 0
                        panels.packRows(a, rowStride, innerStride, icEnd - (icEnd - ic) % tile.rows, icEnd, pc, depth);
                    }
                    packedTiles(ic, icEnd, pc, depth, jc, width, pc == pStart, bias, target, pc + depth == pEnd ? addTarget : null);
                }
            }
        }
        this.a = null; // no reference outlives the call
    }

    /**
     * Every tile of rows [ic, icEnd) x columns [jc, jc + width) over the depth block at pc,
     * strip after strip, starting from the bias (or zero) in the first depth block and from
     * target's sums after it, ending in target or added into addTarget. A whose rows lie
     * side by side (Xᵀ of Xᵀ·dY) is read where it is, but for a short last tile, which
     * reads its panel.
     */
    private void packedTiles(int ic, int icEnd, int pc, int depth, int jc, int width, boolean firstBlock, float[] bias,
                             float[] target, float[] addTarget) {
        int tileRows = tile.rows;
        float[] c = addTarget == null ? target : addTarget;
        boolean add = addTarget != null;
        for (int s = 0; s * STRIP < width; s++) {
            int j = jc + s * STRIP;
            int strip = s * depth * STRIP;
            for (int first = ic, panel = 0; first < icEnd; first += tileRows, panel += depth * tileRows) {
                int lastRow = Math.min(tileRows, icEnd - first) - 1;
                boolean inPlace = rowStride == 1 && lastRow == tileRows - 1;
                float[] rowsOfA = inPlace ? a : panels.rows;
                // A short last tile of Xᵀ was packed alone, into panel 0.
                int aAt = inPlace ? first + pc * innerStride : rowStride == 1 ? 0 : panel;
                int rowStep = inPlace ? 1 : tile.packedRowStep(depth);
                int depthStep = inPlace ? innerStride : tile.packedDepthStep(depth);
                int cAt = first * cols + j;
                float[] from = !firstBlock ? target : bias != null ? bias : ZEROS;
                int fromAt = !firstBlock ? cAt : bias != null ? j : 0;
                int fromStride = !firstBlock ? cols : 0;
                if (cols - j >= STRIP) {
                    packedTile(rowsOfA, aAt, rowStep, depthStep, panels.strips, strip, depth, from, fromAt, fromStride, c, cAt, cols, lastRow, add);
                    continue;
                }
                // The last columns, narrower than a strip, through the scratch tile: nothing past cols is touched.
                int columns = cols - j;
                float[] edge = panels.edge;
                for (int r = 0; r <= lastRow; r++) {
                    System.arraycopy(from, fromAt + r * fromStride, edge, r * STRIP, columns);
                }
                packedTile(rowsOfA, aAt, rowStep, depthStep, panels.strips, strip, depth, edge, 0, STRIP, edge, 0, STRIP, lastRow, false);
                for (int r = 0; r <= lastRow; r++) {
                    int to = cAt + r * cols;
                    if (!add) {
                        System.arraycopy(edge, r * STRIP, c, to, columns);
                        continue;
                    }
                    for (int k = 0; k < columns; k++) {
                        c[to + k] += edge[r * STRIP + k];
                    }
                }
            }
        }
    }

    /**
     * One packed tile of this machine's shape: A's element (r, p) at aAt + r·rowStep +
     * p·depthStep (rowStep is 1 for the 8-row tile), b's strip at bAt, outputs at cAt in c.
     */
    private void packedTile(float[] a, int aAt, int rowStep, int depthStep, float[] b, int bAt, int depth, float[] from, int fromAt,
                            int fromStride, float[] c, int cAt, int cStride, int lastRow, boolean add) {
        if (tile == ProductTile.EIGHT_BY_TWO) {
            PackedTiles.tile8x2(a, aAt, depthStep, b, bAt, depth, from, fromAt, fromStride, c, cAt, cStride, lastRow, add);
        } else {
            PackedTiles.tile6x2(a, aAt, rowStep, depthStep, b, bAt, depth, from, fromAt, fromStride, c, cAt, cStride, lastRow, add);
        }
    }
}
