package trainyard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PED-ANOVA's shares on sweeps where the answer is known. */
class ParameterImportanceTest {
    @Test
    void theSettingThatDecidesTheMetricGetsAtLeastEightyPercent() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Map<String, Object>> values = new ArrayList<>();
            double[] figure = new double[40];
            for (int i = 0; i < figure.length; i++) {
                double rate = Math.pow(10, random.nextDouble(-4, -1));
                double noise = random.nextDouble(0, 1);
                String activation = random.nextBoolean() ? "relu" : "tanh";
                values.add(Map.of("optimizer.learning_rate", rate, "noise", noise, "activation", activation));
                figure[i] = 0.9 + 0.02 * Math.log10(rate); // decided by the rate alone
            }
            List<Map<String, Object>> shares = ParameterImportance.of(List.of(new ParameterImportance.Setting("optimizer.learning_rate", true),
                    new ParameterImportance.Setting("noise", false), new ParameterImportance.Setting("activation", false)), values, figure, false);
            assertThat(shares.get(0).get("key")).as("seed %d", seed).isEqualTo("optimizer.learning_rate");
            assertThat((double) shares.get(0).get("share")).as("seed %d", seed).isGreaterThanOrEqualTo(0.8);
            assertThat((double) shares.get(0).get("correlation")).isCloseTo(1.0, within(1e-12));
            assertThat(shares.stream().mapToDouble(s -> (double) s.get("share")).sum()).isCloseTo(1.0, within(1e-12));
            assertThat(shares.stream().filter(s -> s.get("key").equals("activation")).findFirst().orElseThrow().get("correlation")).isNull();
            // Lower is better flips which trials are the best, not which setting matters.
            double[] negated = java.util.Arrays.stream(figure).map(f -> -f).toArray();
            assertThat(ParameterImportance.of(List.of(new ParameterImportance.Setting("optimizer.learning_rate", true),
                    new ParameterImportance.Setting("noise", false)), values, negated, true).get(0).get("key")).isEqualTo("optimizer.learning_rate");
        }
    }

    @Test
    void aCategoricalSettingThatDecidesTheMetricIsFound() {
        List<Map<String, Object>> values = new ArrayList<>();
        double[] figure = new double[24];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < figure.length; i++) {
            String optimizer = List.of("sgd", "adam", "rmsprop").get(i % 3);
            values.add(Map.of("optimizer.name", optimizer, "training.batch_size", List.of(32, 64, 128).get(random.nextInt(3))));
            figure[i] = optimizer.equals("adam") ? 0.97 + random.nextDouble(0, 0.001) : 0.9 + random.nextDouble(0, 0.001);
        }
        List<Map<String, Object>> shares = ParameterImportance.of(List.of(new ParameterImportance.Setting("optimizer.name", false),
                new ParameterImportance.Setting("training.batch_size", false)), values, figure, false);
        assertThat(shares.get(0).get("key")).isEqualTo("optimizer.name");
        // Three top trials of 24, with one added to every count: the categorical share is diluted, yet far ahead.
        assertThat((double) shares.get(0).get("share")).isGreaterThan(0.7);
    }

    @Test
    void spearmanOfKnownRankings() {
        assertThat(ParameterImportance.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40})).isCloseTo(1, within(1e-12));
        assertThat(ParameterImportance.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1})).isCloseTo(-1, within(1e-12));
        assertThat(ParameterImportance.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3})).isZero();
    }
}
