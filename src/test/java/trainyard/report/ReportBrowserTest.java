package trainyard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report in a real browser: Debian's chromium, headless, driven by its chromedriver,
 * loading the generated file from file://. Skipped (with how to enable it) where they
 * are not installed; .ci/run installs them.
 */
@Tag("browser")
class ReportBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path folder;
    static ChromeDriver browser;
    static Path report;

    @BeforeAll
    static void openTheReport() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver) to run it");
        Path results = ReportFixture.results(folder);
        report = folder.resolve("report.html");
        ReportFixture.run("report", "--results", results.toString(), "--out", report.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + folder.resolve("chromium-profile"), "--window-size=1400,3200");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.get(report.toUri().toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-ready"))) {
            assertThat(System.nanoTime()).as("the report did not finish drawing within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (browser != null) {
            Path target = Path.of("target");
            Files.createDirectories(target);
            Files.write(target.resolve("report-screenshot.png"), browser.getScreenshotAs(OutputType.BYTES));
            browser.quit();
        }
    }

    Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    List<String> rowOrder() {
        return browser.findElements(By.cssSelector("#runs tbody tr[data-run]")).stream().map(row -> row.getDomAttribute("data-run")).toList();
    }

    @Test
    void chartsAreDrawn() {
        assertThat(browser.findElements(By.cssSelector("#scatter svg circle.dot"))).hasSize(5); // 7 runs, 2 diverged
        assertThat(browser.findElements(By.cssSelector("#scatter svg polyline.front"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#curves svg[data-metric=loss] polyline.curve"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#curves svg[data-metric=learning_rate] polyline.curve"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#curves svg .axis text"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#sweeps polyline.trial-line"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#detail table.confusion tbody tr"))).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#groups tbody tr"))).hasSize(2); // the two learning rates that trained
        assertThat(browser.findElement(By.id("problems")).getText()).contains("diverged (epoch 1)");
        assertThat(frontLabelsFitAndNeverOverlap()).isEqualTo("ok");
        // The fixture's runs validate on the test set or on a split: the best is chosen on validation, the page says so.
        assertThat(browser.findElement(By.id("ranked-by")).getText()).startsWith("Ranked by val_accuracy (the last epoch's)");
        assertThat(browser.findElement(By.cssSelector("#runs .badge.best")).getDomAttribute("title")).isEqualTo("best val_accuracy (test figures beside it)");
    }

    /** The page writes every number as the console does (report-base.js's readable() against results.Numbers). */
    @Test
    void numbersReadTheSameOnThePageAsOnTheConsole() {
        for (Object[] row : trainyard.results.NumbersTest.PYTHON) {
            double value = (double) row[0];
            assertThat(script("return readable(arguments[0]);", value)).as("%s", value).isEqualTo(trainyard.results.Numbers.readable(value));
        }
        assertThat(script("return [readable(NaN), readable(-Infinity)].join(' ');")).isEqualTo("nan -inf");
    }

    /** The Pareto front's labels stay inside the chart and never overlap each other. */
    Object frontLabelsFitAndNeverOverlap() {
        return script("const svg = document.querySelector('#scatter svg').getBoundingClientRect();"
                + " const boxes = [...document.querySelectorAll('#scatter text.front-label')].map(t => t.getBoundingClientRect());"
                + " if (!boxes.length) return 'no labels';"
                + " for (const b of boxes) if (b.left < svg.left || b.right > svg.right) return 'outside';"
                + " for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {"
                + "   const a = boxes[i], b = boxes[j];"
                + "   if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) return 'overlap'; }"
                + " return 'ok';");
    }

    /** A sweep of 8 or more trials gets the importance panel: a bar per swept key, for each metric. */
    @Test
    void theImportancePanelRanksTheSweptSettings() throws Exception {
        Path page = folder.resolve("random.html");
        Path results = ReportFixture.randomSearch(folder);
        ReportFixture.run("report", "--results", results.toString(), "--out", page.toString());
        // Deterministic: two reports over the same results rank and weigh the settings alike.
        assertThat(ReportData.collect(results, null, warning -> { }).get("sweeps").toString())
                .isEqualTo(ReportData.collect(results, null, warning -> { }).get("sweeps").toString()).contains("importance");
        try {
            browser.get(page.toUri().toString());
            while (!"true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-ready"))) {
                Thread.sleep(50);
            }
            List<WebElement> rows = browser.findElements(By.cssSelector(".importance .bar-row"));
            assertThat(rows).extracting(row -> row.getDomAttribute("data-key"))
                    .containsExactlyInAnyOrder("optimizer.learning_rate", "model.layers[0].dense");
            assertThat(browser.findElements(By.cssSelector(".importance select option"))).extracting(WebElement::getText)
                    .containsExactly("test accuracy", "best val_accuracy", "train time");
            assertThat(browser.findElement(By.cssSelector(".importance .hint")).getText()).contains("PED-ANOVA").contains("12 completed trials");
            String shares = browser.findElements(By.cssSelector(".importance .bar-value")).stream().map(WebElement::getText).toList().toString();
            script("const s = document.querySelector('.importance select'); s.value = 'train_seconds'; s.dispatchEvent(new Event('change'));");
            assertThat(browser.findElement(By.cssSelector(".importance .hint")).getText()).contains("by train time");
            assertThat(browser.findElements(By.cssSelector(".importance .bar-row"))).hasSize(2);
            assertThat(browser.findElements(By.cssSelector(".importance svg.slice"))).extracting(svg -> svg.getDomAttribute("data-slice"))
                    .containsExactlyInAnyOrder("optimizer.learning_rate", "model.layers[0].dense");
            assertThat(browser.findElements(By.cssSelector(".importance svg.slice[data-slice='optimizer.learning_rate'] circle.slice-dot"))).hasSize(12);
            assertThat(browser.findElements(By.cssSelector(".importance svg.history polyline.best-so-far"))).hasSize(1);
            assertThat(shares).matches("\\[\\d+%, \\d+%\\]");
        } finally {
            browser.get(report.toUri().toString());
            while (!"true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-ready"))) {
                Thread.sleep(50);
            }
        }
    }

    /** A TPE sweep: the importance panel as over a random search, and the optimisation history tells random starts from proposals. */
    @Test
    void aTpeSweepsHistoryMarksItsRandomStartsAndItsProposals() throws Exception {
        Path page = folder.resolve("tpe.html");
        ReportFixture.run("report", "--results", ReportFixture.tpeSearch(folder).toString(), "--out", page.toString());
        try {
            browser.get(page.toUri().toString());
            awaitReady();
            assertThat(browser.findElement(By.cssSelector("#sweeps h3")).getText())
                    .contains("12 trials (TPE: 4 random then model-guided, batches of 2, learning from val_accuracy)");
            assertThat(browser.findElements(By.cssSelector(".importance .bar-row"))).extracting(row -> row.getDomAttribute("data-key"))
                    .containsExactlyInAnyOrder("optimizer.learning_rate", "model.layers[0].dense");
            assertThat(browser.findElements(By.cssSelector(".importance svg.history circle.slice-dot.random-start"))).hasSize(4);
            assertThat(browser.findElements(By.cssSelector(".importance svg.history circle.slice-dot.proposed"))).hasSize(8);
            assertThat(browser.findElements(By.cssSelector(".importance svg.history text.legend"))).extracting(WebElement::getText)
                    .containsExactly("random start", "TPE");
            assertThat(browser.findElement(By.cssSelector(".importance svg.history circle.slice-dot.random-start title")).getDomProperty("textContent"))
                    .startsWith("trial 1 (random start): ");
        } finally {
            browser.get(report.toUri().toString());
            awaitReady();
        }
    }

    /** A halving sweep's pruned runs are greyed, can be hidden, and its rungs are tabled with their best figures. */
    @Test
    void prunedRunsAreGreyedAndTheRungsAreTabled() throws Exception {
        Path page = folder.resolve("halving.html");
        ReportFixture.run("report", "--results", ReportFixture.halvingSweep(folder).toString(), "--out", page.toString());
        try {
            browser.get(page.toUri().toString());
            awaitReady();
            List<WebElement> pruned = browser.findElements(By.cssSelector("#runs tbody tr.pruned"));
            assertThat(pruned).hasSize(8);
            assertThat(pruned.get(0).getText()).containsPattern("pruned at rung [12] \\(epoch [13]\\)");
            assertThat(Double.parseDouble(pruned.get(0).getCssValue("opacity"))).isLessThan(0.7);
            assertThat(browser.findElement(By.cssSelector("#runs tbody tr:not(.pruned)")).getCssValue("opacity")).isEqualTo("1");
            browser.findElement(By.id("show-pruned")).click();
            assertThat(browser.findElements(By.cssSelector("#runs tbody tr"))).hasSize(1);
            assertThat(browser.findElement(By.id("row-count")).getText()).isEqualTo("1 of 9 runs shown");
            List<List<String>> rungs = browser.findElements(By.cssSelector(".rung-table tbody tr")).stream()
                    .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
            assertThat(rungs).extracting(row -> row.subList(0, 4)).containsExactly(
                    List.of("1", "1", "9", "3"), List.of("2", "3", "3", "1"), List.of("3", "9", "1", "finished"));
            assertThat(rungs).allSatisfy(row -> assertThat(row.get(4)).matches("0\\.\\d{4}"));
            // Importance over every trial's figure at the first rung (only one trial completes).
            assertThat(browser.findElements(By.cssSelector(".importance select option"))).extracting(WebElement::getText)
                    .containsExactly("val_accuracy at the first rung (1 epoch)");
            assertThat(browser.findElements(By.cssSelector(".importance .bar-row"))).extracting(row -> row.getDomAttribute("data-key"))
                    .containsExactly("optimizer.learning_rate");
            assertThat(browser.findElement(By.cssSelector(".importance .hint")).getText()).startsWith("Over 9 trials.");
            assertThat(browser.findElements(By.cssSelector(".importance svg.slice circle.slice-dot"))).hasSize(9);
            // The rung chart draws each trial up to where it stopped: a dot for the six stopped after one epoch.
            assertThat(browser.findElements(By.cssSelector(".rung-curves circle.trial-curve.pruned"))).hasSize(6);
            assertThat(browser.findElements(By.cssSelector(".rung-curves polyline.trial-curve"))).hasSize(3);
            // Every trial's learning curve runs up to where it stopped.
            assertThat(script("return RUNS.map(run => run.curves.val_accuracy.length).sort((a, b) => a - b).join(',')"))
                    .isEqualTo("1,1,1,1,1,1,3,3,9");
        } finally {
            browser.get(report.toUri().toString());
            awaitReady();
        }
    }

    /** The downloads hold the table as shown; user-written text that a spreadsheet would run as a formula is defused. */
    @Test
    void downloadsHoldTheTableAsShown() {
        script("const f = document.getElementById('filter'); f.value = 'toy_sweep'; f.dispatchEvent(new Event('input'));");
        String csv = (String) script("return tableAsCsv();");
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).startsWith("Run,Last val acc.,Test acc.,Test loss,Train s,Status,");
        assertThat(lines).hasSize(1 + rowOrder().size());
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line).startsWith("toy_sweep/"));
        @SuppressWarnings("unchecked")
        List<Object> json = (List<Object>) script("return JSON.parse(tableAsJson());");
        assertThat(json).hasSize(rowOrder().size());
        assertThat(script("return [csvCell('=HYPERLINK(1)'), csvCell('+1'), csvCell('-x'), csvCell('@a'), csvCell('a,\"b\"'), csvCell(-2.5), csvCell(null)]"))
                .asString().isEqualTo("['=HYPERLINK(1), '+1, '-x, '@a, \"a,\"\"b\"\"\", -2.5, ]");
        script("window.captured = []; URL.createObjectURL = blob => { window.captured.push(blob.type); return 'about:blank'; };"
                + " HTMLAnchorElement.prototype.click = function () { window.captured.push(this.download); };"
                + " document.getElementById('download-csv').click(); document.getElementById('download-json').click();");
        assertThat(script("return window.captured;")).asString().isEqualTo("[text/csv, runs.csv, application/json, runs.json]");
        script("const f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input'));");
        assertThat((String) script("return tableAsCsv();")).contains("<img src=x onerror=alert(1)>"); // user text stays text
    }

    /** A link to report.html#... reopens the same sort, filter, ticked runs and selected run; a malformed fragment is ignored. */
    @Test
    void theViewIsKeptInTheFragmentAndRestored() throws Exception {
        List<String> order = rowOrder();
        String first = order.get(0);
        String second = order.get(1);
        script("document.querySelector('#runs th[data-key=params]').click();");
        script("const f = document.getElementById('filter'); f.value = 'toy'; f.dispatchEvent(new Event('input'));");
        browser.findElement(By.cssSelector("#runs tr[data-run='" + second + "'] td:nth-child(2)")).click();
        String fragment = (String) script("return location.hash;");
        assertThat(fragment).contains("sort=params").contains("filter=toy").contains("run=" + java.net.URLEncoder.encode(second, java.nio.charset.StandardCharsets.UTF_8));
        List<String> shown = rowOrder();
        try {
            browser.get("about:blank");
            browser.get(report.toUri() + fragment);
            awaitReady();
            assertThat(rowOrder()).isEqualTo(shown);
            assertThat(browser.findElement(By.id("filter")).getDomProperty("value")).isEqualTo("toy");
            assertThat(browser.findElement(By.cssSelector("#runs th[data-key=params]")).getDomAttribute("class")).contains("sorted-");
            assertThat(browser.findElement(By.id("detail-title")).getText()).contains(second);
            browser.get("about:blank");
            browser.get(report.toUri() + "#%E0%A4%A&sort=<script>&selected=nothing,at,all&run=nope");
            awaitReady();
            assertThat(rowOrder()).hasSize(order.size());
            browser.get("about:blank");
            browser.get(report.toUri() + "#sort=nonsense&selected=" + java.net.URLEncoder.encode(first, java.nio.charset.StandardCharsets.UTF_8));
            awaitReady();
            assertThat(rowOrder()).hasSize(order.size());
            assertThat(browser.findElements(By.cssSelector("#runs input[type=checkbox]:checked"))).hasSize(1);
        } finally {
            browser.get("about:blank");
            browser.get(report.toUri().toString());
            awaitReady();
        }
    }

    void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!"true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-ready"))) {
            assertThat(System.nanoTime()).as("the report did not finish drawing within 20 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /**
     * 2,000 runs: every row rendered, a sort correct. The times are measured and printed (issue #15 asks for under a
     * second each on the 2-core machine; see the README), not asserted: a shared machine's timings are no test.
     */
    @Test
    void twoThousandRunsAreAllRenderedAndSorted() throws Exception {
        Path page = folder.resolve("many.html");
        Path results = ReportFixture.manyRuns(folder, 2_000);
        long written = System.nanoTime();
        ReportFixture.run("report", "--results", results.toString(), "--out", page.toString());
        double writeSeconds = (System.nanoTime() - written) / 1e9;
        try {
            long start = System.nanoTime();
            browser.get(page.toUri().toString());
            awaitReady();
            double renderSeconds = (System.nanoTime() - start) / 1e9;
            Object navigation = script("const n = performance.getEntriesByType('navigation')[0];"
                    + " return ['responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'loadEventEnd'].map(k => k + ' ' + Math.round(n[k])).join(', ');");
            System.out.println("2,000 runs, the page's own clock (ms): " + navigation);
            // Every run is in the table; the rows near the scroll position are drawn, the rest are spacers of their height.
            assertThat(browser.findElement(By.id("row-count")).getText()).isEqualTo("2000 of 2000 runs shown");
            assertThat(browser.findElements(By.cssSelector("#runs tbody tr[data-run]")).size()).isBetween(50, 200);
            assertThat(((Number) script("return document.querySelector('#runs').getBoundingClientRect().height")).doubleValue())
                    .isGreaterThan(2_000 * 20.0);
            Object sortMillis = script("const t = performance.now(); document.querySelector('#runs th[data-key=train_seconds]').click();"
                    + " return performance.now() - t;");
            @SuppressWarnings("unchecked")
            List<Object> first = (List<Object>) script("return [...document.querySelectorAll('#runs tbody tr[data-run]')].slice(0, 3).map(r => BY_ID.get(r.dataset.run).train_seconds);");
            assertThat(((Number) first.get(0)).doubleValue()).isGreaterThanOrEqualTo(((Number) first.get(1)).doubleValue());
            // Scrolled to the end, the last runs of the sorted table are drawn, in order, in the box's view.
            script("const w = document.querySelector('.table-wrap'); w.scrollTop = w.scrollHeight;");
            List<Object> last = null;
            long drawnBy = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // the scroll handler draws on the next animation frame
            do {
                Thread.sleep(100);
                @SuppressWarnings("unchecked")
                List<Object> seen = (List<Object>) script("const rows = [...document.querySelectorAll('#runs tbody tr[data-run]')];"
                        + " const w = document.querySelector('.table-wrap').getBoundingClientRect();"
                        + " return [rows[rows.length - 1].dataset.run, visibleRuns()[1999].id,"
                        + " rows[rows.length - 1].getBoundingClientRect().bottom <= w.bottom + 1, rows[rows.length - 1].getBoundingClientRect().top >= w.top];");
                last = seen;
            } while (!last.get(0).equals(last.get(1)) && System.nanoTime() < drawnBy);
            assertThat(last.get(0)).isEqualTo(last.get(1));
            assertThat(last.subList(2, 4)).containsExactly(true, true);
            System.out.printf(java.util.Locale.ROOT, "2,000 runs: report written in %.2f s (in this JVM), %.1f MB, page ready in %.2f s"
                    + " (script steps in ms: %s), sort in %.0f ms%n", writeSeconds, Files.size(page) / 1e6, renderSeconds,
                    browser.findElement(By.tagName("body")).getDomAttribute("data-timings"), ((Number) sortMillis).doubleValue());
        } finally {
            browser.get(report.toUri().toString());
            awaitReady();
        }
    }

    @Test
    void aCrowdedFrontIsLabelledWithoutOverlapsInsideTheChart() throws Exception {
        Path crowded = folder.resolve("crowded.html");
        ReportFixture.run("report", "--results", ReportFixture.crowdedFront(folder).toString(), "--out", crowded.toString());
        try {
            browser.get(crowded.toUri().toString());
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!"true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-ready"))) {
                assertThat(System.nanoTime()).as("the report did not finish drawing within 20 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(browser.findElements(By.cssSelector("#scatter svg circle.dot"))).hasSize(9);
            assertThat(browser.findElements(By.cssSelector("#scatter text.front-label"))).hasSizeBetween(2, 8);
            assertThat(frontLabelsFitAndNeverOverlap()).isEqualTo("ok");
        } finally {
            browser.get(report.toUri().toString()); // the other tests read the main report
            while (!"true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-ready"))) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * Runs of two datasets (the newcomer's issue, items 3 and 4): the best is chosen on
     * validation though another run is better on the test set; the decisive figures come
     * first; colours are explained; runs read by their swept values or run_name; each dataset
     * gets its own chart, and every chart follows the table's filter.
     */
    @Test
    void runsOfTwoDatasetsAreLabelledRankedOnValidationAndChartedApart() throws Exception {
        Path page = folder.resolve("two-datasets.html");
        ReportFixture.run("report", "--results", ReportFixture.twoDatasets(folder).toString(), "--out", page.toString());
        try {
            browser.get(page.toUri().toString());
            awaitReady();
            List<String> headers = browser.findElements(By.cssSelector("#runs thead th")).stream().map(WebElement::getText).toList();
            assertThat(headers.subList(1, 6)).containsExactly("Run", "Last val acc.", "Test acc.", "Test loss", "Train s");
            WebElement best = browser.findElement(By.cssSelector("#runs .badge.best")).findElement(By.xpath("./ancestor::tr"));
            assertThat(best.findElement(By.cssSelector("td:nth-child(2)")).getText()).startsWith("digits learning_rate=0.01");
            assertThat(best.findElement(By.cssSelector("td:nth-child(4)")).getText()).isEqualTo("0.9000"); // 0.96 on test is another run's
            List<String> labels = browser.findElements(By.cssSelector("#runs tbody tr[data-run] td:nth-child(2)")).stream().map(WebElement::getText).toList();
            assertThat(labels).anySatisfy(label -> assertThat(label).startsWith("clothes lr 0.001"))
                    .anySatisfy(label -> assertThat(label).startsWith("digits learning_rate=0.003"));
            assertThat(browser.findElement(By.id("legend")).getText()).contains("differs from the most common value").contains("best by val_accuracy")
                    .contains("failed or diverged");
            assertThat(browser.findElements(By.cssSelector("#scatter figure[data-dataset='mnist'] circle.dot"))).hasSize(3);
            assertThat(browser.findElements(By.cssSelector("#scatter figure[data-dataset='fashion_mnist'] circle.dot"))).hasSize(2);
            assertThat(browser.findElements(By.cssSelector("#curves polyline.curve")).stream().map(line -> line.getDomAttribute("data-run")))
                    .isNotEmpty().anySatisfy(run -> assertThat(run).startsWith("digits/"));
            script("const f = document.getElementById('filter'); f.value = 'clothes'; f.dispatchEvent(new Event('input'));");
            assertThat(browser.findElement(By.id("row-count")).getText()).isEqualTo("2 of 5 runs shown");
            assertThat(browser.findElements(By.cssSelector("#scatter circle.dot"))).hasSize(2);
            assertThat(browser.findElements(By.cssSelector("#scatter figure[data-dataset='mnist']"))).isEmpty();
            assertThat(browser.findElements(By.cssSelector("#curves polyline.curve")).stream().map(line -> line.getDomAttribute("data-run")))
                    .noneSatisfy(run -> assertThat(run).startsWith("digits/"));
        } finally {
            browser.get(report.toUri().toString()); // the other tests read the main report
            awaitReady();
        }
    }

    @SuppressWarnings("unchecked")
    List<Double> columnValues(String key) {
        List<Object> texts = (List<Object>) script("const i = [...document.querySelectorAll('#runs thead th')].findIndex(h => h.dataset.key === '"
                + key + "'); return [...document.querySelectorAll('#runs tbody tr[data-run]')].map(r => r.children[i].textContent)");
        return texts.stream().map(String::valueOf).filter(text -> !text.equals("–")).map(Double::valueOf).toList();
    }

    @Test
    void clickingAHeaderSortsTheRows() {
        browser.findElement(By.cssSelector("#runs thead th[data-key=test_loss]")).click();
        List<Double> descending = columnValues("test_loss");
        assertThat(descending).hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder()); // a number column sorts largest first
        List<String> first = rowOrder().subList(0, 5); // the runs with a test loss; diverged ones stay last
        browser.findElement(By.cssSelector("#runs thead th[data-key=test_loss]")).click();
        assertThat(columnValues("test_loss")).isSorted();
        assertThat(rowOrder().subList(0, 5)).isEqualTo(first.reversed());
        browser.findElement(By.cssSelector("#runs thead th[data-key=id]")).click();
        List<String> byName = rowOrder();
        assertThat(byName.get(0)).startsWith("hostile/");
        browser.findElement(By.cssSelector("#runs thead th[data-key=id]")).click();
        assertThat(rowOrder()).isEqualTo(byName.reversed());
    }

    @Test
    void tickingARunAddsItsCurves() {
        String unticked = (String) script("const box = [...document.querySelectorAll('#runs tbody input[type=checkbox]')].find(b => !b.checked"
                + " && b.closest('tr').querySelector('.status-completed')); return box ? box.closest('tr').dataset.run : null;");
        assertThat(unticked).isNotNull();
        assertThat(browser.findElements(By.cssSelector("#curves polyline.curve[data-run='" + unticked + "']"))).isEmpty();
        browser.findElement(By.cssSelector("#runs tbody tr[data-run='" + unticked + "'] input[type=checkbox]")).click();
        assertThat(browser.findElements(By.cssSelector("#curves polyline.curve[data-run='" + unticked + "']"))).isNotEmpty();
    }

    @Test
    void markupInADescriptionIsShownAsText() {
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.findElement(By.id("runs")).getText()).contains("<img src=x onerror=alert(1)>");
        assertThat(script("return typeof window.alertWasCalled")).isEqualTo("undefined");
        browser.switchTo().defaultContent(); // an alert() would have left a dialog open and failed this call
    }

    @Test
    void theFileMakesNoNetworkRequestAndHasNoScriptErrors() {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) script("return [...document.querySelectorAll('*')].flatMap(e => ['src', 'href', 'xlink:href', 'action', 'poster']"
                + ".map(a => e.getAttribute(a)).filter(v => v))");
        assertThat(urls).noneMatch(url -> url.matches("(?i)^\\s*(https?:)?//.*"));
        assertThat(browser.findElements(By.cssSelector("link[rel=stylesheet], script[src], iframe"))).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resources = (List<Map<String, Object>>) script(
                "return performance.getEntriesByType('resource').map(r => ({name: r.name}))");
        assertThat(resources).isEmpty();
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    @Test
    void differencesOnlyHidesTheParametersThatAreTheSameForAll() {
        int narrow = browser.findElements(By.cssSelector("#runs thead th")).size();
        browser.findElement(By.id("differences-only")).click();
        int wide = browser.findElements(By.cssSelector("#runs thead th")).size();
        browser.findElement(By.id("differences-only")).click();
        assertThat(wide).isGreaterThan(narrow);
        assertThat(browser.findElement(By.id("same-for-all")).getText()).startsWith("Same for all:").contains("model.layers[0].dense=16");
        WebElement filter = browser.findElement(By.id("filter"));
        filter.sendKeys("hostile");
        assertThat(rowOrder()).hasSize(1);
        filter.clear();
        filter.sendKeys(" ");
        filter.clear();
    }

    @Test
    void clickingARowShowsItsConfusionMatrixAndMistakes() {
        String id = (String) script("return [...document.querySelectorAll('#runs tbody tr[data-run]')].map(r => r.dataset.run).find(i => i.startsWith('hostile'))");
        browser.findElement(By.cssSelector("#runs tbody tr[data-run='" + id + "'] td:nth-child(2)")).click();
        assertThat(browser.findElement(By.id("detail-title")).getText()).isEqualTo("Selected run: " + id);
        Object drawn = script("const c = document.querySelector('#detail canvas'); if (!c) return 0;"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let lit = 0;"
                + " for (let i = 0; i < d.length; i += 4) if (d[i] > 0) lit++; return lit;");
        assertThat(((Number) drawn).intValue()).isGreaterThan(0);
    }
}
