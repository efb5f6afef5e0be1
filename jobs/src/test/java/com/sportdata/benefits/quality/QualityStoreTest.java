package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.testing.SparkTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QualityStoreTest extends SparkTest {

    /** Result tables in memory: which exist, and what each replaceRunRows was given (table → rows as text). */
    private static final class Recorded implements ResultTables {
        final Set<TableId> existing;
        final List<String> writes = new ArrayList<>();

        Recorded(Set<TableId> existing) {
            this.existing = existing;
        }

        @Override
        public boolean exists(TableId table) {
            return existing.contains(table);
        }

        @Override
        public List<com.sportdata.benefits.catalog.Record> smallRows(TableId table) {
            throw new UnsupportedOperationException("not read by record()");
        }

        @Override
        public void replaceRunRows(Dataset<Row> rows, TableId table, RunContext run, String reason) {
            writes.add(table + " " + rows.collectAsList().stream().map(r -> r.getString(1) + ":" + r.get(2) + ":" + r.get(3)).toList());
        }
    }

    private RunContext run() {
        return RunContext.start("run", config(Map.of("lake.root", newLake("quality-store").toString())));
    }

    @Test
    void a_run_that_quarantined_nothing_adds_no_commit_to_an_existing_quarantine_summary() {
        Recorded tables = new Recorded(Set.of(Tables.QUALITY_CHECKS, Tables.QUARANTINE_SUMMARY));
        new QualityStore(spark(), tables).record(run(), List.of(), List.of());
        // the checks are recorded (an empty list replaces the run's rows); the quarantine summary is left as it is
        assertThat(tables.writes).containsExactly(Tables.QUALITY_CHECKS + " []");
    }

    @Test
    void quarantined_rows_are_counted_and_a_first_run_creates_the_summary_even_empty() {
        Recorded tables = new Recorded(Set.of(Tables.QUALITY_CHECKS, Tables.QUARANTINE_SUMMARY));
        new QualityStore(spark(), tables).record(run(), List.of(), List.of(RowFactory.create("silver.activities", "unknown sport", 3L)));
        assertThat(tables.writes).containsExactly(Tables.QUALITY_CHECKS + " []",
                Tables.QUARANTINE_SUMMARY + " [silver.activities:unknown sport:3]");

        Recorded empty = new Recorded(Set.of());
        new QualityStore(spark(), empty).record(run(), List.of(), List.of());
        // PowerBI reads the table: the lake's first run creates it, with no row
        assertThat(empty.writes).containsExactly(Tables.QUALITY_CHECKS + " []", Tables.QUARANTINE_SUMMARY + " []");
    }
}
