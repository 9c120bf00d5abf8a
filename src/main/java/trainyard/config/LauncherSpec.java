package trainyard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where a sweep's trials run when not on this machine: `sweep.launcher` in the file, or
 * `--launcher` on the command line. The trials, their run_ids and their checks are the
 * same as a local run's; only who starts each trial differs.
 */
public sealed interface LauncherSpec {
    List<String> NAMES = List.of("slurm", "k8s");

    /**
     * One Slurm job array, a task per trial not done yet.
     *
     * @param time          the time limit of one task, as sbatch takes it ("01:00:00"), or null for the partition's
     * @param cpusPerTask   cores per task, which are the trial's threads
     * @param mem           memory per task as sbatch takes it ("4G"), or null for the partition's default
     * @param arrayParallel tasks at once (sbatch's %K), 0 for no limit
     * @param extra         further #SBATCH lines' options, written as given ("--qos=short")
     */
    record Slurm(String partition, String time, int cpusPerTask, String mem, int arrayParallel, String account, List<String> extra)
            implements LauncherSpec {
        public static final List<String> KEYS = List.of("partition", "time", "cpus_per_task", "mem", "array_parallel", "account", "extra");
        public static final Slurm DEFAULTS = new Slurm(null, null, 2, null, 0, null, List.of());

        public Slurm {
            extra = List.copyOf(extra);
        }
    }

    /**
     * A Kubernetes Indexed Job, a pod per trial index, on a shared volume for results/ and data/.
     *
     * @param image       a container image with this project and a JDK, its working directory the project's root
     * @param volumeClaim the PersistentVolumeClaim mounted at /work/results and /work/data (subPaths results, data)
     * @param parallelism pods at once
     */
    record Kubernetes(String image, String volumeClaim, int parallelism, int cpus, String memory) implements LauncherSpec {
        public static final List<String> KEYS = List.of("image", "volume_claim", "parallelism", "cpus", "memory");
        public static final Kubernetes DEFAULTS = new Kubernetes("trainyard:latest", "trainyard-results", 4, 2, "4Gi");
    }

    /** sweep.launcher: exactly one of {slurm: {...}} or {k8s: {...}}, each key optional; null when not usable (each fault reported). */
    static LauncherSpec read(YamlReader in, Node node) {
        Map<String, Node> kinds = in.mapping(node, "sweep.launcher", "{slurm: {...}} or {k8s: {...}}", NAMES);
        if (kinds == null || kinds.size() != 1) {
            if (kinds != null) {
                in.problem(node, "sweep.launcher: expected exactly one of slurm, k8s, e.g. {slurm: {partition: debug, cpus_per_task: 2}}");
            }
            return null;
        }
        String kind = kinds.keySet().iterator().next();
        Node settings = kinds.get(kind);
        String where = "sweep.launcher." + kind;
        Map<String, Node> keys = YamlReader.isNull(settings) ? Map.of()
                : in.mapping(settings, where, "its settings", kind.equals("slurm") ? Slurm.KEYS : Kubernetes.KEYS);
        if (keys == null) {
            return null;
        }
        SettingsReader read = new SettingsReader(in, keys, where + ".");
        LauncherSpec launcher = kind.equals("slurm")
                ? new Slurm(read.word("partition", Slurm.DEFAULTS.partition()), read.word("time", Slurm.DEFAULTS.time()),
                        read.whole("cpus_per_task", 1, Slurm.DEFAULTS.cpusPerTask()), read.word("mem", Slurm.DEFAULTS.mem()),
                        read.whole("array_parallel", 0, Slurm.DEFAULTS.arrayParallel()), read.word("account", Slurm.DEFAULTS.account()),
                        read.options("extra"))
                : new Kubernetes(read.word("image", Kubernetes.DEFAULTS.image()), read.word("volume_claim", Kubernetes.DEFAULTS.volumeClaim()),
                        read.whole("parallelism", 1, Kubernetes.DEFAULTS.parallelism()), read.whole("cpus", 1, Kubernetes.DEFAULTS.cpus()),
                        read.word("memory", Kubernetes.DEFAULTS.memory()));
        return read.faulty ? null : launcher;
    }

    /** A launcher's settings as read: each absent or null one its default; a fault is reported and remembered. */
    final class SettingsReader {
        private final YamlReader in;
        private final Map<String, Node> keys;
        private final String where;
        private boolean faulty;

        private SettingsReader(YamlReader in, Map<String, Node> keys, String where) {
            this.in = in;
            this.keys = keys;
            this.where = where;
        }

        String word(String key, String fallback) {
            Node node = keys.get(key);
            if (node == null || YamlReader.isNull(node)) {
                return fallback;
            }
            String word = in.word(node, where + key);
            faulty |= word == null;
            return word == null ? fallback : word;
        }

        int whole(String key, int minimum, int fallback) {
            Node node = keys.get(key);
            if (node == null || YamlReader.isNull(node)) {
                return fallback;
            }
            Integer value = in.wholeNumber(node, where + key, minimum);
            faulty |= value == null;
            return value == null ? fallback : value;
        }

        List<String> options(String key) {
            Node node = keys.get(key);
            List<String> options = new ArrayList<>();
            if (node instanceof SequenceNode list) {
                for (Node item : list.getValue()) {
                    String option = in.word(item, where + key);
                    faulty |= option == null;
                    if (option != null) {
                        options.add(option);
                    }
                }
            } else if (node != null && !YamlReader.isNull(node)) {
                in.problem(node, where + key + ": expected a list of sbatch options, e.g. [--qos=short]");
                faulty = true;
            }
            return options;
        }
    }
}
