package trainyard.sweep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.SearchDimension;

/**
 * Which points sweep.tpe proposes for each trial, in deterministic batches: a trial's
 * proposal sees the figures of every trial of the batches
 * before and the points, not the figures, of its own batch's earlier trials (constant
 * liar). A batch-mate that happens to finish first changes nothing, so the proposals depend
 * on the seed, the batch size and the figures alone, never on timing or on how many
 * processes train them; resuming re-derives them from the stored results.
 *
 * <p>Each trial has its own random stream, derived from the seed and its index, so that
 * proposing trial k draws the same numbers however often it is re-derived.
 */
final class TpeProposals {
    /** Odd constant (2⁶⁴/φ's neighbour in SplitMix64) that spreads trial indices over seeds. */
    private static final long STREAM_SPACING = 0x632BE59BD9B4E019L;

    private final TpeSampler sampler;
    private final long seed;

    TpeProposals(List<SearchDimension> dimensions, boolean lowerIsBetter, long seed) {
        this.sampler = new TpeSampler(dimensions, lowerIsBetter);
        this.seed = seed;
    }

    /**
     * The points to try for trial {@code index}, best first: TPE's ranked candidates, then
     * uniform draws without end (for when every candidate names a trial already made).
     *
     * @param start   the first trial of trial {@code index}'s batch
     * @param points  the points of trials 0 .. index-1
     * @param figures their figures (NaN for failed or diverged); those of this batch are not read
     */
    Iterator<double[]> proposals(int index, int start, List<double[]> points, double[] figures) {
        SplittableRandom random = new SplittableRandom(seed + STREAM_SPACING * (index + 1));
        List<TpeSampler.Observation> observed = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            observed.add(new TpeSampler.Observation(points.get(i), i < start ? figures[i] : Double.NaN));
        }
        Iterator<double[]> ranked = sampler.candidates(observed, random).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public double[] next() {
                return ranked.hasNext() ? ranked.next() : sampler.uniform(random);
            }
        };
    }
}
