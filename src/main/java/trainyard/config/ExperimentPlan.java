package trainyard.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What `run` will do with a file and its overrides: one trial, or a sweep's trials, every
 * one of them already checked like a hand-written file.
 *
 * @param sweep            null for a single run
 * @param commandLineSweep the command line's -m sweeps as typed (key=a,b), empty when the
 *                         sweep is the file's own: each such sweep keeps a view of its own
 * @param proposer         for sweep.tpe, makes the trial of each later point of its space
 *                         ({@code trials} then holds its random starts); null otherwise
 */
public record ExperimentPlan(Path file, String name, SweepSpec sweep, List<Trial> trials, List<String> commandLineSweep, Proposer proposer) {

    /** Makes the checked trial that has a point of a search space's values (in the space's order). */
    public interface Proposer {
        Trial trialAt(double[] point) throws ConfigException;
    }
    /** The view of the file's own sweep, in its experiment's results folder. */
    public static final String SWEEP_FILE = "sweep.json";

    public ExperimentPlan {
        trials = List.copyOf(trials);
        commandLineSweep = List.copyOf(commandLineSweep);
    }

    public ExperimentPlan(Path file, String name, SweepSpec sweep, List<Trial> trials) {
        this(file, name, sweep, trials, List.of(), null);
    }

    public ExperimentPlan(Path file, String name, SweepSpec sweep, List<Trial> trials, List<String> commandLineSweep) {
        this(file, name, sweep, trials, commandLineSweep, null);
    }

    /**
     * The file that records this sweep's view in its experiment's folder: sweep.json for the
     * file's own sweep, sweep-HASH.json for each different command-line sweep, so that a second
     * -m sweep of the same file does not replace the first one's.
     */
    public String sweepFileName() {
        if (commandLineSweep.isEmpty()) {
            return SWEEP_FILE;
        }
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(String.join(" ", commandLineSweep).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        return "sweep-" + java.util.HexFormat.of().formatHex(digest, 0, 4) + ".json";
    }

    public boolean isSweep() {
        return sweep != null;
    }
}
