package trainyard.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import trainyard.config.HalvingSchedule;
import trainyard.config.SweepSpec;
import trainyard.results.Numbers;
import trainyard.results.RunResult;
import trainyard.results.RunStatus;

/**
 * What a sweep prints. On a terminal, a board redrawn in place: one status line per
 * running trial (epoch, loss, accuracy) and a line with done/total and the ETA; finished
 * trials scroll above it. Off a terminal, one plain line per finished trial. At the end,
 * a table of all trials, best first (on validation when the trials have it).
 */
final class SweepConsole {
    private final PrintStream out;
    private final boolean terminal;
    private final java.util.function.IntSupplier columns;
    private int boardLines;

    SweepConsole(PrintStream out, boolean terminal, java.util.function.IntSupplier columns) {
        this.out = out;
        this.terminal = terminal;
        this.columns = columns;
    }

    synchronized void line(String text) {
        clearBoard();
        out.println(text);
    }

    synchronized void finished(TrialState state, int done, int total) {
        clearBoard();
        String outcome = switch (state.status) {
            case COMPLETED -> state.testFigure() + String.format(Locale.ROOT, "  %.1f s", state.result.trainSeconds());
            case DIVERGED -> "diverged in epoch " + state.result.divergedAtEpoch();
            case FAILED -> "failed: " + state.result.message();
            case PAUSED -> lastFigures(state) + " at epoch " + state.result.epochsDone();
            default -> state.status.jsonName();
        };
        String trained = (state.trainedNow == null ? "" : "  (trained epochs " + state.trainedNow + ")")
                + (state.proposedBy == null ? "" : "  [" + state.proposedBy + "]");
        String progress = state.status != RunStatus.PAUSED ? String.format(Locale.ROOT, "[%d/%d]", done, total) : "[rung " + state.rung + "]";
        out.printf(Locale.ROOT, "%s %s  %s  %s%s%n", progress, state.runId, state.swept(), outcome, trained);
        out.flush();
    }

    /** Redraws the live board (terminal only). */
    synchronized void board(List<TrialState> running, int done, int total, double etaSeconds) {
        if (!terminal) {
            return;
        }
        clearBoard();
        List<String> lines = new ArrayList<>();
        for (TrialState state : running) {
            lines.add(String.format(Locale.ROOT, "  %s  %sepoch %d/%d  loss %.4f  %s %.4f  %s", state.runId,
                    state.rung > 0 ? "rung " + state.rung + "  " : "", state.epoch, state.epochs, state.loss, state.figureName, state.accuracy,
                    state.swept()));
        }
        lines.add(String.format(Locale.ROOT, "  done %d/%d, running %d%s", done, total, running.size(),
                Double.isFinite(etaSeconds) ? ", ETA " + duration(etaSeconds) : ""));
        // A line that wrapped would take two rows, and the next redraw, moving up one row per
        // line, would leave a stale copy: every line stops before the terminal's last column.
        int room = Math.max(20, columns.getAsInt()) - 1;
        for (String line : lines) {
            out.println(line.length() > room ? line.substring(0, room - 3) + "..." : line);
        }
        boardLines = lines.size();
        out.flush();
    }

    private void clearBoard() {
        if (terminal && boardLines > 0) {
            out.print("\033[" + boardLines + "A\033[J"); // up over the board, clear to the end of the screen
            boardLines = 0;
        }
    }

