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
import java.util.Map;
import java.util.Optional;

/**
 * The results folder: results/NAME/RUN_ID/result.json. A run_id is the first 12 hex
 * digits of SHA-256 over the run's identity (the resolved config without name,
 * description and threads), the dataset's checksum and the format version, so one
 * configuration on one dataset always lands in one folder.
 */
public final class ResultStore {
    public static final String RESULT_FILE = "result.json";
    private static final int RUN_ID_HEX_DIGITS = 12;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
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

    /** The finished result of this run (completed, failed or diverged), if one exists and reads cleanly. */
    public Optional<RunResult> finished(String experiment, String runId) {
        return read(resultFile(experiment, runId)).filter(RunResult::isFinished);
    }

    public static Optional<RunResult> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RunResult.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path write(RunResult result) throws IOException {
        Path file = resultFile(result.experiment(), result.runId());
        AtomicFiles.write(file, JSON.writeValueAsBytes(result));
        return file;
    }

    /** Writes any value as result.json is written (snake_case, indented), atomically: sweep.json, bench.json. */
    public static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    }
}
