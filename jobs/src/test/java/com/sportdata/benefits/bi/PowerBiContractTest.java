package com.sportdata.benefits.bi;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.testing.BiLake;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PowerBI model against the gold of a real pipeline run (a generated company and a scenario): every partition's
 * folder exists, every bound column exists with the type it is bound as, and every gold table keeps a Delta protocol
 * PowerBI's DeltaLake.Table reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PowerBiContractTest extends SparkTest {
    private final Tmdl.Model model = Tmdl.read(PowerBiModel.DEFINITION);
    private Path lake;

    @BeforeAll
    void lake() {
        lake = BiLake.get();
    }

    private String gold(String table) {
        return new LakePaths(lake.toString()).root() + "/gold/" + table;
    }

    @Test
    void every_model_table_matches_the_delta_schema_of_the_gold_table_it_reads() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Tmdl.Table table : model.tables().values()) {
            if (table.goldTable().isEmpty()) {
                continue;
            }
            Path folder = lake.resolve("gold").resolve(table.goldTable().get());
            assertThat(folder.resolve("_delta_log")).as(table.name() + ": the folder its partition names").isDirectory();
            problems.addAll(PowerBiModel.contractProblems(table, spark().read().format("delta").load(gold(table.goldTable().get())).schema()));
            checked++;
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isEqualTo(BiExport.ITEMS.size());
    }

    @Test
    void a_lake_missing_a_table_the_model_reads_cannot_refresh() {
        assertThat(PowerBiModel.lakeProblems(spark(), lake)).isEmpty();
        List<String> empty = PowerBiModel.lakeProblems(spark(), newLake("no-gold"));
        assertThat(empty).hasSize((int) model.tables().values().stream().filter(t -> t.goldTable().isPresent()).count())
                .anyMatch(p -> p.startsWith("scenario_comparison: no Delta table at "));
    }

    @Test
    void a_renamed_or_retyped_gold_column_breaks_the_contract() {
        Tmdl.Table fct = model.tables().get("fct_employee_benefits");
        StructType real = spark().read().format("delta").load(gold("fct_employee_benefits")).schema();
        StructType mutated = new StructType(Arrays.stream(real.fields()).map(f -> switch (f.name()) {
            case "total_benefit_eur" -> new StructField("total_benefit", f.dataType(), true, f.metadata());
            case "bonus_eur" -> new StructField("bonus_eur", DataTypes.StringType, true, f.metadata());
            case "benefit_year" -> new StructField("benefit_year", DataTypes.DateType, true, f.metadata());
            default -> f;
        }).toArray(StructField[]::new));
        assertThat(PowerBiModel.contractProblems(fct, real)).isEmpty();
        assertThat(PowerBiModel.contractProblems(fct, mutated)).containsExactlyInAnyOrder(
                "fct_employee_benefits.benefit_year: bound as int64 but gold has date (dateTime)",
                "fct_employee_benefits.bonus_eur: bound as decimal but gold has string (string)",
                "fct_employee_benefits.total_benefit_eur: source column total_benefit_eur is not in the Delta table");
    }

    @Test
    void every_gold_table_keeps_a_delta_protocol_powerbi_reads() throws IOException {
        List<String> tables;
        try (Stream<Path> dirs = Files.list(lake.resolve("gold"))) {
            tables = dirs.filter(d -> Files.isDirectory(d.resolve("_delta_log"))).map(d -> d.getFileName().toString()).sorted().toList();
        }
        assertThat(tables).contains("fct_employee_benefits", "kpi_benefits_by_year_bu", "scenario_comparison", "fct_runs", "fct_quality_checks");
        List<String> problems = new ArrayList<>();
        for (String table : tables) {
            problems.addAll(protocolProblems(gold(table)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void deletion_vectors_column_mapping_and_timestamp_ntz_are_caught() {
        Path dir = newLake("protocol");
        String dv = dir.resolve("with_dv").toUri().toString();
        spark().sql("CREATE TABLE delta.`" + dv + "` (id INT) USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')");
        String mapping = dir.resolve("with_mapping").toUri().toString();
        spark().sql("CREATE TABLE delta.`" + mapping + "` (id INT) USING delta TBLPROPERTIES ('delta.columnMapping.mode' = 'name')");
        String ntz = dir.resolve("with_ntz").toUri().toString();
        spark().sql("CREATE TABLE delta.`" + ntz + "` (at TIMESTAMP_NTZ) USING delta");
        assertThat(protocolProblems(dv)).anyMatch(p -> p.contains("deletionVectors"));
        assertThat(protocolProblems(mapping)).anyMatch(p -> p.contains("columnMapping"));
        assertThat(protocolProblems(ntz)).anyMatch(p -> p.contains("TIMESTAMP_NTZ"));
    }

    /**
     * What PowerBI's Delta connector cannot read: reader version above 1 or writer above 2 (table features), deletion
     * vectors, column mapping, TIMESTAMP_NTZ columns.
     */
    private List<String> protocolProblems(String path) {
        List<String> problems = new ArrayList<>();
        Row detail = spark().sql("DESCRIBE DETAIL delta.`" + path + "`").first();
        int reader = detail.getAs("minReaderVersion");
        int writer = detail.getAs("minWriterVersion");
        List<String> features = detail.schema().getFieldIndex("tableFeatures").isDefined() && !detail.isNullAt(detail.fieldIndex("tableFeatures"))
                ? detail.getList(detail.fieldIndex("tableFeatures")) : List.of();
        Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (reader > 1) {
            problems.add(name + ": reader version " + reader + " " + features);
        }
        if (writer > 2) {
            problems.add(name + ": writer version " + writer + " " + features);
        }
        if ("true".equals(properties.get("delta.enableDeletionVectors")) || features.contains("deletionVectors")) {
            problems.add(name + ": deletionVectors");
        }
        if (properties.containsKey("delta.columnMapping.mode") && !"none".equals(properties.get("delta.columnMapping.mode"))) {
            problems.add(name + ": columnMapping " + properties.get("delta.columnMapping.mode"));
        }
        for (StructField f : spark().read().format("delta").load(path).schema().fields()) {
            if (f.dataType() instanceof TimestampNTZType) {
                problems.add(name + "." + f.name() + ": TIMESTAMP_NTZ");
            }
        }
        return problems;
    }
}
