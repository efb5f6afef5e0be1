package com.sportdata.benefits.bi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.testing.BiLake;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BI snapshot of a generated company's gold: same rows and sums as gold, French CSV bytes, personal data apart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiExportTest extends SparkTest {
    private Path lake;
    private Path to;
    private BiExport.Result result;

    @BeforeAll
    void export() throws IOException {
        lake = BiLake.get();
        to = newLake("bi-export");
        result = new BiExport(spark(), new TableWriter(spark(), new LakePaths(lake.toString()))).run(to.toString(), "run-x");
    }

    private Dataset<Row> gold(TableId table) {
        return Lakes.read(spark(), lake, table);
    }

    private Dataset<Row> parquet(String relative) {
        return spark().read().parquet(to.resolve(relative).toString());
    }

    @Test
    void every_gold_table_is_exported_with_its_rows_its_sums_and_its_delta_version() throws IOException {
        assertThat(result.absent()).isEmpty();
        assertThat(result.tables()).extracting(e -> e.item().table()).containsExactlyElementsOf(BiExport.ITEMS.stream()
                .map(BiExport.Item::table).toList());
        JsonNode manifest = new ObjectMapper().readTree(to.resolve("manifest.json").toFile());
        assertThat(manifest.get("run_id").asText()).isEqualTo("run-x");
        // the rules of each year, as gold's rows carry them ("2025:hash,2026:hash")
        StringBuilder expected = new StringBuilder();
        gold(Tables.FCT_EMPLOYEE_BENEFITS).select("benefit_year", "rules_hash").distinct().orderBy("benefit_year").collectAsList()
                .forEach(r -> expected.append(expected.length() == 0 ? "" : ",").append(r.getInt(0)).append(':').append(r.getString(1)));
        assertThat(manifest.get("rules_hashes").asText()).isEqualTo(expected.toString()).matches("(\\d{4}:[0-9a-f]{16},?)+");
        TableWriter writer = new TableWriter(spark(), new LakePaths(lake.toString()));
        for (JsonNode t : manifest.get("tables")) {
            TableId table = BiExport.ITEMS.stream().map(BiExport.Item::table).filter(id -> id.name().equals(t.get("table").asText()))
                    .findFirst().orElseThrow();
            assertThat(t.get("delta_version").asLong()).as(table.name()).isEqualTo(writer.latestVersion(table));
            assertThat(t.get("rows").asLong()).as(table.name()).isEqualTo(gold(table).count());
            assertThat(parquet(t.get("parquet").asText()).count()).as(table.name()).isEqualTo(gold(table).count());
        }
        Dataset<Row> fct = parquet("personal/parquet/fct_employee_benefits");
        // the partition column is in the files, and the money adds up to gold's
        assertThat(fct.columns()).contains("benefit_year");
        assertThat(fct.agg(sum("total_benefit_eur")).first().getDecimal(0))
                .isEqualByComparingTo(gold(Tables.FCT_EMPLOYEE_BENEFITS).agg(sum("total_benefit_eur")).first().getDecimal(0));
        assertThat(parquet("aggregate/parquet/kpi_benefits_by_period").agg(sum("total_cost_eur")).first().getDecimal(0))
                .isEqualByComparingTo(gold(Tables.KPI_BENEFITS_BY_PERIOD).agg(sum("total_cost_eur")).first().getDecimal(0));
        assertThat(fct.schema().apply("total_benefit_eur").dataType().simpleString()).isEqualTo("decimal(12,2)");
    }

    @Test
    void the_csv_is_what_french_excel_opens_and_adds_up_to_gold() throws IOException {
        byte[] bytes = Files.readAllBytes(to.resolve("aggregate/csv/kpi_benefits_by_year_bu.csv"));
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\n").doesNotContain(",\r\n");
        List<String> lines = text.lines().toList();
        List<String> header = List.of(lines.get(0).split(";", -1));
        assertThat(header).startsWith("benefit_year", "bu", "headcount");
        int total = header.indexOf("total_cost_eur");
        BigDecimal sum = BigDecimal.ZERO;
        for (String line : lines.subList(1, lines.size())) {
            String value = line.split(";", -1)[total];
            assertThat(value).matches("\\d+,\\d{2}");                      // decimal comma, no thousands separator
            sum = sum.add(new BigDecimal(value.replace(',', '.')));
        }
        assertThat(sum).isEqualByComparingTo(gold(Tables.KPI_BENEFITS_BY_YEAR_BU).agg(sum("total_cost_eur")).first().getDecimal(0));
        assertThat(lines).hasSize((int) gold(Tables.KPI_BENEFITS_BY_YEAR_BU).count() + 1);

        String fct = Files.readString(to.resolve("personal/csv/fct_employee_benefits.csv"), StandardCharsets.UTF_8);
        List<String> fctHeader = List.of(fct.substring(1, fct.indexOf("\r\n")).split(";"));
        int eligible = fctHeader.indexOf("is_bonus_eligible");
        assertThat(fct.lines().skip(1).map(l -> l.split(";", -1)[eligible]).distinct()).isSubsetOf("VRAI", "FAUX");
    }

    @Test
    void personal_data_is_only_in_the_personal_folder() throws IOException {
        List<String> names = gold(Tables.DIM_EMPLOYEE).select("last_name").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(names).isNotEmpty();
        List<Path> aggregate;
        try (Stream<Path> files = Files.walk(to.resolve("aggregate"))) {
            aggregate = files.filter(Files::isRegularFile).toList();
        }
        assertThat(aggregate).as("the aggregate side has files to scan").isNotEmpty();
        assertThat(names).as("names to look for").isNotEmpty();
        for (Path file : aggregate) {
            if (file.toString().endsWith(".csv")) {
                String csv = Files.readString(file, StandardCharsets.UTF_8);
                assertThat(csv.substring(1, csv.indexOf("\r\n")).split(";")).as(file.toString())
                        .doesNotContain("employee_id", "first_name", "last_name", "full_name", "bonus_eur");
                names.stream().filter(n -> n.length() > 3).forEach(n -> assertThat(csv).as(file.toString()).doesNotContain(";" + n + ";"));
            }
        }
        try (Stream<Path> dirs = Files.list(to.resolve("aggregate/parquet"))) {
            for (Path dir : dirs.toList()) {
                assertThat(parquet(to.relativize(dir).toString()).columns()).as(dir.toString())
                        .doesNotContain("employee_id", "first_name", "last_name", "full_name");
            }
        }
        assertThat(to.resolve("personal/parquet/dim_employee")).isDirectory();
        assertThat(to.resolve("aggregate/parquet/dim_employee")).doesNotExist();
    }

    @Test
    void with_a_secret_the_per_employee_tables_are_also_exported_under_a_stable_pseudonym_instead_of_the_id() throws IOException {
        Path keyed = lake.resolveSibling("bi-pseudonymous-" + System.nanoTime());
        String secret = "a secret of the data team, 2026";
        TableWriter writer = new TableWriter(spark(), new LakePaths(lake.toString()));
        new BiExport(spark(), writer, secret).run(keyed.resolve("one").toString(), "run-p");
        new BiExport(spark(), writer, secret).run(keyed.resolve("two").toString(), "run-p");
        new BiExport(spark(), writer, "another secret of sixteen+").run(keyed.resolve("other").toString(), "run-p");
        Path csv = keyed.resolve("one/pseudonymous/csv/fct_employee_benefits.csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("\uFEFFemployee_key;").doesNotContain("employee_id");
        assertThat(Files.exists(keyed.resolve("one/pseudonymous/csv/declarations_to_review.csv"))).isTrue();
        assertThat(Files.exists(keyed.resolve("one/pseudonymous/csv/dim_employee.csv"))).as("names never go there").isFalse();
        Map<Long, String> keys = new java.util.HashMap<>();
        for (Row r : Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).select("employee_id").distinct().collectAsList()) {
            keys.put(r.getLong(0), BiExport.employeeKey(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), r.getLong(0)));
        }
        java.util.Set<String> exportedKeys = lines.stream().skip(1).map(l -> l.split(";")[0]).collect(java.util.stream.Collectors.toSet());
        assertThat(exportedKeys).as("one key per employee, none of them an id").containsExactlyInAnyOrderElementsOf(keys.values())
                .allSatisfy(k -> assertThat(k).matches("[0-9a-f]{32}"));
        assertThat(Files.readString(keyed.resolve("two/pseudonymous/csv/fct_employee_benefits.csv"))).as("stable across exports")
                .isEqualTo(Files.readString(csv));
        assertThat(Files.readString(keyed.resolve("other/pseudonymous/csv/fct_employee_benefits.csv"))).as("another secret, other keys")
                .doesNotContain(keys.values().iterator().next());
        assertThat(Files.readString(keyed.resolve("one/manifest.json"))).contains("\"side\" : \"pseudonymous\"");
        assertThat(Files.exists(to.resolve("pseudonymous"))).as("no secret, no pseudonymous side").isFalse();
        assertThatThrownBy(() -> new BiExport(spark(), writer, "short")).hasMessageContaining("SPORT_BENEFITS_PSEUDONYM_KEY is too short")
                .hasMessageNotContaining("short\"");
    }

    @Test
    void a_rerun_replaces_the_snapshot_and_leaves_no_work_folder() throws IOException {
        Path again = newLake("bi-export-twice");
        BiExport export = new BiExport(spark(), new TableWriter(spark(), new LakePaths(lake.toString())));
        export.run(again.toString(), "run-x");
        export.run(again.toString(), "run-y");
        assertThat(spark().read().parquet(again.resolve("aggregate/parquet/kpi_benefits_by_period").toString()).count())
                .isEqualTo(gold(Tables.KPI_BENEFITS_BY_PERIOD).count());
        try (Stream<Path> files = Files.list(again.resolve("aggregate/parquet/kpi_benefits_by_period"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).singleElement().matches(n -> n.endsWith(".parquet"));
        }
        try (Stream<Path> top = Files.list(again)) {
            assertThat(top.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("aggregate", "manifest.json", "personal");
        }
        try (Stream<Path> csv = Files.list(again.resolve("personal/csv"))) {
            assertThat(csv.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("declarations_to_review.csv", "dim_employee.csv", "fct_employee_benefits.csv");
        }
        assertThat(new ObjectMapper().readTree(again.resolve("manifest.json").toFile()).get("run_id").asText()).isEqualTo("run-y");
    }

    @Test
    void an_export_removes_what_a_killed_export_left_behind() throws IOException {
        Path target = newLake("bi-export-after-a-kill");
        BiExport export = new BiExport(spark(), new TableWriter(spark(), new LakePaths(lake.toString())));
        export.run(target.toString(), "run-x");
        // a kill while building, and one while moving the previous snapshot out
        Files.createDirectories(target.resolve(".incoming-killed/aggregate/parquet/kpi_benefits_by_period"));
        Files.writeString(target.resolve(".incoming-killed/aggregate/parquet/kpi_benefits_by_period/part-0.parquet"), "half");
        Files.createDirectories(target.resolve(".previous-killed/personal"));
        export.run(target.toString(), "run-y");
        try (Stream<Path> top = Files.list(target)) {
            assertThat(top.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("aggregate", "manifest.json", "personal");
        }
        assertThat(spark().read().parquet(target.resolve("aggregate/parquet/kpi_benefits_by_period").toString()).count())
                .isEqualTo(gold(Tables.KPI_BENEFITS_BY_PERIOD).count());
    }

    @Test
    void a_failed_export_leaves_the_previous_snapshot_as_it_was() throws IOException {
        Path target = newLake("bi-export-kept");
        new BiExport(spark(), new TableWriter(spark(), new LakePaths(lake.toString()))).run(target.toString(), "good");
        String manifest = Files.readString(target.resolve("manifest.json"));

        // a lake whose KPI table lost a data file: Delta lists it, reading it fails half-way through the export
        Path broken = newLake("bi-broken");
        spark().range(5).selectExpr("cast(id as int) as benefit_year").write().format("delta")
                .save(new LakePaths(broken.toString()).table(Tables.KPI_BENEFITS_BY_PERIOD));
        try (Stream<Path> files = Files.list(Path.of(new LakePaths(broken.toString()).table(Tables.KPI_BENEFITS_BY_PERIOD)
                .replace("file:", "")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                Files.delete(f);
            }
        }
        assertThatThrownBy(() -> new BiExport(spark(), new TableWriter(spark(), new LakePaths(broken.toString())))
                .run(target.toString(), "bad")).hasMessageContaining("kpi_benefits_by_period");
        assertThat(Files.readString(target.resolve("manifest.json"))).isEqualTo(manifest);
        assertThat(spark().read().parquet(target.resolve("aggregate/parquet/kpi_benefits_by_period").toString()).count())
                .isEqualTo(gold(Tables.KPI_BENEFITS_BY_PERIOD).count());
        try (Stream<Path> top = Files.list(target)) {
            assertThat(top.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList()).isEmpty();
        }
    }

    @Test
    void a_target_that_is_a_file_is_refused_with_its_path() throws IOException {
        Path file = Files.createTempFile(newLake("bi-file"), "not-a-folder", ".txt");
        assertThatThrownBy(() -> new BiExport(spark(), new TableWriter(spark(), new LakePaths(lake.toString()))).run(file.toString(), "x"))
                .hasMessageContaining(file.getFileName().toString());
    }

    @Test
    void the_command_prints_what_it_exported() {
        Path target = newLake("bi-export-command");
        com.sportdata.benefits.testing.Commands.Ran ran = com.sportdata.benefits.testing.Commands.run("export", "--lake", lake.toString(),
                "--to", target.toString());
        assertThat(ran.code()).as(ran.all()).isZero();
        assertThat(ran.out()).startsWith("BI snapshot in " + target.toUri().toString().replaceAll("/$", ""))
                .contains("fct_employee_benefits").contains("personal").contains("kpi_benefits_by_year_bu");
        assertThat(target.resolve("manifest.json")).exists();
    }

    @Test
    void numbers_dates_and_text_are_written_the_french_way() {
        assertThat(FrenchCsv.value(new BigDecimal("172482.50"))).isEqualTo("172482,50");
        assertThat(FrenchCsv.value(1.0E-4)).isEqualTo("0,0001");
        assertThat(FrenchCsv.value(1234567.0)).isEqualTo("1234567");
        assertThat(FrenchCsv.value(Double.NaN)).isEmpty();
        assertThat(FrenchCsv.value(true)).isEqualTo("VRAI");
        assertThat(FrenchCsv.value(java.sql.Date.valueOf("2026-03-01"))).isEqualTo("2026-03-01");
        assertThat(FrenchCsv.value(java.sql.Timestamp.from(java.time.Instant.parse("2026-03-01T07:05:09Z")))).isEqualTo("2026-03-01 07:05:09");
        assertThat(FrenchCsv.value("Ventes; Sud")).isEqualTo("\"Ventes; Sud\"");
        assertThat(FrenchCsv.value("dit \"non\"")).isEqualTo("\"dit \"\"non\"\"\"");
        assertThat(FrenchCsv.value("deux\nlignes")).isEqualTo("\"deux\nlignes\"");
        assertThat(FrenchCsv.value(null)).isEmpty();
        assertThat(new ArrayList<>(List.of(FrenchCsv.field("Équipe")))).containsExactly("Équipe");
    }

    @Test
    void the_default_target_is_the_lakes_exports_folder_and_a_relative_one_is_made_absolute() {
        LakePaths paths = new LakePaths(lake.toString());
        assertThat(BiExport.target(BiLake.config(lake), paths)).isEqualTo(paths.root() + "/exports");
        assertThat(BiExport.target(SparkTest.config(java.util.Map.of("export.to", "bi-out")), paths))
                .isEqualTo(Path.of("bi-out").toAbsolutePath().toUri().toString().replaceAll("/$", ""));
    }
}
