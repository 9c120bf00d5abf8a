package trainyard.kernels;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One thread's packed operands for {@link MatrixProduct}: a block of b's depth and
 * columns as strips of {@link PackedTiles#STRIP} columns, and a block of A's rows as one
 * panel per register tile, both read by {@link PackedTiles} with unit strides. The
 * buffers grow to the largest block they are given and are then reused: a warm training
 * step, whose products are those of the step before, allocates nothing.
 */
final class ProductPanels {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();
    private static final int STRIP = PackedTiles.STRIP;
    /** Rows of a row-major b packed across all its strips at a time (see packStrips). */
    private static final int ROWS_PER_GROUP = 8;

    private final ProductTile tile;
    /** A's panels: tile t at t·depth·rows, element (r, p) at r·rowStep + p·depthStep ({@link ProductTile}). */
    float[] rows = new float[0];
    /** b's strips: strip s at s·depth·STRIP, depth step p at p·STRIP within it; columns past b's are zero. */
    float[] strips = new float[0];
    /** One tile's outputs (rows x STRIP) for the last columns, narrower than a strip. */
    final float[] edge;
    private final int[] rowOffsets;

    ProductPanels(ProductTile tile) {
        this.tile = tile;
        this.edge = new float[tile.rows * STRIP];
        this.rowOffsets = new int[tile.rows];
    }

    /**
     * b's rows [pc, pc + depth) x columns [jc, jc + width), where b's element (p, j) is
     * b[p·rowStride + j·columnStride]: copied row by row when b's rows are rows, walked
     * column by column when b is stored transposed (W for dY·Wᵀ).
     */
    void packStrips(float[] b, int rowStride, int columnStride, int pc, int depth, int jc, int width) {
        int count = (width + STRIP - 1) / STRIP;
        if (strips.length < count * depth * STRIP) {
            strips = new float[count * depth * STRIP];
        }
        float[] packed = strips;
        int fullStrips = columnStride == 1 ? width / STRIP : 0;
        // Rows of b in groups of 8, each group across every full strip, so that a group's rows
        // are read whole while they are in L1; a strip at a time reads a block's every row
        // for 2 vectors of it (512 rows a row stride apart) and comes back for the next 2.
        // Two vectors a step rather than a System.arraycopy call per step: the calls cost
        // about 7% of a 1024-wide epoch.
        for (int p0 = 0; p0 < depth; p0 += ROWS_PER_GROUP) {
            int p1 = Math.min(depth, p0 + ROWS_PER_GROUP);
            for (int s = 0; s < fullStrips; s++) {
                for (int p = p0, from = (pc + p0) * rowStride + jc + s * STRIP, to = (s * depth + p0) * STRIP; p < p1;
                     p++, from += rowStride, to += STRIP) {
                    FloatVector.fromArray(SPECIES, b, from).intoArray(packed, to);
                    FloatVector.fromArray(SPECIES, b, from + LANES).intoArray(packed, to + LANES);
                }
            }
        }
        for (int s = fullStrips; s < count; s++) {
            int columns = Math.min(STRIP, width - s * STRIP);
            int from = pc * rowStride + (jc + s * STRIP) * columnStride;
            int to = s * depth * STRIP;
            if (columnStride == 1) {
                for (int p = 0; p < depth; p++, from += rowStride, to += STRIP) {
                    System.arraycopy(b, from, packed, to, columns);
                    Arrays.fill(packed, to + columns, to + STRIP, 0f);
                }
            } else {
                // In blocks of 16 steps x the strip's columns, so that both the reads (along
                // b's rows) and the writes (along the strip) stay in L1.
                for (int p0 = 0; p0 < depth; p0 += 16) {
                    int p1 = Math.min(depth, p0 + 16);
                    for (int column = 0; column < STRIP; column++) {
                        for (int p = p0, at = from + column * columnStride + p0 * rowStride; p < p1; p++, at += rowStride) {
                            packed[to + p * STRIP + column] = column < columns ? b[at] : 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * A's rows [ic, icEnd) x depth [pc, pc + depth), where A's element (i, p) is
     * a[i·rowStride + p·innerStride]; a short last tile repeats its last row.
     */
    void packRows(float[] a, int rowStride, int innerStride, int ic, int icEnd, int pc, int depth) {
        int tileRows = tile.rows;
        int tiles = (icEnd - ic + tileRows - 1) / tileRows;
        if (rows.length < tiles * depth * tileRows) {
            rows = new float[tiles * depth * tileRows];
        }
        float[] packed = rows;
        int rowStep = tile.packedRowStep(depth);
        int depthStep = tile.packedDepthStep(depth);
        int[] offsets = rowOffsets;
        for (int t = 0; t < tiles; t++) {
            for (int r = 0; r < tileRows; r++) {
                offsets[r] = Math.min(ic + t * tileRows + r, icEnd - 1) * rowStride + pc * innerStride;
            }
            int panel = t * depth * tileRows;
            if (tile == ProductTile.EIGHT_BY_TWO) {
                interleaveEightRows(a, offsets, innerStride, depth, packed, panel);
                continue;
            }
            for (int p = 0, step = 0; p < depth; p++, step += innerStride) {
                for (int r = 0, to = panel + p * depthStep; r < tileRows; r++, to += rowStep) {
                    packed[to] = a[offsets[r] + step];
                }
            }
        }
    }

    /**
     * The 8-row tile's panel: depth step after depth step, the 8 rows' elements side by side.
     * Written out with the row offsets in locals, where the general loop above reads each
     * from an array: packing A is a few per cent of a large product, and this form packs it
     * about a quarter faster (docs/performance.md).
     */
    private static void interleaveEightRows(float[] a, int[] offsets, int innerStride, int depth, float[] packed, int panel) {
        int a0 = offsets[0], a1 = offsets[1], a2 = offsets[2], a3 = offsets[3];
        int a4 = offsets[4], a5 = offsets[5], a6 = offsets[6], a7 = offsets[7];
        for (int p = 0, step = 0, to = panel; p < depth; p++, step += innerStride, to += 8) {
            packed[to] = a[a0 + step];
            packed[to + 1] = a[a1 + step];
            packed[to + 2] = a[a2 + step];
            packed[to + 3] = a[a3 + step];
            packed[to + 4] = a[a4 + step];
            packed[to + 5] = a[a5 + step];
            packed[to + 6] = a[a6 + step];
            packed[to + 7] = a[a7 + step];
        }
    }
}
