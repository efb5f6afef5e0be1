package com.sportdata.benefits.sql;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.testing.BiLake;
import com.sportdata.benefits.testing.Commands;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.testing.SparkTest;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `sql` over the shared generated lake: names, time travel, formats, refusals — and the lake unchanged by all of it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LakeSqlTest extends SparkTest {
    private Path lake;
    private LakeSql sql;

    @BeforeAll
    void lake() {
        lake = BiLake.get();
        sql = new LakeSql(spark(), new LakePaths(lake.toString()));
    }

    private long version(String table) {
        return DeltaTable.forPath(spark(), new LakePaths(lake.toString()).root() + "/gold/" + table).history(1).first().getAs("version");
    }

    @Test
    void every_table_is_known_by_layer_and_name_and_a_scenarios_by_its_name() {
        assertThat(sql.tables()).containsKeys("bronze_hr__employees", "silver_activities", "gold_fct_employee_benefits",
                "gold_kpi_benefits_by_year_bu", "ops_run_ledger", "scenario_taux_6_fct_employee_benefits");
        long gold = Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).count();
        assertThat(sql.query("SELECT count(*) FROM gold_fct_employee_benefits").first().getLong(0)).isEqualTo(gold);
        Row joined = sql.query("SELECT count(*), count(d.full_name) FROM GOLD_FCT_EMPLOYEE_BENEFITS f "
                + "JOIN gold_dim_employee d ON f.employee_id = d.employee_id;").first();
        assertThat(joined.getLong(0)).isEqualTo(gold);
        assertThat(joined.getLong(1)).isEqualTo(gold);
        // a lake-like name inside a string literal is text, not a table
        assertThat(sql.query("SELECT 'gold_nope' AS t").first().getString(0)).isEqualTo("gold_nope");
    }

    @Test
    void time_travel_reads_an_earlier_version_by_number_and_by_timestamp() {
        long latest = sql.query("SELECT count(*) FROM gold_fct_runs").first().getLong(0);
        long first = sql.query("SELECT count(*) FROM gold_fct_runs VERSION AS OF 0").first().getLong(0);
        assertThat(first).isPositive().isLessThan(latest);   // the ledger's BI view grows with every flush
        List<Row> history = sql.query("DESCRIBE HISTORY gold_fct_runs").orderBy("version").collectAsList();
        String at = history.get(0).getAs("timestamp").toString();
        assertThat(sql.query("SELECT count(*) FROM gold_fct_runs TIMESTAMP AS OF '" + at + "'").first().getLong(0)).isEqualTo(first);
    }

    @Test
    void writes_are_refused_before_they_run_and_change_nothing() {
        long before = version("fct_runs");
        for (String statement : List.of(
                "INSERT INTO gold_fct_runs SELECT * FROM gold_fct_runs",
                "DELETE FROM gold_fct_runs WHERE true",
                "UPDATE gold_fct_runs SET status = 'X'",
                "MERGE INTO gold_fct_runs t USING gold_fct_runs s ON t.run_id = s.run_id WHEN MATCHED THEN DELETE",
                "DROP TABLE gold_fct_runs",
                "CREATE TABLE copy AS SELECT * FROM gold_fct_runs",
                "VACUUM gold_fct_runs",
                "OPTIMIZE gold_fct_runs",
                "ALTER TABLE gold_fct_runs SET TBLPROPERTIES ('x' = 'y')",
                "SET spark.sql.shuffle.partitions = 1")) {
            assertThatThrownBy(() -> sql.query(statement)).as(statement).isInstanceOf(LakeSql.Refused.class)
                    .hasMessageStartingWith("refused: `sql` only reads the lake");
        }
        assertThat(version("fct_runs")).isEqualTo(before);
    }

    @Test
    void an_unknown_table_is_refused_with_the_list_of_tables() {
        assertThatThrownBy(() -> sql.query("SELECT * FROM gold_nope")).isInstanceOf(LakeSql.Refused.class)
                .hasMessageStartingWith("unknown table gold_nope — the lake's tables: ").hasMessageContaining("gold_fct_employee_benefits");
        assertThatThrownBy(() -> sql.query("SELECT * FROM employees")).isInstanceOf(LakeSql.Refused.class)
                .hasMessageContaining("employees").hasMessageContaining("the lake's tables: ").hasMessageContaining("silver_employees");
        assertThatThrownBy(() -> sql.query("SELEC 1")).isInstanceOf(LakeSql.Refused.class).hasMessageStartingWith("cannot parse the statement");
    }

    @Test
    void rows_come_out_as_a_terminal_table_csv_or_json_lines() throws Exception {
        String query = "SELECT benefit_year, bu, total_cost_eur FROM gold_kpi_benefits_by_year_bu ORDER BY benefit_year, bu";
        List<Row> rows = sql.query(query).collectAsList();

        StringWriter table = new StringWriter();
        SqlOutput.write(sql.query(query), SqlOutput.Format.TABLE, 2, table);
        List<String> lines = table.toString().lines().toList();
        assertThat(lines.get(0)).matches("benefit_year \\| bu +\\| total_cost_eur");
        assertThat(lines.get(1)).matches("-+-\\+-+-\\+-+");
        assertThat(lines.get(2)).endsWith(rows.get(0).getDecimal(2).toPlainString()).startsWith("        " + rows.get(0).getInt(0));
        assertThat(lines).hasSize(5).last().asString().startsWith("(first 2 rows shown");

        StringWriter csv = new StringWriter();
        assertThat(SqlOutput.write(sql.query(query), SqlOutput.Format.CSV, 0, csv)).isEqualTo(rows.size());
        List<String> csvLines = csv.toString().lines().toList();
        assertThat(csvLines.get(0)).isEqualTo("benefit_year,bu,total_cost_eur");
        assertThat(csvLines.get(1)).isEqualTo(rows.get(0).getInt(0) + "," + rows.get(0).getString(1) + "," + rows.get(0).getDecimal(2).toPlainString());

        StringWriter json = new StringWriter();
        SqlOutput.write(sql.query(query), SqlOutput.Format.JSON, 0, json);
        var first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString().lines().findFirst().orElseThrow());
        assertThat(first.get("bu").asText()).isEqualTo(rows.get(0).getString(1));
        assertThat(first.get("total_cost_eur").decimalValue()).isEqualByComparingTo(rows.get(0).getDecimal(2));
    }

    @Test
    void the_command_writes_a_file_lists_tables_and_exits_2_on_a_refusal() throws Exception {
        Path out = newLake("sql-out").resolve("kpi.csv");
        Commands.Ran ran = Commands.run("sql", "--lake", lake.toString(), "SELECT bu, headcount FROM gold_kpi_benefits_by_year_bu",
                "--format", "csv", "--output", out.toString());
        assertThat(ran.code()).as(ran.all()).isZero();
        assertThat(ran.out()).contains("rows written to");
        assertThat(Files.readAllLines(out).get(0)).isEqualTo("bu,headcount");
        assertThat(Files.list(out.getParent()).map(p -> p.getFileName().toString()).toList()).containsExactly("kpi.csv");

        Commands.Ran list = Commands.run("sql", "--lake", lake.toString());
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("gold_fct_employee_benefits\n").contains("ops_run_ledger\n");

        Commands.Ran refused = Commands.run("sql", "--lake", lake.toString(), "DELETE FROM gold_fct_runs");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("error: refused: `sql` only reads the lake");
        Commands.Ran badFormat = Commands.run("sql", "--lake", lake.toString(), "SELECT 1", "--format", "xml");
        assertThat(badFormat.code()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format expects table, csv or json");
    }
}
