package trainyard.kernels;

/**
 * The register tile of {@link MatrixProduct}'s micro-kernel: how many output rows by how
 * many vectors of output columns one pass over the shared dimension keeps in registers.
 * Chosen once, from the number of vector registers, and only here.
 *
 * <p>A tile of R rows x 2 vectors holds 2R accumulators, the two vectors of b's row and
 * the broadcast element of A: 2R + 3 registers. Every tile computes each output element
 * as the same chain of fused multiply-adds along the shared dimension, so the choice
 * changes speed only, never a bit of the result.
 *
 * <p>Why these two (measured with {@code make bench}; figures in docs/performance.md): on an AVX2 Zen 3 (16 registers) the 8x2 tile needs 19 and
 * spills, reaching about 45 GFLOP/s on one thread on relu_adam's X·W, where 6x2 (15
 * registers) reached 65-74 and 4x3 (16) 58-63. On 32 registers (AVX-512 Zen 4) 8x2 is
 * the fastest tried; 8x3 (27 registers) was 15% slower there.
 */
enum ProductTile {
    /** 16 accumulators: for 32-register files (AVX-512, aarch64). */
    EIGHT_BY_TWO(8),
    /** 12 accumulators: for 16-register files (AVX2, AVX, SSE). */
    SIX_BY_TWO(6);

    /** Output rows per tile; every tile is two vectors of columns wide. */
    final int rows;

    ProductTile(int rows) {
        this.rows = rows;
    }

    /** Where the packed product puts A's element (r, p) of a tile's panel: r·rowStep(depth) + p·depthStep(depth). */
    int packedRowStep(int depth) {
        return this == EIGHT_BY_TWO ? 1 : depth;
    }

    /** See {@link #packedRowStep}: the 8-row tile reads its rows interleaved, the 6-row tile row after row ({@link PackedTiles}). */
    int packedDepthStep(int depth) {
        return this == EIGHT_BY_TWO ? rows : 1;
    }

    /** The largest tile whose registers (2 x rows + 3) fit the file without spilling. */
    static ProductTile forRegisters(int vectorRegisters) {
        return vectorRegisters >= 2 * EIGHT_BY_TWO.rows + 3 ? EIGHT_BY_TWO : SIX_BY_TWO;
    }
}
