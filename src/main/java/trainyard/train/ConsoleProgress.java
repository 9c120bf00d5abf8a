package trainyard.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Keras's fit() output: `Epoch i/N`, then on a terminal a live bar redrawn in place
 * (samples done, the time left as Keras shows it, `ETA: 3s`, running loss and accuracy), and at the end of each epoch
 * the line users know:
 * {@code 60000/60000 [==============================] - 0.21s 1ms/step - loss: 0.3234 - accuracy: 0.9124 - val_loss: 0.1638 - val_accuracy: 0.9534}.
 * Off a terminal (a log, CI) only the final line of each epoch is printed.
 */
public final class ConsoleProgress implements TrainingListener {
    private static final int BAR_WIDTH = 30;
    /** Redraw at most this often; a terminal cannot show 600 updates a second anyway. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long epochStart;
    private long lastDraw;
    private int batches;
    private int samplesPerEpoch;
    private boolean rateVaries;
    /** The last epoch whose end was printed (checkpointed before the next begins); read by a Ctrl-C hook. */
    private volatile int lastFinishedEpoch;

    public ConsoleProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
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
        epochStart = System.nanoTime();
        lastDraw = 0;
        batches = 0;
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
        out.print("\r" + liveLine(samplesDone, samplesTotal, (now - epochStart) / 1e9, meanLoss, figureName, meanAccuracy));
        out.flush();
    }

    /** The bar while an epoch runs: `6000/60000 [==>...........................] - ETA: 3s - loss: 0.4102 - accuracy: 0.8813`. */
    String liveLine(int samplesDone, int samplesTotal, double elapsedSeconds, double meanLoss, String figureName, double meanFigure) {
        double left = samplesDone == 0 ? Double.NaN : elapsedSeconds / samplesDone * (samplesTotal - samplesDone);
        return bar(samplesDone, samplesTotal) + " - ETA: " + duration(left)
                + String.format(Locale.ROOT, " - loss: %.4f - %s: %.4f", meanLoss, figureName, meanFigure);
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
            line.append('\r');
        }
        line.append(bar(samplesPerEpoch, samplesPerEpoch));
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
        // Pad over whatever the live bar left on the line.
        out.println(terminal ? padRight(line.toString(), 120) : line.toString());
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

    private String bar(int done, int total) {
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
        StringBuilder text = new StringBuilder();
        String width = Integer.toString(total);
        text.append(String.format("%" + width.length() + "d", done)).append('/').append(total).append(" [");
        for (int i = 0; i < BAR_WIDTH; i++) {
            text.append(i < filled ? '=' : i == filled ? '>' : '.');
        }
        return text.append(']').toString();
    }

    private static String padRight(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
