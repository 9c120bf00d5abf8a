package trainyard.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import trainyard.config.ConfigException;
import trainyard.config.ExperimentPlan;
import trainyard.config.LauncherSpec;
import trainyard.data.Dataset;
import trainyard.launch.KubernetesJob;
import trainyard.launch.PlanFile;
import trainyard.launch.SlurmArray;
import trainyard.results.AtomicFiles;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.sweep.RemoteTrials;
import trainyard.sweep.SweepRunner;
import trainyard.sweep.TrialRunner;

/**
 * `run ... --launcher slurm|k8s`: the sweep planned and checked as for a local run, then
 * handed to a cluster: plan.json, and a Slurm array of the trials not done yet (or a
 * Kubernetes Indexed Job manifest). With --wait, waits for the array, then prints every
 * trial's outcome and writes the report.
 */
final class ClusterLaunch {
    private final PrintStream out;

    ClusterLaunch(PrintStream out) {
        this.out = out;
    }

    /** The launcher a command asks for: --launcher, else the file's sweep.launcher; null to run here. */
    static LauncherSpec chosen(String flag, ExperimentPlan plan) throws UsageException {
        LauncherSpec inFile = plan.sweep() == null ? null : plan.sweep().launcher();
        if (flag == null) {
            return inFile;
        }
        return switch (flag) {
            case "local" -> null;
            case "slurm" -> inFile instanceof LauncherSpec.Slurm slurm ? slurm : LauncherSpec.Slurm.DEFAULTS;
            case "k8s" -> inFile instanceof LauncherSpec.Kubernetes k8s ? k8s : LauncherSpec.Kubernetes.DEFAULTS;
            default -> throw new UsageException("--launcher takes local, slurm or k8s, found '" + flag + "'");
        };
    }

    /** @param rerun this command's arguments as a cluster job runs it again (for halving's next rung) */
    int launch(ExperimentPlan plan, LauncherSpec launcher, Dataset dataset, Path results, Path data, boolean rerunFailed, boolean dryRun,
               boolean await, List<String> rerun) throws IOException, InterruptedException, ConfigException {
        ResultStore store = new ResultStore(results);
        TrialRunner runner = new TrialRunner(store, dataset, out::println);
        List<String> runIds = plan.trials().stream().map(trial -> runner.runId(trial.spec())).toList();
        if (plan.sweep() != null && (plan.sweep().halving() != null || plan.sweep().tpe() != null)) {
            String part = plan.sweep().halving() != null ? "sweep.halving" : "sweep.tpe";
            if (!(launcher instanceof LauncherSpec.Slurm slurm)) {
                throw plan.trials().get(0).experiment().problemAt("sweep", part + " runs on Slurm or on this machine; "
                        + "a Kubernetes Job has no way to start the next " + (part.equals("sweep.tpe") ? "batch" : "rung")
                        + " (use --launcher slurm or local)");
            }
            return stepwise(plan, slurm, dataset, store, results, data, rerunFailed, dryRun, await, rerun);
        }
        List<Integer> toRun = new ArrayList<>();
        java.util.Map<String, Integer> firstIndex = firstIndices(runIds);
        for (int i = 0; i < runIds.size(); i++) {
            RunResult done = store.finished(plan.name(), runIds.get(i)).orElse(null);
            if ((done == null || (rerunFailed && done.status().isFailure())) && firstIndex.get(runIds.get(i)) == i) {
                toRun.add(i); // two grid points of one config are one trial: its first index trains it
            }
        }
        Path planFile = results.resolve(plan.name()).resolve(PlanFile.FILE_NAME);
        String remaining = String.format(Locale.ROOT, "%d trial%s, %d to run", runIds.size(), runIds.size() == 1 ? "" : "s", toRun.size());
        if (launcher instanceof LauncherSpec.Kubernetes k8s) {
            return kubernetes(plan, k8s, dataset, results, runIds, planFile, remaining, dryRun);
        }
        LauncherSpec.Slurm slurm = (LauncherSpec.Slurm) launcher;
        Path scriptFile = results.resolve(plan.name()).resolve("slurm").resolve(SlurmArray.SCRIPT);
        String script = SlurmArray.script(plan.name(), slurm, planFile, results, data);
        if (dryRun) {
            out.println(remaining + (toRun.isEmpty() ? "; nothing to submit." : "; would submit --array=" + SlurmArray.arraySpec(toRun, slurm.arrayParallel())
                    + " of this script (--dry-run: nothing written or submitted):"));
            out.print(script);
            return ExitCode.OK;
        }
        PlanFile.write(results, plan, runIds, dataset.checksum());
        if (toRun.isEmpty()) {
            out.println(remaining + ": every trial is done; nothing to submit.");
            return outcome(plan, dataset, store, results);
        }
        String jobId = SlurmArray.submit(scriptFile, script, toRun, slurm.arrayParallel());
        out.println(remaining + ". Submitted Slurm job " + jobId + ": --array=" + SlurmArray.arraySpec(toRun, slurm.arrayParallel())
                + " of " + scriptFile);
        out.println("Watch it with: squeue -j " + jobId + "   (afterwards: sacct -j " + jobId + "); each task's output is "
                + results.resolve(plan.name()).resolve("slurm").resolve(jobId + "_INDEX.out"));
        out.println("Running the same command again submits only the trials not done by then.");
        if (!await) {
            return ExitCode.OK;
        }
        out.println("Waiting for job " + jobId + " (--wait) ...");
        while (SlurmArray.running(jobId)) {
            Thread.sleep(2000);
        }
        return outcome(plan, dataset, store, results);
    }

