package trainyard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A sweep's `trainyard run` started five times, each killed with SIGKILL a random moment
 * after a checkpoint newer than the last kill's.
 *
 * @param kills   how many of the five found the sweep still running (the machine's speed decides)
 * @param trained every (run_id, epoch) the killed processes reported trained
 */
record RandomKills(int kills, List<String> trained) {
    static RandomKills of(Path folder, Path experiment, Path results, Path sweep, long seed, long latestMillis) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> trained = new ArrayList<>();
        int kills = 0;
        FileTime last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Path output = folder.resolve("out-" + attempt + ".txt");
            Process process = KillResumeTest.start(experiment, results, ProcessBuilder.Redirect.to(output.toFile()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (process.isAlive() && System.nanoTime() < deadline) {
                FileTime newest = KillHalvingTest.newestCheckpoint(sweep);
                if (newest != null && (last == null || newest.compareTo(last) > 0)) {
                    Thread.sleep(random.nextLong(0, latestMillis));
                    break;
                }
                Thread.sleep(2);
            }
            if (process.isAlive()) {
                process.destroyForcibly(); // SIGKILL on Linux and macOS
                kills++;
            }
            process.waitFor(30, TimeUnit.SECONDS);
            last = KillHalvingTest.newestCheckpoint(sweep);
            trained.addAll(KillHalvingTest.epochsTrained(Files.readString(output)));
        }
        return new RandomKills(kills, trained);
    }
}
