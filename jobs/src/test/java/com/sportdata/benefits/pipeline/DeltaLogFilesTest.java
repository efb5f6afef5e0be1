package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.testing.SparkTest;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The latest version and commit metadata read from the log's files agree with what Delta itself reports. */
class DeltaLogFilesTest extends SparkTest {

    @Test
    void agrees_with_delta_history_past_a_checkpoint() throws Exception {
        Path lake = newLake("delta-log-files");
        LakePaths paths = new LakePaths(lake.toString());
        TableWriter writer = new TableWriter(spark(), paths);
        Configuration conf = spark().sparkContext().hadoopConfiguration();
        String table = paths.table(Tables.RUN_LEDGER);
        assertThat(DeltaLogFiles.head(conf, table)).isEmpty();
        assertThat(writer.exists(Tables.RUN_LEDGER)).isFalse();
        // 12 commits: Delta writes a checkpoint at version 10, whose files must not count as versions
        for (int i = 0; i < 12; i++) {
            long version = writer.write(frame("n INT", row(i)), Tables.RUN_LEDGER, new WriteMode.Append(java.util.List.of()),
                    "{\"n\": " + i + "}");
            assertThat(version).isEqualTo(i);
        }
        assertThat(Files.list(lake.resolve("ops/run_ledger/_delta_log")).map(p -> p.getFileName().toString()))
                .anyMatch(n -> n.contains("checkpoint"));
        long delta = DeltaTable.forPath(spark(), table).history(1).select("version").first().getLong(0);
        assertThat(DeltaLogFiles.latestVersion(conf, table)).hasValue(delta).hasValue(11);
        assertThat(writer.latestVersion(Tables.RUN_LEDGER)).isEqualTo(11);
        assertThat(DeltaLogFiles.userMetadata(conf, table, 11)).contains("{\"n\": 11}");
        assertThat(DeltaLogFiles.userMetadata(conf, table, 3)).contains("{\"n\": 3}");
        DeltaLogFiles.Head head = DeltaLogFiles.head(conf, table).orElseThrow();
        assertThat(head.identity()).startsWith("11@");
        assertThat(head.committedAtMillis()).isPositive();
    }

    @Test
    void a_folder_without_a_log_is_no_table_and_says_so() {
        Path lake = newLake("delta-log-none");
        TableWriter writer = new TableWriter(spark(), new LakePaths(lake.toString()));
        assertThat(writer.exists(Tables.RUN_LEDGER)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.latestVersion(Tables.RUN_LEDGER))
                .isInstanceOf(TableWriter.VersionUnavailable.class).hasMessageContaining("no _delta_log");
    }

    @Test
    void a_table_made_again_under_the_same_version_number_has_another_identity() throws Exception {
        Path lake = newLake("delta-log-again");
        LakePaths paths = new LakePaths(lake.toString());
        TableWriter writer = new TableWriter(spark(), paths);
        writer.write(frame("n INT", row(1)), Tables.RUN_LEDGER, new WriteMode.Overwrite(java.util.List.of()), "{}");
        String first = writer.head(Tables.RUN_LEDGER).orElseThrow().identity();
        org.apache.commons.io.FileUtils.deleteDirectory(lake.resolve("ops/run_ledger").toFile());
        Thread.sleep(1100); // file times have a one-second grain on some file systems
        writer.write(frame("n INT", row(2)), Tables.RUN_LEDGER, new WriteMode.Overwrite(java.util.List.of()), "{}");
        String second = writer.head(Tables.RUN_LEDGER).orElseThrow().identity();
        assertThat(first).startsWith("0@");
        assertThat(second).startsWith("0@").isNotEqualTo(first);
    }
}
