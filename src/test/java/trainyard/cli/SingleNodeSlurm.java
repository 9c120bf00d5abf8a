package trainyard.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real one-node Slurm cluster (Debian's slurmctld, slurmd and munge) on a private state
 * folder and ports of its own, for the launcher's integration test. Needs root: munged runs
 * as the munge user and slurmd manages jobs. Stopped by the pids it started.
 */
final class SingleNodeSlurm implements AutoCloseable {
    private final Path folder;
    private final Path conf;
    private Long mungePid;

    private SingleNodeSlurm(Path folder) {
        this.folder = folder;
        this.conf = folder.resolve("slurm.conf");
    }

    /** Why this machine cannot run the cluster, or null when it can. */
    static String unavailable() {
        for (String binary : List.of("/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/munge")) {
            if (!Files.isExecutable(Path.of(binary))) {
                return binary + " is missing (apt-get install slurmctld slurmd slurm-client munge; .ci/run does)";
            }
        }
        try {
            if (!output(Map.of(), "id", "-u").strip().equals("0")) {
                return "it needs root (munged runs as the munge user, slurmd manages jobs)";
            }
        } catch (IOException | InterruptedException e) {
            return "id -u failed: " + e.getMessage();
        }
        return null;
    }

    static SingleNodeSlurm start(Path folder) throws IOException, InterruptedException {
        SingleNodeSlurm slurm = new SingleNodeSlurm(folder);
        slurm.startMunge();
        slurm.startDaemons();
        return slurm;
    }

    Map<String, String> environment() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    private void startMunge() throws IOException, InterruptedException {
        if (exitCode(Map.of(), "sh", "-c", "munge -n | unmunge") == 0) {
            return; // one is running already: use it, and leave it running
        }
        // munged checks the ownership and modes of its folders: it gets the ones the package made
        // (/var/log/munge) and the socket folder it expects, owned by munge.
        Files.createDirectories(Path.of("/run/munge"));
        exitCode(Map.of(), "chown", "munge:munge", "/run/munge");
        Path pidFile = Path.of("/run/munge/munged.pid");
        if (exitCode(Map.of(), "runuser", "-u", "munge", "--", "/usr/sbin/munged") != 0) {
            throw new IOException("munged did not start; see /var/log/munge/munged.log");
        }
        mungePid = Long.parseLong(Files.readString(pidFile).strip());
    }

    private void startDaemons() throws IOException, InterruptedException {
        String host = output(Map.of(), "hostname", "-s").strip();
        int cpus = Runtime.getRuntime().availableProcessors();
        Files.createDirectories(folder.resolve("state"));
        Files.createDirectories(folder.resolve("spool"));
        Files.writeString(conf, String.join("\n",
                "ClusterName=trainyardtest",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "StateSaveLocation=" + folder.resolve("state"),
                "SlurmdSpoolDir=" + folder.resolve("spool"),
                "SlurmctldPidFile=" + folder.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + folder.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + folder.resolve("slurmctld.log"),
                "SlurmdLogFile=" + folder.resolve("slurmd.log"),
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "ReturnToService=2",
                "MpiDefault=none",
                "JobAcctGatherType=jobacct_gather/none",
                "NodeName=" + host + " CPUs=" + cpus + " RealMemory=2000 State=UNKNOWN",
                "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP") + "\n");
        if (exitCode(Map.of(), "/usr/sbin/slurmctld", "-f", conf.toString()) != 0
                || exitCode(Map.of(), "/usr/sbin/slurmd", "-f", conf.toString()) != 0) {
            throw new IOException("the Slurm daemons did not start; see " + folder);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (output(environment(), "sinfo", "-h", "-o", "%T").strip().equals("idle")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("the Slurm node did not become idle in 60 s; see " + folder.resolve("slurmd.log"));
    }

    /** The ids of the job's tasks in this state (RUNNING, PENDING). */
    List<String> tasks(String jobId, String state) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (String line : output(environment(), "squeue", "-h", "-j", jobId, "-t", state, "-r", "-o", "%i").split("\n")) {
            if (!line.isBlank()) {
                ids.add(line.strip());
            }
        }
        return ids;
    }

    boolean queued(String jobId) throws IOException, InterruptedException {
        return !output(environment(), "squeue", "-h", "-j", jobId, "-o", "%i").isBlank();
    }

    void cancel(String taskId) throws IOException, InterruptedException {
        if (exitCode(environment(), "scancel", taskId) != 0) {
            throw new IOException("scancel " + taskId + " failed");
        }
    }

    /** Stops the daemons it started (SIGTERM) and waits for them, so their state folder can be removed. */
    @Override
    public void close() throws IOException {
        List<ProcessHandle> started = new ArrayList<>();
        for (String pidFile : List.of("slurmd.pid", "slurmctld.pid")) {
            Path file = folder.resolve(pidFile);
            if (Files.exists(file)) {
                ProcessHandle.of(Long.parseLong(Files.readString(file).strip())).ifPresent(started::add);
            }
        }
        if (mungePid != null) {
            ProcessHandle.of(mungePid).ifPresent(started::add);
        }
        for (ProcessHandle daemon : started) {
            daemon.destroy();
            try {
                daemon.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                daemon.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String output(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return text;
    }

    static int exitCode(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process process = builder.start();
        return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
