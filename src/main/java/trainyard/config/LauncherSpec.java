package trainyard.config;

import java.util.List;

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
}
