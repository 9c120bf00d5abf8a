package trainyard.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import trainyard.files.BoundedFiles;

/**
 * The results folder: results/NAME/RUN_ID/result.json. A run_id is the first 12 hex
 * digits of SHA-256 over the run's identity (the resolved config without name,
 * description and threads), the dataset's checksum and the format version, so one
 * configuration on one dataset always lands in one folder.
 */
public final class ResultStore {
    public static final String RESULT_FILE = "result.json";
    private static final int RUN_ID_HEX_DIGITS = 12;

    /** A result.json is a few KB (diagnostics included); a larger one is not ours. */
    static final int MAX_RESULT_BYTES = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Sorted keys and no indentation: the same identity always hashes the same. */
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path root;

    public ResultStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static String runId(Map<String, Object> identity, String datasetChecksum) {
        try {
            String canonical = CANONICAL.writeValueAsString(identity) + "\ndataset:" + datasetChecksum + "\nformat:" + RunResult.FORMAT_VERSION;
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, RUN_ID_HEX_DIGITS);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a run identity", e);
        }
    }

    public Path runFolder(String experiment, String runId) {
        return root.resolve(experiment).resolve(runId);
    }

    public Path resultFile(String experiment, String runId) {
        return runFolder(experiment, runId).resolve(RESULT_FILE);
    }

    /**
     * What a result.json holds: nothing yet, a result that passed the schema check, or a
     * damaged file and why. Run, report and evaluate all read through {@link #load}, so a
     * result is never trusted by one and refused by another.
     */
    public sealed interface Stored {
        /** No result.json (not trained yet). */
        record Missing() implements Stored {
        }

        record Valid(RunResult result) implements Stored {
        }

        /** A file that is not a result this version wrote: unreadable, not JSON, or failing the schema check. */
        record Damaged(Path file, String reason) implements Stored {
            public String describe() {
                return file + " is damaged (" + reason + ")";
            }
        }
    }

    /** The finished result of this run (completed, failed or diverged), if one exists and passes the schema check. */
    public Optional<RunResult> finished(String experiment, String runId) {
        return read(resultFile(experiment, runId)).filter(RunResult::isFinished);
    }

    /** This run's result.json, read and checked. */
    public Stored stored(String experiment, String runId) {
        return load(resultFile(experiment, runId));
    }

    /** The result in file, if it exists and passes the schema check. */
    public static Optional<RunResult> read(Path file) {
        return load(file) instanceof Stored.Valid valid ? Optional.of(valid.result()) : Optional.empty();
    }

    /** Reads and checks one result.json: at most 16 MiB, JSON without duplicate keys, and {@link #schemaFault}. */
    public static Stored load(Path file) {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new Stored.Missing();
        }
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, MAX_RESULT_BYTES);
        } catch (IOException e) {
            return new Stored.Damaged(file, "cannot be read: " + BoundedFiles.reason(e));
        }
        RunResult result;
        try {
            result = JSON.readValue(bytes, RunResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation where = e.getLocation();
            return new Stored.Damaged(file, "not a valid result: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr()));
        } catch (IOException e) {
            return new Stored.Damaged(file, "cannot be read: " + BoundedFiles.reason(e));
        }
        String fault = schemaFault(result);
        if (fault == null) {
            fault = folderFault(file, result);
        }
        return fault == null ? new Stored.Valid(result) : new Stored.Damaged(file, fault);
    }

    /**
     * Whether the result belongs where it lies: a folder named by its run_id (results/NAME/RUN_ID,
     * or a copy of that folder kept anywhere), with a config that hashes to that run_id. A result
     * copied into another run's folder would otherwise stand for a run that never trained.
     */
    static String folderFault(Path file, RunResult result) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        String folderName = folder == null || folder.getFileName() == null ? "" : folder.getFileName().toString();
        if (!result.runId().equals(folderName)) {
            return "it holds run " + result.runId() + "'s result, not this folder's";
        }
        if (result.dataset() == null || result.dataset().checksum() == null) {
            return "dataset checksum is missing";
        }
        if (!result.runId().equals(runIdOf(result.config(), result.dataset().checksum()))) {
            return "its config does not hash to its run_id " + result.runId();
        }
        return null;
    }

    /** The run_id a result's config gives on the dataset with this checksum. */
    public static String runIdOf(Map<String, Object> config, String datasetChecksum) {
        return runId(identityOf(config), datasetChecksum);
    }

    /** The identity a run_id hashes, from a result's config: the config without name, description and threads. */
    private static Map<String, Object> identityOf(Map<String, Object> config) {
        Map<String, Object> identity = new java.util.LinkedHashMap<>(config);
        identity.remove("name");
        identity.remove("description");
        if (identity.get("training") instanceof Map<?, ?> training) {
            Map<Object, Object> withoutThreads = new java.util.LinkedHashMap<>(training);
            withoutThreads.remove("threads");
            identity.put("training", withoutThreads);
        }
        return identity;
    }

    /** What makes a parsed result.json unusable, or null: the rules every reader relies on. */
    static String schemaFault(RunResult result) {
        if (result == null) {
            return "holds the JSON null, not a result";
        }
        if (result.formatVersion() != RunResult.FORMAT_VERSION) {
            return "format_version is " + result.formatVersion() + "; this Trainyard reads version " + RunResult.FORMAT_VERSION;
        }
        if (result.experiment() == null || result.experiment().isBlank() || result.runId() == null || result.runId().isBlank()) {
            return "experiment or run_id is missing";
        }
        if (result.status() == null || !result.status().isWritten()) {
            return "status is " + (result.status() == null ? "missing or unknown" : result.status().jsonName())
                    + "; expected completed, failed, diverged, paused or pruned";
        }
        if (result.config() == null || result.config().isEmpty()) {
            return "config is missing";
        }
        if (result.history() == null) {
            return "history is missing";
        }
        if (result.status() == RunStatus.COMPLETED) {
            if (result.test() == null || !Double.isFinite(result.test().loss())
                    || !(result.test().isRegression() ? result.test().mae() != null && result.test().rmse() != null
                            && result.test().mae() >= 0 && result.test().rmse() >= 0 && Double.isFinite(result.test().rmse())
                            : result.test().accuracy() >= 0 && result.test().accuracy() <= 1)) {
                return "a completed run without a finite test loss and an accuracy between 0 and 1 (a regression: mae and rmse)";
            }
        }
        return null;
    }

    public Path write(RunResult result) throws IOException {
        Path file = resultFile(result.experiment(), result.runId());
        AtomicFiles.write(file, JSON.writeValueAsBytes(result));
        return file;
    }

    /** A value as writeJson would write it, read back as plain maps, lists and numbers: what a file holds, to compare with. */
    public static Object asWritten(Object value) throws IOException {
        return JSON.readValue(JSON.writeValueAsBytes(value), Object.class);
    }

    /** Writes any value as result.json is written (snake_case, indented), atomically: sweep.json, bench.json. */
    public static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    }
}
