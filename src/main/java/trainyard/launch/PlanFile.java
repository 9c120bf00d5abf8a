package trainyard.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trainyard.config.CanonicalForm;
import trainyard.config.ExperimentPlan;
import trainyard.config.Trial;
import trainyard.files.BoundedFiles;
import trainyard.results.ResultStore;

/**
 * results/NAME/plan.json: the sweep's trials by index, each with its run_id and fully
 * resolved config, written atomically before any task is submitted. A task reads its
 * config from here, not from the YAML file, so editing the file while an array waits in
 * the queue changes nothing already submitted.
 */
public final class PlanFile {
    public static final String FILE_NAME = "plan.json";

    /** One trial of the plan. */
    /** @param halving whether the plan is a halving sweep's, whose trials train to a rung's epochs */
    public record Entry(int index, String runId, Map<String, Object> values, Map<String, Object> config, boolean halving) {
    }

    private PlanFile() {
    }

    public static Path write(Path results, ExperimentPlan plan, List<String> runIds, String datasetChecksum) throws IOException {
        return write(results, plan, plan.trials(), runIds, datasetChecksum);
    }

    /** @param trials the sweep's trials in index order: the plan's, or a TPE sweep's so far (its later trials are proposed as it goes) */
    public static Path write(Path results, ExperimentPlan plan, List<Trial> trials, List<String> runIds, String datasetChecksum) throws IOException {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("experiment", plan.name());
        file.put("file", plan.file().toString());
        file.put("dataset_checksum", datasetChecksum);
        file.put("halving", plan.sweep() != null && plan.sweep().halving() != null);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            Trial trial = trials.get(i);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", i);
            entry.put("run_id", runIds.get(i));
            entry.put("values", trial.values());
            entry.put("config", CanonicalForm.of(trial.spec()));
            entries.add(entry);
        }
        file.put("trials", entries);
        Path target = results.resolve(plan.name()).resolve(FILE_NAME);
        ResultStore.writeJson(target, file);
        return target;
    }

    /** The entry at this index; an IOException with one line saying what is wrong otherwise. */
    @SuppressWarnings("unchecked")
    public static Entry read(Path file, int index) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(BoundedFiles.read(file, 64 << 20));
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            throw new IOException(file + ": not a plan (its JSON is cut short at line " + e.getLocation().getLineNr() + ")");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not a plan (not valid JSON at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ", column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
        }
        JsonNode trials = root == null ? null : root.get("trials");
        if (trials == null || !trials.isArray()) {
            throw new IOException(file + ": not a plan (no list of trials)");
        }
        if (index < 0 || index >= trials.size()) {
            throw new IOException(file + ": no trial " + index + "; the plan has indices 0 to " + (trials.size() - 1));
        }
        JsonNode entry = trials.get(index);
        if (!entry.path("run_id").isTextual() || !entry.path("config").isObject()) {
            throw new IOException(file + ": trial " + index + " has no run_id or config");
        }
        // A trial trains into its config's experiment folder: a name edited in the plan would train into another's.
        String experiment = root.path("experiment").asText("");
        String named = entry.get("config").path("name").asText("");
        Path folder = file.toAbsolutePath().getParent();
        if (!named.equals(experiment) || folder == null || folder.getFileName() == null || !folder.getFileName().toString().equals(experiment)) {
            throw new IOException(file + ": trial " + index + "'s config names experiment '" + trainyard.files.UserText.printable(named)
                    + "', the plan is experiment '" + trainyard.files.UserText.printable(experiment) + "''s in folder "
                    + (folder == null ? "?" : folder.getFileName()) + "; plan the sweep again");
        }
        ObjectMapper mapper = new ObjectMapper();
        return new Entry(index, entry.get("run_id").asText(), mapper.convertValue(entry.path("values"), Map.class),
                mapper.convertValue(entry.get("config"), Map.class), root.path("halving").asBoolean(true));
    }
}
