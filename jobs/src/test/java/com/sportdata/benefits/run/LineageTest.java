package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.testing.BiLake;
import com.sportdata.benefits.testing.Commands;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lineage is what the runner executes: the tables a real run wrote per stage, the checks its quality results hold
 * per table, and the committed diagrams (docs/diagrams) are what the code declares today.
 */
class LineageTest {
    static final Path DIAGRAMS = Path.of("..", "docs", "diagrams");
    private static Lineage.Graph graph;
    private static Path lake;

    @BeforeAll
    static void build() {
        lake = BiLake.get();
        AppConfig config = BiLake.config(lake);
        graph = Lineage.of(BiLake.session(), config);
    }

    private static Lineage.Table table(String name) {
        return graph.tables().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void every_table_of_the_catalogue_has_its_inputs_writer_mode_grain_and_personal_data() {
        assertThat(graph.tables()).extracting(Lineage.Table::name).containsExactlyElementsOf(
                Tables.all().stream().map(com.sportdata.benefits.catalog.TableId::qualifiedName).toList());
        for (Lineage.Table t : graph.tables()) {
            assertThat(t.grain()).as("grain of %s", t.name()).isNotBlank().doesNotStartWith("see ");
            assertThat(t.writtenBy()).as("writer of %s", t.name()).isNotBlank();
            assertThat(t.mode()).as("mode of %s", t.name()).isNotBlank();
        }
        assertThat(table("silver.activities").inputs()).containsExactlyInAnyOrder("bronze.activities__csv", "bronze.strava__activities",
                "silver.employees");
        assertThat(table("bronze.hr__employees").inputs()).containsExactly("landing/hr/");
        assertThat(table("gold.fct_employee_benefits").grain()).contains("employee").contains("benefit year");
        assertThat(table("gold.fct_employee_benefits").personalData()).isEqualTo("salaries");
        assertThat(table("gold.kpi_benefits_by_year_bu").personalData()).isEqualTo("none");
    }

    @Test
    void the_tables_a_real_run_wrote_in_silver_and_gold_are_the_lineage_s() throws Exception {
        List<com.sportdata.benefits.catalog.Record> ledger = new com.sportdata.benefits.catalog.DeltaRows(
                new org.apache.hadoop.conf.Configuration()).read(lake.resolve("ops/run_ledger").toString());
        String runId = RunLedger.recent(ledger, 50).stream().filter(e -> e.command().equals("run")).toList().get(0).runId();
        for (String stage : List.of(SilverStage.NAME, GoldStage.NAME)) {
            Set<String> written = RunLedger.run(ledger, runId).stream().filter(e -> e.stage().equals(stage))
                    .flatMap(e -> e.tablesWritten().keySet().stream()).map(p -> p.replace('/', '.')).collect(Collectors.toCollection(TreeSet::new));
            Set<String> mayWrite = graph.tables().stream().filter(t -> List.of(t.writtenBy().split(", ")).contains(stage))
                    .map(Lineage.Table::name).collect(Collectors.toCollection(TreeSet::new));
            Set<String> jobs = graph.tables().stream().filter(t -> t.writtenBy().equals(stage) && t.name().startsWith(stage.equals(GoldStage.NAME)
                    ? "gold." : "silver.")).map(Lineage.Table::name).collect(Collectors.toCollection(TreeSet::new));
            assertThat(mayWrite).as("tables run %s wrote in %s", runId, stage).containsAll(written);
            assertThat(written).as("tables run %s wrote in %s", runId, stage).containsAll(jobs);
        }
    }

    @Test
    void the_checks_of_each_table_are_those_the_quality_results_of_a_run_hold() {
        List<Row> rows = BiLake.session().read().format("delta").load(lake.resolve("gold/fct_quality_checks").toString())
                .filter("layer IN ('bronze', 'silver', 'gold')").select("run_id", "layer", "table_name", "check_name").collectAsList();
        String runId = rows.stream().map(r -> r.getString(0)).filter(id -> rows.stream().anyMatch(r -> r.getString(0).equals(id)
                && r.getString(1).equals("silver"))).sorted().findFirst().orElseThrow();
        Map<String, Set<String>> recorded = rows.stream().filter(r -> r.getString(0).equals(runId)).collect(Collectors.groupingBy(
                r -> r.getString(1) + "." + r.getString(2), Collectors.mapping(r -> r.getString(3), Collectors.toCollection(TreeSet::new))));
        assertThat(recorded).isNotEmpty();
        recorded.forEach((table, checks) -> assertThat(new TreeSet<>(table(table).checks())).as("checks of %s", table)
                .containsAll(checks));
        for (String t : List.of("silver.employees", "silver.activities", "gold.fct_employee_benefits", "gold.dim_employee")) {
            assertThat(recorded.get(t)).as("checks of %s in run %s", t, runId).containsExactlyInAnyOrderElementsOf(table(t).checks());
        }
    }

    @Test
    void the_committed_diagrams_are_what_the_code_declares() throws Exception {
        assertThat(Files.readString(DIAGRAMS.resolve("lineage.json"))).as("docs/diagrams/lineage.json: run scripts/docs").isEqualTo(graph.json());
        assertThat(Files.readString(DIAGRAMS.resolve("tables.dot"))).as("docs/diagrams/tables.dot: run scripts/docs").isEqualTo(graph.tablesDot());
        assertThat(Files.readString(DIAGRAMS.resolve("commands.dot"))).as("docs/diagrams/commands.dot: run scripts/docs")
                .isEqualTo(graph.commandsDot());
    }

    @Test
    void the_committed_svgs_are_graphviz_s_rendering_of_the_committed_dot() throws Exception {
        Path dot = Path.of("/usr/bin/dot");
        if (!Files.isExecutable(dot)) {
            assertThat(System.getenv("CI")).as("Graphviz (Debian's graphviz) is missing: CI installs it").isNotEqualTo("true");
            return;
        }
        for (String name : List.of("tables", "commands")) {
            Process p = new ProcessBuilder(dot.toString(), "-Tsvg", DIAGRAMS.resolve(name + ".dot").toString()).redirectErrorStream(false).start();
            String svg = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(Files.readString(DIAGRAMS.resolve(name + ".svg"))).as("docs/diagrams/%s.svg: run scripts/docs", name).isEqualTo(svg);
        }
    }

    @Test
    void the_run_command_s_graph_is_the_pipeline_s_and_every_command_that_writes_is_drawn() {
        assertThat(graph.commands().get(0).stages()).containsExactly("ingest", "silver", "gold", "quality", "export", "notify");
        assertThat(graph.commands()).extracting(Lineage.Command::name).contains("run", "backfill", "scenario", "replay", "notify --follow",
                "export", "purge", "vacuum", "digest");
        assertThat(graph.commandsDot()).contains("\"run.ingest\" -> \"run.silver\"").contains("\"backfill.gold\" -> \"backfill.quality\"");
        assertThat(graph.tablesDot()).contains("\"silver.employees\" -> \"gold.fct_employee_benefits\"")
                .contains("\"landing/activities/\" -> \"bronze.activities__csv\"");
    }

    @Test
    void write_modes_are_named_as_people_say_them() {
        assertThat(Lineage.mode(new WriteMode.Append(List.of()))).isEqualTo("append");
        assertThat(Lineage.mode(new WriteMode.Overwrite(List.of("bu")))).isEqualTo("overwrite, partitioned by bu");
        assertThat(Lineage.mode(new WriteMode.ReplaceWhere("benefit_year IN (2025, 2026)", List.of("benefit_year"))))
                .isEqualTo("replace the run's benefit_year, partitioned by benefit_year");
        assertThat(Lineage.mode(new WriteMode.Merge(List.of("address_key", "mode"), "true", List.of()))).isEqualTo("merge on address_key, mode");
    }

    @Test
    void an_unknown_format_is_refused_with_the_formats_it_takes() {
        Commands.Ran r = Commands.run("lineage", "--format", "svg");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--format is json, tables-dot or commands-dot, not 'svg'");
    }
}
