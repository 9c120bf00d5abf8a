package trainyard.results;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a run stands: the one vocabulary of result.json, sweep.json, the console and the
 * report. The first group is only ever seen while a sweep runs (and in sweep.json); the
 * rest are written to result.json.
 */
public enum RunStatus {
    /** Not started in this sweep yet. */
    PENDING,
    /** Training in this process now. */
    RUNNING,
    /** Was running when Ctrl-C came: no result written; its checkpoint stays, and the next run goes on from it. */
    INTERRUPTED,
    /** Trained to a halving rung's budget and waiting for the rung's decision; its checkpoint goes on from there. */
    PAUSED,
    /**
     * Stopped by successive halving at a rung: not among the best there. Its checkpoint stays,
     * so a sweep whose rungs now reach further, or the same trial run without halving, goes on from it.
     */
    PRUNED,
    COMPLETED,
    /** The loss stopped being finite. */
    DIVERGED,
    /** Training threw; result.json's message says why. */
    FAILED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status of a JSON name; null for a name that is none (a damaged or foreign file). */
    @JsonCreator
    public static RunStatus ofJsonName(String name) {
        for (RunStatus status : values()) {
            if (status.jsonName().equals(name)) {
                return status;
            }
        }
        return null;
    }

    /** A status result.json may hold. */
    public boolean isWritten() {
        return ordinal() >= PAUSED.ordinal();
    }

    /** Final: the same command does not train the run again (--force does; --rerun-failed does for a failed or diverged one). */
    public boolean isFinished() {
        return ordinal() >= COMPLETED.ordinal();
    }

    /** Trained as far as a halving rung asked, waiting (paused) or stopped there (pruned). */
    public boolean isAtRung() {
        return this == PAUSED || this == PRUNED;
    }

    /** Failed or diverged: what --rerun-failed retries. */
    public boolean isFailure() {
        return this == FAILED || this == DIVERGED;
    }
}
