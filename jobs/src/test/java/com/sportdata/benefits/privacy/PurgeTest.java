package com.sportdata.benefits.privacy;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.testing.Commands;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention of personal data ({@code purge}, issue #28): a company whose first HR file was superseded by a corrected one,
 * with a rejected HR row, two benefit years and a BI snapshot; purged with a horizon of 0 years (everything superseded
 * or ended is past it). What must go goes from the tables and from every file of their Delta history; what must stay
 * stays (the current snapshot, the current year, every aggregate); a replay or backfill that needs the purged data is
 * refused, naming the purge; a run after the purge is replayable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PurgeTest extends SparkTest {
    private static final String AS_OF = "2026-06-30";
    /** Only the superseded HR file holds these: the purge must leave none of them anywhere. */
    private static final String OLD_NAME = "Effacéedemain";
    private static final String REJECTED_NAME = "Quarantaine";
    private static final String NOW = "lake.retention.personal-data-years=0";

    private Path lake;
    private String firstRun;
    private String kpiBefore;
    private String year2026Before;
    private long currentSnapshotRows;
    private String dryRunOutput;

    @BeforeAll
    void company() throws Exception {
        lake = newLake("purge");
        AppConfig config = config(Map.of("lake.root", lake.toString(), "generator.employees", "30", "generator.seed", "23",
                "pipeline.as-of-date", AS_OF));
        new Generator(config).writeLanding(null, null);
        Path hr = only(lake.resolve("landing/hr"));
        Path corrected = hr.resolveSibling("DonneesRH_corrected.xlsx");
        Files.copy(hr, corrected);
        // the first delivery: one employee under a misspelt name, and a row with a negative salary (quarantined)
        edit(hr);
        Files.move(corrected, lake.resolve("corrected.xlsx"));
        firstRun = runId(run("run", "--as-of", AS_OF));
        // the corrected delivery supersedes it
        Files.move(lake.resolve("corrected.xlsx"), corrected);
        run("run", "--as-of", AS_OF);
        run("export");
        kpiBefore = hash(Tables.KPI_BENEFITS_BY_YEAR_BU);
        year2026Before = Lakes.contentHash(read(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(2026)), "run_id");
        currentSnapshotRows = read(Tables.EMPLOYEES_HISTORY).filter(col("is_current")).count();
    }

    @Test
    @Order(1)
    void before_the_purge_the_superseded_file_and_both_years_are_everywhere() throws Exception {
        assertThat(valuesIn(Tables.HR_EMPLOYEES)).contains(OLD_NAME);
        assertThat(valuesIn(Tables.EMPLOYEES_HISTORY)).contains(OLD_NAME);
        assertThat(valuesIn(Tables.QUARANTINE)).contains(REJECTED_NAME);
        assertThat(valuesIn(Tables.FCT_EMPLOYEE_BENEFITS)).contains("\"benefit_year\":2025");
        assertThat(read(Tables.FCT_EMPLOYEE_BENEFITS).select("benefit_year").distinct().as(org.apache.spark.sql.Encoders.INT()).collectAsList())
                .containsExactlyInAnyOrder(2025, 2026);
        assertThat(read(Tables.EMPLOYEES_HISTORY).filter(col("is_current").equalTo(false)).count()).isPositive();
    }

    @Test
    @Order(2)
    void a_dry_run_counts_and_changes_nothing() throws Exception {
        long bronze = read(Tables.HR_EMPLOYEES).count();
        long version = new com.sportdata.benefits.pipeline.TableWriter(spark(), new LakePaths(lake.toString())).latestVersion(Tables.HR_EMPLOYEES);
        Commands.Ran dry = Commands.run(args("purge", "--dry-run", "--set", NOW));
        assertThat(dry.code()).as(dry.err()).isZero();
        dryRunOutput = dry.out();
        assertThat(dry.out()).contains("dry run").contains("landing/hr/" + only(lake.resolve("landing/hr"), "DonneesRH_synthetic").getFileName())
                .contains("Nothing changed");
        assertThat(rowsPurged(dry.out(), "bronze.hr__employees")).isEqualTo(bronze - currentSnapshotRows);
        assertThat(rowsPurged(dry.out(), "gold.fct_employee_benefits")).isEqualTo(read(Tables.FCT_EMPLOYEE_BENEFITS)
                .filter(col("benefit_year").equalTo(2025)).count());
        assertThat(read(Tables.HR_EMPLOYEES).count()).isEqualTo(bronze);
        assertThat(new com.sportdata.benefits.pipeline.TableWriter(spark(), new LakePaths(lake.toString())).latestVersion(Tables.HR_EMPLOYEES))
                .isEqualTo(version);
        try (Stream<Path> files = Files.list(lake.resolve("landing/hr"))) {
            assertThat(files.count()).isEqualTo(2);
        }
    }

    @Test
    @Order(3)
    void the_purge_removes_what_aged_from_the_tables_their_history_and_the_landing_zone() throws Exception {
        Commands.Ran purge = Commands.run(args("purge", "--set", NOW));
        assertThat(purge.code()).as(purge.out() + purge.err()).isZero();
        assertThat(purge.out()).contains("Purge: removed").contains("exported again");
        // the same counts as the dry run announced
        for (String table : List.of("bronze.hr__employees", "silver.employees_history", "gold.fct_employee_benefits")) {
            assertThat(rowsPurged(purge.out(), table)).as(table).isEqualTo(rowsPurged(dryRunOutput, table)).isPositive();
        }
        // the tables: only the corrected file's rows, the current snapshot, the current year
        assertThat(read(Tables.HR_EMPLOYEES).count()).isEqualTo(currentSnapshotRows);
        assertThat(read(Tables.EMPLOYEES_HISTORY).count()).isEqualTo(currentSnapshotRows);
        assertThat(read(Tables.EMPLOYEES_HISTORY).filter(col("is_current").equalTo(false)).count()).isZero();
        assertThat(read(Tables.QUARANTINE).count()).isZero();
        assertThat(read(Tables.FCT_EMPLOYEE_BENEFITS).select("benefit_year").distinct().as(org.apache.spark.sql.Encoders.INT()).collectAsList())
                .containsExactly(2026);
        // ... and no file of their history holds the purged values any more (time travel cannot bring them back)
        assertThat(valuesIn(Tables.HR_EMPLOYEES)).doesNotContain(OLD_NAME).doesNotContain(REJECTED_NAME);
        assertThat(valuesIn(Tables.EMPLOYEES_HISTORY)).doesNotContain(OLD_NAME).doesNotContain(REJECTED_NAME);
        assertThat(valuesIn(Tables.QUARANTINE)).doesNotContain(REJECTED_NAME);
        assertThat(valuesIn(Tables.FCT_EMPLOYEE_BENEFITS)).doesNotContain("\"benefit_year\":2025");
        // what stays: the current year as it was, every aggregate, the current HR file, the activities
        assertThat(Lakes.contentHash(read(Tables.FCT_EMPLOYEE_BENEFITS), "run_id")).isEqualTo(year2026Before);
        assertThat(hash(Tables.KPI_BENEFITS_BY_YEAR_BU)).isEqualTo(kpiBefore);
        assertThat(read(Tables.KPI_BENEFITS_BY_YEAR_BU).filter(col("benefit_year").equalTo(2025)).count()).isPositive();
        try (Stream<Path> files = Files.list(lake.resolve("landing/hr"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("DonneesRH_corrected.xlsx");
        }
        assertThat(only(lake.resolve("landing/activities"))).exists();
        // the BI snapshot's per-employee side was exported again without the purged year
        Dataset<Row> exported = spark().read().parquet(lake.resolve("exports/personal/parquet/fct_employee_benefits").toString());
        assertThat(exported.select("benefit_year").distinct().as(org.apache.spark.sql.Encoders.INT()).collectAsList()).containsExactly(2026);
        // the ledger shows the purge
        assertThat(Commands.run(args("runs")).out()).contains("purge");
    }

    @Test
    @Order(4)
    void a_replay_or_backfill_that_needs_purged_data_is_refused_naming_the_purge() {
        Commands.Ran replay = Commands.run(args("replay", "--run", firstRun, "--set", NOW));
        assertThat(replay.code()).isNotZero();
        assertThat(replay.out() + replay.err()).contains("cannot be replayed").contains("Purge run")
                .contains("lake.retention.personal-data-years");
        Commands.Ran backfill = Commands.run(args("backfill", "--from", "2025", "--to", "2025", "--set", NOW));
        assertThat(backfill.code()).isNotZero();
        assertThat(backfill.out() + backfill.err()).contains("backfill refused").contains("[2025]").contains("Years from 2026 on");
        assertThat(read(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(2025)).count()).isZero();
    }

    @Test
    @Order(5)
    void a_run_after_the_purge_leaves_the_purged_years_alone_and_is_replayable() throws Exception {
        new Generator(config(Map.of("lake.root", lake.toString(), "generator.employees", "30", "generator.seed", "23"))).writeLive(3);
        String after = runId(run("run", "--set", NOW));
        assertThat(read(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").equalTo(2025)).count()).isZero();
        assertThat(valuesIn(Tables.HR_EMPLOYEES)).doesNotContain(OLD_NAME);
        Commands.Ran replay = Commands.run(args("replay", "--run", after, "--set", NOW));
        assertThat(replay.code()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("Replay identical to what the run wrote.");
    }

    @Test
    @Order(6)
    void every_personal_table_has_a_retention_rule_and_the_inventory_says_it() {
        PersonalData.tables().forEach((table, c) -> {
            if (c.personal()) {
                assertThat(PersonalData.agingTables()).as(table.qualifiedName()).containsKey(table);
            } else {
                assertThat(PersonalData.agingTables()).as(table.qualifiedName()).doesNotContainKey(table);
            }
        });
        assertThat(PersonalData.inventory()).contains("purged past the horizon")
                .contains("| `gold.fct_employee_benefits` | **salaries** | yes | HR only: restricted | per-employee amounts: the bonus is a fixed"
                        + " share of the salary, which follows from it | rows of benefit years that ended before the horizon |");
    }

    // --- helpers

    private String[] args(String... commandAndOptions) {
        List<String> all = new ArrayList<>(List.of(commandAndOptions));
        all.addAll(List.of("--lake", lake.toString(), "--master", "local[2]", "--set", "spark.shuffle-partitions=2", "--set", "export.dashboard=false",
                "--set", "metrics.publish=false", "--set", "spark.local-dir=" + lake.resolve("_spark")));
        return all.toArray(String[]::new);
    }

    private Commands.Ran run(String... commandAndOptions) {
        Commands.Ran ran = Commands.run(args(commandAndOptions));
        assertThat(ran.code()).as(ran.out() + ran.err()).isZero();
        return ran;
    }

    private static String runId(Commands.Ran ran) {
        Matcher m = Pattern.compile("(\\d{8}T\\d{6}Z-[0-9a-f]{8})").matcher(ran.out());
        assertThat(m.find()).as(ran.out()).isTrue();
        return m.group(1);
    }

    private Dataset<Row> read(TableId table) {
        return Lakes.read(spark(), lake, table);
    }

    private String hash(TableId table) {
        return Lakes.contentHash(read(table), "run_id", "computed_at");
    }

    /** Every row of every Parquet file in a table's folder — its current version and all its history — as JSON. */
    private String valuesIn(TableId table) throws Exception {
        Path folder = Path.of(new LakePaths(lake.toString()).table(table).replaceFirst("^file:", ""));
        List<String> files;
        try (Stream<Path> all = Files.walk(folder)) {
            files = all.filter(f -> f.toString().endsWith(".parquet") && !f.toString().contains("_delta_log")).map(Path::toString).toList();
        }
        // (basePath: a partition column, such as fct's benefit_year, is read from the folder names)
        return String.join("\n", spark().read().option("mergeSchema", "true").option("basePath", folder.toString())
                .parquet(files.toArray(String[]::new)).toJSON().collectAsList());
    }

    private static long rowsPurged(String output, String table) {
        Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(table) + "\\s+(\\d+)\\s+(\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Path only(Path folder) throws Exception {
        return only(folder, "");
    }

    private static Path only(Path folder, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && !f.getFileName().toString().startsWith("."))
                    .sorted().findFirst().orElseThrow();
        }
    }

    /** The first delivery: the first employee's last name misspelt, and a row with a negative salary. */
    private static void edit(Path hr) throws Exception {
        XSSFWorkbook workbook;
        try (InputStream in = Files.newInputStream(hr)) {
            workbook = new XSSFWorkbook(in);
        }
        XSSFSheet sheet = workbook.getSheetAt(0);
        // a new cell: the generator writes strings inline, and POI overwriting an inline string keeps the old text
        sheet.getRow(1).removeCell(sheet.getRow(1).getCell(1));
        sheet.getRow(1).createCell(1).setCellValue(OLD_NAME);
        int last = sheet.getLastRowNum();
        XSSFRow template = sheet.getRow(last);
        XSSFRow row = sheet.createRow(last + 1);
        for (int c = 0; c < template.getLastCellNum(); c++) {
            var source = template.getCell(c);
            if (source != null) {
                var cell = row.createCell(c);
                switch (source.getCellType()) {
                    case NUMERIC -> cell.setCellValue(source.getNumericCellValue());
                    default -> cell.setCellValue(source.toString());
                }
            }
        }
        row.getCell(0).setCellValue(990_001);
        row.getCell(1).setCellValue(REJECTED_NAME);
        row.getCell(6).setCellValue(-51_390.0);
        try (OutputStream out = Files.newOutputStream(hr)) {
            workbook.write(out);
        }
        workbook.close();
    }
}
