package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.testing.SparkTest;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's rows in a results table (the quality checks, the quarantine summary): appended the first time the run records
 * them — no scan of the table's files — and replaced when the run records them again (a resumed or retried stage),
 * whichever run started when.
 */
class RunRowsTest extends SparkTest {

    /** A fresh lake's quality results table: where these tests write. */
    private record Lake(AppConfig config, TableWriter writer, String table, Configuration conf) {
        static Lake named(String name) {
            Path lake = newLake(name);
            LakePaths paths = new LakePaths(lake.toString());
            return new Lake(SparkTest.config(Map.of("lake.root", lake.toString())), new TableWriter(spark(), paths), paths.table(Tables.QUALITY_CHECKS),
                    spark().sparkContext().hadoopConfiguration());
        }
    }

    @Test
    void a_run_appends_its_rows_once_and_replaces_them_when_it_records_them_again() {
        Lake at = Lake.named("run-rows");
        AppConfig config = at.config();
        TableWriter writer = at.writer();
        // a run that started long ago (a resumed one: its start is its first attempt's); another that starts now
        RunContext resumed = RunContext.of("run-a", "run", Instant.parse("2026-01-05T08:00:00Z"), config);
        RunContext now = RunContext.start("run", config);

        writer.replaceRunRows(frame("run_id STRING, n INT", row("run-a", 1), row("run-a", 2)), Tables.QUALITY_CHECKS, resumed, "first");
        writer.replaceRunRows(frame("run_id STRING, n INT", row(now.runId(), 7)), Tables.QUALITY_CHECKS, now, "first");
        assertThat(DeltaLogFiles.committedBy(at.conf(), at.table(), "run-a", Long.MAX_VALUE)).as("among the newest commits").isTrue();
        assertThat(DeltaLogFiles.committedBy(at.conf(), at.table(), "run-z", 0)).isFalse();
        writer.replaceRunRows(frame("run_id STRING, n INT", row("run-a", 3)), Tables.QUALITY_CHECKS, resumed, "again");

        assertThat(rows(writer)).containsExactlyInAnyOrder("run-a:3", now.runId() + ":7");
        List<Row> history = DeltaTable.forPath(spark(), at.table()).history().orderBy("version")
                .select("version", "operationParameters").collectAsList();
        assertThat(history).extracting(r -> r.<String, String>getJavaMap(1).get("mode"))
                .containsExactly("Append", "Append", "Overwrite");
        assertThat(history.get(2).<String, String>getJavaMap(1).get("predicate")).contains("run-a");
    }

    @Test
    void only_the_newest_commits_and_those_since_the_given_time_are_read() {
        Lake at = Lake.named("run-rows-window");
        AppConfig config = at.config();
        TableWriter writer = at.writer();
        writer.replaceRunRows(frame("run_id STRING, n INT", row("old", 1)), Tables.QUALITY_CHECKS,
                RunContext.of("old", "run", Instant.parse("2026-01-05T08:00:00Z"), config), "first");
        for (int i = 0; i < DeltaLogFiles.NEWEST; i++) {
            String id = "later-" + i;
            writer.replaceRunRows(frame("run_id STRING, n INT", row(id, i)), Tables.QUALITY_CHECKS,
                    RunContext.of(id, "run", Instant.parse("2026-01-06T08:00:00Z"), config), "first");
        }
        assertThat(DeltaLogFiles.committedBy(at.conf(), at.table(), "old", 0)).as("every commit made since then").isTrue();
        assertThat(DeltaLogFiles.committedBy(at.conf(), at.table(), "old", Long.MAX_VALUE)).as("past the newest").isFalse();
        assertThat(DeltaLogFiles.committedBy(at.conf(), at.table().replace("fct_quality_checks", "fct_quarantine_summary"), "old", 0)).as("no table").isFalse();
        assertThat(rows(writer)).hasSize(1 + DeltaLogFiles.NEWEST);
    }

    private static List<String> rows(TableWriter writer) {
        return writer.read(Tables.QUALITY_CHECKS).collectAsList().stream().map(r -> r.getString(0) + ":" + r.getInt(1)).toList();
    }
}
