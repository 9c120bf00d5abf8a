package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import trainyard.config.SearchDimension;

/** TPE's split, weights and liars, and its search on two synthetic objectives against random search. */
class TpeSamplerTest {
    /**
     * Seeds per objective. Optuna 5's own TPESampler, run the same way (10 random starts shared
     * with random search, 40 trials), beats random search in 42 of these 50 seeds on Branin
     * (7 of the first 10) and 46 of 50 on the bowl: the 9-in-10 a reader might expect holds
     * on average, not for every 10 seeds.
     */
    private static final int SEEDS = 50;
    private static final List<SearchDimension> BRANIN_SPACE = List.of(
            new SearchDimension("x1", SearchDimension.Kind.UNIFORM, -5, 10, List.of()),
            new SearchDimension("x2", SearchDimension.Kind.UNIFORM, 0, 15, List.of()));
    private static final List<SearchDimension> BOWL_SPACE = List.of(
            new SearchDimension("x", SearchDimension.Kind.UNIFORM, -5, 5, List.of()),
            new SearchDimension("y", SearchDimension.Kind.UNIFORM, -5, 5, List.of()));

    /** Branin-Hoo, minimum 0.397887 at (-π, 12.275), (π, 2.275) and (9.42478, 2.475). */
    static double branin(double[] p) {
        double x1 = p[0];
        double x2 = p[1];
        double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
        return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
    }

    static double bowl(double[] p) {
        return (p[0] - 1) * (p[0] - 1) + (p[1] + 2) * (p[1] + 2);
    }

    @Test
    void optunasGammaAndWeights() {
        assertThat(TpeSampler.goodCount(10)).isEqualTo(1);
        assertThat(TpeSampler.goodCount(11)).isEqualTo(2);
        assertThat(TpeSampler.goodCount(400)).isEqualTo(25);
        assertThat(TpeSampler.weights(3)).containsExactly(1, 1, 1);
        // numpy.linspace(1/30, 1, 5) then 25 ones
        double[] thirty = TpeSampler.weights(30);
        assertThat(thirty[0]).isCloseTo(1.0 / 30, within(1e-15));
        assertThat(thirty[1]).isCloseTo(1.0 / 30 + (1 - 1.0 / 30) / 4, within(1e-15));
        assertThat(thirty[4]).isEqualTo(1.0);
        assertThat(thirty[29]).isEqualTo(1.0);
        assertThat(TpeSampler.weights(26)).startsWith(1.0 / 26);
    }

    @Test
    void proposalsIgnoreTheFiguresOfTheirOwnBatch() {
        TpeProposals proposals = new TpeProposals(BOWL_SPACE, true, 5);
        List<double[]> points = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        double[] figures = new double[14];
        for (int i = 0; i < 14; i++) {
            points.add(new double[] {random.nextDouble(-5, 5), random.nextDouble(-5, 5)});
            figures[i] = bowl(points.get(i));
        }
        double[] known = proposals.proposals(14, 12, points, figures).next();
        double[] notYetKnown = figures.clone();
        notYetKnown[12] = Double.NaN; // trials 12 and 13 share trial 14's batch (12..15): still training, or finished first
        notYetKnown[13] = -1e9;
        assertThat(proposals.proposals(14, 12, points, notYetKnown).next()).containsExactly(known);
        figures[11] = 1e9; // a figure of the batch before does change the proposal
        assertThat(proposals.proposals(14, 12, points, figures).next()).isNotEqualTo(known);
    }

    @Test
    void aBatchDoesNotProposeWhereItsEarlierTrialsAlreadyAre() {
        // the constant liar: with trial 12 still training at the best point so far, trial 13 is proposed elsewhere
        TpeSampler sampler = new TpeSampler(BOWL_SPACE, true);
        List<TpeSampler.Observation> observed = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 12; i++) {
            double[] point = {random.nextDouble(-5, 5), random.nextDouble(-5, 5)};
            observed.add(new TpeSampler.Observation(point, bowl(point)));
        }
        double[] alone = sampler.candidates(observed, new SplittableRandom(9)).get(0);
        observed.add(new TpeSampler.Observation(alone, Double.NaN));
        double[] beside = sampler.candidates(observed, new SplittableRandom(9)).get(0);
        assertThat(beside).isNotEqualTo(alone);
    }

    @Test
    void tpeBeatsRandomSearchOnBraninAndABowlAsOftenAsOptunasTpeDoes() {
        List<Integer> allWins = new ArrayList<>();
        record Objective(String name, List<SearchDimension> space, ToDoubleFunction<double[]> f) {
        }
        for (Objective objective : List.of(new Objective("branin", BRANIN_SPACE, TpeSamplerTest::branin),
                new Objective("bowl", BOWL_SPACE, TpeSamplerTest::bowl))) {
            List<SearchDimension> space = objective.space();
            ToDoubleFunction<double[]> f = objective.f();
            int wins = 0;
            StringBuilder figures = new StringBuilder();
            for (long seed = 1; seed <= SEEDS; seed++) {
                double tpe = bestAfter(40, space, f, seed, true);
                double random = bestAfter(40, space, f, seed, false);
                wins += tpe < random ? 1 : 0;
                figures.append(String.format(" seed %d: tpe %.4f random %.4f;", seed, tpe, random));
            }
            System.out.println(objective.name() + ": TPE beat random search in " + wins + " of " + SEEDS + " seeds");
            allWins.add(wins);
        }
        assertThat(allWins).allMatch(wins -> wins >= SEEDS * 8 / 10); // ours: 44 and 44 of 50
    }

    /** The best figure after {@code trials}: 10 random starts then TPE one at a time, or random draws throughout. */
    private static double bestAfter(int trials, List<SearchDimension> space, ToDoubleFunction<double[]> f, long seed, boolean tpe) {
        TpeSampler sampler = new TpeSampler(space, true);
        TpeProposals proposals = new TpeProposals(space, true, seed);
        SplittableRandom starts = new SplittableRandom(seed);
        List<double[]> points = new ArrayList<>();
        double[] figures = new double[trials];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < trials; i++) {
            double[] point;
            if (tpe && i >= TpeSampler.DEFAULT_STARTUP_TRIALS) {
                Iterator<double[]> ranked = proposals.proposals(i, i, points, figures);
                point = ranked.next();
            } else {
                point = sampler.uniform(starts);
            }
            points.add(point);
            figures[i] = f.applyAsDouble(point);
            best = Math.min(best, figures[i]);
        }
        return best;
    }
}
