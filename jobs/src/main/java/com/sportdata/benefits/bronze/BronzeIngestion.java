package com.sportdata.benefits.bronze;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingSource;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.pipeline.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.AnomalyMonitor;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.DeequAdapter;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.quality.QualityGateFailure;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Landing → bronze. Each new file (by content hash) is read as received into its bronze table with
 * lineage columns; a file whose content is already in bronze is skipped, whatever its name. A file
 * that cannot be read is logged with the reason in {@code bronze.ingestion_log}, stays in landing,
 * and does not stop the other files.
 */
public final class BronzeIngestion {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeIngestion.class);

    public static final StructType LOG_SCHEMA = new StructType()
            .add("source_file", DataTypes.StringType)
            .add("landing_folder", DataTypes.StringType)
            .add("target_table", DataTypes.StringType)
            .add("content_sha256", DataTypes.StringType)
            .add("size_bytes", DataTypes.LongType)
            .add("status", DataTypes.StringType)
            .add("rows", DataTypes.LongType)
            .add("error", DataTypes.StringType)
            .add("run_id", DataTypes.StringType)
            .add("logged_at", DataTypes.TimestampType);

    /** What happened to one landing file in this run. */
    public record FileOutcome(LandingFile file, TableId target, long rows, String error) {
        public boolean ingested() {
            return error == null;
        }
    }

    public record Result(List<FileOutcome> outcomes, int alreadyIngested, List<CheckOutcome> checks) {
        public List<FileOutcome> rejected() {
            return outcomes.stream().filter(o -> !o.ingested()).toList();
        }

        public long rowsIngested() {
            return outcomes.stream().filter(FileOutcome::ingested).mapToLong(FileOutcome::rows).sum();
        }
    }

    private final SparkSession spark;
    private final LandingZone landing;
    private final TableWriter writer;
    private final List<CheckOutcome> checks = new ArrayList<>();
    private long checkMillis;

    public BronzeIngestion(SparkSession spark, LandingZone landing, TableWriter writer) {
        this.spark = spark;
        this.landing = landing;
        this.writer = writer;
    }

    /** Key column of each bronze table: a missing key is a Warning here (silver quarantines the row). */
    private static final Map<TableId, String> KEYS = Map.of(Tables.HR_EMPLOYEES, "employee_id",
            Tables.HR_SPORT_DECLARATIONS, "employee_id", Tables.ACTIVITIES_CSV, "id", Tables.STRAVA_ACTIVITIES, "id",
            Tables.REFERENCE_COMMUTE_DISTANCES, "address", Tables.REFERENCE_POSTCODES, "insee_code");

    public Result ingest(RunContext run) {
        return ingest(run, null);
    }

    /** @param monitor compares the rows each source received with previous runs; null: no anomaly check */
    public Result ingest(RunContext run, AnomalyMonitor monitor) {
        Set<String> known = ingestedHashes();
        Map<TableId, List<Dataset<Row>>> newRows = new LinkedHashMap<>();
        List<FileOutcome> outcomes = new ArrayList<>();
        int skipped = 0;
        for (LandingSource source : LandingSource.values()) {
            for (LandingFile file : landing.list(source)) {
                if (known.contains(file.sha256())) {
                    skipped++;
                    continue;
                }
                FileOutcome outcome = readOne(file, run, newRows);
                outcomes.add(outcome);
                if (outcome.ingested()) {
                    // only content that made it in counts as known: two bad files with equal content are both reported
                    known.add(file.sha256());
                }
            }
        }
        newRows.forEach((table, frames) -> {
            Dataset<Row> all = frames.stream().reduce(Dataset::unionByName).orElseThrow();
            long started = System.currentTimeMillis();
            List<CheckOutcome> results = DeequAdapter.verify(all, table, checks(table));
            checkMillis += System.currentTimeMillis() - started;
            checks.addAll(results);
            List<CheckOutcome> blocking = results.stream().filter(CheckOutcome::blocking).toList();
            if (!blocking.isEmpty()) {
                throw new QualityGateFailure(table, blocking);
            }
            writer.write(all, table, new WriteMode.Append(List.of()), run, "ingest landing files");
            if (monitor != null) {
                started = System.currentTimeMillis();
                checks.add(monitor.volume(table, all, run));
                checkMillis += System.currentTimeMillis() - started;
            }
        });
        if (!outcomes.isEmpty()) {
            writer.write(logRows(outcomes, run), Tables.INGESTION_LOG, new WriteMode.Append(List.of()), run, "ingestion log");
        }
        for (FileOutcome o : outcomes) {
            if (o.ingested()) {
                LOG.info("ingested {} → {} ({} rows)", o.file().name(), o.target(), o.rows());
            } else {
                LOG.error("REJECTED landing file {}: {} (the file stays in landing)", o.file().path(), o.error());
            }
        }
        return new Result(List.copyOf(outcomes), skipped, List.copyOf(checks));
    }

    /** Time spent on bronze checks and volume anomalies. */
    public long checkMillis() {
        return checkMillis;
    }

    /** The bronze check outcomes so far (also after a failure). */
    public List<CheckOutcome> checks() {
        return List.copyOf(checks);
    }

    private static List<QualityCheck> checks(TableId table) {
        BronzeSource source = BronzeSources.byTarget(table).orElseThrow();
        List<String> columns = java.util.Arrays.stream(BronzeSources.bronzeSchema(source).fieldNames()).toList();
        return List.of(
                QualityCheck.error("expected columns present", "later layers read these columns by name", QualityCheck.hasColumns(columns)),
                QualityCheck.error("not empty", "an ingested file always brings rows", QualityCheck.minRows(1)),
                QualityCheck.warning("key complete", "a row without its key cannot be matched (silver quarantines it)",
                        QualityCheck.complete(KEYS.get(table))));
    }

    private FileOutcome readOne(LandingFile file, RunContext run, Map<TableId, List<Dataset<Row>>> newRows) {
        BronzeSource source = null;
        try {
            source = BronzeSources.sourceOf(file, landing);
            spark.sparkContext().setJobDescription("read " + file.name());
            Dataset<Row> rows = withLineage(source.read(spark, landing, file), source, file, run).cache();
            long count = rows.count();
            newRows.computeIfAbsent(source.target(), t -> new ArrayList<>()).add(rows);
            return new FileOutcome(file, source.target(), count, null);
        } catch (UnreadableFileException e) {
            return new FileOutcome(file, source == null ? null : source.target(), 0, e.problem());
        } catch (RuntimeException e) {
            return new FileOutcome(file, source == null ? null : source.target(), 0,
                    "cannot be read: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } finally {
            spark.sparkContext().setJobDescription(null);
        }
    }

    /** Adds {@code _source_file}, {@code _source_sha256}, {@code _ingested_at}, {@code _run_id}, {@code _row_hash}. */
    static Dataset<Row> withLineage(Dataset<Row> rows, BronzeSource source, LandingFile file, RunContext run) {
        Column[] business = Arrays.stream(source.schema().fields())
                .map(StructField::name)
                .filter(n -> !n.startsWith("_"))
                .map(n -> col(n))
                .toArray(Column[]::new);
        Dataset<Row> out = rows;
        if (!Arrays.asList(rows.columns()).contains("_source_row")) {
            out = out.withColumn("_source_row", lit(null).cast(DataTypes.IntegerType));
        }
        return out
                .withColumn("_source_file", lit("landing/" + file.source().folder() + "/" + file.name()))
                .withColumn("_source_sha256", lit(file.sha256()))
                .withColumn("_ingested_at", lit(Timestamp.from(run.startedAt())))
                .withColumn("_run_id", lit(run.runId()))
                .withColumn("_row_hash", sha2(to_json(struct(business)), 256));
    }

    private Set<String> ingestedHashes() {
        Set<String> hashes = new HashSet<>();
        for (BronzeSource source : BronzeSources.ALL) {
            if (writer.exists(source.target())) {
                writer.read(source.target()).select("_source_sha256").distinct().collectAsList()
                        .forEach(r -> hashes.add(r.getString(0)));
            }
        }
        return hashes;
    }

    private Dataset<Row> logRows(List<FileOutcome> outcomes, RunContext run) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        List<Row> rows = outcomes.stream().map(o -> RowFactory.create(
                "landing/" + o.file().source().folder() + "/" + o.file().name(), o.file().source().folder(),
                o.target() == null ? null : o.target().qualifiedName(), o.file().sha256(), o.file().sizeBytes(),
                o.ingested() ? "INGESTED" : "REJECTED", o.rows(), o.error(), run.runId(), now)).toList();
        return spark.createDataFrame(rows, LOG_SCHEMA);
    }
}
