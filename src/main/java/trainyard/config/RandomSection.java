package trainyard.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * sweep.random: {@code trials} uniform draws from a {@link SearchSpace}, reproducible from
 * its seed; with a grid, every grid point gets the same draws.
 */
record RandomSection(int trials, long seed, SearchSpace space) {
    static final List<String> KEYS = List.of("trials", "seed", "space");

    /** The section, or null when it is not usable (each fault reported). */
    static RandomSection read(YamlReader in, Node node) {
        Map<String, Node> entries = in.mapping(node, "sweep.random", "{trials: N, seed: S, space: {...}}", KEYS);
        if (entries == null) {
            return null;
        }
        Integer trials = null;
        if (entries.containsKey("trials")) {
            trials = in.wholeNumber(entries.get("trials"), "sweep.random.trials", 1);
        } else {
            in.problem(node, "sweep.random: missing 'trials' (how many random configurations to draw)");
        }
        Long seed = entries.containsKey("seed") ? in.longValue(entries.get("seed"), "sweep.random.seed") : Long.valueOf(0);
        SearchSpace space = SearchSpace.read(in, node, entries.get("space"), "sweep.random");
        return trials == null || seed == null || space == null ? null : new RandomSection(trials, seed, space);
    }

    /** Without this key's distribution (the command line sweeps it); null when none is left to draw. */
    RandomSection without(String path) {
        SearchSpace rest = space.without(path);
        return rest == null ? null : new RandomSection(trials, seed, rest);
    }

    /** The draws, each a list of axes of one value, in the order of the space's keys. */
    List<List<SweepAxis>> draws() {
        return space.draws(seed, trials);
    }

    /** As sweep.json writes it. */
    SweepSpec.RandomSearch canonical() {
        return new SweepSpec.RandomSearch(trials, seed, space.canonical());
    }
}
