package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import trainyard.config.ExperimentLoader;
import trainyard.config.ExperimentSpec;

/** The mistakes that train without an error: each warned of in one exact line, and nothing said of a sound file. */
class TrainingWarningsTest {
    static ExperimentSpec spec(String optimizer, String output, int epochs) throws Exception {
        return ExperimentLoader.parse("""
                dataset: mnist
                model: {layers: [{dense: 16, activation: relu}, {dense: 10, activation: %s}]}
                loss: categorical_crossentropy
                optimizer: %s
                training: {epochs: %d, batch_size: 128}
                """.formatted(output, optimizer, epochs), Path.of("t.yaml")).spec();
    }

    @Test
    void aScheduleCountedInEpochsIsWarnedOfWithTheStepsPerEpoch() throws Exception {
        ExperimentSpec early = spec("{name: adam, learning_rate: {cosine_decay: {initial_learning_rate: 0.001, decay_steps: 2}}}", "softmax", 10);
        assertThat(TrainingWarnings.before(early, 54_000)).containsExactly("trainyard: warning: optimizer.learning_rate.cosine_decay: the rate"
                + " reaches its end (0) at step 2, in the first epoch; an epoch is 422 steps (54,000 examples in batches of 128), training"
                + " 4,220 steps in all; decay_steps counts steps, not epochs");
        ExperimentSpec midway = spec("{name: sgd, learning_rate: {cosine_decay: {initial_learning_rate: 0.1, decay_steps: 1000, alpha: 0.1}}}",
                "softmax", 10);
        assertThat(TrainingWarnings.before(midway, 54_000)).singleElement().asString()
                .contains("reaches its end (alpha · initial) at step 1,000, in epoch 3 of 10");
        ExperimentSpec sound = spec("{name: adam, learning_rate: {cosine_decay: {initial_learning_rate: 0.001, decay_steps: 4220}}}", "softmax", 10);
        assertThat(TrainingWarnings.before(sound, 54_000)).isEmpty();
    }

    @Test
    void anOutputThatIsNotAProbabilityIsWarnedOf() throws Exception {
        assertThat(TrainingWarnings.before(spec("adam", "linear", 1), 1_000)).containsExactly("trainyard: warning: model.layers[1].activation"
                + " is linear under categorical_crossentropy, which takes probabilities; did you mean activation: softmax?");
        assertThat(TrainingWarnings.before(spec("adam", "relu", 1), 1_000)).singleElement().asString().contains("is relu under");
        assertThat(TrainingWarnings.before(spec("adam", "softmax", 1), 1_000)).isEmpty();
    }

    @Test
    void aResultAtChanceIsWarnedOf() {
        assertThat(TrainingWarnings.after(0.1000, 10)).isEqualTo("trainyard: warning: test accuracy 0.1000 is chance level for 10 classes:"
                + " the network learnt nothing (look at the learning rate, its schedule and the output activation)");
        assertThat(TrainingWarnings.after(0.1201, 10)).isNull();
        assertThat(TrainingWarnings.after(0.9762, 10)).isNull();
        assertThat(TrainingWarnings.after(null, 1)).isNull(); // a regression has no accuracy
    }

    @Test
    void stepsPerEpochCountTheLastSmallerBatch() {
        assertThat(TrainingWarnings.stepsPerEpoch(54_000, 128)).isEqualTo(422);
        assertThat(TrainingWarnings.stepsPerEpoch(60_000, 100)).isEqualTo(600);
        assertThat(TrainingWarnings.stepsPerEpoch(10, 32)).isEqualTo(1);
    }
}
