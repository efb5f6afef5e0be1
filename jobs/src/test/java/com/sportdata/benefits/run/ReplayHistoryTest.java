package com.sportdata.benefits.run;

import com.sportdata.benefits.history.PeriodRange;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.history.Vacuum;
import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.landing.XlsxTable;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import com.sportdata.benefits.testing.Workbooks;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reproducible history on a generated company: backfills replace exactly the requested years, a rate change is
 * backfilled with the old figures still readable, an old run replays to the identical result after silver
 * changed, a corrected HR file changes one employee only (or nothing, with the HR data of the time), a
 * scenario leaves official gold alone, and a run whose files were vacuumed refuses to replay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayHistoryTest extends SparkTest {
    private Path lake;
    private Map<String, String> base;
    private RunSummary first;

    @BeforeAll
    void generateAndRun() {
        lake = newLake("replay");
        base = Map.of("lake.root", lake.toString(), "pipeline.as-of-date", "2026-06-30", "generator.employees", "60",
                "generator.seed", "11");
        new Generator(config(base)).writeLanding(null, null);
        first = new Pipeline(spark(), config(base)).run("run");
    }

    private AppConfig config(String... overrides) {
        Map<String, String> all = new HashMap<>(base);
        for (int i = 0; i < overrides.length; i += 2) {
            all.put(overrides[i], overrides[i + 1]);
        }
        return config(all);
    }

    private Dataset<Row> fct() {
        return Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS);
    }

    private String yearHash(int year, String... ignored) {
        return Lakes.contentHash(fct().filter(col("benefit_year").equalTo(year)), ignored);
    }

    private long version(TableId table) {
        return DeltaTable.forPath(spark(), new LakePaths(lake.toString()).table(table)).history(1).first().<Long>getAs("version");
    }

    private Backfill.Result backfill(AppConfig config, String from, String to, String asOf) {
        return new Backfill(spark(), config, new Alerts(), "backfill test").run(PeriodRange.parse(from, to, config.rules().periods()),
                Optional.ofNullable(asOf), "test");
    }

    @Test
    @Order(1)
    void the_ledger_records_every_stage_with_versions_and_parameters() {
        List<RunLedger.Entry> stages = new RunLedger(spark(), new LakePaths(lake.toString()), "").run(first.runId());
        assertThat(stages).extracting(RunLedger.Entry::stage).containsExactly("ingest", "silver", "gold", "quality", "notify");
        // the history is not announced
        assertThat(stages.get(4).detail()).startsWith("0 new activity posts");
        assertThat(stages.get(3).detail()).contains("checks, 0 failed; report ");
        assertThat(stages).allMatch(s -> s.status() == RunLedger.Status.SUCCEEDED);
        RunLedger.Entry gold = stages.get(2);
        assertThat(gold.benefitYears()).containsExactly(2025, 2026);
        assertThat(gold.tablesRead()).containsEntry("silver/employees", 0L).containsKey("silver/activities");
        assertThat(gold.tablesWritten()).containsOnlyKeys("gold/fct_employee_benefits", "gold/kpi_benefits_by_period",
                "gold/declarations_to_review", "gold/kpi_benefits_by_year_bu", "gold/kpi_activities_by_sport", "gold/dim_employee");
        assertThat(gold.rules().get("base")).contains("bonus.rate=0.05");
        assertThat(gold.rulesHash()).isEqualTo(first.rulesHash());
        assertThat(gold.configJson()).contains("\"rate\":0.05").doesNotContain("spark.master");
        assertThat(gold.rowsWritten()).isEqualTo(first.tables().stream().filter(t -> t.table().layer().name().equals("GOLD"))
                .mapToLong(t -> t.rowsOut()).sum());
        assertThat(stages.get(0).rowsWritten()).isEqualTo(first.ingestion().rowsIngested());
    }

    @Test
    @Order(2)
    void a_backfill_of_one_year_leaves_the_others_identical_and_clears_a_year_without_data() {
        // a stale 2005 slice, as if computed once from an HR file that has since been corrected (nobody was hired before 2008)
        Dataset<Row> stale = fct().filter(col("benefit_year").equalTo(2025)).withColumn("benefit_year", lit(2005));
        stale.write().format("delta").mode("append").save(new LakePaths(lake.toString()).table(Tables.FCT_EMPLOYEE_BENEFITS));
        String year2026 = yearHash(2026);
        String year2025 = yearHash(2025, "run_id");
        assertThat(fct().filter(col("benefit_year").equalTo(2005)).count()).isPositive();

        Backfill.Result result = backfill(config(), "2005", "2005", null);
        assertThat(fct().filter(col("benefit_year").equalTo(2005)).count()).isZero();
        assertThat(yearHash(2026)).isEqualTo(year2026);
        assertThat(yearHash(2025, "run_id")).isEqualTo(year2025);
        assertThat(result.changes()).singleElement().satisfies(c -> {
            assertThat(c.rowsAfter()).isZero();
            assertThat(c.contentChanged()).isTrue();
        });

        Backfill.Result same = backfill(config(), "2025-03", "2025-07", null);
        assertThat(same.years()).containsExactly(2025);
        assertThat(same.note()).contains("recomputed whole");
        assertThat(yearHash(2025, "run_id")).isEqualTo(year2025);
        assertThat(yearHash(2026)).isEqualTo(year2026);
        assertThat(same.changes()).singleElement().satisfies(c -> assertThat(c.contentChanged()).isFalse());
    }

    @Test
    @Order(3)
    void a_rate_change_then_a_backfill_shows_the_new_amounts_and_keeps_the_old_version_readable() {
        long before = version(Tables.FCT_EMPLOYEE_BENEFITS);
        String oldContent = Lakes.contentHash(fct());
        Map<String, BigDecimal> oldBonus = bonusByEmployeeYear(fct());

        Backfill.Result result = backfill(config("rules.bonus.rate", "0.10"), "2025", "2026", null);

        Map<String, BigDecimal> newBonus = bonusByEmployeeYear(fct());
        Map<Long, BigDecimal> salaries = salaries();
        assertThat(newBonus).hasSameSizeAs(oldBonus);
        fct().collectAsList().forEach(r -> {
            BigDecimal expected = r.<Boolean>getAs("is_bonus_eligible")
                    ? salaries.get(r.<Long>getAs("employee_id")).multiply(new BigDecimal("0.10")).setScale(2, RoundingMode.HALF_UP)
                    : BigDecimal.ZERO;
            assertThat(r.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo(expected);
        });
        assertThat(newBonus.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(oldBonus.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).multiply(BigDecimal.valueOf(2)));
        // time travel: the version before the backfill still holds the old amounts
        Dataset<Row> previous = spark().read().format("delta").option("versionAsOf", before)
                .load(new LakePaths(lake.toString()).table(Tables.FCT_EMPLOYEE_BENEFITS));
        assertThat(Lakes.contentHash(previous)).isEqualTo(oldContent);
        assertThat(bonusByEmployeeYear(previous)).isEqualTo(oldBonus);
        assertThat(result.versions().get("gold.fct_employee_benefits")).containsExactly(before, before + 1);

        RunLedger ledger = new RunLedger(spark(), new LakePaths(lake.toString()), "");
        List<RunLedger.Entry> recent = ledger.recent(10);
        assertThat(recent).extracting(RunLedger.Entry::runId).contains(first.runId(), result.runId());
        RunLedger.Entry backfillGold = ledger.goldStage(result.runId()).orElseThrow();
        assertThat(backfillGold.command()).isEqualTo("backfill");
        assertThat(backfillGold.rules().get("base")).contains("bonus.rate=0.1;");
        assertThat(ledger.goldStage(first.runId()).orElseThrow().rules().get("base")).contains("bonus.rate=0.05;");
        Row commit = DeltaTable.forPath(spark(), new LakePaths(lake.toString()).table(Tables.FCT_EMPLOYEE_BENEFITS)).history(1).first();
        assertThat(commit.<String>getAs("userMetadata")).contains("\"run_id\":\"" + result.runId() + "\"")
                .contains("\"reason\":\"publish gold.fct_employee_benefits (test)\"").contains("\"silver/employees\":0");
    }

    @Test
    @Order(4)
    void effective_dated_rules_recompute_exactly_the_years_they_change() {
        String year2025 = yearHash(2025, "run_id");
        Backfill.Result result = backfill(config("rules.bonus.rate", "0.10", "rules.changes", "[{from = 2026, bonus.rate = 0.06}]"),
                "2025", "2026", null);
        assertThat(result.changes()).extracting(Backfill.YearChange::contentChanged).containsExactly(false, true);
        assertThat(yearHash(2025, "run_id")).isEqualTo(year2025);
        Map<Long, BigDecimal> salaries = salaries();
        List<Row> eligible = fct().filter(col("benefit_year").equalTo(2026).and(col("is_bonus_eligible"))).collectAsList();
        assertThat(eligible).as("2026 has bonus-eligible employees to check").isNotEmpty();
        eligible.forEach(r ->
                assertThat(r.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo(
                        salaries.get(r.<Long>getAs("employee_id")).multiply(new BigDecimal("0.06")).setScale(2, RoundingMode.HALF_UP)));
        assertThat(fct().filter(col("benefit_year").equalTo(2026)).select("rules_hash").distinct().count()).isOne();
        assertThat(fct().filter(col("benefit_year").equalTo(2026)).select("rules_hash").first().getString(0))
                .isNotEqualTo(fct().filter(col("benefit_year").equalTo(2025)).select("rules_hash").first().getString(0));
    }

    @Test
    @Order(5)
    void a_corrected_salary_changes_only_that_employee_and_period_end_keeps_the_data_of_the_time() throws Exception {
        Row target = fct().filter(col("benefit_year").equalTo(2025).and(col("is_bonus_eligible"))).orderBy("employee_id").first();
        long employee = target.getAs("employee_id");
        BigDecimal oldSalary = salaries().get(employee);
        Map<String, String> before2025 = rowsByEmployee(2025);
        writeCorrectedHr(employee, oldSalary.add(new BigDecimal("12000")));

        // the run that ingests the correction recomputes 2026 only; 2025 waits for a backfill
        AppConfig rates = config("rules.bonus.rate", "0.10", "rules.changes", "[{from = 2026, bonus.rate = 0.06}]");
        Map<String, String> runOverrides = new HashMap<>(base);
        runOverrides.putAll(Map.of("rules.bonus.rate", "0.10", "rules.changes", "[{from = 2026, bonus.rate = 0.06}]",
                "pipeline.periods", "[2026]"));
        new Pipeline(spark(), config(runOverrides)).run("run");
        assertThat(rowsByEmployee(2025)).isEqualTo(before2025);
        assertThat(Lakes.read(spark(), lake, Tables.EMPLOYEES_HISTORY).select("snapshot_seq").distinct().count()).isEqualTo(2);

        backfill(rates, "2025", "2025", null);
        Map<String, String> after2025 = rowsByEmployee(2025);
        List<String> changed = after2025.keySet().stream().filter(k -> !after2025.get(k).equals(before2025.get(k))).toList();
        assertThat(changed).containsExactly(String.valueOf(employee));
        assertThat(fct().filter(col("benefit_year").equalTo(2025).and(col("employee_id").equalTo(employee))).first()
                .<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo(oldSalary.add(new BigDecimal("12000")).multiply(new BigDecimal("0.10"))
                .setScale(2, RoundingMode.HALF_UP));

        // the HR data in force at the end of 2025 (the first file: the correction came later) gives the old figures back
        Map<String, String> periodEnd = new HashMap<>(runOverrides);
        periodEnd.put("pipeline.hr-snapshot", "period-end");
        periodEnd.remove("pipeline.periods");
        backfill(config(periodEnd), "2025", "2025", null);
        assertThat(rowsByEmployee(2025)).isEqualTo(before2025);
        backfill(rates, "2025", "2025", null);
    }

    @Test
    @Order(6)
    void an_old_run_replays_identically_after_silver_changed() {
        // silver.employees changed since the first run (the corrected HR file), and gold was backfilled since
        assertThat(version(Tables.EMPLOYEES)).isPositive();
        Replay.Result result = new Replay(spark(), config(), "replay test").replay(first.runId());
        assertThat(result.identical()).isTrue();
        assertThat(result.tables()).extracting(Replay.TableComparison::table).containsExactlyInAnyOrder("gold.fct_employee_benefits",
                "gold.kpi_benefits_by_period", "gold.declarations_to_review", "gold.kpi_benefits_by_year_bu", "gold.kpi_activities_by_sport",
                "gold.dim_employee");
        assertThat(result.inputs()).containsEntry("silver.employees", 0L);
        // the independent fingerprint agrees: what the first run wrote has the replayed row count
        Replay.TableComparison fctComparison = result.tables().stream().filter(t -> t.table().equals("gold.fct_employee_benefits"))
                .findFirst().orElseThrow();
        Dataset<Row> written = spark().read().format("delta").option("versionAsOf", fctComparison.versionWritten())
                .load(new LakePaths(lake.toString()).table(Tables.FCT_EMPLOYEE_BENEFITS)).filter(col("benefit_year").isin(2025, 2026));
        assertThat(fctComparison.replayed().rows()).isEqualTo(written.count());
        assertThat(written.select("run_id").distinct().collectAsList()).extracting(r -> r.getString(0)).containsExactly(first.runId());
        // no scratch left behind, and the replay is in the ledger
        assertThat(lake.resolve("_replay").toFile().list()).isNullOrEmpty();
        assertThat(new RunLedger(spark(), new LakePaths(lake.toString()), "").run(result.replayRunId()))
                .singleElement().satisfies(e -> {
                    assertThat(e.replayOf()).isEqualTo(first.runId());
                    assertThat(e.status()).isEqualTo(RunLedger.Status.SUCCEEDED);
                });
    }

    @Test
    @Order(7)
    void a_scenario_leaves_official_gold_untouched_and_its_comparison_matches_an_independent_computation() {
        String official = Lakes.contentHash(fct());
        long officialVersion = version(Tables.FCT_EMPLOYEE_BENEFITS);
        Scenario.Result result = new Scenario(spark(), config("rules.bonus.rate", "0.08", "rules.changes", "[]"), "scenario test")
                .run("rate-8");
        assertThat(Lakes.contentHash(fct())).isEqualTo(official);
        assertThat(version(Tables.FCT_EMPLOYEE_BENEFITS)).isEqualTo(officialVersion);

        Map<Long, BigDecimal> salaries = salaries();
        for (int year : List.of(2025, 2026)) {
            List<Row> rows = fct().filter(col("benefit_year").equalTo(year)).collectAsList();
            BigDecimal officialBonus = rows.stream().map(r -> r.<BigDecimal>getAs("bonus_eur")).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal scenarioBonus = rows.stream().filter(r -> r.<Boolean>getAs("is_bonus_eligible"))
                    .map(r -> salaries.get(r.<Long>getAs("employee_id")).multiply(new BigDecimal("0.08")).setScale(2, RoundingMode.HALF_UP))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal wellness = rows.stream().map(r -> r.<BigDecimal>getAs("wellness_value_eur")).reduce(BigDecimal.ZERO, BigDecimal::add);
            long beneficiaries = rows.stream().filter(r -> r.<Boolean>getAs("is_bonus_eligible") || r.<Boolean>getAs("is_wellness_eligible"))
                    .count();
            Map<String, Scenario.Line> all = result.lines().stream().filter(l -> l.benefitYear() == year && l.bu().equals(Scenario.ALL_BUS))
                    .collect(Collectors.toMap(Scenario.Line::measure, l -> l));
            assertThat(all.get("bonus_cost_eur").official()).isEqualByComparingTo(officialBonus);
            assertThat(all.get("bonus_cost_eur").scenario()).isEqualByComparingTo(scenarioBonus);
            assertThat(all.get("bonus_cost_eur").difference()).isEqualByComparingTo(scenarioBonus.subtract(officialBonus));
            assertThat(all.get("total_cost_eur").scenario()).isEqualByComparingTo(scenarioBonus.add(wellness));
            assertThat(all.get("total_cost_eur").ratio()).isEqualByComparingTo(
                    scenarioBonus.add(wellness).divide(officialBonus.add(wellness), 4, RoundingMode.HALF_UP));
            assertThat(all.get("beneficiaries").official()).isEqualByComparingTo(BigDecimal.valueOf(beneficiaries));
            // the BUs add up to ALL
            BigDecimal byBu = result.lines().stream().filter(l -> l.benefitYear() == year && !l.bu().equals(Scenario.ALL_BUS)
                    && l.measure().equals("total_cost_eur")).map(Scenario.Line::scenario).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(byBu).isEqualByComparingTo(all.get("total_cost_eur").scenario());
        }
        assertThat(Lakes.read(spark(), lake, Tables.SCENARIO_COMPARISON).filter(col("scenario").equalTo("rate-8")).count())
                .isEqualTo(result.lines().size());
        assertThat(lake.resolve("scenarios/rate-8/fct_employee_benefits/_delta_log")).isDirectory();
    }

    @Test
    @Order(8)
    void backfill_as_of_reads_silver_as_it_was_and_rejects_a_point_before_the_tables() {
        Backfill.Result result = backfill(config("rules.bonus.rate", "0.10", "rules.changes", "[{from = 2026, bonus.rate = 0.06}]"),
                "2025", "2025", "0");
        assertThat(result.inputs()).containsEntry("silver/employees", 0L).containsEntry("silver/activities", 0L);
        assertThatThrownBy(() -> backfill(config(), "2025", "2025", "2001-01-01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("did not exist yet");
        assertThatThrownBy(() -> backfill(config(), "2025", "2025", "999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no version 999");
        assertThatThrownBy(() -> new Replay(spark(), config(), "").replay("no-such-run"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the run ledger");
    }

    @Test
    @Order(9)
    void vacuum_respects_the_window_and_a_vacuumed_run_refuses_to_replay_clearly() {
        LakePaths paths = new LakePaths(lake.toString());
        assertThatThrownBy(() -> new Vacuum(spark(), paths, 90).run(7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the reproducibility window");
        List<Vacuum.TableResult> removed = new Vacuum(spark(), paths, 0).run(0);
        assertThat(removed).extracting(Vacuum.TableResult::table).contains("gold/fct_employee_benefits", "ops/run_ledger",
                "scenarios/rate-8/fct_employee_benefits");
        assertThat(removed.stream().filter(r -> r.table().equals("gold/fct_employee_benefits")).findFirst().orElseThrow().filesRemoved())
                .isPositive();
        Row detail = DeltaTable.forPath(spark(), paths.table(Tables.FCT_EMPLOYEE_BENEFITS)).detail().first();
        assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
                .containsEntry("delta.deletedFileRetentionDuration", "interval 0 days");
        assertThatThrownBy(() -> new Replay(spark(), config(), "").replay(first.runId()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be replayed")
                .hasMessageContaining("removed by vacuum or purge");
    }

    private Map<String, BigDecimal> bonusByEmployeeYear(Dataset<Row> fct) {
        Map<String, BigDecimal> bonus = new HashMap<>();
        fct.collectAsList().forEach(r -> bonus.put(r.getAs("employee_id") + "/" + r.getAs("benefit_year"), r.getAs("bonus_eur")));
        return bonus;
    }

    private Map<Long, BigDecimal> salaries() {
        Map<Long, BigDecimal> salaries = new HashMap<>();
        Lakes.read(spark(), lake, Tables.EMPLOYEES).collectAsList()
                .forEach(r -> salaries.put(r.getAs("employee_id"), r.getAs("gross_salary_eur")));
        return salaries;
    }

    /** Each employee's row of a year as JSON, run id aside. */
    private Map<String, String> rowsByEmployee(int year) {
        Dataset<Row> rows = fct().filter(col("benefit_year").equalTo(year)).drop("run_id");
        Map<String, String> out = new HashMap<>();
        rows.toJSON().collectAsList().forEach(json -> out.put(json.replaceAll(".*\"employee_id\":(\\d+).*", "$1"), json));
        return out;
    }

    /** The generated HR file again, with one salary corrected, delivered as a new file. */
    private void writeCorrectedHr(long employee, BigDecimal salary) throws Exception {
        Path original;
        try (var files = Files.list(lake.resolve("landing/hr"))) {
            original = files.filter(p -> p.toString().endsWith(".xlsx")).findFirst().orElseThrow();
        }
        XlsxTable table;
        try (InputStream in = Files.newInputStream(original)) {
            table = XlsxTable.read(in, original.getFileName().toString(), BronzeSources.HR_HEADERS);
        }
        int idColumn = BronzeSources.HR_HEADERS.indexOf("ID salarié");
        int salaryColumn = BronzeSources.HR_HEADERS.indexOf("Salaire brut");
        List<List<Object>> rows = new ArrayList<>();
        for (XlsxTable.XlsxRow row : table.rows()) {
            List<Object> values = new ArrayList<>(row.values());
            if (Double.parseDouble(row.values().get(idColumn)) == employee) {
                values.set(salaryColumn, salary.doubleValue());
            }
            rows.add(values);
        }
        Workbooks.write(lake.resolve("landing/hr/DonneesRH_corrected.xlsx"), "RH", BronzeSources.HR_HEADERS, rows);
    }
}
