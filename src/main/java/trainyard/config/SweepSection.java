package trainyard.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The `sweep` section as read, each part reading and checking itself: how many trials at
 * once, the grid, the random search, halving and the launcher. A part set to null
 * (sweep.random=null on the command line) is turned off.
 *
 * @param parallel trials at once; 0 for automatic
 * @param random   null without a random search
 * @param halving  null to train every trial fully
 * @param launcher null to train here
 * @param tpe      null without a TPE search, which stands alone: no grid, no random search
 */
record SweepSection(int parallel, GridSection grid, RandomSection random, HalvingSection halving, LauncherSpec launcher, TpeSection tpe) {
    static final List<String> KEYS = List.of("parallel", "grid", "random", "tpe", "halving", "launcher");
    /** The parts that make trials; a sweep needs one. */
    private static final List<String> SEARCHES = List.of("grid", "random", "tpe");

    /**
     * @param node         the section, or null when the file has none
     * @param commandLine  whether the command line sweeps (-m): a section of settings only
     *                     (sweep.parallel=1) then sweeps the command line's axes
     * @return null for no sweep: no section, sweep=null, or every part turned off
     */
    static SweepSection read(YamlReader in, Node node, boolean commandLine) {
        SweepSection none = commandLine ? new SweepSection(0, GridSection.EMPTY, null, null, null, null) : null;
        if (node == null || YamlReader.isNull(node)) {
            return none;
        }
        Map<String, Node> parts = in.mapping(node, "sweep", "{grid: {...}} or {random: {...}}", KEYS);
        if (parts == null) {
            return new SweepSection(0, GridSection.EMPTY, null, null, null, null); // reported
        }
        boolean turnedOff = parts.values().removeIf(YamlReader::isNull);
        boolean searches = SEARCHES.stream().anyMatch(parts::containsKey);
        if (turnedOff && !searches && !commandLine) {
            return none; // nothing left to sweep: the file is one run of its own settings
        }
        if (!searches && !commandLine) {
            in.problem(node, "sweep: expected 'grid', 'random' (or both) or 'tpe'");
        }
        if (parts.containsKey("tpe")) {
            for (String other : List.of("grid", "random")) {
                if (parts.containsKey(other)) {
                    in.problem(parts.get("tpe"), "sweep.tpe cannot be combined with sweep." + other + ": TPE learns over one space of its own"
                            + " (and starts with random draws); put the " + other + "'s keys in sweep.tpe.space, e.g. {choice: [a, b]}");
                }
            }
        }
        return new SweepSection(parts.containsKey("parallel") ? parallel(in, parts.get("parallel")) : 0,
                parts.containsKey("grid") ? GridSection.read(in, parts.get("grid")) : GridSection.EMPTY,
                parts.containsKey("random") ? RandomSection.read(in, parts.get("random")) : null,
                parts.containsKey("halving") ? HalvingSection.read(in, parts.get("halving")) : null,
                parts.containsKey("launcher") ? LauncherSpec.read(in, parts.get("launcher")) : null,
                parts.containsKey("tpe") ? TpeSection.read(in, parts.get("tpe")) : null);
    }

    private static int parallel(YamlReader in, Node node) {
        if (node instanceof ScalarNode scalar && scalar.getValue().equalsIgnoreCase("auto")) {
            return 0;
        }
        if (YamlReader.plainNumber(node) == null) {
            in.problem(node, "sweep.parallel: expected a whole number >= 1 or auto, found " + YamlReader.describe(node));
            return 0;
        }
        Integer parallel = in.wholeNumber(node, "sweep.parallel", 1);
        return parallel == null ? 0 : parallel;
    }
}
