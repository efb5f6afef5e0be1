package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.bronze.BronzeSources;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Runs any {@link TableJob}: read its inputs → transform → split rejected rows to quarantine → write →
 * return the counts. The only place where a table is read for a transform.
 */
public final class LayerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LayerRunner.class);

    /** Rejected rows. Grain: one row per rejected source row and target table, for the latest run that computed it. */
    public static final StructType QUARANTINE_SCHEMA = new StructType()
            .add("target_table", DataTypes.StringType)
            .add("source_file", DataTypes.StringType)
            .add("source_row", DataTypes.IntegerType)
            .add("row_as_received", DataTypes.StringType)
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType))
            .add("run_id", DataTypes.StringType)
            .add("quarantined_at", DataTypes.TimestampType);

    private final SparkSession spark;
    private final TableWriter writer;

    public LayerRunner(SparkSession spark, TableWriter writer) {
        this.spark = spark;
        this.writer = writer;
    }

    public TableRun run(TableJob job, RunContext run) {
        long start = System.currentTimeMillis();
        TableId target = job.target();
        spark.sparkContext().setJobGroup(target.qualifiedName(), "compute " + target, false);
        try {
            Dataset<Row> out = job.transform(readInputs(job), run);
            boolean validates = Arrays.asList(out.columns()).contains(TableJob.REJECT_REASONS);
            Dataset<Row> all = out.persist();
            try {
                long rowsIn = all.count();
                long rejected = 0;
                Dataset<Row> valid = all;
                if (validates) {
                    Column isRejected = size(col(TableJob.REJECT_REASONS)).gt(0);
                    Dataset<Row> rejects = all.filter(isRejected);
                    rejected = rejects.count();
                    writer.write(quarantineRows(rejects, target, run), Tables.QUARANTINE,
                            new WriteMode.ReplaceWhere("target_table = '" + target.qualifiedName() + "'", List.of()),
                            run, "quarantine of " + target);
                    valid = all.filter(isRejected.unary_$bang()).drop(TableJob.REJECT_REASONS);
                }
                if (Arrays.asList(valid.columns()).contains(TableJob.RAW_ROW)) {
                    valid = valid.drop(TableJob.RAW_ROW);
                }
                writer.write(valid, target, job.writeMode(run), run, "publish " + target);
                TableRun result = new TableRun(target, rowsIn, rowsIn - rejected, rejected, System.currentTimeMillis() - start);
                LOG.info("{}: {} rows published, {} quarantined ({} ms)", target, result.rowsOut(), rejected, result.millis());
                return result;
            } finally {
                all.unpersist();
            }
        } finally {
            spark.sparkContext().clearJobGroup();
        }
    }

    private Map<TableId, Dataset<Row>> readInputs(TableJob job) {
        Map<TableId, Dataset<Row>> inputs = new LinkedHashMap<>();
        for (TableId id : job.inputs()) {
            if (writer.exists(id)) {
                inputs.put(id, writer.read(id));
            } else {
                BronzeSources.byTarget(id).ifPresent(source -> inputs.put(id,
                        spark.createDataFrame(List.of(), BronzeSources.bronzeSchema(source))));
            }
        }
        return inputs;
    }

    private static Dataset<Row> quarantineRows(Dataset<Row> rejects, TableId target, RunContext run) {
        List<String> columns = Arrays.asList(rejects.columns());
        Column raw = columns.contains(TableJob.RAW_ROW) ? col(TableJob.RAW_ROW)
                : to_json(struct(columns.stream().filter(c -> !c.equals(TableJob.REJECT_REASONS)).map(c -> col(c)).toArray(Column[]::new)));
        return rejects.select(
                lit(target.qualifiedName()).as("target_table"),
                columns.contains("_source_file") ? col("_source_file") : lit(null).cast(DataTypes.StringType).as("source_file"),
                columns.contains("_source_row") ? col("_source_row") : lit(null).cast(DataTypes.IntegerType).as("source_row"),
                raw.as("row_as_received"),
                col(TableJob.REJECT_REASONS).as("reasons"),
                lit(run.runId()).as("run_id"),
                lit(Timestamp.from(run.startedAt())).as("quarantined_at"))
                .toDF(QUARANTINE_SCHEMA.fieldNames());
    }
}
