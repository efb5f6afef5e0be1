package com.sportdata.benefits.register;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.cli.Main;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.testing.Commands;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules register through the command line, on one lake: a run pins the years it publishes, a recorded change
 * (at 10 % for 2025) survives the next ordinary run, a command line that disagrees with the record is refused and
 * writes nothing, and runs from before and after the change replay IDENTICAL. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesOfRecordTest extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    private static final List<TableId> WRITTEN = List.of(Tables.FCT_EMPLOYEE_BENEFITS, Tables.KPI_BENEFITS_BY_PERIOD,
            Tables.ACTIVITIES, Tables.RULES_REGISTER, Tables.RUN_LEDGER);
    private Path lake;
    private TableWriter tables;
    private RunLedger ledger;
    private RulesRegister register;
    private final Map<Integer, BigDecimal> bonusAt5 = new LinkedHashMap<>();
    private String firstRun;
    private String runAfterChange;
    private String changeApplied;
    private byte[] completeHr;
    private long leftOut;

    private int cli(String... args) {
        return Main.execute(withLake(args));
    }

    private Map<Integer, BigDecimal> bonusByYear() {
        Map<Integer, BigDecimal> out = new LinkedHashMap<>();
        for (Row r : tables.read(Tables.FCT_EMPLOYEE_BENEFITS).groupBy("benefit_year").agg(sum("bonus_eur")).orderBy("benefit_year")
                .collectAsList()) {
            out.put(r.getInt(0), r.getDecimal(1));
        }
        return out;
    }

    private Map<TableId, Long> versions() {
        Map<TableId, Long> out = new LinkedHashMap<>();
        WRITTEN.forEach(t -> out.put(t, tables.latestVersion(t)));
        return out;
    }

    @BeforeAll
    void aPublishedLake() {
        lake = newLake("rules-of-record");
        new Generator(config(Map.of("lake.root", lake.toString(), "pipeline.as-of-date", AS_OF, "generator.employees", "60",
                "generator.seed", "11"))).writeLanding(null, null);
        leaveOutOfHr();
        LakePaths paths = new LakePaths(lake.toString());
        tables = new TableWriter(spark(), paths);
        ledger = new RunLedger(spark(), paths, "");
        register = new RulesRegister(spark(), paths);
        assertThat(cli("run", "--as-of", AS_OF)).isZero();
        firstRun = ledger.latestRun("run").orElseThrow();
        bonusAt5.putAll(bonusByYear());
    }

    /**
     * The HR file as first delivered lacks its last employee (whose activities are therefore quarantined until the
     * corrected file of {@link #a_sequence_of_landings_run_by_run_equals_a_full_rebuild} arrives).
     */
    private void leaveOutOfHr() {
        try {
            Path hr;
            try (var files = java.nio.file.Files.list(lake.resolve("landing/hr"))) {
                hr = files.filter(f -> f.toString().endsWith(".xlsx")).findFirst().orElseThrow();
            }
            completeHr = java.nio.file.Files.readAllBytes(hr);
            try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(completeHr))) {
                var sheet = workbook.getSheetAt(0);
                var last = sheet.getRow(sheet.getLastRowNum());
                leftOut = Long.parseLong(new org.apache.poi.ss.usermodel.DataFormatter().formatCellValue(last.getCell(0)).trim());
                sheet.removeRow(last);
                try (var out = java.nio.file.Files.newOutputStream(hr)) {
                    workbook.write(out);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void the_first_publication_pins_every_year_it_computed() {
        RulesRegister.Snapshot now = register.load();
        assertThat(now.version()).isEqualTo(1);
        assertThat(now.years()).containsOnlyKeys(2025, 2026);
        assertThat(now.years().values()).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(RulesRegister.Action.PINNED);
            assertThat(e.runId()).isEqualTo(firstRun);
            assertThat(e.parameters().flat()).containsEntry("rules.bonus.rate", "0.05");
        });
        assertThat(ledger.run(firstRun)).filteredOn(e -> e.stage().equals("gold")).singleElement()
                .extracting(RunLedger.Entry::registerVersion).isEqualTo(1L);
    }

    @Test
    @Order(2)
    void a_dry_run_prices_the_change_and_writes_nothing() {
        Map<TableId, Long> before = versions();
        assertThat(cli("rules", "set", "--from", "2025", "--to", "2025", "--set", "rules.bonus.rate=0.10", "--dry-run")).isZero();
        assertThat(versions()).isEqualTo(before);
        assertThat(cli("rules", "set", "--from", "2025", "--set", "rules.bonus.rate=0.10")).as("a change needs a reason").isEqualTo(2);
        assertThat(cli("rules", "set", "--from", "2025", "--set", "office.latitude=43.7", "--reason", "moved"))
                .as("a lake-wide parameter takes no --from").isEqualTo(2);
        assertThat(cli("rules", "set", "--from", "2025", "--set", "slack.max-attempts=3", "--reason", "x"))
                .as("not a parameter of record").isEqualTo(2);
        assertThat(versions()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void a_recorded_change_is_applied_and_an_ordinary_run_keeps_it() {
        assertThat(cli("rules", "set", "--from", "2025", "--to", "2025", "--set", "rules.bonus.rate=0.10", "--reason", "board decision"))
                .isZero();
        RulesRegister.Snapshot now = register.load();
        assertThat(now.version()).isEqualTo(2);
        RulesRegister.Entry changed = now.year(2025).orElseThrow();
        assertThat(changed.action()).isEqualTo(RulesRegister.Action.CHANGED);
        assertThat(changed.reason()).isEqualTo("board decision");
        assertThat(changed.changedKeys()).isEqualTo("rules.bonus.rate");
        assertThat(changed.parameters().flat()).containsEntry("rules.bonus.rate", "0.1");
        assertThat(now.year(2026).orElseThrow().version()).isEqualTo(1);
        String backfill = ledger.latestRun("backfill").orElseThrow();
        changeApplied = backfill;
        assertThat(changed.runId()).isEqualTo(backfill);
        assertDoubled();

        assertThat(cli("run", "--as-of", AS_OF)).isZero();
        runAfterChange = ledger.latestRun("run").orElseThrow();
        assertThat(runAfterChange).isNotEqualTo(firstRun);
        assertDoubled();
        assertThat(ledger.run(runAfterChange)).allSatisfy(e -> assertThat(e.registerVersion()).isEqualTo(2L));
        assertThat(ledger.run(backfill)).filteredOn(e -> e.stage().equals("gold")).singleElement()
                .extracting(RunLedger.Entry::registerVersion).isEqualTo(2L);
        assertThat(com.sportdata.benefits.history.RunsView.list(ledger.recent(5))).contains(" v2 ").contains(" v1 ");
        oneHashPerYear(backfill);
    }

    /** One rules hash per year: gold's rows, the register, the ledger of the backfill that applied the change, `runs`. */
    private void oneHashPerYear(String backfill) {
        for (int year : List.of(2025, 2026)) {
            List<String> gold = tables.read(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(year))
                    .select("rules_hash").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
            assertThat(gold).as("gold " + year).singleElement().isEqualTo(register.load().year(year).orElseThrow().parameters().hash());
        }
        String hash2025 = register.load().year(2025).orElseThrow().parameters().hash();
        assertThat(ledger.run(backfill)).filteredOn(e -> e.stage().equals("gold")).singleElement()
                .satisfies(e -> assertThat(e.rulesHash()).isEqualTo(hash2025));
        assertThat(com.sportdata.benefits.register.RegisterView.render(register.history(), config(Map.of("lake.root", lake.toString())))).contains(hash2025);
        // the ordinary run after the change changed nothing: its years keep their hashes
        String hash2026 = register.load().year(2026).orElseThrow().parameters().hash();
        assertThat(ledger.run(runAfterChange)).filteredOn(e -> e.stage().equals("gold")).singleElement()
                .satisfies(e -> assertThat(e.rulesHash()).isEqualTo("2025:" + hash2025 + ",2026:" + hash2026));
        assertThat(ledger.run(firstRun)).filteredOn(e -> e.stage().equals("gold")).singleElement()
                .satisfies(e -> assertThat(e.rulesHash()).contains("2026:" + hash2026));
        // the dashboard's header names each year's rules as gold carries them (written by the backfill, not only its year)
        try {
            assertThat(java.nio.file.Files.readString(lake.resolve("reports/dashboard.html")))
                    .contains("<b id=\"rules-hash\">2025:" + hash2025 + ",2026:" + hash2026 + "</b>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertDoubled() {
        Map<Integer, BigDecimal> now = bonusByYear();
        assertThat(now.get(2025)).isEqualByComparingTo(bonusAt5.get(2025).multiply(BigDecimal.valueOf(2)));
        assertThat(now.get(2026)).isEqualByComparingTo(bonusAt5.get(2026));
        assertThat(bonusAt5.get(2025)).isPositive();
    }

    @Test
    @Order(4)
    void a_command_line_that_disagrees_with_the_record_is_refused_and_writes_nothing() {
        Map<TableId, Long> before = versions();
        Commands.Ran refused = Commands.run(withLake("run", "--as-of", AS_OF, "--set", "rules.bonus.rate=0.07"));
        assertThat(refused.code()).isEqualTo(2);
        // the command it suggests, pasted as printed (with --dry-run, as it suggests too, to keep the record): it runs
        String suggested = refused.err().lines().filter(l -> l.trim().startsWith("scripts/sport-benefits rules set")).findFirst().orElseThrow();
        Commands.Ran dryRun = Commands.pasted("`" + suggested.trim() + " --dry-run`");
        assertThat(dryRun.code()).as(dryRun.all()).isZero();
        assertThat(dryRun.out()).contains("2026");
        assertThat(cli("backfill", "--from", "2026", "--to", "2026", "--set", "rules.bonus.rate=0.07")).isEqualTo(2);
        assertThat(cli("run", "--as-of", AS_OF, "--hr-snapshot", "period-end")).as("lake-wide").isEqualTo(2);
        assertThat(versions()).isEqualTo(before);
        // agreeing with the record is fine: a scenario is a what-if and never touches the register
        assertThat(cli("scenario", "--name", "seven", "--set", "rules.bonus.rate=0.07")).isZero();
        assertThat(register.load().version()).isEqualTo(2);
        assertThat(tables.read(Tables.SCENARIO_COMPARISON).filter(col("scenario").equalTo("seven").and(col("bu").equalTo("ALL"))
                .and(col("measure").equalTo("bonus_cost_eur")).and(col("benefit_year").equalTo(2026))).first().<BigDecimal>getAs("ratio"))
                .isEqualByComparingTo("1.4");
    }

    @Test
    @Order(5)
    void runs_from_before_and_after_the_change_replay_identical() {
        assertThat(cli("replay", "--run", firstRun)).isZero();
        assertThat(cli("replay", "--run", changeApplied)).as("the backfill that applied the change").isZero();
        // the ordinary run after the change found every year up to date: it wrote no gold, so there is nothing to replay
        assertThat(ledger.run(runAfterChange)).filteredOn(e -> e.stage().equals("gold")).singleElement()
                .extracting(RunLedger.Entry::status).isEqualTo(RunLedger.Status.SKIPPED);
        assertThat(cli("rules")).isZero();
        assertThat(register.load().version()).as("a replay records nothing").isEqualTo(2);
    }

    @Test
    @Order(6)
    void a_run_with_nothing_new_rewrites_no_table_and_says_why() {
        List<TableId> layers = List.of(Tables.HR_EMPLOYEES, Tables.ACTIVITIES_CSV, Tables.INGESTION_LOG, Tables.EMPLOYEES, Tables.ACTIVITIES,
                Tables.COMMUTE_DISTANCES, Tables.QUARANTINE, Tables.FCT_EMPLOYEE_BENEFITS, Tables.KPI_BENEFITS_BY_PERIOD,
                Tables.DIM_EMPLOYEE, Tables.DECLARATIONS_TO_REVIEW);
        // the runs and backfill above left every layer up to date (replays and scenarios write elsewhere)
        Map<TableId, Long> before = new LinkedHashMap<>();
        layers.forEach(t -> before.put(t, tables.latestVersion(t)));

        assertThat(cli("run", "--as-of", AS_OF)).isZero();
        String quiet = ledger.latestRun("run").orElseThrow();
        Map<TableId, Long> after = new LinkedHashMap<>();
        layers.forEach(t -> after.put(t, tables.latestVersion(t)));
        assertThat(after).isEqualTo(before);
        List<RunLedger.Entry> stages = ledger.run(quiet);
        assertThat(stages).filteredOn(e -> e.stage().equals("silver") || e.stage().equals("gold")).hasSize(2).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(RunLedger.Status.SKIPPED);
            assertThat(e.detail()).startsWith("nothing new");
            assertThat(e.tablesWritten()).isEmpty();
        });
        assertThat(stages).extracting(RunLedger.Entry::stage).contains("ingest", "quality", "notify");
        assertThat(bonusByYear().get(2025)).isEqualByComparingTo(bonusAt5.get(2025).multiply(BigDecimal.valueOf(2)));
    }

    @Test
    @Order(7)
    void one_new_day_recomputes_only_its_benefit_year_and_equals_a_full_rebuild() throws Exception {
        Map<Integer, String> inputsBefore = goldInputRuns();
        long fctBefore = tables.latestVersion(Tables.FCT_EMPLOYEE_BENEFITS);
        new Generator(config(Map.of("lake.root", lake.toString(), "generator.seed", "11"))).writeDay(12, java.time.LocalDate.parse(AS_OF));

        assertThat(cli("run", "--as-of", AS_OF)).isZero();
        String incremental = ledger.latestRun("run").orElseThrow();
        RunLedger.Entry gold = ledger.run(incremental).stream().filter(e -> e.stage().equals("gold")).findFirst().orElseThrow();
        assertThat(gold.status()).isEqualTo(RunLedger.Status.SUCCEEDED);
        assertThat(gold.benefitYears()).containsExactly(2026);
        assertThat(gold.detail()).contains("kept as they are: [2025]").contains("dim_employee unchanged");
        Map<Integer, String> inputsAfter = goldInputRuns();
        assertThat(inputsAfter.get(2025)).as("2025 was not recomputed").isEqualTo(inputsBefore.get(2025));
        assertThat(inputsAfter.get(2026)).isEqualTo(incremental);
        long fctAfter = tables.latestVersion(Tables.FCT_EMPLOYEE_BENEFITS);
        assertThat(fctAfter).isEqualTo(fctBefore + 1);
        assertThat(filesTouched(Tables.FCT_EMPLOYEE_BENEFITS, fctAfter)).isNotEmpty()
                .allSatisfy(path -> assertThat(path).as("only 2026's files are rewritten").startsWith("benefit_year=2026/"));
        Row merge = lastCommit(Tables.ACTIVITIES);
        assertThat(merge.<String>getAs("operation")).isEqualTo("MERGE");
        Map<String, String> metrics = merge.getJavaMap(merge.fieldIndex("operationMetrics"));
        assertThat(metrics).as("the new day's rows, nothing else").containsEntry("numTargetRowsInserted", "12")
                .containsEntry("numTargetRowsUpdated", "0").containsEntry("numTargetRowsDeleted", "0");
    }

    /**
     * Incremental equals full: after the new day above, a corrected HR file that adds the employee whose activities
     * were quarantined, a late activity for last year and a file superseding an activity, each run by run; then every
     * silver and gold table equals what {@code run --full} rebuilds from the same bronze.
     */
    @Test
    @Order(8)
    void a_sequence_of_landings_run_by_run_equals_a_full_rebuild() throws Exception {
        long quarantinedBefore = quarantinedFor(leftOut);
        assertThat(quarantinedBefore).as("the employee missing from HR has quarantined activities").isPositive();
        java.nio.file.Files.write(lake.resolve("landing/hr/DonneesRH_corrected.xlsx"), completeHr);
        assertThat(cli("run", "--as-of", AS_OF)).isZero();
        String corrected = ledger.latestRun("run").orElseThrow();
        assertThat(quarantinedFor(leftOut)).as("a late HR correction loses nothing").isZero();
        assertThat(tables.read(Tables.ACTIVITIES).filter(col("employee_id").equalTo(leftOut)).count()).isEqualTo(quarantinedBefore);
        Dataset<Row> released = tables.read(Tables.QUARANTINE_RELEASES).filter(col("released_by_run").equalTo(corrected));
        assertThat(released.count()).as("the quarantine records the release").isEqualTo(quarantinedBefore);
        assertThat(released.filter(exists(col("reasons"), r -> r.contains("is not in the HR file"))).count()).isEqualTo(quarantinedBefore);

        Path activities = lake.resolve("landing/activities");
        String header = "ID,ID salarié,Date de début de l'activité,Type,Distance (m),Date de fin de l'activité,Commentaire\n";
        java.nio.file.Files.writeString(activities.resolve("late_2025.csv"),
                header + "LATE-2025-1," + leftOut + ",2025-11-15 03:10:00,Course à pied,5000,2025-11-15 03:40:00,tardive\n");
        long fct2026 = versionOfYear(2026);
        assertThat(cli("run", "--as-of", AS_OF)).isZero();
        assertThat(tables.read(Tables.ACTIVITIES).filter(col("activity_id").equalTo("LATE-2025-1")).count()).isOne();
        assertThat(goldInputRuns().get(2026)).as("a late 2025 activity leaves 2026 as it was").isEqualTo(corrected);
        assertThat(versionOfYear(2026)).isEqualTo(fct2026);

        Row old = tables.read(Tables.ACTIVITIES_CSV).filter(col("employee_id").equalTo(String.valueOf(leftOut))
                .and(col("distance_m").isNotNull())).orderBy("id").first();
        java.nio.file.Files.writeString(activities.resolve("superseding.csv"), header + String.join(",", old.<String>getAs("id"),
                old.<String>getAs("employee_id"), old.<String>getAs("start_date"), old.<String>getAs("type"), "1234",
                old.<String>getAs("end_date"), "corrigée") + "\n");
        assertThat(cli("run", "--as-of", AS_OF)).isZero();
        assertThat(tables.read(Tables.ACTIVITIES).filter(col("activity_id").equalTo(old.<String>getAs("id"))).select("distance_m")
                .as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList()).containsExactly(1234.0);

        Map<TableId, String> incremental = content();
        Map<Integer, BigDecimal> bonus = bonusByYear();
        assertThat(bonus.get(2025)).as("the added employee counts in 2025, at the recorded rate")
                .isGreaterThan(bonusAt5.get(2025).multiply(BigDecimal.valueOf(2)));
        long silverBefore = tables.latestVersion(Tables.ACTIVITIES);
        long fctBefore = tables.latestVersion(Tables.FCT_EMPLOYEE_BENEFITS);
        assertThat(cli("run", "--as-of", AS_OF, "--full")).isZero();
        assertThat(tables.latestVersion(Tables.ACTIVITIES)).as("--full rebuilds silver").isGreaterThan(silverBefore);
        assertThat(tables.latestVersion(Tables.FCT_EMPLOYEE_BENEFITS)).as("and gold").isGreaterThan(fctBefore);
        Map<TableId, String> full = content();
        assertThat(incremental).as("tables compared").isNotEmpty();
        incremental.forEach((table, hash) -> assertThat(full.get(table)).as("incremental = full for " + table).isEqualTo(hash));
        assertThat(bonusByYear()).as("--full keeps the parameters of record").isEqualTo(bonus);
    }

    /**
     * A lake-wide parameter (a detour factor: silver computes commute distances once for every year) is recorded for
     * every year of record and applied by a whole run: every estimated bicycle distance moves by the new factor over
     * the old one (the cached estimates are replaced, not kept). The next ordinary run keeps it (the defaults in conf/
     * still say 1.2): nothing new, nothing rewritten.
     */
    @Test
    @Order(9)
    void a_lake_wide_change_is_applied_by_a_whole_run_and_kept_by_the_next() {
        Map<String, Double> before = bicycleEstimates();
        assertThat(before).as("generated addresses are estimated from their commune").isNotEmpty();
        long versionBefore = register.load().version();
        assertThat(cli("rules", "set", "--set", "commute.detour-factors.BICYCLE=3.0", "--reason", "bike routes are longer")).isZero();
        RulesRegister.Snapshot now = register.load();
        assertThat(now.version()).isEqualTo(versionBefore + 1);
        String applying = ledger.latestRun("run").orElseThrow();
        assertThat(now.years()).containsOnlyKeys(2025, 2026);
        assertThat(now.years().values()).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(RulesRegister.Action.CHANGED);
            assertThat(e.changedKeys()).isEqualTo("commute.detour-factors.BICYCLE");
            assertThat(e.runId()).isEqualTo(applying);
            assertThat(Double.parseDouble(e.parameters().flat().get("commute.detour-factors.BICYCLE"))).isEqualTo(3.0);
        });
        Map<String, Double> after = bicycleEstimates();
        assertThat(after.keySet()).isEqualTo(before.keySet()).isNotEmpty();
        before.forEach((address, km) -> assertThat(after.get(address)).as(address).isCloseTo(km * 3.0 / 1.2, org.assertj.core.data.Offset.offset(0.02)));

        Map<TableId, Long> versionsBefore = versions();
        String quarantineBefore = com.sportdata.benefits.testing.Lakes.contentHash(tables.read(Tables.QUARANTINE), "run_id", "quarantined_at");
        Commands.Ran kept = Commands.run(withLake("run", "--as-of", AS_OF));
        assertThat(kept.code()).as(kept.all()).isZero();
        // the values of record were set on purpose (2025's rate, the detour factor): no note inviting their reversal
        assertThat(kept.out()).doesNotContain("Note:");
        String next = ledger.latestRun("run").orElseThrow();
        // the run that applied the change computed as of today; this one, as of AS_OF, recomputes the tables that depend
        // on the date and finds them equal: none is rewritten (their quarantine rows are replaced by the same rows), each
        // gets a commit without data naming this run's inputs and date, so the next run as of AS_OF keeps it
        List<RunLedger.Entry> stages = ledger.run(next);
        com.sportdata.benefits.catalog.DeltaRows log = new com.sportdata.benefits.catalog.DeltaRows(spark().sparkContext().hadoopConfiguration());
        RunLedger.Entry silver = stages.stream().filter(e -> e.stage().equals("silver")).findFirst().orElseThrow();
        silver.tablesWritten().forEach((table, version) -> {
            if (!table.equals("silver/quarantine")) {
                String path = lake.resolve(table).toString();
                assertThat(log.files(path, version)).as(table + ": no file rewritten").containsExactlyInAnyOrderElementsOf(log.files(path, version - 1));
                assertThat(tables.lineage(new TableId(com.sportdata.benefits.catalog.Layer.SILVER, table.substring("silver/".length()))))
                        .get().satisfies(l -> {
                            assertThat(l.runId()).isEqualTo(next);
                            assertThat(l.asOfDate()).isEqualTo(java.time.LocalDate.parse(AS_OF));
                        });
            }
        });
        assertThat(com.sportdata.benefits.testing.Lakes.contentHash(tables.read(Tables.QUARANTINE), "run_id", "quarantined_at"))
                .isEqualTo(quarantineBefore);
        assertThat(stages).filteredOn(e -> e.stage().equals("gold")).singleElement()
                .extracting(RunLedger.Entry::status).isEqualTo(RunLedger.Status.SKIPPED);
        assertThat(bicycleEstimates()).isEqualTo(after);
        assertThat(register.load().version()).isEqualTo(now.version());
        Map<TableId, Long> versionsAfter = versions();
        versionsAfter.remove(Tables.RUN_LEDGER);
        versionsBefore.remove(Tables.RUN_LEDGER);
        versionsAfter.remove(Tables.ACTIVITIES);
        assertThat(log.files(lake.resolve("silver/activities").toString()))
                .containsExactlyInAnyOrderElementsOf(log.files(lake.resolve("silver/activities").toString(), versionsBefore.remove(Tables.ACTIVITIES)));
        assertThat(versionsAfter).isEqualTo(versionsBefore);

        // and the next run as of AS_OF keeps every silver table: nothing recomputed, nothing committed
        Commands.Ran quiet = Commands.run(withLake("run", "--as-of", AS_OF));
        assertThat(quiet.code()).as(quiet.all()).isZero();
        assertThat(ledger.run(ledger.latestRun("run").orElseThrow())).filteredOn(e -> e.stage().equals("silver")).singleElement()
                .extracting(RunLedger.Entry::status).isEqualTo(RunLedger.Status.SKIPPED);
    }

    /**
     * The defaults in conf/ edited after publication: each command says which years keep their value of record, until
     * that exact difference is acknowledged with the command it suggests (pasted as printed, in the same environment).
     */
    @Test
    @Order(10)
    void edited_defaults_are_said_until_acknowledged_and_said_again_when_they_change() throws Exception {
        Path defaults = lake.resolveSibling("edited-defaults.conf");
        java.nio.file.Files.writeString(defaults, "rules.wellness.days = 6\n");
        Map<String, String> environment = Map.of(com.sportdata.benefits.config.ConfigLoader.DEFAULTS_ENV, defaults.toString());
        Commands.Ran run = Commands.run(environment, withLake("run", "--as-of", AS_OF));
        assertThat(run.code()).as(run.all()).isZero();
        String note = run.out().lines().filter(l -> l.startsWith("Note: ")).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(note).contains("years [2025, 2026] keep their parameters of record").contains("rules.wellness.days = 5 of record, 6 in the"
                + " defaults");
        Commands.Ran ack = Commands.pasted(environment, note.substring(note.indexOf("to keep them")));
        assertThat(ack.code()).as(ack.all()).isZero();
        assertThat(ack.out()).contains("acknowledged: rules.wellness.days: years [2025, 2026] keep 5 of record (6 in the defaults)")
                .contains("1 acknowledgement recorded");
        assertThat(tables.read(Tables.ACKNOWLEDGEMENTS).filter(col("kind").equalTo("RULES_DEFAULT")).count()).isEqualTo(1);

        Commands.Ran quiet = Commands.run(environment, withLake("run", "--as-of", AS_OF));
        assertThat(quiet.code()).as(quiet.all()).isZero();
        assertThat(quiet.out()).doesNotContain("Note:");
        assertThat(Commands.run(environment, withLake("rules", "ack", "--reason", "again")).out()).startsWith("nothing to acknowledge");
        // another value in the defaults is something new: said again (here: `rules ack` finds it to acknowledge)
        java.nio.file.Files.writeString(defaults, "rules.wellness.days = 7\n");
        Commands.Ran changed = Commands.run(environment, withLake("rules", "ack"));
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.err()).contains("needs --reason");
        assertThat(register.load().years().values()).allSatisfy(e -> assertThat(e.parameters().flat()).containsEntry("rules.wellness.days", "5"));
    }

    private String[] withLake(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--lake", lake.toString(), "--master", "local[2]", "--set", "spark.shuffle-partitions=2"));
        return all.toArray(String[]::new);
    }

    private Map<String, Double> bicycleEstimates() {
        Map<String, Double> out = new java.util.TreeMap<>();
        tables.read(Tables.COMMUTE_DISTANCES).filter(col("travel_mode").equalTo("BICYCLE").and(col("provider").equalTo("POSTCODE_ESTIMATE")))
                .select("address_key", "distance_km").collectAsList().forEach(r -> out.put(r.getString(0), r.getDouble(1)));
        return out;
    }

    /**
     * The content of every silver and gold table a full rebuild recomputes, without the columns that say which run
     * computed a row or when (per table; bronze lineage columns such as {@code _run_id} are the same either way).
     */
    private Map<TableId, String> content() {
        Map<TableId, List<String>> notContent = new LinkedHashMap<>();
        for (TableId t : List.of(Tables.EMPLOYEES, Tables.EMPLOYEES_HISTORY, Tables.SPORT_DECLARATIONS, Tables.POSTCODES,
                Tables.ACTIVITIES, Tables.COMMUTE_DISTANCES, Tables.INT_ACTIVITIES_PER_EMPLOYEE_YEAR)) {
            notContent.put(t, List.of());
        }
        notContent.put(Tables.QUARANTINE, List.of("run_id", "quarantined_at"));
        for (TableId t : List.of(Tables.FCT_EMPLOYEE_BENEFITS, Tables.KPI_BENEFITS_BY_PERIOD, Tables.DECLARATIONS_TO_REVIEW,
                Tables.DIM_EMPLOYEE)) {
            notContent.put(t, List.of("run_id", "computed_at"));
        }
        Map<TableId, String> out = new LinkedHashMap<>();
        notContent.forEach((t, ignored) -> out.put(t, com.sportdata.benefits.testing.Lakes.contentHash(tables.read(t),
                ignored.toArray(String[]::new))));
        return out;
    }

    private long quarantinedFor(long employee) {
        return tables.read(Tables.QUARANTINE).filter(col("target_table").equalTo("silver.activities")
                .and(col("row_as_received").contains("\"" + employee + "\""))).count();
    }

    /** The Delta version of fct_employee_benefits that last wrote the year's files. */
    private long versionOfYear(int year) throws java.io.IOException {
        long latest = tables.latestVersion(Tables.FCT_EMPLOYEE_BENEFITS);
        for (long v = latest; v >= 0; v--) {
            if (filesTouched(Tables.FCT_EMPLOYEE_BENEFITS, v).stream().anyMatch(p -> p.startsWith("benefit_year=" + year + "/"))) {
                return v;
            }
        }
        return -1;
    }

    private Row lastCommit(TableId table) {
        return io.delta.tables.DeltaTable.forPath(spark(), new LakePaths(lake.toString()).table(table)).history(1).first();
    }

    private Map<Integer, String> goldInputRuns() {
        Map<Integer, String> out = new java.util.TreeMap<>();
        tables.read(Tables.GOLD_INPUTS).collectAsList().forEach(r -> out.put(r.getAs("benefit_year"), r.getAs("run_id")));
        return out;
    }

    private Map<TableId, String> goldContent() {
        Map<TableId, String> out = new LinkedHashMap<>();
        for (TableId t : List.of(Tables.FCT_EMPLOYEE_BENEFITS, Tables.KPI_BENEFITS_BY_PERIOD, Tables.DECLARATIONS_TO_REVIEW,
                Tables.DIM_EMPLOYEE)) {
            out.put(t, com.sportdata.benefits.testing.Lakes.contentHash(tables.read(t), "run_id"));
        }
        return out;
    }

    /** Paths of the files a Delta commit added or removed. */
    private List<String> filesTouched(TableId table, long version) throws java.io.IOException {
        Path commit = Path.of(java.net.URI.create(new LakePaths(lake.toString()).table(table))).resolve("_delta_log")
                .resolve(String.format("%020d.json", version));
        List<String> paths = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : java.nio.file.Files.readAllLines(commit)) {
            com.fasterxml.jackson.databind.JsonNode action = json.readTree(line);
            for (String kind : List.of("add", "remove")) {
                if (action.has(kind)) {
                    paths.add(java.net.URLDecoder.decode(action.get(kind).get("path").asText(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return paths;
    }
}
