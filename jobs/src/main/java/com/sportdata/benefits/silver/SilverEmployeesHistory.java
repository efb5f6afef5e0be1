package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.util.List;
import java.util.Map;

import static com.sportdata.benefits.quality.QualityCheck.complete;
import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.quality.QualityCheck.unique;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.trim;

/**
 * Every HR snapshot ever received, typed and validated like {@link SilverEmployees}. Grain: one row per
 * employee per HR file. A snapshot is valid from its ingestion until the next one ({@code valid_to} null for
 * the latest): gold reads the latest snapshot, or the one in force at the end of a benefit year
 * ({@code pipeline.hr-snapshot = period-end}). A corrected HR file thus replaces the data without erasing
 * what was known before.
 */
public final class SilverEmployeesHistory implements TableJob {
    private static final String SEQ = "snapshot_seq";

    @Override
    public String grain() {
        return "one row per employee per HR file received";
    }

    @Override
    public TableId target() {
        return Tables.EMPLOYEES_HISTORY;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.HR_EMPLOYEES);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        return new WriteMode.Overwrite(List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        Dataset<Row> rows = inputs.get(Tables.HR_EMPLOYEES);
        // one row per HR file received (a handful): numbered in arrival order on the driver, not by a window over
        // the whole table (which Spark would run in a single partition)
        List<Row> received = rows.select("_ingested_at", "_source_file", "_source_sha256").distinct().collectAsList().stream()
                .sorted(java.util.Comparator.comparing((Row r) -> r.getTimestamp(0)).thenComparing(r -> r.getString(1))
                        .thenComparing(r -> r.getString(2)))
                .toList();
        List<Row> numbered = new java.util.ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            Row r = received.get(i);
            numbered.add(org.apache.spark.sql.RowFactory.create(r.getTimestamp(0), r.getString(1), r.getString(2), i + 1,
                    i + 1 < received.size() ? received.get(i + 1).getTimestamp(0) : null));
        }
        Dataset<Row> snapshots = rows.sparkSession().createDataFrame(numbered, new org.apache.spark.sql.types.StructType()
                .add("_ingested_at", org.apache.spark.sql.types.DataTypes.TimestampType)
                .add("_source_file", org.apache.spark.sql.types.DataTypes.StringType)
                .add("_source_sha256", org.apache.spark.sql.types.DataTypes.StringType)
                .add(SEQ, org.apache.spark.sql.types.DataTypes.IntegerType)
                .add("valid_to", org.apache.spark.sql.types.DataTypes.TimestampType));
        Dataset<Row> all = rows.join(snapshots, new String[] {"_ingested_at", "_source_file", "_source_sha256"})
                .withColumn(SilverColumns.DUPLICATES_IN_FILE, count(lit(1)).over(Window.partitionBy(col(SEQ), trim(col("employee_id")))));
        return SilverEmployees.typed(all, run, SEQ, "valid_to", "_source_sha256")
                .withColumn("valid_from", col("_ingested_at"))
                .withColumn("is_current", col("valid_to").isNull());
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of(
                QualityCheck.error("one row per employee per snapshot", "a snapshot is a full list of the company",
                        unique("employee_id", SEQ)),
                QualityCheck.error("validity known", "gold picks a snapshot by its validity", complete("valid_from")),
                QualityCheck.error("validity ordered", "a snapshot ends when the next one starts",
                        satisfies("valid_to IS NULL OR valid_to >= valid_from")));
    }
}
