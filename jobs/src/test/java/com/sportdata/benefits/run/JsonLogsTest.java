package com.sportdata.benefits.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.cli.Main;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.testing.Lakes;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.testing.Processes;
import com.sportdata.benefits.testing.SparkTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run split into one process per stage, as an external scheduler runs it: {@code --log-format json} gives JSON
 * lines with the run id, the stage and the table; the ledger ties the stages of the run id together; a stage
 * refuses to run before those it needs; the quality stage reports the checks of every stage.
 */
class JsonLogsTest extends SparkTest {

    @Test
    void a_run_split_in_stages_logs_json_lines_and_its_ledger_ties_the_stages_together() throws Exception {
        Path lake = newLake("json-logs");
        AppConfig config = config(Map.of("lake.root", lake.toString(), "generator.employees", "20", "pipeline.as-of-date", "2026-06-30"));
        new Generator(config).writeLanding(null, null);
        Path log = lake.resolve("stderr.log");
        Process process = Processes.start(log, Map.of(), "run", "--stage", "ingest", "--run-id", "json-run-1", "--lake", lake.toString(),
                "--as-of", "2026-06-30", "--master", "local[1]", "--log-format", "json", "--set", "spark.local-dir=" + lake.resolve("_spark"));
        try {
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        } finally {
            Processes.kill(process);
        }
        assertThat(process.exitValue()).as(Files.readString(log)).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{")) {
                events.add(json.readTree(line));
            }
        }
        assertThat(events).isNotEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.has("time") && e.has("level") && e.has("logger") && e.has("message")).isTrue());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.path("run_id").asText()).isEqualTo("json-run-1");
            assertThat(e.path("stage").asText()).isEqualTo("ingest");
            assertThat(e.path("message").asText()).contains("stage 1/5 ingest");
        });
        assertThat(events).anySatisfy(e -> assertThat(e.path("message").asText()).startsWith("ingested ").contains("bronze.hr__employees"));

        String[] common = {"--run-id", "json-run-1", "--lake", lake.toString(), "--set", "spark.master=local[2]"};
        com.sportdata.benefits.testing.Commands.Ran refused = com.sportdata.benefits.testing.Commands.run(
                concat(new String[] {"run", "--stage", "gold"}, common));
        assertThat(refused.code()).as("gold before silver").isEqualTo(2);
        // the stage it needs first, pasted as the refusal prints it
        com.sportdata.benefits.testing.Commands.Ran first = com.sportdata.benefits.testing.Commands.pasted(refused.err());
        assertThat(first.code()).as(first.all()).isZero();
        assertThat(new RunLedger(spark(), new LakePaths(lake.toString()), "").run("json-run-1")).extracting(RunLedger.Entry::stage)
                .containsExactly("ingest", "silver");
        for (String stage : List.of("silver", "gold", "quality", "notify")) {
            assertThat(Main.execute(concat(new String[] {"run", "--stage", stage}, common))).as(stage).isZero();
        }
        assertThat(Main.execute(concat(new String[] {"run", "--stage", "silver"}, common))).as("a stage done is not redone").isZero();
        List<RunLedger.Entry> rows = new RunLedger(spark(), new LakePaths(lake.toString()), "").run("json-run-1");
        assertThat(rows).extracting(RunLedger.Entry::stage).containsExactly("ingest", "silver", "gold", "quality", "notify");
        assertThat(rows).allSatisfy(e -> assertThat(e.asOfDate()).hasToString("2026-06-30"));
        assertThat(Lakes.read(spark(), lake, Tables.QUALITY_CHECKS).filter(col("run_id").equalTo("json-run-1"))
                .select("layer").distinct().collectAsList()).extracting(r -> r.getString(0)).contains("bronze", "silver", "gold", "anomaly");
        assertThat(Lakes.read(spark(), lake, Tables.FCT_EMPLOYEE_BENEFITS).filter(col("run_id").equalTo("json-run-1")).count()).isPositive();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
