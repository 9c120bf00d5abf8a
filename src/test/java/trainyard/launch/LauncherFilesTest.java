package trainyard.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import trainyard.config.LauncherSpec;

/** What the launchers write, checked field by field without a cluster. */
class LauncherFilesTest {
    @Test
    void theArrayNamesTheIndicesAsRangesAndTheLimit() {
        assertThat(SlurmArray.arraySpec(List.of(0, 1, 2, 3), 2)).isEqualTo("0-3%2");
        assertThat(SlurmArray.arraySpec(List.of(0, 2, 3, 4, 7, 9, 10), 0)).isEqualTo("0,2-4,7,9-10");
        assertThat(SlurmArray.arraySpec(List.of(5), 8)).isEqualTo("5%8");
    }

    @Test
    void theBatchScriptCarriesTheLauncherSettingsAndRunsTheTrialOfItsIndex() {
        LauncherSpec.Slurm slurm = new LauncherSpec.Slurm("debug", "01:00:00", 4, "4G", 8, "lab", List.of("--qos=short"));
        String script = SlurmArray.script("sweep_optimizers", slurm, Path.of("results/sweep_optimizers/plan.json"), Path.of("results"),
                Path.of("data"));
        assertThat(script).startsWith("#!/bin/bash\n").contains("#SBATCH --job-name=trainyard-sweep_optimizers\n",
                "#SBATCH --cpus-per-task=4\n", "#SBATCH --partition=debug\n", "#SBATCH --time=01:00:00\n", "#SBATCH --mem=4G\n",
                "#SBATCH --account=lab\n", "#SBATCH --qos=short\n",
                "#SBATCH --output=" + Path.of("results").toAbsolutePath().resolve("sweep_optimizers/slurm/%A_%a.out") + "\n");
        String command = script.lines().filter(line -> line.startsWith("exec ")).findFirst().orElseThrow();
        assertThat(command).contains(" trainyard.cli.Main trial " + Path.of("results/sweep_optimizers/plan.json").toAbsolutePath()
                + " --index \"$SLURM_ARRAY_TASK_ID\" --results " + Path.of("results").toAbsolutePath() + " --data " + Path.of("data").toAbsolutePath());
        // Unset settings are left to the partition's defaults.
        String plain = SlurmArray.script("x", LauncherSpec.Slurm.DEFAULTS, Path.of("p.json"), Path.of("r"), Path.of("d"));
        assertThat(plain).doesNotContain("--partition", "--time", "--mem", "--account");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesJobIsIndexedWithOnePodPerTrialOnTheSharedVolume() {
        String manifest = KubernetesJob.manifest("Sweep_Optimizers", new LauncherSpec.Kubernetes("registry.example/trainyard:1", "lab-results", 3, 2, "6Gi"), 8);
        Map<String, Object> job = new Yaml().load(manifest);
        assertThat(job).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
        assertThat((Map<String, Object>) job.get("metadata")).containsEntry("name", "trainyard-sweep-optimizers");
        Map<String, Object> spec = (Map<String, Object>) job.get("spec");
        assertThat(spec).containsEntry("completionMode", "Indexed").containsEntry("completions", 8).containsEntry("parallelism", 3);
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        assertThat(pod).containsEntry("restartPolicy", "Never");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat(container).containsEntry("image", "registry.example/trainyard:1");
        assertThat((List<String>) container.get("command")).containsExactly("sh", "-c",
                "exec ./trainyard trial /work/results/Sweep_Optimizers/plan.json --index \"$JOB_COMPLETION_INDEX\" --results /work/results"
                        + " --data /work/data --threads 2");
        assertThat((Map<String, Object>) container.get("resources")).isEqualTo(Map.of("requests", Map.of("cpu", "2", "memory", "6Gi"),
                "limits", Map.of("cpu", "2", "memory", "6Gi")));
        assertThat((List<Map<String, Object>>) container.get("volumeMounts")).containsExactly(
                Map.of("name", "shared", "mountPath", "/work/results", "subPath", "results"),
                Map.of("name", "shared", "mountPath", "/work/data", "subPath", "data"));
        assertThat((List<Map<String, Object>>) pod.get("volumes")).containsExactly(
                Map.of("name", "shared", "persistentVolumeClaim", Map.of("claimName", "lab-results")));
        // Never more pods at once than trials.
        Map<String, Object> small = new Yaml().load(KubernetesJob.manifest("x", LauncherSpec.Kubernetes.DEFAULTS, 2));
        assertThat((Map<String, Object>) small.get("spec")).containsEntry("parallelism", 2);
    }

    /** sbatch splits a directive at white space: a results folder with a space in its path goes in double quotes. */
    @Test
    void aResultsFolderWithASpaceIsQuotedInTheDirective() {
        String script = SlurmArray.script("x", LauncherSpec.Slurm.DEFAULTS, Path.of("/tmp/my results/x/plan.json"), Path.of("/tmp/my results"),
                Path.of("d"));
        assertThat(script).contains("#SBATCH --output=\"/tmp/my results/x/slurm/%A_%a.out\"\n");
        assertThat(script).contains("'/tmp/my results/x/plan.json'");
        assertThat(SlurmArray.directiveValue("/plain/path/%A.out")).isEqualTo("/plain/path/%A.out");
    }
}
