package com.sportdata.benefits.report;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.testing.BiLake;
import com.sportdata.benefits.testing.Commands;
import com.sportdata.benefits.testing.HeadlessChromium;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The presentation as scripts/slides builds it — `slides` fills docs/presentation.md from a generated company's run, Marp
 * (npm, docs/tools) renders one HTML file and a PDF — opened in headless Chromium with every host name unresolvable:
 * every slide shows its title, both diagrams are drawn, the figures are the lake's, and the page asked the network for
 * nothing. Skipped without Chromium or Node, except under {@code CI=true}, where that fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlidesBrowserTest extends SparkTest {

    private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
    private static final Path MARP = DOCS.resolve("tools/node_modules/.bin/marp");

    private Path lake;
    private Path work;
    private Path html;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    private static void require(boolean ok, String why) {
        if (ok) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(why + " (CI=true: the slides test must run)");
        }
        Assumptions.abort(why);
    }

    private static int run(List<String> command, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("CHROME_PATH", HeadlessChromium.CHROMIUM.toString());
        builder.environment().put("CHROME_NO_SANDBOX", "1");
        Process p = builder.start();
        try {
            return p.waitFor(300, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } finally {
            p.destroyForcibly();
        }
    }

    @BeforeAll
    void build() throws Exception {
        HeadlessChromium.require();
        work = newLake("slides");
        if (!Files.isExecutable(MARP)) {
            int npm = run(List.of("npm", "ci", "--prefix", DOCS.resolve("tools").toString(), "--no-audit", "--no-fund"), work.resolve("npm.log"));
            require(npm == 0, "`npm ci --prefix docs/tools` failed: " + Files.readString(work.resolve("npm.log")));
        }
        lake = BiLake.get();
        Path markdown = work.resolve("presentation.md");
        Commands.Ran filled = Commands.run("slides", "--lake", lake.toString(), "--docs", DOCS.toString(), "--out", markdown.toString());
        assertThat(filled.code()).as(filled.all()).isZero();
        html = work.resolve("presentation.html");
        for (String format : List.of("--html", "--pdf")) {
            Path out = format.equals("--html") ? html : work.resolve("presentation.pdf");
            int code = run(List.of(MARP.toString(), "--no-stdin", markdown.toString(), "--html", format, "-o", out.toString()), work.resolve("marp.log"));
            assertThat(code).as(Files.readString(work.resolve("marp.log"))).isZero();
        }
        // any request to a host fails: a slide that needs the network shows it
        chromium = HeadlessChromium.start(work, "1280,720", false, "--host-resolver-rules=MAP * ~NOTFOUND", "--disable-background-networking");
        browser = chromium.driver();
    }

    @AfterAll
    void close() {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** The slides' titles, in order, from the template (what each rendered slide must show). */
    private static List<String> titles() throws Exception {
        String template = Files.readString(DOCS.resolve("presentation.md"));
        String body = template.substring(template.indexOf("\n---\n", 4) + 5);
        List<String> titles = new ArrayList<>();
        for (String slide : body.split("\n---\n")) {
            titles.add(slide.lines().filter(l -> l.startsWith("# ")).findFirst().orElseThrow().substring(2).trim());
        }
        return titles;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    @Test
    void every_slide_renders_its_title_and_the_diagrams_are_drawn() throws Exception {
        List<String> titles = titles();
        browser.get(html.toUri().toString());
        assertThat(((Number) js("return document.querySelectorAll('svg[data-marpit-svg]').length")).intValue()).isEqualTo(titles.size());
        for (int i = 0; i < titles.size(); i++) {
            browser.get(html.toUri() + "#" + (i + 1));
            Thread.sleep(150);
            String active = (String) js("const s = document.querySelector('svg.bespoke-marp-active'); if (!s) return null;"
                    + " const r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? s.querySelector('h1').textContent : 'hidden';");
            assertThat(active).as("slide %d", i + 1).isEqualTo(titles.get(i));
        }
        for (String alt : List.of("Tables and their inputs", "Stages of each command")) {
            Object drawn = js("const i = document.querySelector(\"img[alt='" + alt + "']\"); return i && i.complete ? i.naturalWidth : -1;");
            assertThat(((Number) drawn).intValue()).as("diagram %s", alt).isGreaterThan(500);
        }
    }

    @Test
    void the_figures_are_the_lake_s_and_nothing_is_typed() {
        browser.get(html.toUri().toString());
        String text = (String) js("return document.body.textContent");
        long employees = Lakes.read(spark(), lake, Tables.EMPLOYEES).count();
        BigDecimal total2026 = Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).filter("benefit_year = 2026")
                .selectExpr("sum(total_benefit_eur)").first().getDecimal(0);
        String runId = Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).select("run_id").first().getString(0);
        long checks = Lakes.read(spark(), lake, Tables.QUALITY_CHECKS).filter(org.apache.spark.sql.functions.col("run_id").equalTo(runId)).count();
        assertThat(text).contains(employees + " employees")
                .contains("total benefit 2026: " + String.format(Locale.FRANCE, "%,.0f €", total2026).replace('\u202f', ' ').replace('\u00a0', ' '))
                .contains("Figures from run " + runId)
                .contains(String.format(Locale.FRANCE, "%,d", checks).replace('\u202f', ' ').replace('\u00a0', ' ') + " checks")
                .contains("a 100 000-employee full run took 200.0 s")
                .doesNotContain("{{");
    }

    @Test
    void the_page_asks_the_network_for_nothing_and_the_pdf_is_written() throws Exception {
        browser.get(html.toUri().toString());
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(resources).allMatch(r -> r.startsWith("data:") || r.startsWith("file:") || r.startsWith("blob:"), "no http(s) resource");
        byte[] pdf = Files.readAllBytes(work.resolve("presentation.pdf"));
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(pdf.length).isGreaterThan(20_000);
    }

    @Test
    void a_presentation_naming_a_figure_nothing_computes_is_refused_naming_it() throws Exception {
        Path docs = work.resolve("docs-with-a-typo");
        Files.createDirectories(docs);
        Lakes.copyTree(DOCS.resolve("decisions"), docs.resolve("decisions"));
        Lakes.copyTree(DOCS.resolve("diagrams"), docs.resolve("diagrams"));
        Files.writeString(docs.resolve("presentation.md"), "# Cost\n\n{{figures.totl}} for {{company.employees}} employees\n");
        Commands.Ran r = Commands.run("slides", "--lake", lake.toString(), "--docs", docs.toString(), "--out", work.resolve("typo.md").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("the presentation names figures nothing computes: [figures.totl]");
        assertThat(work.resolve("typo.md")).doesNotExist();
    }
}
