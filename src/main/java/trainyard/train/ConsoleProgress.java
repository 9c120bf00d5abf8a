package trainyard.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * Keras's fit() output: `Epoch i/N`, then on a terminal a live bar redrawn in place
 * (samples done, the time left as Keras shows it, `ETA: 3s`, running loss and accuracy), and at the end of each epoch
 * the line users know:
 * {@code 60000/60000 [==============================] - 0.21s 1ms/step - loss: 0.3234 - accuracy: 0.9124 - val_loss: 0.1638 - val_accuracy: 0.9534}.
 * Off a terminal (a log, CI) only the final line of each epoch is printed.
 */
public final class ConsoleProgress implements TrainingListener {
    private static final int BAR_WIDTH = 30;
    /** Narrower than this, the bar says too little to be worth its room. */
    private static final int MIN_BAR_WIDTH = 10;
    /** Redraw at most this often; a terminal cannot show 600 updates a second anyway. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final IntSupplier columns;
    private final EpochPace pace = new EpochPace();
    private long lastDraw;
    private int batches;
    private int samplesPerEpoch;
    private boolean rateVaries;
    /** The last epoch whose end was printed (checkpointed before the next begins); read by a Ctrl-C hook. */
    private volatile int lastFinishedEpoch;

    /** The width assumed where none is measured: tests, and callers that do not ask the terminal. */
    public static final IntSupplier ASSUMED_COLUMNS = () -> 120;

    /** Plain lines (a log, CI), or a live bar on a terminal of 120 columns. */
    public ConsoleProgress(PrintStream out, boolean terminal) {
        this(out, terminal, ASSUMED_COLUMNS);
    }

    /**
     * @param columns the terminal's width now (asked at each redraw, so a resized window is
     *                followed); only read on a terminal
     */
    public ConsoleProgress(PrintStream out, boolean terminal, IntSupplier columns) {
        this.out = out;
        this.terminal = terminal;
        this.columns = columns;
    }

    @Override
    public void trainingStarted(int trainSamples, int validationSamples, int epochs, int stepsPerEpoch, int batchSize, boolean rateVaries) {
        this.samplesPerEpoch = trainSamples;
        this.rateVaries = rateVaries;
        // The steps say what a schedule's decay_steps count: an epoch is this many of them.
        String steps = String.format(Locale.ROOT, " (%,d steps of %d per epoch)", stepsPerEpoch, batchSize);
        out.println(validationSamples > 0
                ? "Train on " + trainSamples + " samples, validate on " + validationSamples + " samples" + steps
                : "Train on " + trainSamples + " samples" + steps);
    }

    @Override
    public void epochStarted(int epoch, int epochs) {
        out.println("Epoch " + epoch + "/" + epochs);
        lastDraw = 0;
        batches = 0;
        pace.restart();
    }

