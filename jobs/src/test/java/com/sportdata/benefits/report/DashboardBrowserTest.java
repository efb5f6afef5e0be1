package com.sportdata.benefits.report;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.support.Language;
import com.sportdata.benefits.support.Messages;
import com.sportdata.benefits.testing.BiLake;
import com.sportdata.benefits.testing.HeadlessChromium;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard of a generated company's gold, opened in headless Chromium (Debian's chromium and chromedriver,
 * named explicitly so Selenium Manager never downloads a browser): no console error, every chart drawn, the KPI
 * cards equal gold — for the latest year and all BUs, then for another year and one BU picked in the filters — and
 * the run shown is the run given. A page whose data is wrong fails the same comparison. The quality report is opened
 * too: what failed first, in plain words, with the rows behind it, and links that land. Skipped without a browser,
 * except under {@code CI=true}, where that fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest extends SparkTest {
    private static final List<String> CHARTS = List.of("chart-bu", "chart-monthly", "chart-sports", "chart-sport-months", "chart-reviews",
            "chart-quality");
    private static final Dashboard.Run RUN = new Dashboard.Run("run-under-test", LocalDate.of(2026, 6, 30), "abc123");

    private Path lake;
    private Path work;
    private HeadlessChromium chromium;
    private ChromeDriver browser;

    @BeforeAll
    void openBrowser() throws Exception {
        HeadlessChromium.require();
        lake = BiLake.get();
        work = newLake("dashboard");
        chromium = HeadlessChromium.start(work, "1400,2400", true, "--lang=fr-FR");
        browser = chromium.driver();
    }

    @AfterAll
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private Path write(Map<String, Object> data, String name) throws Exception {
        return write(data, name, Language.FR);
    }

    private Path write(Map<String, Object> data, String name, Language language) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, Dashboard.render(data, Messages.of(language)));
        return file;
    }

    /** The data with two declarations to review in the latest year, all BUs (what the page shows first). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withReviews(Map<String, Object> data) {
        List<Integer> years = (List<Integer>) data.get("years");
        Map<String, Object> reviews = new java.util.LinkedHashMap<>((Map<String, Object>) data.get("reviews"));
        reviews.put(years.get(years.size() - 1) + "|" + DashboardData.ALL, List.of(Map.of("key", "OVER_DISTANCE_LIMIT", "declarations", 2),
                Map.of("key", "ADDRESS_POSTCODE_MISMATCH", "declarations", 1)));
        data.put("reviews", reviews);
        return data;
    }

    private Map<String, Object> data() {
        return new DashboardData(new TableWriter(spark(), new LakePaths(lake.toString()))).build(Dashboard.meta(RUN));
    }

    private void open(Path file) {
        browser.get(file.toUri().toString());
        browser.manage().logs().get(LogType.BROWSER);   // drains the log of the previous page
    }

    /** Differences between the KPI cards on the page and gold for a year and a BU (null = all BUs). */
    private List<String> kpiProblems(int year, String bu) {
        Dataset<Row> gold = Lakes.read(spark(), lake, Tables.KPI_BENEFITS_BY_YEAR_BU).filter(col("benefit_year").equalTo(year));
        if (bu != null) {
            gold = gold.filter(col("bu").equalTo(bu));
        }
        Row g = gold.agg(sum("total_cost_eur"), sum("bonus_cost_eur"), sum("wellness_value_eur"), sum("bonus_beneficiaries"),
                sum("wellness_days"), sum("active_employees"), sum("headcount"), sum("payroll_eur")).first();
        NumberFormat eur = NumberFormat.getCurrencyInstance(Locale.FRANCE);
        NumberFormat count = NumberFormat.getIntegerInstance(Locale.FRANCE);
        NumberFormat pct = NumberFormat.getPercentInstance(Locale.FRANCE);
        pct.setMinimumFractionDigits(1);
        pct.setMaximumFractionDigits(1);
        BigDecimal adoption = BigDecimal.valueOf(g.getLong(5)).divide(BigDecimal.valueOf(g.getLong(6)), 4, RoundingMode.HALF_UP);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("total_cost_eur", eur.format(g.getDecimal(0)));
        expected.put("bonus_cost_eur", eur.format(g.getDecimal(1)));
        expected.put("wellness_value_eur", eur.format(g.getDecimal(2)));
        expected.put("bonus_beneficiaries", count.format(g.getLong(3)));
        expected.put("wellness_days", count.format(g.getLong(4)));
        expected.put("adoption_rate", pct.format(adoption));
        expected.put("cost_per_employee_eur", eur.format(g.getDecimal(0).divide(BigDecimal.valueOf(g.getLong(6)), 2, RoundingMode.HALF_UP)));
        List<String> problems = new ArrayList<>();
        expected.forEach((kpi, value) -> {
            String shown = browser.findElement(By.cssSelector(".card [data-kpi=" + kpi + "]")).getText();
            if (!spaces(shown).equals(spaces(value))) {
                problems.add(kpi + ": page shows '" + shown + "', gold gives '" + value + "'");
            }
        });
        return problems;
    }

    private static String spaces(String s) {
        return s.replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    private List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                errors.add(e.getLevel() + " " + e.getMessage());
            }
        }
        return errors;
    }

    @Test
    void the_dashboard_draws_every_chart_and_shows_golds_figures_for_every_filter() throws Exception {
        Map<String, Object> data = withReviews(data());
        open(write(data, "dashboard.html"));
        assertThat(consoleErrors()).isEmpty();
        for (String chart : CHARTS) {
            Object series = ((JavascriptExecutor) browser).executeScript(
                    "var c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                            + " return c ? c.getOption().series.length : -1;", chart);
            assertThat(((Number) series).intValue()).as(chart + " series").isPositive();
            WebElement canvas = browser.findElement(By.cssSelector("#" + chart + " canvas"));
            assertThat(canvas.getSize().getWidth()).as(chart + " canvas").isGreaterThan(100);
        }
        assertThat(browser.findElement(By.id("run-id")).getText()).isEqualTo("run-under-test");
        assertThat(browser.findElement(By.id("as-of")).getText()).isEqualTo("2026-06-30");
        // the header names each year's rules as gold's rows carry them, whatever run wrote the page
        StringBuilder hashes = new StringBuilder();
        Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).select("benefit_year", "rules_hash").distinct().orderBy("benefit_year")
                .collectAsList().forEach(r -> hashes.append(hashes.length() == 0 ? "" : ",").append(r.getInt(0)).append(':').append(r.getString(1)));
        assertThat(browser.findElement(By.id("rules-hash")).getText()).isEqualTo(hashes.toString()).doesNotContain("abc123");

        @SuppressWarnings("unchecked")
        List<Integer> years = (List<Integer>) data.get("years");
        @SuppressWarnings("unchecked")
        List<String> bus = (List<String>) data.get("bus");
        int latest = years.get(years.size() - 1);
        assertThat(new Select(browser.findElement(By.id("year"))).getFirstSelectedOption().getText()).isEqualTo(String.valueOf(latest));
        assertThat(kpiProblems(latest, null)).isEmpty();

        int earlier = years.get(0);
        String bu = bus.get(bus.size() - 1);
        new Select(browser.findElement(By.id("year"))).selectByValue(String.valueOf(earlier));
        new Select(browser.findElement(By.id("bu"))).selectByValue(bu);
        assertThat(kpiProblems(earlier, bu)).isEmpty();
        assertThat(kpiProblems(earlier, null)).isNotEmpty();   // the filter did change the figures
        assertThat(consoleErrors()).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#runs tr"))).hasSizeGreaterThan(1);
        assertThat(browser.findElement(By.id("scenarios")).getText()).contains("taux-6").contains("à jour, calculé le");
        assertThat(browser.findElements(By.cssSelector(".card .label"))).extracting(WebElement::getText).startsWith("Coût total", "Coût des bonus");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        // the declarations chart names reasons in French, never a raw code a narrow axis would clip
        new Select(browser.findElement(By.id("year"))).selectByValue(String.valueOf(latest));
        new Select(browser.findElement(By.id("bu"))).selectByValue(DashboardData.ALL);
        String reviewAxis = String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-reviews')).getOption().yAxis[0].data.join('|');"));
        assertThat(reviewAxis.split("\\|")).containsExactlyInAnyOrder("Trop loin pour le mode", "Code postal incohérent");
        assertThat((String) ((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-monthly')).getOption().series.map(function (x) {"
                        + " return String(x.smooth); }).join(',');")).doesNotContain("true");
        // a chart with nothing to draw for the filter says "aucune donnée": every chart's emptiness agrees with its data
        for (int y : years) {
            new Select(browser.findElement(By.id("year"))).selectByValue(String.valueOf(y));
            for (String b : bus) {
                new Select(browser.findElement(By.id("bu"))).selectByValue(b);
                String key = y + "|" + b;
                Object agree = ((JavascriptExecutor) browser).executeScript(
                        "var d = JSON.parse(document.getElementById('data').textContent), k = arguments[0];"
                                + " var empty = !(d.reviews[k] || []).length;"
                                + " var el = document.getElementById('chart-reviews');"
                                + " var g = echarts.getInstanceByDom(el).getOption().graphic;"
                                + " var shown = !!(g && g[0] && g[0].elements && g[0].elements.length);"
                                + " return el.dataset.empty === String(empty) && shown === empty;", key);
                assertThat(agree).as("reviews chart of " + key).isEqualTo(true);
            }
        }
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void the_dashboard_speaks_english_when_the_business_reads_english() throws Exception {
        Map<String, Object> data = withReviews(data());
        open(write(data, "dashboard-en.html", Language.EN));
        assertThat(consoleErrors()).isEmpty();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElements(By.cssSelector(".card .label"))).extracting(WebElement::getText).startsWith("Total cost", "Bonus cost");
        assertThat(browser.findElement(By.id("scenarios")).getText()).contains("taux-6").contains("up to date, computed on")
                .doesNotContain("à jour");
        String reviewAxis = String.valueOf(((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById('chart-reviews')).getOption().yAxis[0].data.join('|');"));
        assertThat(reviewAxis.split("\\|")).containsExactlyInAnyOrder("Too far for the mode", "Postcode mismatch");
        String page = browser.findElement(By.tagName("body")).getText();
        assertThat(page).contains("Cost per BU").contains("Runs, backfills and replays").doesNotContain("Coût").doesNotContain("Exécution ");
        // amounts in the English way: a thousands comma and the euro sign first (fr-FR would write "1 234,56 €")
        String total = browser.findElement(By.cssSelector("[data-kpi='total_cost_eur']")).getText();
        assertThat(total).startsWith("€").contains(",").contains(".");
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_wrong_figure_on_the_page_is_caught() throws Exception {
        Map<String, Object> data = data();
        List<Integer> years = (List<Integer>) data.get("years");
        int latest = years.get(years.size() - 1);
        Map<String, Object> all = ((Map<String, Map<String, Object>>) data.get("kpis")).get(latest + "|" + DashboardData.ALL);
        all.put("total_cost_eur", ((BigDecimal) all.get("total_cost_eur")).add(BigDecimal.ONE));
        open(write(data, "wrong.html"));
        assertThat(kpiProblems(latest, null)).singleElement().asString().startsWith("total_cost_eur: page shows");
    }

    @Test
    void the_command_writes_the_dashboard_of_the_last_gold_and_personal_data_only_when_asked() throws Exception {
        Path reports = lake.resolve("reports");
        com.sportdata.benefits.testing.Commands.Ran ran = com.sportdata.benefits.testing.Commands.run("dashboard", "--lake", lake.toString());
        assertThat(ran.code()).as(ran.all()).isZero();
        String runId = new com.sportdata.benefits.history.RunLedger(spark(), new LakePaths(lake.toString()), "")
                .lastSucceeded(com.sportdata.benefits.history.RunLedger.GOLD_STAGE, List.of("run", "backfill")).orElseThrow().runId();
        String html = Files.readString(reports.resolve("dashboard.html"));
        assertThat(html).contains(runId);
        assertThat(reports.resolve("runs/" + runId + ".html")).exists();
        assertThat(reports.resolve("dashboard-personal.html")).doesNotExist();
        List<String> names = Lakes.read(spark(), lake, Tables.DIM_EMPLOYEE).select("full_name").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(names).as("employee names to look for").isNotEmpty();
        names.forEach(n -> assertThat(html).doesNotContain(n));

        ran = com.sportdata.benefits.testing.Commands.run("dashboard", "--lake", lake.toString(), "--with-personal-data");
        assertThat(ran.code()).as(ran.all()).isZero();
        assertThat(ran.out()).contains("personal data: HR only");
        String personal = Files.readString(reports.resolve("dashboard-personal.html"));
        assertThat(personal).contains("Données personnelles").contains(names.stream().filter(n -> n.matches("[\\p{L} -]+")).findFirst().orElseThrow()).contains(runId);
    }

    @Test
    void the_quality_report_opens_with_what_failed_in_plain_words_with_the_rows_behind_it() throws Exception {
        List<CheckOutcome> outcomes = List.of(
                new CheckOutcome("silver", "employees", "employee_id unique", com.sportdata.benefits.quality.Level.ERROR,
                        CheckOutcome.Status.PASSED, "isUnique(employee_id)", 1.0, null, "the key"),
                new CheckOutcome("gold", "fct_employee_benefits", "bonus recomputed equals stored", com.sportdata.benefits.quality.Level.ERROR,
                        CheckOutcome.Status.FAILED, "satisfies(bonus_eur = …)", 0.98, "98.0 % of the rows satisfy bonus_eur = …; required: every row",
                        "rate × salary", 3L, List.of(Map.of("employee_id", "17", "benefit_year", "2026", "bonus_eur", "1.00"))),
                new CheckOutcome("silver", "activities", "speed plausible", com.sportdata.benefits.quality.Level.WARNING,
                        CheckOutcome.Status.FAILED, "satisfies(kmh <= max)", 0.9, "90.0 % of the rows satisfy kmh <= max; required: every row",
                        "typos in sports", 12L, List.of()));
        QualityReport report = new QualityReport("run-q", outcomes, Map.of(QualityReport.key("gold", "fct_employee_benefits",
                "bonus recomputed equals stored"), List.of(1.0, 1.0)), List.of(new QualityReport.QuarantineCount("silver.activities", "negative distance", 4)));
        Path file = work.resolve("quality.html");
        Files.writeString(file, report.html(Messages.of(Language.EN)));
        open(file);
        assertThat(consoleErrors()).isEmpty();
        List<WebElement> attention = browser.findElements(By.cssSelector("#attention ~ .attention"));
        assertThat(attention).hasSize(2);
        assertThat(attention.get(0).getText()).contains("Error").contains("gold.fct_employee_benefits").contains("bonus recomputed equals stored")
                .contains("98.0 % of the rows satisfy").contains("3 rows fail it").contains("Previous runs (newest first): 1 · 1");
        assertThat(attention.get(0).findElements(By.cssSelector("table.examples td"))).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("17", "2026", "1.00");
        assertThat(attention.get(1).getText()).startsWith("Warning").contains("12 rows fail it");
        // every link goes to a section of the page
        for (WebElement link : browser.findElements(By.cssSelector("a[href^='#']"))) {
            String id = link.getAttribute("href").substring(link.getAttribute("href").indexOf('#') + 1);
            assertThat(browser.findElements(By.id(id))).as(id).hasSize(1);
        }
        assertThat(browser.findElement(By.id("quarantine")).findElement(By.xpath("following-sibling::table")).getText())
                .contains("negative distance");
        assertThat(Files.readString(file)).doesNotContainPattern("(src|href)=\"(https?:)?//");
    }

    @Test
    void the_file_needs_no_network() throws Exception {
        String html = Files.readString(write(data(), "offline.html"));
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").contains("echarts").contains("\"kpis\"");
        assertThat(html.length()).isGreaterThan(1_000_000);   // ECharts inlined
    }
}
