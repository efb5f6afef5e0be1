package com.sportdata.benefits.run;

import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Workbooks;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on a generated company, then again on the same landing (nothing changes), then with
 * unreadable files dropped into landing (each rejected with a clear reason, nothing else disturbed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedPipelineTest extends SparkTest {
    private Path lake;
    private AppConfig config;
    private Generator.Result generated;
    private RunSummary first;
    private RunSummary failed;

    @BeforeAll
    void generateAndRun() {
        lake = newLake("generated");
        config = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30", "generator.employees", "120",
                "generator.seed", "7", "generator.activity-format", "json"));
        generated = new Generator(config).writeLanding(null, null);
        first = new Pipeline(spark(), config).run("run");
    }

    private Dataset<Row> table(TableId id) {
        return Lakes.read(spark(), lake, id);
    }

    @Test
    @Order(1)
    void publishes_every_layer_from_the_generated_files() {
        assertThat(generated.employees()).isEqualTo(120);
        assertThat(generated.activities()).isGreaterThan(1000);
        assertThat(first.ingestion().rejected()).isEmpty();
        assertThat(table(Tables.EMPLOYEES).count()).isEqualTo(120);
        assertThat(table(Tables.STRAVA_ACTIVITIES).count()).isEqualTo(generated.activities());
        assertThat(table(Tables.ACTIVITIES).count() + first.quarantinedRows()).isEqualTo(generated.activities());
        assertThat(first.tables()).allMatch(TableRun::balanced);
        // 12 months of history ending 2026-06-29 cover two calendar years
        assertThat(first.benefitYears()).containsExactly(2025, 2026);
        assertThat(table(Tables.COMMUTE_DISTANCES).filter(col("provider").equalTo("POSTCODE_ESTIMATE")).count()).isPositive();
    }

    @Test
    @Order(1)
    void every_gold_table_powerbi_reads_exists_after_the_first_run_even_without_a_scenario() throws Exception {
        java.util.Set<String> read = new java.util.TreeSet<>();
        try (var files = java.nio.file.Files.list(com.sportdata.benefits.testing.Wrapper.ROOT
                .resolve("powerbi/SportBenefits.SemanticModel/definition/tables"))) {
            for (java.nio.file.Path file : files.toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("gold\\\\(\\w+)").matcher(java.nio.file.Files.readString(file));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertThat(read).contains("fct_employee_benefits", "scenario_comparison", "fct_runs", "fct_quality_checks");
        LakePaths paths = new LakePaths(lake.toString());
        for (String table : read) {
            assertThat(java.nio.file.Path.of(java.net.URI.create(paths.table(new com.sportdata.benefits.catalog.TableId(
                    com.sportdata.benefits.catalog.Layer.GOLD, table)) + "/_delta_log"))).as("gold/" + table).isDirectory();
        }
        assertThat(table(Tables.SCENARIO_COMPARISON).count()).as("no scenario ran: empty").isZero();
        assertThat(table(Tables.SCENARIO_COMPARISON).schema()).isEqualTo(Scenario.COMPARISON_SCHEMA);
    }

    @Test
    @Order(2)
    void gold_agrees_with_an_independent_recomputation() {
        List<Row> rows = table(Tables.FCT_EMPLOYEE_BENEFITS).join(table(Tables.EMPLOYEES), "employee_id").collectAsList();
        for (Row r : rows) {
            BigDecimal salary = r.getAs("gross_salary_eur");
            boolean eligible = r.getAs("is_bonus_eligible");
            assertThat(r.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo(
                    eligible ? salary.multiply(new BigDecimal("0.05")).setScale(2, RoundingMode.HALF_UP) : BigDecimal.ZERO);
            assertThat(r.<Boolean>getAs("is_wellness_eligible")).isEqualTo(r.<Long>getAs("activity_count") >= 15);
            assertThat(r.<Integer>getAs("wellness_days")).isIn(0, 5);
        }
        Map<Integer, Long> activitiesPerYear = new LinkedHashMap<>();
        table(Tables.ACTIVITIES).groupBy("benefit_year").count().collectAsList()
                .forEach(r -> activitiesPerYear.put(r.getInt(0), r.getLong(1)));
        assertThat(first.years()).as("benefit years in the summary").isNotEmpty();
        first.years().forEach(y -> assertThat(y.activities()).isEqualTo(activitiesPerYear.getOrDefault(y.benefitYear(), 0L)));
        BigDecimal fctTotal = table(Tables.FCT_EMPLOYEE_BENEFITS).agg(sum("total_benefit_eur")).first().getDecimal(0);
        BigDecimal kpiTotal = table(Tables.KPI_BENEFITS_BY_PERIOD).agg(sum("total_cost_eur")).first().getDecimal(0);
        assertThat(kpiTotal).isEqualByComparingTo(fctTotal);
    }

    @Test
    @Order(3)
    void a_second_run_on_the_same_landing_changes_nothing() {
        Map<TableId, String> before = fingerprints();
        // this run also ends with the BI export stage (export.after-run): it writes outside the tables, into <lake>/exports
        AppConfig exporting = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30", "export.after-run", "true",
                "export.dashboard", "true"));
        RunSummary second = new Pipeline(spark(), exporting).run("run");
        assertThat(second.stages()).containsEntry("export", "SUCCEEDED");
        // and the quality stage wrote the run's dashboard, the latest and the run's own copy
        assertThat(lake.resolve("reports/dashboard.html")).content().contains(second.runId());
        assertThat(lake.resolve("reports/runs/" + second.runId() + ".html")).exists();
        assertThat(lake.resolve("exports/manifest.json")).content().contains("\"run_id\" : \"" + second.runId() + "\"");
        assertThat(lake.resolve("exports/personal/parquet/fct_employee_benefits")).isDirectory();
        assertThat(second.ingestion().outcomes()).isEmpty();
        assertThat(second.ingestion().alreadyIngested()).isEqualTo(generated.files().size());
        assertThat(fingerprints()).isEqualTo(before);
        assertThat(second.years()).isEqualTo(first.years());
    }

    @Test
    @Order(3)
    void a_quiet_run_completes_what_a_gold_attempt_killed_after_recording_its_years_left_undone() throws Exception {
        // as the crash drill found a lake: the attempt recorded its years (ops/gold_inputs) and died creating the empty
        // scenario table, leaving its folder with an empty log; the next run found nothing new and skipped gold whole
        Path scenario = lake.resolve("gold/scenario_comparison");
        try (var files = java.nio.file.Files.walk(scenario)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        java.nio.file.Files.createDirectories(scenario.resolve("_delta_log/_commits"));
        RunSummary quiet = new Pipeline(spark(), config).run("run");
        assertThat(quiet.stages().get("gold")).startsWith("SKIPPED: nothing new");
        assertThat(table(Tables.SCENARIO_COMPARISON).count()).as("readable again, empty").isZero();
    }

    @Test
    @Order(3)
    void resuming_a_run_that_finished_every_stage_does_nothing_and_succeeds() {
        // a run killed after its last stage left its lock: the runbook says `run --resume`, which must not fail
        com.sportdata.benefits.history.RunLedger ledger = new com.sportdata.benefits.history.RunLedger(spark(),
                new com.sportdata.benefits.catalog.LakePaths(lake.toString()), "");
        String latest = ledger.latestRun("run").orElseThrow();
        int rows = ledger.run(latest).size();
        assertThat(com.sportdata.benefits.cli.Main.execute("run", "--lake", lake.toString(), "--resume", "--set", "spark.master=local[2]"))
                .isZero();
        assertThat(ledger.run(latest)).as("no stage redone").hasSize(rows);
    }

    @Test
    @Order(4)
    void unreadable_files_are_rejected_with_a_clear_reason_and_stay_in_landing() throws Exception {
        Map<TableId, String> before = fingerprints();
        Path landing = lake.resolve("landing");
        Files.writeString(landing.resolve("hr/corrupt.xlsx"), "this is not a workbook");
        Workbooks.write(landing.resolve("hr/missing_column.xlsx"), "Feuille 1",
                Workbooks.HR_HEADERS.subList(0, 10), List.of(List.of(1.0, "A", "B", 30000.0, "Ventes", 44000.0, 40000.0, "CDI", 25.0, "x")));
        Files.writeString(landing.resolve("activities/bank_export.csv"), "Référence;Montant;Libellé\n1;12,50;Café\n");
        Files.writeString(landing.resolve("activities/empty.jsonl"), "");
        Files.writeString(landing.resolve("activities/notes.txt"), "hello");

        // a broken HR delivery fails the run (exit 1) after the other files are read; gold is not published from it
        Pipeline.Result result = new Pipeline(spark(), config).execute(new Pipeline.Request.Whole());
        assertThat(result.failure()).isInstanceOf(com.sportdata.benefits.run.RejectedInput.class)
                .hasMessageContaining("landing/hr/corrupt.xlsx").hasMessageContaining("landing/hr/missing_column.xlsx")
                .hasMessageNotContaining("bank_export.csv");
        RunSummary third = result.summary();
        failed = third;
        Map<String, String> errors = new LinkedHashMap<>();
        third.ingestion().rejected().forEach(o -> errors.put(o.file().name(), o.error()));
        assertThat(errors).containsOnlyKeys("corrupt.xlsx", "missing_column.xlsx", "bank_export.csv", "empty.jsonl", "notes.txt");
        assertThat(errors.get("corrupt.xlsx")).startsWith("not a readable xlsx workbook");
        assertThat(errors.get("missing_column.xlsx")).isEqualTo("missing column(s) [Moyen de déplacement] in sheet 'Feuille 1'");
        assertThat(errors.get("bank_export.csv")).startsWith("activity file not recognised: no column for employee, start, sport");
        assertThat(errors.get("empty.jsonl")).isEqualTo("empty file (0 bytes)");
        assertThat(errors.get("notes.txt")).contains("unknown activity format '.txt'");
        assertThat(third.render()).contains("REJECTED landing/activities/bank_export.csv: activity file not recognised")
                .contains("Status: FAILED in stage ingest");
        assertThat(landing.resolve("hr/corrupt.xlsx")).exists();
        assertThat(table(Tables.INGESTION_LOG).filter(col("status").equalTo("REJECTED")).count()).isEqualTo(5);
        assertThat(fingerprints()).isEqualTo(before);
        // the HR files are fixed (here: withdrawn); the broken activity files alone do not fail a run
        Files.delete(landing.resolve("hr/corrupt.xlsx"));
        Files.delete(landing.resolve("hr/missing_column.xlsx"));
        RunSummary fourth = new Pipeline(spark(), config).run("run");
        assertThat(fourth.ingestion().rejected()).extracting(o -> o.file().name())
                .containsExactlyInAnyOrder("bank_export.csv", "empty.jsonl", "notes.txt");
        // alerted once, by the run that first rejected them; still reported by this one, not alerted again
        assertThat(third.alerts()).anyMatch(a -> a.contains("quality warning: landing.activities / file readable: bank_export.csv"));
        assertThat(fourth.alerts()).noneMatch(a -> a.contains("bank_export.csv"));
        assertThat(fourth.quality().outcomes()).filteredOn(o -> o.layer().equals("landing")).hasSize(3)
                .allSatisfy(o -> assertThat(o.message()).contains("still rejected, already alerted by run " + third.runId()));
    }

    @Test
    @Order(5)
    void a_run_of_one_year_replaces_that_year_only_and_names_itself_in_the_delta_history() {
        Dataset<Row> fct = table(Tables.FCT_EMPLOYEE_BENEFITS);
        String year2025 = Lakes.contentHash(fct.filter(col("benefit_year").equalTo(2025)));
        AppConfig doubled = config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30",
                "pipeline.periods", "[2026]", "rules.bonus.rate", "0.10"));
        RunSummary run = new Pipeline(spark(), doubled).run("run");

        Dataset<Row> after = table(Tables.FCT_EMPLOYEE_BENEFITS);
        assertThat(Lakes.contentHash(after.filter(col("benefit_year").equalTo(2025)))).isEqualTo(year2025);
        assertThat(after.filter(col("benefit_year").equalTo(2026)).select("bonus_rate").distinct().first().getDecimal(0))
                .isEqualByComparingTo("0.10");
        assertThat(run.years()).extracting(RunSummary.YearFigures::benefitYear).containsExactly(2026);
        Row last = io.delta.tables.DeltaTable.forPath(spark(), new com.sportdata.benefits.catalog.LakePaths(lake.toString())
                .table(Tables.FCT_EMPLOYEE_BENEFITS)).history(1).first();
        assertThat(last.<String>getAs("userMetadata")).contains("\"run_id\":\"" + run.runId() + "\"")
                .contains("\"rules_hash\":\"" + doubled.rules().hash() + "\"");
        assertThat(last.<String, String>getJavaMap(last.fieldIndex("operationParameters")).get("predicate"))
                .contains("benefit_year IN (2026)");
    }

    @Test
    @Order(6)
    void each_runs_metrics_equal_its_ledger_and_reach_ops_run_metrics_with_the_pushgateway_down() throws Exception {
        int closed = com.sportdata.benefits.testing.Wrapper.freePort();
        AppConfig withGateway = config(Map.of("lake.root", lake.toString(), "metrics.pushgateway-url", "http://127.0.0.1:" + closed));
        com.sportdata.benefits.catalog.LakePaths paths = new com.sportdata.benefits.catalog.LakePaths(lake.toString());
        com.sportdata.benefits.history.RunLedger ledger = new com.sportdata.benefits.history.RunLedger(spark(), paths, "");
        com.sportdata.benefits.metrics.MetricsPublisher publisher = new com.sportdata.benefits.metrics.MetricsPublisher(spark(), withGateway,
                new TableWriter(spark(), paths), ledger);
        java.time.Instant now = java.time.Instant.parse("2026-06-30T20:00:00Z");

        var down = publisher.publish(new com.sportdata.benefits.metrics.RunMetrics.Context(failed.runId(), "run", 1500,
                failed.ingestion().rejected().size(), 0.25, now));
        assertThat(down.stored()).isTrue();
        assertThat(down.pushProblem()).isEqualTo("connection refused");
        assertThat(down.render()).contains("NOT pushed to http://127.0.0.1:" + closed);
        String latest = ledger.latestRun("run").orElseThrow();
        publisher.publish(new com.sportdata.benefits.metrics.RunMetrics.Context(latest, "run", 0, null, 0.25, now));

        Dataset<Row> metrics = Lakes.read(spark(), lake, Tables.RUN_METRICS);
        java.util.function.BiFunction<String, String, Double> value = (run, where) -> metrics.filter(col("run_id").equalTo(run))
                .filter(where).select("value").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList().stream().reduce((a, b) -> {
                    throw new AssertionError("more than one sample for " + where);
                }).orElseThrow(() -> new AssertionError("no sample for " + where));
        // the failed run: ingest failed on the rejected HR files, five files rejected
        assertThat(value.apply(failed.runId(), "metric = 'sport_benefits_run_success'")).isZero();
        assertThat(value.apply(failed.runId(), "metric = 'sport_benefits_stage_success' AND stage = 'ingest'")).isZero();
        assertThat(value.apply(failed.runId(), "metric = 'sport_benefits_rejected_files'")).isEqualTo(5.0);
        assertThat(value.apply(failed.runId(), "metric = 'sport_benefits_lock_wait_seconds'")).isEqualTo(1.5);
        // the latest run: every stage as the ledger has it, the costs as gold has them
        assertThat(value.apply(latest, "metric = 'sport_benefits_run_success'")).isEqualTo(1.0);
        for (var entry : com.sportdata.benefits.metrics.RunMetrics.latestAttempts(ledger.run(latest))) {
            String stage = "stage = '" + entry.stage() + "'";
            assertThat(value.apply(latest, "metric = 'sport_benefits_stage_rows_out' AND " + stage)).isEqualTo((double) entry.rowsWritten());
            assertThat(value.apply(latest, "metric = 'sport_benefits_stage_rows_in' AND " + stage)).isEqualTo((double) entry.rowsRead());
            assertThat(value.apply(latest, "metric = 'sport_benefits_stage_duration_seconds' AND " + stage)).isEqualTo(entry.millis() / 1000.0);
        }
        assertThat(ledger.run(latest)).extracting(com.sportdata.benefits.history.RunLedger.Entry::stage).contains("gold");
        BigDecimal total2026 = table(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(2026)).agg(sum("total_benefit_eur"))
                .first().getDecimal(0);
        assertThat(value.apply(latest, "metric = 'sport_benefits_cost_eur' AND benefit_year = 2026 AND labels = 'benefit=total'"))
                .isCloseTo(total2026.doubleValue(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(value.apply(latest, "metric = 'sport_benefits_cost_drift_threshold_ratio'")).isEqualTo(0.25);
        assertThat(value.apply(latest, "metric = 'sport_benefits_last_success_timestamp_seconds'"))
                .isEqualTo(ledger.lastSucceeded("notify", List.of("run")).orElseThrow().endedAt().toEpochMilli() / 1000.0);
        assertThat(value.apply(latest, "metric = 'sport_benefits_newest_activity_age_seconds'")).isPositive();
        assertThat(metrics.filter(col("metric").equalTo("sport_benefits_driver_gc_collections_total")).count()).isPositive();
    }

    private Map<TableId, String> fingerprints() {
        Map<TableId, String> hashes = new LinkedHashMap<>();
        for (TableId id : List.of(Tables.HR_EMPLOYEES, Tables.STRAVA_ACTIVITIES, Tables.EMPLOYEES, Tables.ACTIVITIES,
                Tables.COMMUTE_DISTANCES, Tables.FCT_EMPLOYEE_BENEFITS, Tables.KPI_BENEFITS_BY_PERIOD,
                Tables.DECLARATIONS_TO_REVIEW, Tables.DIM_EMPLOYEE, Tables.QUARANTINE)) {
            hashes.put(id, Lakes.contentHash(table(id), "run_id", "_run_id", "computed_at", "quarantined_at"));
        }
        return hashes;
    }
}
