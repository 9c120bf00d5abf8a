package trainyard.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan.json, which every cluster task reads, against a valid plan and 1,000 mutations of it
 * (cut short, bits flipped, bytes overwritten) from a seeded generator: an entry or one
 * IOException whose one-line message names the file; nothing else escapes.
 */
class PlanFilePropertyTest {
    @TempDir
    Path folder;

    static final String PLAN = """
            {
              "experiment" : "planned",
              "file" : "experiments/planned.yaml",
              "dataset_checksum" : "0000",
              "halving" : false,
              "trials" : [ {
                "index" : 0,
                "run_id" : "0123456789ab",
                "values" : { "training.seed" : 1 },
                "config" : { "name" : "planned", "dataset" : "mnist", "training" : { "seed" : 1 } }
              }, {
                "index" : 1,
                "run_id" : "ba9876543210",
                "values" : { "training.seed" : 2 },
                "config" : { "name" : "planned", "dataset" : "mnist", "training" : { "seed" : 2 } }
              } ]
            }
            """;

    @Test
    void aPlanOrItsMutationGivesAnEntryOrOneLineNamingTheFile() throws IOException {
        Path plan = Files.createDirectories(folder.resolve("planned")).resolve(PlanFile.FILE_NAME);
        byte[] valid = PLAN.getBytes(StandardCharsets.UTF_8);
        Files.write(plan, valid);
        assertThat(PlanFile.read(plan, 1).runId()).isEqualTo("ba9876543210");
        SplittableRandom random = new SplittableRandom(51);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            byte[] bytes = trainyard.files.Mutations.mutate(valid, random);
            Files.write(plan, bytes);
            try {
                PlanFile.read(plan, random.nextInt(3));
            } catch (IOException e) {
                assertThat(e.getMessage()).as("try %d", attempt).startsWith(plan.toString()).doesNotContain("\n");
            }
        }
    }
}
