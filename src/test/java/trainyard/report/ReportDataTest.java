package trainyard.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportDataTest {
    @TempDir
    static Path folder;
    static Path results;

    @BeforeAll
    static void train() throws Exception {
        results = ReportFixture.results(folder);
    }

    static void noWarning(String warning) {
        throw new AssertionError("unexpected warning: " + warning);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> runs(Map<String, Object> data) {
        return (List<Map<String, Object>>) data.get("runs");
    }

    @Test
    void collectsEveryRunWithFlatParametersFiguresAndDiagnostics() throws Exception {
        Map<String, Object> data = ReportData.collect(results, null, ReportDataTest::noWarning);
        List<Map<String, Object>> runs = runs(data);
        assertThat(runs).hasSize(7);
        Map<String, Object> hostile = runs.stream().filter(r -> r.get("experiment").equals("hostile")).findFirst().orElseThrow();
        assertThat(hostile.get("description")).isEqualTo(ReportFixture.HOSTILE_DESCRIPTION);
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = (Map<String, Object>) hostile.get("parameters");
        assertThat(parameters).containsEntry("model.layers[0].dense", 16).containsEntry("optimizer.name", "sgd")
                .doesNotContainKeys("name", "description", "training.threads");
        assertThat((int[][]) hostile.get("confusion_matrix")).hasDimensions(3, 3);
        assertThat((List<?>) hostile.get("mistakes")).isNotEmpty().hasSizeLessThanOrEqualTo(8);
        assertThat(runs.stream().filter(r -> r.get("status").equals("diverged")).count()).isEqualTo(2);
        assertThat(data.get("machine")).isNotNull();
        assertThat((List<?>) data.get("sweeps")).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsThatDifferOnlyInSeedAreGrouped() throws Exception {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) ReportData.collect(results, null, ReportDataTest::noWarning).get("seed_groups");
        assertThat(groups).hasSize(3); // each learning rate with seeds 1 and 2
        groups.forEach(group -> assertThat((List<?>) group.get("members")).hasSize(2));
    }

    @Test
    void oneExperimentsReportHasOnlyItsRuns() throws Exception {
        assertThat(runs(ReportData.collect(results, "hostile", ReportDataTest::noWarning))).hasSize(1);
        assertThat(results.resolve("hostile").resolve("report.html")).exists();
        assertThat(results.resolve("toy_sweep").resolve("report.html")).exists();
    }

    @Test
    void flattensNestedMapsAndLists() {
        Map<String, Object> into = new LinkedHashMap<>();
        ReportData.flatten("", Map.of("a", Map.of("b", List.of(1, Map.of("c", 2)))), into);
        assertThat(into).containsExactly(Map.entry("a.b[0]", 1), Map.entry("a.b[1].c", 2));
    }

    @Test
    void templateTokensInUserTextStayText() throws Exception {
        String tokens = "{{JS}} {{DATA}} {{CSS}} {{TITLE}} $1 \\";
        Map<String, Object> data = new LinkedHashMap<>(ReportData.collect(results, "hostile", ReportDataTest::noWarning));
        data.put("title", tokens);
        runs(data).get(0).put("description", tokens);
        String html = HtmlReport.render(data);
        String island = html.substring(html.indexOf("id=\"report-data\">") + "id=\"report-data\">".length());
        island = island.substring(0, island.indexOf("</script>"));
        com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(island);
        assertThat(parsed.get("title").asText()).isEqualTo(tokens);
        assertThat(parsed.get("runs").get(0).get("description").asText()).isEqualTo(tokens);
        assertThat(html).contains("<title>Trainyard report: " + HtmlReport.escapeHtml(tokens) + "</title>");
        assertThat(HtmlReport.fill("a{{X}}b{{Y}}", Map.of("X", "{{Y}}", "Y", "$0"))).isEqualTo("a{{Y}}b$0");
    }

    @Test
    void theHtmlNeverCarriesUserMarkupRaw() throws Exception {
        String html = HtmlReport.render(ReportData.collect(results, null, ReportDataTest::noWarning));
        assertThat(html).doesNotContain(ReportFixture.HOSTILE_DESCRIPTION).doesNotContain("<img").doesNotContain("alert(2)</script>");
        assertThat(html).contains("\\u003Cimg src=x onerror=alert(1)\\u003E");
        // One file: no stylesheet, script or image is fetched.
        assertThat(html).doesNotContainPattern("(src|href)=\\s*[\"']?(https?:)?//");
        assertThat(HtmlReport.escapeHtml("a<b>&\"'")).isEqualTo("a&lt;b&gt;&amp;&quot;&#39;");
        assertThat(Files.size(results.resolve("toy_sweep").resolve("report.html"))).isGreaterThan(10_000);
    }
}
