package trainyard.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A spec as plain maps and lists in the experiment file's own shape. Written into
 * result.json as `config`, the full form is itself a valid experiment file (JSON is YAML)
 * with every default written out. The identity form is what a run_id hashes: it leaves
 * out the name, the description and the thread count (results do not depend on them),
 * and every key added after run_ids existed while it is at its default, so that an
 * upgrade renames no existing run. Each section writes its own part.
 */
public final class CanonicalForm {
    private CanonicalForm() {
    }

    /** Everything, in file order. */
    public static Map<String, Object> of(ExperimentSpec spec) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", spec.name());
        map.put("description", spec.description());
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
        map.put("model", spec.model().canonical(identity));
        map.put("loss", spec.loss().yamlName());
        map.put("optimizer", spec.optimizer().canonical(identity));
        map.put("training", spec.training().canonical(identity));
        return map;
    }
}
