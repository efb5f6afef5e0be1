package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.stream.Collectors;

/** The one place that writes Delta tables. Every commit carries userMetadata naming the run. */
public final class TableWriter {
    private static final String COMMIT_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    private final SparkSession spark;
    private final LakePaths paths;

    public TableWriter(SparkSession spark, LakePaths paths) {
        this.spark = spark;
        this.paths = paths;
    }

    public boolean exists(TableId table) {
        return DeltaTable.isDeltaTable(spark, paths.table(table));
    }

    public Dataset<Row> read(TableId table) {
        return spark.read().format("delta").load(paths.table(table));
    }

    public void write(Dataset<Row> rows, TableId table, WriteMode mode, RunContext run, String reason) {
        String path = paths.table(table);
        String metadata = run.commitMetadata(reason);
        spark.sparkContext().setJobDescription("write " + table + " (" + mode.getClass().getSimpleName() + ")");
        try {
            if (mode instanceof WriteMode.Merge m) {
                merge(rows, table, m, metadata);
                return;
            }
            DataFrameWriter<Row> w = writer(rows, mode.partitionBy())
                    .mode(mode instanceof WriteMode.Append ? "append" : "overwrite")
                    .option("userMetadata", metadata);
            if (mode instanceof WriteMode.ReplaceWhere r && exists(table)) {
                w = w.option("replaceWhere", r.predicate());
            }
            w.save(path);
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** Merges take their commit metadata from a session setting: one at a time, so concurrent writes cannot mix them up. */
    private synchronized void merge(Dataset<Row> rows, TableId table, WriteMode.Merge merge, String metadata) {
        if (!exists(table)) {
            writer(rows, merge.partitionBy()).mode("overwrite").option("userMetadata", metadata).save(paths.table(table));
            return;
        }
        String on = merge.keys().stream().map(k -> "t." + k + " <=> s." + k).collect(Collectors.joining(" AND "));
        spark.conf().set(COMMIT_METADATA, metadata);
        try {
            DeltaTable.forPath(spark, paths.table(table)).as("t")
                    .merge(rows.as("s"), on)
                    .whenMatched(merge.updateWhen()).updateAll()
                    .whenNotMatched().insertAll()
                    .execute();
        } finally {
            spark.conf().unset(COMMIT_METADATA);
        }
    }

    private static DataFrameWriter<Row> writer(Dataset<Row> rows, java.util.List<String> partitionBy) {
        DataFrameWriter<Row> w = rows.write().format("delta");
        return partitionBy.isEmpty() ? w : w.partitionBy(partitionBy.toArray(String[]::new));
    }
}
