package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.testing.SparkTest;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The latest version and commit metadata read from the log's files agree with what Delta itself reports. */
class DeltaLogFilesTest extends SparkTest {

    /** A fresh lake's run ledger: where these tests write. */
    private record Ledger(Path lake, TableWriter writer, Configuration conf, String table) {
    }

    private Ledger ledgerIn(String name) {
        Path lake = newLake(name);
        LakePaths paths = new LakePaths(lake.toString());
        return new Ledger(lake, new TableWriter(spark(), paths), spark().sparkContext().hadoopConfiguration(), paths.table(Tables.RUN_LEDGER));
    }

    @Test
    void agrees_with_delta_history_past_a_checkpoint() throws Exception {
        Ledger at = ledgerIn("delta-log-files");
        Path lake = at.lake();
        TableWriter writer = at.writer();
        Configuration conf = at.conf();
        String table = at.table();
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

    /**
     * Only commits that set table properties (what {@link TableWriter#stamp} commits) leave a table's rows as they
     * were; any commit with a file added or removed — even an overwrite with the same rows — does not, nor does a
     * version the log no longer has.
     */
    @Test
    void only_property_commits_keep_the_rows_of_an_earlier_version() throws Exception {
        Ledger at = ledgerIn("delta-log-stamps");
        TableWriter writer = at.writer();
        long first = writer.write(frame("n INT", row(1)), Tables.RUN_LEDGER, new WriteMode.Overwrite(java.util.List.of()), "{}");
        long stamped = writer.stamp(Tables.RUN_LEDGER, "run-a", "{\"run_id\": \"run-a\"}");
        long again = writer.stamp(Tables.RUN_LEDGER, "run-b", "{\"run_id\": \"run-b\"}");
        assertThat(List.of(first, stamped, again)).containsExactly(0L, 1L, 2L);
        assertThat(DeltaLogFiles.userMetadata(at.conf(), at.table(), again)).contains("{\"run_id\": \"run-b\"}");
        assertThat(DeltaLogFiles.onlyPropertiesSince(at.conf(), at.table(), first, again)).isTrue();
        assertThat(writer.sameRowsAs(Tables.RUN_LEDGER, first)).isTrue();
        assertThat(writer.sameRowsAs(Tables.RUN_LEDGER, again)).as("the latest version itself").isTrue();
        assertThat(writer.read(Tables.RUN_LEDGER).collectAsList()).extracting(r -> r.getInt(0)).containsExactly(1);

        long rewritten = writer.write(frame("n INT", row(1)), Tables.RUN_LEDGER, new WriteMode.Overwrite(java.util.List.of()), "{}");
        writer.stamp(Tables.RUN_LEDGER, "run-c", "{}");
        assertThat(writer.sameRowsAs(Tables.RUN_LEDGER, first)).as("an overwrite between, the same rows").isFalse();
        assertThat(writer.sameRowsAs(Tables.RUN_LEDGER, rewritten)).isTrue();
        long latest = writer.latestVersion(Tables.RUN_LEDGER);
        assertThat(DeltaLogFiles.onlyPropertiesSince(at.conf(), at.table(), latest, latest + 2)).as("versions not in the log").isFalse();
        assertThat(DeltaLogFiles.onlyPropertiesSince(at.conf(), at.table(), again, first)).as("backwards").isFalse();
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

    @Test
    void a_commands_small_reads_stay_in_memory_at_their_version_until_it_ends() throws Exception {
        Ledger at = ledgerIn("delta-log-kept");
        Path lake = at.lake();
        TableWriter writer = at.writer();
        Configuration conf = at.conf();
        String table = at.table();
        writer.write(frame("n INT", row(1), row(2)), Tables.RUN_LEDGER, new WriteMode.Append(java.util.List.of()), "{}");
        long dataBytes;
        try (var files = Files.list(lake.resolve("ops/run_ledger"))) {
            dataBytes = files.filter(f -> f.toString().endsWith(".parquet")).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(DeltaLogFiles.tableSizeBytes(conf, table, 0)).hasValue(dataBytes);
        var cache = spark().sharedState().cacheManager();
        assertThat(writer.read(Tables.RUN_LEDGER)).isNotSameAs(writer.read(Tables.RUN_LEDGER));   // a writer keeps nothing by default

        writer.keepingSmallReads();
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> kept = writer.read(Tables.RUN_LEDGER);
        assertThat(writer.read(Tables.RUN_LEDGER)).isSameAs(kept);
        assertThat(writer.readAt(Tables.RUN_LEDGER, 0)).isSameAs(kept);
        assertThat(cache.lookupCachedData(kept).isDefined()).isTrue();
        assertThat(kept.count()).isEqualTo(2);
        // the next version is read from Delta, whole; the version kept stays what it was
        writer.write(frame("n INT", row(3)), Tables.RUN_LEDGER, new WriteMode.Append(java.util.List.of()), "{}");
        assertThat(writer.read(Tables.RUN_LEDGER).count()).isEqualTo(3);
        assertThat(kept.count()).isEqualTo(2);

        writer.releaseHandedOver();
        assertThat(cache.lookupCachedData(kept).isDefined()).isFalse();
        assertThat(writer.read(Tables.RUN_LEDGER)).isNotSameAs(writer.read(Tables.RUN_LEDGER));   // ended: no more kept

        // a version without its checksum file has no known size: read as any other
        Files.delete(lake.resolve("ops/run_ledger/_delta_log/00000000000000000001.crc"));
        assertThat(DeltaLogFiles.tableSizeBytes(conf, table, 1)).isEmpty();
        writer.keepingSmallReads();
        assertThat(writer.read(Tables.RUN_LEDGER)).isNotSameAs(writer.read(Tables.RUN_LEDGER));
        writer.releaseHandedOver();

        // a version kept in memory is still checked against storage: its files gone, it is refused as unreadable
        writer.keepingSmallReads();
        assertThat(writer.readAt(Tables.RUN_LEDGER, 0).count()).isEqualTo(2);
        try (var files = Files.list(lake.resolve("ops/run_ledger"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                Files.delete(f);
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.requireReadable(Tables.RUN_LEDGER, 0))
                .isInstanceOf(TableWriter.VersionUnavailable.class).hasMessageContaining("removed by vacuum or purge");
        writer.releaseHandedOver();
    }
}
