package trainyard.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import trainyard.config.CanonicalForm;
import trainyard.config.ExperimentPlanner;
import trainyard.config.Trial;
import trainyard.data.MnistDownload;

/**
 * The shipped experiments' run_ids, pinned: a run_id names a results folder, so a change that
 * renamed one would retrain every user's finished runs after an upgrade. A new key left at its
 * default must stay out of the hashed identity.
 */
class RunIdTest {

    /** MNIST's checksum as a run sees it: SHA-256 over the four files' SHA-256 sums (see data.Dataset). */
    static String mnistChecksum() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (MnistDownload.MnistFile file : MnistDownload.MnistFile.values()) {
            digest.update(file.sha256.getBytes(StandardCharsets.US_ASCII));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static List<String> runIds(String experiment) throws Exception {
        String checksum = mnistChecksum();
        List<String> ids = new java.util.ArrayList<>();
        for (Trial trial : ExperimentPlanner.plan(Path.of("experiments", experiment), List.of()).trials()) {
            ids.add(ResultStore.runId(CanonicalForm.identity(trial.spec()), checksum));
        }
        return ids;
    }

    @Test
    void theShippedExperimentsKeepTheirRunIds() throws Exception {
        assertThat(runIds("relu_adam.yaml")).containsExactly("7afdf8bfacd6");
        assertThat(runIds("sigmoid_sgd.yaml")).containsExactly("bb88b45a042a");
        assertThat(runIds("sigmoid_relu_sgd.yaml")).containsExactly("bb44e5837cae");
        assertThat(runIds("sweep_optimizers.yaml")).containsExactlyInAnyOrder("1544d99bbf3e", "b4f28b002443", "41261f33fd27",
                "0de5fefceae5", "76100361601a", "cf8a8cf369d1", "7afdf8bfacd6", "b032261d64f9");
    }
}