    /** The trials as a Kubernetes Indexed Job: the plan and the manifest written, for kubectl to start. */
    private int kubernetes(ExperimentPlan plan, LauncherSpec.Kubernetes k8s, Dataset dataset, Path results, List<String> runIds, Path planFile,
                           String remaining, boolean dryRun) throws IOException {
        String manifest = KubernetesJob.manifest(plan.name(), k8s, runIds.size());
        if (dryRun) {
            out.println(remaining + "; the Kubernetes Job (not written, --dry-run):");
            out.print(manifest);
            return ExitCode.OK;
        }
        PlanFile.write(results, plan, runIds, dataset.checksum());
        Path job = results.resolve(plan.name()).resolve("k8s").resolve(KubernetesJob.FILE_NAME);
        AtomicFiles.write(job, manifest.getBytes(StandardCharsets.UTF_8));
        out.println(remaining + ". Wrote " + planFile + " and " + job + ": an Indexed Job of " + runIds.size()
                + " pods (those already done exit at once).");
        out.println("Start it with: kubectl apply -f " + job + "   (the volume claim " + k8s.volumeClaim()
                + " must hold this results folder and data/)");
        return ExitCode.OK;
    }

    /**
     * Successive halving or TPE on Slurm: the sweep decides every rung (proposes every batch)
     * already trained, from the results, as a resumed local sweep does; then submits the next
     * rung's (batch's) trials as an array and, depending on it (afterany), a one-task job that
     * runs this command again. No process waits between steps; a cancelled chain is resumed by
     * running the command. plan.json is written with each step.
     */
    private int stepwise(ExperimentPlan plan, LauncherSpec.Slurm slurm, Dataset dataset, ResultStore store, Path results, Path data,
                         boolean rerunFailed, boolean dryRun, boolean await, List<String> rerun)
            throws IOException, InterruptedException, ConfigException {
        Path planFile = results.resolve(plan.name()).resolve(PlanFile.FILE_NAME);
        Path slurmFolder = results.resolve(plan.name()).resolve("slurm");
        TrialRunner runner = new TrialRunner(store, dataset, out::println);
        RemoteTrials remote = (trials, budget, sweepTrials) -> {
            // Written with each step, from the sweep's trials so far (a TPE sweep's grow batch by batch): it only ever
            // grows, so a task still queued from an earlier step finds its trial at its index.
            List<String> sweepRunIds = sweepTrials.stream().map(trial -> runner.runId(trial.spec())).toList();
            PlanFile.write(results, plan, sweepTrials, sweepRunIds, dataset.checksum());
            java.util.Map<String, Integer> index = firstIndices(sweepRunIds);
            List<Integer> indices = trials.stream().map(index::get).sorted().toList();
            List<String> budgetArguments = budget == null ? List.of()
                    : List.of("--epochs", Integer.toString(budget.epochs()), "--rung", Integer.toString(budget.rung()));
            String step = budget == null ? "batch-" + indices.get(0) : "rung-" + budget.rung();
            String script = SlurmArray.script(plan.name(), slurm, planFile, results, data, budgetArguments);
            String array = SlurmArray.submit(slurmFolder.resolve(step + ".sbatch"), script, indices, slurm.arrayParallel());
            String next = SlurmArray.submitAfter(slurmFolder.resolve("decide.sbatch"), SlurmArray.followUp(plan.name(), results, rerun), array);
            String what = budget == null ? String.format(Locale.ROOT, "TPE batch of trials %d-%d", indices.get(0) + 1, indices.get(indices.size() - 1) + 1)
                    : String.format(Locale.ROOT, "Rung %d (%d epochs)", budget.rung(), budget.epochs());
            return String.format(Locale.ROOT, "%s: submitted Slurm job %s, --array=%s; job %s runs this command again when it has ended, to %s"
                    + " and submit the next. Watch: squeue -n trainyard-%s", what, array, SlurmArray.arraySpec(indices, slurm.arrayParallel()), next,
                    budget == null ? "propose the next batch from its figures" : "decide the rung", plan.name());
        };
        SweepRunner.Summary summary = new SweepRunner(plan, dataset, store, out, false)
                .run(new SweepRunner.Options(false, rerunFailed, dryRun), dryRun ? null : remote);
        if (dryRun || !summary.handedOver()) {
            if (!dryRun) {
                ReportCommand.refresh(results, plan.name(), out);
            }
            return summary.failed() + summary.diverged() > 0 ? ExitCode.RUN_FAILED : ExitCode.OK;
        }
        if (!await) {
            return ExitCode.OK;
        }
        out.println("Waiting for every " + (plan.sweep().halving() != null ? "rung" : "batch") + " (--wait) ...");
        while (SlurmArray.anyQueued("trainyard-" + plan.name())) {
            Thread.sleep(2000);
        }
        // The chain has ended: once more here, to print the outcome (or hand over what a cancelled chain left).
        summary = new SweepRunner(plan, dataset, store, out, false).run(new SweepRunner.Options(false, false, false), remote);
        ReportCommand.refresh(results, plan.name(), out);
        return summary.handedOver() || summary.failed() + summary.diverged() > 0 ? ExitCode.RUN_FAILED : ExitCode.OK;
    }

    /** Each run_id's first index in the plan: the one a task trains it under. */
    private static java.util.Map<String, Integer> firstIndices(List<String> runIds) {
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        for (int i = 0; i < runIds.size(); i++) {
            first.putIfAbsent(runIds.get(i), i);
        }
        return first;
    }

    /** The usual final table, from the results folder; the report refreshed; 1 when any trial is not done, failed or diverged. */
    private int outcome(ExperimentPlan plan, Dataset dataset, ResultStore store, Path results) throws IOException {
        SweepRunner.Summary summary = new SweepRunner(plan, dataset, store, out, false).tableOfResults();
        ReportCommand.refresh(results, plan.name(), out);
        return summary.completed() + summary.pruned() == summary.total() ? ExitCode.OK : ExitCode.RUN_FAILED;
    }
}