    /**
     * All trials, the best first, failed and diverged ones last with their reason. The best
     * is chosen on validation when every completed trial has it (choosing on the test set
     * would make its figure optimistic), else on the test figure; the line above the table
     * says which, and the test figure is always shown beside.
     */
    synchronized void table(List<TrialState> states) {
        clearBoard();
        List<TrialState> sorted = new ArrayList<>(states);
        boolean regression = states.stream().anyMatch(s -> !Double.isNaN(s.testRmse()));
        List<TrialState> completed = states.stream().filter(s -> !Double.isNaN(s.testScore())).toList();
        boolean byValidation = !completed.isEmpty() && completed.stream().noneMatch(s -> Double.isNaN(s.validationScore()));
        java.util.function.ToDoubleFunction<TrialState> score = byValidation ? TrialState::validationScore : TrialState::testScore;
        // Completed first by the ranking figure; then pruned trials, those that went furthest first.
        sorted.sort(Comparator.comparingDouble((TrialState s) -> Double.isNaN(s.testScore()) ? Double.POSITIVE_INFINITY : -score.applyAsDouble(s))
                .thenComparingInt(s -> -s.rung)
                .thenComparingDouble(s -> s.result == null || s.result.history() == null || s.result.history().isEmpty() ? 0
                        : -lastScore(s.result.history().get(s.result.history().size() - 1)))
                .thenComparing(s -> s.runId));
        List<String> keys = new ArrayList<>();
        for (TrialState state : states) {
            for (String key : state.trial.values().keySet()) {
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("#", "run_id"));
        header.addAll(keys);
        if (byValidation) {
            header.add(regression ? "val_rmse" : "val_acc");
        }
        header.addAll(List.of(regression ? "test_rmse" : "test_acc", "train_s", "status"));
        List<String[]> rows = new ArrayList<>();
        rows.add(header.toArray(String[]::new));
        int rank = 1;
        for (TrialState state : sorted) {
            rows.add(row(rank++, state, keys, byValidation, regression));
        }
        out.println("Ranked by " + (byValidation ? (regression ? "val_rmse" : "val_accuracy") + " (the last epoch's)"
                : (regression ? "test rmse" : "test accuracy") + " (the trials have no validation)") + ":");
        printAligned(rows);
    }

    /** One trial's row of the final table. */
    private static String[] row(int rank, TrialState state, List<String> keys, boolean byValidation, boolean regression) {
        List<String> row = new ArrayList<>(List.of(Integer.toString(rank), state.runId));
        for (String key : keys) {
            row.add(Numbers.readable(state.trial.values().getOrDefault(key, "")));
        }
        boolean hasResult = state.result != null;
        if (byValidation) {
            double validation = state.validationScore();
            row.add(Double.isNaN(validation) || Double.isNaN(state.testScore()) ? "-"
                    : String.format(Locale.ROOT, "%.4f", regression ? -validation : validation));
        }
        double test = regression ? state.testRmse() : state.testAccuracy();
        row.add(Double.isNaN(test) ? "-" : String.format(Locale.ROOT, "%.4f", test));
        row.add(hasResult && state.result.trainSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", state.result.trainSeconds()) : "-");
        String status = state.status.jsonName();
        if (state.status == RunStatus.DIVERGED) {
            status += " (epoch " + state.result.divergedAtEpoch() + ")";
        } else if (state.status == RunStatus.FAILED && hasResult) {
            status += ": " + state.result.message();
        } else if ((state.status == RunStatus.PRUNED || state.status == RunStatus.PAUSED) && hasResult) {
            status += " at rung " + state.rung + ", epoch " + state.result.epochsDone() + " (" + lastFigures(state) + ")";
        } else if (state.doneBefore) {
            status += " (earlier)";
        }
        row.add(status);
        return row.toArray(String[]::new);
    }

    /** Rows in columns as wide as their widest cell; the last column as it is. */
    private void printAligned(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** What a halving rung decided, in one line. */
    synchronized void rungDecided(int bracket, int rung, int epochs, int trials, int failed, List<String> promoted, int nextEpochs,
                                  String metric, double best, String bestRunId) {
        clearBoard();
        String name = String.format(Locale.ROOT, "Rung %d%s (%d epoch%s): ", rung, bracket > 0 ? " of bracket " + bracket : "", epochs,
                epochs == 1 ? "" : "s");
        if (promoted.isEmpty()) {
            out.println(name + (failed == trials ? trials + " diverged or failed; none go on"
                    : "none of " + trials + " has a " + metric + " to rank by (" + failed + " diverged or failed); none go on"));
        } else {
            int pruned = trials - promoted.size() - failed;
            out.printf(Locale.ROOT, "%s%d of %d go on to %d epochs; best %s %s (%s); %d pruned%s%n", name, promoted.size(), trials, nextEpochs,
                    metric, Double.isNaN(best) ? "-" : String.format(Locale.ROOT, "%.4f", best), bestRunId, pruned,
                    failed == 0 ? "" : ", " + failed + " diverged or failed");
        }
        out.flush();
    }

    /** The last epoch's validation figures, or its training figures without validation. */
    private static String lastFigures(TrialState state) {
        List<RunResult.Epoch> history = state.result.history();
        if (history == null || history.isEmpty()) {
            return "no epoch";
        }
        RunResult.Epoch last = history.get(history.size() - 1);
        if (last.accuracy() == null) {
            return last.valRmse() != null ? String.format(Locale.ROOT, "val_rmse %.4f", last.valRmse())
                    : String.format(Locale.ROOT, "rmse %.4f", last.rmse());
        }
        return last.valAccuracy() != null
                ? String.format(Locale.ROOT, "val_accuracy %.4f", last.valAccuracy())
                : String.format(Locale.ROOT, "accuracy %.4f", last.accuracy());
    }

    /** Higher is better: the last epoch's accuracy, or its rmse negated. */
    private static double lastScore(RunResult.Epoch last) {
        return last.accuracy() != null ? last.accuracy() : last.rmse() == null ? 0 : -last.rmse();
    }

    /** "4 rungs (1, 3, 9, 27 epochs), 81 epochs in all instead of 729": the plan line's part for halving. */
    static String halvingPlan(List<HalvingSchedule.Bracket> brackets, SweepSpec.Halving halving) {
        long epochs = brackets.stream().mapToLong(HalvingSchedule.Bracket::epochsTrained).sum();
        long full = (long) brackets.stream().mapToInt(HalvingSchedule.Bracket::trialCount).sum() * halving.maxEpochs();
        String shape;
        if (brackets.size() == 1) {
            List<HalvingSchedule.Rung> rungs = brackets.get(0).rungs();
            shape = rungs.size() + " rung" + (rungs.size() == 1 ? "" : "s") + " ("
                    + String.join(", ", rungs.stream().map(rung -> Integer.toString(rung.epochs())).toList()) + " epochs)";
        } else {
            shape = brackets.size() + " Hyperband brackets (first rungs at "
                    + String.join(", ", brackets.stream().map(b -> Integer.toString(b.rungs().get(0).epochs())).toList()) + " epochs)";
        }
        return String.format(Locale.ROOT, "%s, %d epochs in all instead of %d, ranked by %s", shape, epochs, full, halving.metric());
    }

    static String duration(double seconds) {
        long whole = Math.round(seconds);
        return whole >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
                : String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
