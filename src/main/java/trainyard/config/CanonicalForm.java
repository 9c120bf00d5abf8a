package trainyard.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec as plain maps and lists in the experiment file's own shape, each section
 * writing its own part. Written into result.json as `config`, it is itself a valid
 * experiment file (JSON is YAML) with every default written out, except keys added after
 * run_ids existed, which are written only when they differ from their default: so an
 * upgrade changes neither the run_id nor the config of a run that does not use them, and
 * the report compares old and new results key for key. The identity form, what a run_id
 * hashes, also leaves out the name, the description, the run_name and the thread count (results do
 * not depend on them).
 */
public final class CanonicalForm {
    private CanonicalForm() {
    }

    /** Everything, in file order. */
    public static Map<String, Object> of(ExperimentSpec spec) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", spec.name());
        map.put("description", spec.description());
        if (!spec.runName().isEmpty()) { // added after run_ids existed: absent when unset
            map.put("run_name", spec.runName());
        }
        map.putAll(sections(spec, false));
        return map;
    }

    /** What decides a run's numbers. */
    public static Map<String, Object> identity(ExperimentSpec spec) {
        return sections(spec, true);
    }

    private static Map<String, Object> sections(ExperimentSpec spec, boolean identity) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dataset", spec.dataset().canonical());
        map.put("model", spec.model().canonical());
        map.put("loss", spec.loss().yamlName());
        map.put("optimizer", spec.optimizer().canonical());
        map.put("training", spec.training().canonical(identity));
        return map;
    }
}
