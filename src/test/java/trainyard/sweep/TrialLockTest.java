package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim file that keeps a trial to one holder where the file system's locks do not
 * reach between machines: a fresh claim from another host is respected, a stale one (not
 * touched for five minutes) or one of this host's dead processes is taken over.
 */
class TrialLockTest {
    @TempDir
    Path run;

    @Test
    void anotherMachinesFreshClaimKeepsTheTrialAndAStaleOneIsTakenOver() throws Exception {
        Path claim = run.resolve(TrialLock.CLAIM_FILE);
        Files.writeString(claim, "some-other-node 4242\n");
        assertThat(TrialLock.tryClaim(run)).isEmpty();
        assertThat(claim).hasContent("some-other-node 4242");

        Files.setLastModifiedTime(claim, FileTime.from(Instant.now().minus(TrialLock.STALE).minusSeconds(1)));
        Optional<TrialLock> taken = TrialLock.tryClaim(run);
        assertThat(taken).isPresent();
        assertThat(Files.readString(claim)).endsWith(" " + ProcessHandle.current().pid() + "\n").doesNotStartWith("some-other-node");
        taken.get().close();
        assertThat(claim).doesNotExist();
        assertThat(run.resolve(TrialLock.FILE_NAME)).doesNotExist();
    }

    @Test
    void aClaimOfThisMachineIsAliveOnlyWhileItsProcessIs() throws Exception {
        Path claim = run.resolve(TrialLock.CLAIM_FILE);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(claim, host + " " + sleeper.pid() + "\n");
            assertThat(TrialLock.tryClaim(run)).as("a live process of this machine holds it").isEmpty();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        Optional<TrialLock> taken = TrialLock.tryClaim(run); // its holder died (kill -9 leaves the file behind)
        assertThat(taken).isPresent();
        // While held, a second claim in this JVM is refused by the lock itself.
        assertThat(TrialLock.tryClaim(run)).isEmpty();
        taken.get().close();
        assertThat(TrialLock.tryClaim(run)).isPresent().get().satisfies(lock -> {
            try {
                lock.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
