package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void theLiveBarShowsTheTimeLeftAsKerasDoes() {
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), true);
        assertThat(progress.liveLine(6000, 60000, 4.5, 0.41019, "accuracy", 0.88131, 120))
                .isEqualTo(" 6000/60000 [===>..........................] - ETA: 5s - loss: 0.4102 - accuracy: 0.8813");
        assertThat(ConsoleProgress.duration(4.4)).isEqualTo("4s");
        assertThat(ConsoleProgress.duration(62)).isEqualTo("1:02");
        assertThat(ConsoleProgress.duration(3723)).isEqualTo("1:02:03");
        assertThat(ConsoleProgress.duration(Double.NaN)).isEqualTo("-");
    }

    /** Narrower terminals: the bar narrows, then the figures go, then the bar; a line never reaches the last column. */
    @Test
    void theLiveLineFitsTheTerminal() {
        ConsoleProgress progress = new ConsoleProgress(new PrintStream(new ByteArrayOutputStream()), true);
        assertThat(progress.liveLine(6000, 60000, 4.5, 0.41019, "accuracy", 0.88131, 80))
                .isEqualTo(" 6000/60000 [==>..................] - ETA: 5s - loss: 0.4102 - accuracy: 0.8813").hasSize(79);
        assertThat(progress.liveLine(6000, 60000, 4.5, 0.41019, "accuracy", 0.88131, 60))
                .isEqualTo(" 6000/60000 [==>.................] - ETA: 5s - loss: 0.4102");
        assertThat(progress.liveLine(6000, 60000, 4.5, 0.41019, "accuracy", 0.88131, 40)).isEqualTo(" 6000/60000 [=>.............] - ETA: 5s");
        assertThat(progress.liveLine(6000, 60000, 4.5, 0.41019, "accuracy", 0.88131, 30)).isEqualTo(" 6000/60000 - ETA: 5s");
        for (int columns = 20; columns <= 200; columns++) {
            assertThat(progress.liveLine(59999, 60000, 3725, 12345.6789, "val_accuracy", 0.5, columns)).hasSizeLessThan(columns);
        }
    }

    /** The time left comes from the last seconds' pace: slow first steps (a JIT warming) do not inflate it for long. */
    @Test
    void theTimeLeftFollowsTheRecentPace() {
        ConsoleProgress.EpochPace pace = new ConsoleProgress.EpochPace();
        assertThat(pace.secondsLeft(0, 60000)).isNaN();
        long second = 1_000_000_000L;
        pace.record(0, 100); // the first 100 samples took a whole second (interpreted)
        pace.record(second, 200);
        assertThat(pace.secondsLeft(200, 60000)).isEqualTo(598.0);
        for (int redraw = 1; redraw <= 100; redraw++) { // then 1,000 samples a tenth of a second
            pace.record(second + redraw * second / 10, 200 + 1000 * redraw);
        }
        assertThat(pace.secondsLeft(100_200, 200_200)).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
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
