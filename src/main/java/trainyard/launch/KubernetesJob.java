package trainyard.launch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import trainyard.config.LauncherSpec;

/**
 * A Kubernetes Indexed Job that runs a planned sweep a pod per trial index
 * (`completionMode: Indexed`; the index comes from JOB_COMPLETION_INDEX). Written, not
 * applied: `kubectl apply -f` is the user's. Not tried against a live cluster.
 */
public final class KubernetesJob {
    public static final String FILE_NAME = "job.yaml";
    /** Where the pod mounts the shared volume's results and data, relative to the image's working directory. */
    static final String RESULTS = "/work/results";
    static final String DATA = "/work/data";

    private KubernetesJob() {
    }

    public static String manifest(String experiment, LauncherSpec.Kubernetes k8s, int trials) {
        String name = ("trainyard-" + experiment).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        name = name.length() > 52 ? name.substring(0, 52) : name; // Job names become pod labels: 63 characters with the index suffix
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "trial");
        container.put("image", k8s.image());
        container.put("command", List.of("sh", "-c", "exec ./trainyard trial " + RESULTS + "/" + experiment + "/" + PlanFile.FILE_NAME
                + " --index \"$JOB_COMPLETION_INDEX\" --results " + RESULTS + " --data " + DATA + " --threads " + k8s.cpus()));
        container.put("resources", Map.of("requests", Map.of("cpu", Integer.toString(k8s.cpus()), "memory", k8s.memory()),
                "limits", Map.of("cpu", Integer.toString(k8s.cpus()), "memory", k8s.memory())));
        container.put("volumeMounts", List.of(
                Map.of("name", "shared", "mountPath", RESULTS, "subPath", "results"),
                Map.of("name", "shared", "mountPath", DATA, "subPath", "data")));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "Never");
        podSpec.put("containers", List.of(container));
        podSpec.put("volumes", List.of(Map.of("name", "shared", "persistentVolumeClaim", Map.of("claimName", k8s.volumeClaim()))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("completionMode", "Indexed");
        spec.put("completions", trials);
        spec.put("parallelism", Math.min(k8s.parallelism(), trials));
        spec.put("backoffLimitPerIndex", 2); // a pod evicted or OOM-killed is retried; its trial goes on from its checkpoint
        spec.put("maxFailedIndexes", trials);
        spec.put("template", Map.of("spec", podSpec));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        job.put("metadata", Map.of("name", name, "labels", Map.of("app.kubernetes.io/name", "trainyard", "trainyard/experiment", name)));
        job.put("spec", spec);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return "# Written by trainyard run --launcher k8s: kubectl apply -f this file. A pod per trial index.\n" + new Yaml(options).dump(job);
    }
}
