package trainyard.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import trainyard.results.Numbers;

/**
 * What a sweep prints. On a terminal, a board redrawn in place: one status line per
 * running trial (epoch, loss, accuracy) and a line with done/total and the ETA; finished
 * trials scroll above it. Off a terminal, one plain line per finished trial. At the end,
 * a table of all trials, best test accuracy first.
 */
final class SweepConsole {
    private final PrintStream out;
    private final boolean terminal;
    private int boardLines;

    SweepConsole(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    synchronized void line(String text) {
        clearBoard();
        out.println(text);
    }

    synchronized void finished(TrialState state, int done, int total) {
        clearBoard();
        String outcome = switch (state.status) {
            case COMPLETED -> String.format(Locale.ROOT, "test accuracy %.4f  %.1f s", state.testAccuracy(), state.result.trainSeconds());
            case DIVERGED -> "diverged in epoch " + state.result.divergedAtEpoch();
            case FAILED -> "failed: " + state.result.message();
            default -> state.status.jsonName();
        };
        out.printf(Locale.ROOT, "[%d/%d] %s  %s  %s%n", done, total, state.runId, state.swept(), outcome);
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
            lines.add(String.format(Locale.ROOT, "  %s  epoch %d/%d  loss %.4f  accuracy %.4f  %s", state.runId, state.epoch, state.epochs,
                    state.loss, state.accuracy, state.swept()));
        }
        lines.add(String.format(Locale.ROOT, "  done %d/%d, running %d%s", done, total, running.size(),
                Double.isFinite(etaSeconds) ? ", ETA " + duration(etaSeconds) : ""));
        for (String line : lines) {
            out.println(line.length() > 160 ? line.substring(0, 157) + "..." : line);
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

    /** All trials, best test accuracy first; failed and diverged ones last with their reason. */
    synchronized void table(List<TrialState> states) {
        clearBoard();
        List<TrialState> sorted = new ArrayList<>(states);
        sorted.sort(Comparator.comparingDouble((TrialState s) -> Double.isNaN(s.testAccuracy()) ? 1 : -s.testAccuracy())
                .thenComparing(s -> s.runId));
        List<String> keys = new ArrayList<>();
        for (TrialState state : states) {
            for (String key : state.trial.values().keySet()) {
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("#", "run_id"));
        header.addAll(keys);
        header.addAll(List.of("test_acc", "train_s", "status"));
        rows.add(header.toArray(String[]::new));
        int rank = 1;
        for (TrialState state : sorted) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(rank++), state.runId));
            for (String key : keys) {
                row.add(Numbers.readable(state.trial.values().getOrDefault(key, "")));
            }
            boolean hasResult = state.result != null;
            row.add(Double.isNaN(state.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", state.testAccuracy()));
            row.add(hasResult && state.result.trainSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", state.result.trainSeconds()) : "-");
            String status = state.status.jsonName();
            if (state.status == TrialState.Status.DIVERGED) {
                status += " (epoch " + state.result.divergedAtEpoch() + ")";
            } else if (state.status == TrialState.Status.FAILED && hasResult) {
                status += ": " + state.result.message();
            } else if (state.doneBefore) {
                status += " (earlier)";
            }
            row.add(status);
            rows.add(row.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
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

    static String duration(double seconds) {
        long whole = Math.round(seconds);
        return whole >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
                : String.format(Locale.ROOT, "%d:%02d", whole / 60, whole % 60);
    }
}
