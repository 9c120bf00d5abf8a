package trainyard.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sweep.json, which the report reads beside each sweep's results, against a valid file and
 * 1,000 mutations of it (cut short, bits flipped, bytes overwritten) from a seeded
 * generator: the report's data is collected, and a damaged sweep.json is at most one
 * warning naming it; nothing escapes.
 */
class SweepFilePropertyTest {
    @TempDir
    Path folder;

    static final String SWEEP = """
            {
              "experiment" : "swept",
              "sweep" : { "parallel" : 2, "grid" : { "training.seed" : [ 1, 2 ] },
                          "halving" : { "min_epochs" : 1, "max_epochs" : 3, "reduction_factor" : 3, "metric" : "val_accuracy" } },
              "trials" : [ { "run_id" : "0123456789ab", "values" : { "training.seed" : 1 }, "status" : "completed", "rung" : 2 },
                           { "run_id" : "ba9876543210", "values" : { "training.seed" : 2 }, "status" : "pruned", "rung" : 1 } ],
              "decisions" : [ { "bracket" : 1, "rung" : 1, "epochs" : 1, "figures" : { "0123456789ab" : 0.9, "ba9876543210" : 0.8 },
                                "promoted" : [ "0123456789ab" ] } ]
            }
            """;

    @Test
    void aSweepFileOrItsMutationIsReportedOrNamedInOneWarning() throws IOException {
        Path results = folder.resolve("results");
        Path sweep = Files.createDirectories(results.resolve("swept")).resolve("sweep.json");
        byte[] valid = SWEEP.getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(61);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            byte[] bytes = trainyard.files.Mutations.mutate(valid, random);
            Files.write(sweep, bytes);
            List<String> warnings = new ArrayList<>();
            try {
                ReportData.collect(results, null, warnings::add);
            } catch (RuntimeException e) {
                throw new AssertionError("try " + attempt + ": the report's data threw " + e + " for " + new String(bytes, StandardCharsets.UTF_8), e);
            }
            assertThat(warnings).as("try %d", attempt).hasSizeLessThanOrEqualTo(1)
                    .allSatisfy(warning -> assertThat(warning).contains(sweep.toString()).doesNotContain("\n"));
        }
    }
}
