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
}
