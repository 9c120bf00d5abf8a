package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void theLiveBarShowsTheTimeLeftAsKerasDoes() {
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), true);
        // 6,000 of 60,000 samples in 0.5 s: 4.5 s to go.
        assertThat(progress.liveLine(6000, 60000, 0.5, 0.41019, "accuracy", 0.88131))
                .isEqualTo(" 6000/60000 [===>..........................] - ETA: 5s - loss: 0.4102 - accuracy: 0.8813");
        assertThat(ConsoleProgress.duration(4.4)).isEqualTo("4s");
        assertThat(ConsoleProgress.duration(62)).isEqualTo("1:02");
        assertThat(ConsoleProgress.duration(3723)).isEqualTo("1:02:03");
        assertThat(ConsoleProgress.duration(Double.NaN)).isEqualTo("-");
    }

    /** The plan line says what a step is; the epoch line shows the rate only where it can change, as Keras 3 logs learning_rate. */
    @Test
    void thePlanLineCountsStepsAndAVaryingRateShowsEachEpoch() {
        for (boolean varies : new boolean[] {false, true}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), false);
            progress.trainingStarted(54000, 6000, 2, 422, 128, varies);
            progress.epochStarted(1, 2);
            progress.epochFinished(new EpochResult(1, 0.5, 0.9, 0.4, 0.91, 2.0, 9.7553e-4), 2);
            String printed = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(printed).contains("Train on 54000 samples, validate on 6000 samples (422 steps of 128 per epoch)");
            if (varies) {
                assertThat(printed).contains("val_accuracy: 0.9100 - learning_rate: 9.755e-04");
            } else {
                assertThat(printed).doesNotContain("learning_rate");
            }
        }
        assertThat(ConsoleProgress.rate(0.001)).isEqualTo("0.001");
        assertThat(ConsoleProgress.rate(0.05)).isEqualTo("0.05");
        assertThat(ConsoleProgress.rate(0)).isEqualTo("0");
    }
}