    @Override
    public void batchFinished(int samplesDone, int samplesTotal, double meanLoss, String figureName, double meanAccuracy) {
        batches++;
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && samplesDone < samplesTotal) {
            return;
        }
        lastDraw = now;
        pace.record(now, samplesDone);
        // \033[K clears what a longer line drawn before left to the right.
        out.print("\r" + liveLine(samplesDone, samplesTotal, pace.secondsLeft(samplesDone, samplesTotal), meanLoss, figureName, meanAccuracy,
                columns.getAsInt()) + "\033[K");
        out.flush();
    }

    /**
     * The bar while an epoch runs, fitted to the terminal's width less its last column (where
     * some terminals wrap): `6000/60000 [==>.....] - ETA: 3s - loss: 0.4102 - accuracy: 0.8813`.
     * As the width shrinks the bar narrows, then the figures go, then the bar.
     */
    String liveLine(int samplesDone, int samplesTotal, double secondsLeft, double meanLoss, String figureName, double meanFigure, int columns) {
        int room = Math.max(20, columns) - 1;
        String counts = counts(samplesDone, samplesTotal);
        String eta = " - ETA: " + duration(secondsLeft);
        String loss = String.format(Locale.ROOT, " - loss: %.4f", meanLoss);
        String figure = String.format(Locale.ROOT, " - %s: %.4f", figureName, meanFigure);
        for (String tail : new String[] {eta + loss + figure, eta + loss, eta}) {
            int barWidth = Math.min(BAR_WIDTH, room - counts.length() - 3 - tail.length());
            if (barWidth >= MIN_BAR_WIDTH) {
                return counts + " [" + bar(samplesDone, samplesTotal, barWidth) + "]" + tail;
            }
        }
        String bare = counts + eta;
        return bare.length() <= room ? bare : bare.substring(0, room);
    }

    /** As Keras writes an ETA: 3s, 1:02, 1:02:03. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + "s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60);
    }

    /** The last epoch that finished in this process, or the one a resumed run went on from; 0 before any. */
    public int lastFinishedEpoch() {
        return lastFinishedEpoch;
    }

    @Override
    public void epochFinished(EpochResult result, int epochs) {
        lastFinishedEpoch = result.epoch();
        StringBuilder line = new StringBuilder();
        if (terminal) {
            line.append("\r\033[K"); // over the live bar; a line longer than the terminal then wraps as any printed line
        }
        line.append(counts(samplesPerEpoch, samplesPerEpoch)).append(" [").append(bar(samplesPerEpoch, samplesPerEpoch, BAR_WIDTH)).append(']');
        double perStep = batches == 0 ? 0 : result.seconds() / batches;
        line.append(String.format(Locale.ROOT, " - %.2fs %s/step - loss: %.4f", result.seconds(),
                perStep < 1e-3 ? Math.round(perStep * 1e6) + "us" : Math.round(perStep * 1e3) + "ms", result.loss()));
        line.append(result.isRegression() ? String.format(Locale.ROOT, " - mae: %.4f - rmse: %.4f", result.mae(), result.rmse())
                : String.format(Locale.ROOT, " - accuracy: %.4f", result.accuracy()));
        if (result.valLoss() != null) {
            line.append(String.format(Locale.ROOT, " - val_loss: %.4f", result.valLoss()));
            line.append(result.isRegression() ? String.format(Locale.ROOT, " - val_mae: %.4f - val_rmse: %.4f", result.valMae(), result.valRmse())
                    : String.format(Locale.ROOT, " - val_accuracy: %.4f", result.valAccuracy()));
        }
        if (rateVaries && result.learningRate() != null) {
            // Keras 3's name for it; the rate of the epoch's last step.
            line.append(" - learning_rate: ").append(rate(result.learningRate()));
        }
        out.println(line);
    }

    @Override
    public void stoppedEarly(int epoch, int bestEpoch) {
        out.println("Early stopping after epoch " + epoch + "; the best was epoch " + bestEpoch + ".");
    }

    @Override
    public void resumed(int epoch, int epochs) {
        lastFinishedEpoch = epoch;
        out.println("Resuming from the checkpoint saved after epoch " + epoch + "/" + epochs);
    }

    /** A rate in 4 significant digits, as Keras's logs round it: 0.001, 9.755e-04. */
    static String rate(double rate) {
        return rate == 0 || (Math.abs(rate) >= 1e-3 && Math.abs(rate) < 1e4)
                ? new java.math.BigDecimal(rate).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                : String.format(Locale.ROOT, "%.3e", rate);
    }

    /** Keras's verbose ReduceLROnPlateau line. */
    @Override
    public void learningRateReduced(int epoch, double rate) {
        out.println("Epoch " + epoch + ": ReduceLROnPlateau reducing learning rate to " + new java.math.BigDecimal(rate).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString() + ".");
    }

    @Override
    public void diverged(int epoch) {
        if (terminal) {
            out.println();
        }
        out.println("Loss became NaN or infinite in epoch " + epoch + "; training stopped (status: diverged).");
    }

    /** " 6000/60000": the count of samples done, padded to the total's width. */
    private static String counts(int done, int total) {
        String width = Integer.toString(total);
        return String.format(Locale.ROOT, "%" + width.length() + "d", done) + "/" + total;
    }

    private static String bar(int done, int total, int width) {
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        StringBuilder text = new StringBuilder(width);
        for (int i = 0; i < width; i++) {
            text.append(i < filled ? '=' : i == filled ? '>' : '.');
        }
        return text.toString();
    }

    /**
     * An epoch's pace over its last few seconds of steps: the time left is estimated from
     * those, not from the epoch's start, whose first steps run before the JIT has compiled
     * them (the first epoch's ETA would otherwise start many times too long).
     */
    static final class EpochPace {
        /** Redraws remembered: at one per 100 ms, the last 6.4 s. */
        private static final int KEPT = 64;
        private final long[] times = new long[KEPT];
        private final int[] samples = new int[KEPT];
        private int count;

        void restart() {
            count = 0;
        }

        void record(long nanos, int samplesDone) {
            times[count % KEPT] = nanos;
            samples[count % KEPT] = samplesDone;
            count++;
        }

        /** NaN until two redraws are apart. */
        double secondsLeft(int samplesDone, int samplesTotal) {
            if (count < 2) {
                return Double.NaN;
            }
            int newest = (count - 1) % KEPT;
            int oldest = count > KEPT ? count % KEPT : 0;
            double seconds = (times[newest] - times[oldest]) / 1e9;
            int done = samples[newest] - samples[oldest];
            return done <= 0 || seconds <= 0 ? Double.NaN : seconds / done * (samplesTotal - samplesDone);
        }
    }
}
