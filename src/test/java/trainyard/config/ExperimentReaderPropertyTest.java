package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The experiment reader against a valid file and its mutations: cut at any character, a
 * character replaced by YAML's own punctuation, control characters, digits or letters,
 * and overrides of any text. It returns a spec or a ConfigException whose every line is
 * FILE:LINE:COLUMN (or the command line's argument) and a message on one line; nothing
 * else escapes. Every cut is tried; the replacements come from a seeded generator.
 */
class ExperimentReaderPropertyTest {
    static final String VALID = """
            name: property
            dataset: mnist
            model:
              layers:
                - {dense: 16, activation: relu, dropout: 0.1}
                - {dense: 10, activation: softmax}
            loss: categorical_crossentropy
            optimizer: {name: adam, learning_rate: {cosine_decay: {initial_learning_rate: 0.01, decay_steps: 100}}}
            training: {epochs: 2, batch_size: 32, validation: {split: 0.1}, seed: 7, early_stopping: {monitor: val_loss}}
            sweep:
              grid: {training.seed: [1, 2]}
              random: {trials: 2, space: {optimizer.beta_1: {uniform: [0.8, 0.99]}}}
            """;

    static final String[] REPLACEMENTS = {":", "-", "[", "]", "{", "}", ",", "\"", "'", "#", "&", "*", "!", "|", ">", "%", "@", "`", "\t",
        "\n", "\u0000", "\u202e", "\u200b", "99999999999999999999", "-1", "1e400", "NaN", "null", "~", "é", " "};

    static String replacement(SplittableRandom random) {
        return REPLACEMENTS[random.nextInt(REPLACEMENTS.length)];
    }

    private static void parsesOrIsPlaced(String text) {
        try {
            ExperimentLoader.parse(text, Path.of("prop.yaml"));
        } catch (ConfigException e) {
            for (String line : e.getMessage().split("\n")) {
                assertThat(line).matches("(prop\\.yaml:\\d+:\\d+|command line, argument \\d+): .*");
            }
            assertThat(e.problems()).allSatisfy(problem -> assertThat(problem.message()).doesNotContain("\n", "\u0000", "\u202e"));
        }
    }

    @Test
    void aFileCutShortAnywhereParsesOrIsPlaced() {
        for (int cut = 0; cut <= VALID.length(); cut++) {
            parsesOrIsPlaced(VALID.substring(0, cut));
        }
    }

    @Test
    void aCharacterReplacedAnywhereParsesOrIsPlaced() {
        SplittableRandom random = new SplittableRandom(41);
        for (int attempt = 0; attempt < 3_000; attempt++) {
            int at = random.nextInt(VALID.length());
            parsesOrIsPlaced(VALID.substring(0, at) + replacement(random) + VALID.substring(at + 1));
        }
    }

    @Test
    void anyOverrideIsAppliedOrPlaced() {
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            overrideIsAppliedOrPlaced(replacement(random), replacement(random), random.nextBoolean());
        }
    }

    private static void overrideIsAppliedOrPlaced(String key, String value, boolean multirun) {
        java.util.List<String> arguments = multirun ? java.util.List.of("-m", "training" + key + "seed=" + value + ",2")
                : java.util.List.of("optimizer.learning_rate=" + value, "model.layers[0]" + key + "=" + value);
        try {
            ConfigOverride.parse(arguments, new java.util.ArrayList<>(), 2);
        } catch (ConfigException e) {
            for (String line : e.getMessage().split("\n")) {
                assertThat(line).startsWith("command line, argument ");
            }
        }
    }
}
