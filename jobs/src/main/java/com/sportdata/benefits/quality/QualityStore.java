package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.util.List;

/**
 * Check results and quarantine counts of every run, as Delta tables PowerBI and people can read.
 * {@code gold.fct_quality_checks}: one row per run, table and check. {@code gold.fct_quarantine_summary}:
 * one row per run, table and reason. The history of every run is the point: each run adds its rows (replacing its own, if it records them twice).
 */
public final class QualityStore {
    public static final StructType CHECKS_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("checked_at", DataTypes.TimestampType)
            .add("layer", DataTypes.StringType)
            .add("table_name", DataTypes.StringType)
            .add("check_name", DataTypes.StringType)
            .add("level", DataTypes.StringType)
            .add("status", DataTypes.StringType)
            .add("constraint", DataTypes.StringType)
            .add("metric_value", DataTypes.DoubleType)
            .add("message", DataTypes.StringType)
            .add("why", DataTypes.StringType)
            // a failed row-level check: how many rows fail it, and a few of them as JSON (key and checked columns only)
            .add("failing_rows", DataTypes.LongType)
            .add("examples_json", DataTypes.StringType);
    public static final StructType QUARANTINE_SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType)
            .add("target_table", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("rows", DataTypes.LongType);

    private final SparkSession spark;
    private final ResultTables writer;

    public QualityStore(SparkSession spark, ResultTables writer) {
        this.spark = spark;
        this.writer = writer;
    }

    public void record(RunContext run, List<CheckOutcome> outcomes, List<Row> quarantineCounts) {
        Timestamp at = Timestamp.from(run.startedAt());
        List<Row> rows = outcomes.stream().map(o -> RowFactory.create(run.runId(), at, o.layer(), o.table(), o.check(),
                o.level().name(), o.status().name(), o.constraint(), o.metricValue(), o.message(), o.why(), o.failingRows(),
                examplesJson(o))).toList();
        // replaces the run's rows, if any: a quality stage run again (a resumed run, a retried task) does not count twice;
        // new columns (failing_rows, examples_json) join a table written by an older version
        writer.replaceRunRows(spark.createDataFrame(rows, CHECKS_SCHEMA), Tables.QUALITY_CHECKS, run, "quality results");
        List<Row> counts = quarantineCounts.stream().map(r -> RowFactory.create(run.runId(), r.getString(0), r.getString(1),
                r.getLong(2))).toList();
        if (counts.isEmpty() && writer.exists(Tables.QUARANTINE_SUMMARY)) {
            // nothing quarantined: no commit. A run's counts come from its stages' findings, the same each time they are
            // recorded (a resumed run reads them from the ledger), so an earlier recording of this run left no row either
            return;
        }
        writer.replaceRunRows(spark.createDataFrame(counts, QUARANTINE_SCHEMA), Tables.QUARANTINE_SUMMARY, run, "quarantine summary");
    }

    /** Every run's check results, read by Delta Kernel (a few hundred rows per run: no Spark plan, no job). */
    public List<com.sportdata.benefits.catalog.Record> checkRows() {
        return writer.smallRows(Tables.QUALITY_CHECKS);
    }

    static String examplesJson(CheckOutcome o) {
        if (o.examples() == null || o.examples().isEmpty()) {
            return null;
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o.examples());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static java.util.List<java.util.Map<String, String>> examples(String json) {
        if (json == null || json.isBlank()) {
            return java.util.List.of();
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.List<java.util.Map<String, String>>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return java.util.List.of();
        }
    }
}
