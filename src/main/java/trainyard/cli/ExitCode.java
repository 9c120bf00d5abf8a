package trainyard.cli;

/** Exit codes, so scripts can tell a bad file from a failed run. */
public final class ExitCode {
    public static final int OK = 0;
    /** A run failed or diverged. */
    public static final int RUN_FAILED = 1;
    /** Bad input: an experiment file, a dataset file, a command-line argument. */
    public static final int BAD_INPUT = 2;
    /** A cluster could not be asked or refused the job (sbatch missing or failing); nothing was submitted. */
    public static final int NOT_SUBMITTED = 4;
    /** Stopped by Ctrl-C (128 + SIGINT); the JVM exits with it after the sweep's shutdown hook has run. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
