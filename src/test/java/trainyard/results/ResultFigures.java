package trainyard.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** result.json as tests compare it: without what differs between two runs of one configuration (wall times, the start, the machine). */
public final class ResultFigures {
    private ResultFigures() {
    }

    public static JsonNode of(Path resultFile) throws IOException {
        JsonNode node = new ObjectMapper().readTree(resultFile.toFile());
        ((ObjectNode) node).remove(List.of("train_seconds", "started_at", "environment"));
        node.get("history").forEach(row -> ((ObjectNode) row).remove("seconds"));
        return node;
    }

    /** Every result.json under the folder, by its run folder's name (the run_id). */
    public static Map<String, JsonNode> byRunId(Path folder) throws IOException {
        Map<String, JsonNode> byRunId = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(p -> p.getFileName().toString().equals(ResultStore.RESULT_FILE)).toList()) {
                byRunId.put(file.getParent().getFileName().toString(), of(file));
            }
        }
        return byRunId;
    }
}
