package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.DeequAdapter;
import com.sportdata.benefits.quality.Findings;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.Level;
import com.sportdata.benefits.quality.QualityGateFailure;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Runs any {@link TableJob}: read its inputs → transform → split rejected rows to quarantine → write →
 * return the counts. The only place where a table is read for a transform.
 */
public final class LayerRunner implements Findings {
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
    private final List<CheckOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final List<Row> quarantineCounts = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> verifyIntervals = Collections.synchronizedList(new ArrayList<>());
    private final int parallelism;
    private final TableListener listener;
    private final java.util.function.Function<TableId, java.util.Optional<StructType>> absentInputs;

    public LayerRunner(SparkSession spark, TableWriter writer) {
        this(spark, writer, 1);
    }

    /** @param parallelism how many independent tables of a layer may run at once */
    public LayerRunner(SparkSession spark, TableWriter writer, int parallelism) {
        this(spark, writer, parallelism, TableListener.NONE, id -> java.util.Optional.empty());
    }

    /**
     * @param listener told when each table starts and is published
     * @param absentInputs the schema of an input table that does not exist yet (a source never delivered), read as empty
     */
    public LayerRunner(SparkSession spark, TableWriter writer, int parallelism, TableListener listener,
                       java.util.function.Function<TableId, java.util.Optional<StructType>> absentInputs) {
        this.spark = spark;
        this.writer = writer;
        this.parallelism = parallelism;
        this.listener = listener;
        this.absentInputs = absentInputs;
    }

    @Override
    public List<QualityReport.QuarantineCount> quarantine() {
        return quarantineCounts().stream().map(r -> new QualityReport.QuarantineCount(r.getString(0), r.getString(1), r.getLong(2)))
                .toList();
    }

    @Override
    public long checkMillis() {
        return verifyMillis();
    }

    /** Every check outcome of the tables this runner ran, in order. */
    @Override
    public List<CheckOutcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    /** Wall-clock time during which at least one table was being verified (tables of a wave overlap). */
    public long verifyMillis() {
        List<long[]> intervals;
        synchronized (verifyIntervals) {
            intervals = new ArrayList<>(verifyIntervals);
        }
        intervals.sort(java.util.Comparator.comparingLong(i -> i[0]));
        long total = 0;
        long end = Long.MIN_VALUE;
        for (long[] interval : intervals) {
            long from = Math.max(interval[0], end);
            if (interval[1] > from) {
                total += interval[1] - from;
            }
            end = Math.max(end, interval[1]);
        }
        return total;
    }

    /** (target table, reason, rows) of everything quarantined by the tables this runner ran. */
    public List<Row> quarantineCounts() {
        synchronized (quarantineCounts) {
            return List.copyOf(quarantineCounts);
        }
    }

    /**
     * Runs the jobs of one layer in order. Rejected rows of all of them go to quarantine in one commit,
     * replacing what those tables had there before (silver is recomputed whole, so is its quarantine).
     */
    public List<TableRun> runLayer(List<TableJob> jobs, RunContext run) {
        List<Dataset<Row>> rejected = Collections.synchronizedList(new ArrayList<>());
        List<String> validated = Collections.synchronizedList(new ArrayList<>());
        Map<TableJob, TableRun> results = new ConcurrentHashMap<>();
        try {
            for (List<TableJob> wave : waves(jobs)) {
                runWave(wave, run, rejected, validated, results);
            }
        } finally {
            if (!validated.isEmpty()) {
                Dataset<Row> quarantine = rejected.stream().reduce(Dataset::unionByName)
                        .orElseGet(() -> spark.createDataFrame(List.of(), QUARANTINE_SCHEMA));
                writer.write(quarantine, Tables.QUARANTINE, new WriteMode.ReplaceWhere("target_table IN ("
                        + validated.stream().sorted().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + ")", List.of()),
                        run, "quarantine of " + validated);
            }
            rejected.forEach(Dataset::unpersist);
        }
        return jobs.stream().map(results::get).toList();
    }

    /**
     * Orders a layer's jobs into waves: a job runs once every table of the layer it reads has been written.
     * Jobs of one wave are independent and run concurrently (Spark schedules jobs from several threads; on
     * small tables the driver's per-job overhead then overlaps).
     */
    static List<List<TableJob>> waves(List<TableJob> jobs) {
        Set<TableId> produced = jobs.stream().map(TableJob::target).collect(Collectors.toSet());
        Set<TableId> done = new HashSet<>();
        List<TableJob> pending = new ArrayList<>(jobs);
        List<List<TableJob>> waves = new ArrayList<>();
        while (!pending.isEmpty()) {
            List<TableJob> wave = pending.stream().filter(j -> j.inputs().stream()
                    .allMatch(in -> in.equals(j.target()) || !produced.contains(in) || done.contains(in))).toList();
            if (wave.isEmpty()) {
                throw new IllegalStateException("cyclic table dependencies among " + pending.stream().map(TableJob::target).toList());
            }
            waves.add(wave);
            wave.forEach(j -> done.add(j.target()));
            pending.removeAll(wave);
        }
        return waves;
    }

    private void runWave(List<TableJob> wave, RunContext run, List<Dataset<Row>> rejected, List<String> validated,
                         Map<TableJob, TableRun> results) {
        if (wave.size() == 1 || parallelism <= 1) {
            wave.forEach(job -> results.put(job, run(job, run, rejected, validated)));
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, wave.size()));
        Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap();
        try {
            List<Future<TableRun>> futures = wave.stream().map(job -> pool.submit(() -> {
                if (logContext != null) {
                    org.slf4j.MDC.setContextMap(logContext);
                }
                try {
                    return run(job, run, rejected, validated);
                } finally {
                    org.slf4j.MDC.clear();
                }
            })).toList();
            RuntimeException failure = null;
            for (int i = 0; i < wave.size(); i++) {
                try {
                    results.put(wave.get(i), futures.get(i).get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    // a quality gate says more than a side effect of it: keep it first
                    if (failure == null || cause instanceof QualityGateFailure && !(failure instanceof QualityGateFailure)) {
                        failure = cause;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while running " + wave.get(i).target(), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    private TableRun run(TableJob job, RunContext run, List<Dataset<Row>> rejected, List<String> validated) {
        long start = System.currentTimeMillis();
        TableId target = job.target();
        spark.sparkContext().setJobGroup(target.qualifiedName(), "compute " + target, false);
        org.slf4j.MDC.put("table", target.qualifiedName());
        listener.tableStarted(target);
        Dataset<Row> all = null;
        try {
            Map<String, Long> versions = new java.util.TreeMap<>();
            Map<TableId, Dataset<Row>> inputs = readInputs(job, versions);
            Dataset<Row> out = job.transform(inputs, run);
            boolean validates = Arrays.asList(out.columns()).contains(TableJob.REJECT_REASONS);
            if (!validates) {
                out = out.withColumn(TableJob.REJECT_REASONS, array().cast("array<string>"));
            }
            all = out.persist();
            Column isRejected = size(col(TableJob.REJECT_REASONS)).gt(0);
            Row counts = all.agg(count(lit(1)), sum(when(isRejected, 1).otherwise(0))).first();
            long rowsIn = counts.getLong(0);
            long rejects = counts.isNullAt(1) ? 0 : counts.getLong(1);
            Dataset<Row> quarantined = null;
            if (rejects > 0) {
                quarantined = quarantineRows(all.filter(isRejected), target, run).persist();
                quarantineCounts.addAll(quarantined.select(col("target_table"), explode(col("reasons")).as("reason"))
                        .groupBy("target_table", "reason").count().collectAsList());
            }
            Dataset<Row> valid = all.filter(isRejected.unary_$bang()).drop(TableJob.REJECT_REASONS);
            if (Arrays.asList(valid.columns()).contains(TableJob.RAW_ROW)) {
                valid = valid.drop(TableJob.RAW_ROW);
            }
            verify(job, target, valid, inputs, run, rowsIn, rejects);
            long version = writer.write(valid, target, job.writeMode(run), run.commitMetadata("publish " + target, versions));
            // the quarantine changes with its table: only once the table is published
            if (validates) {
                validated.add(target.qualifiedName());
            }
            if (quarantined != null) {
                rejected.add(quarantined);
            }
            TableRun result = new TableRun(target, rowsIn, rowsIn - rejects, rejects, System.currentTimeMillis() - start, versions,
                    version);
            LOG.info("{}: {} rows published, {} quarantined ({} ms)", target, result.rowsOut(), rejects, result.millis());
            listener.tablePublished(result);
            return result;
        } finally {
            if (all != null) {
                all.unpersist();
            }
            spark.sparkContext().clearJobGroup();
            org.slf4j.MDC.remove("table");
        }
    }

    /** Deequ checks on the rows about to be published; an Error-level failure stops the publication. */
    private void verify(TableJob job, TableId target, Dataset<Row> valid, Map<TableId, Dataset<Row>> inputs, RunContext run,
                        long rowsIn, long rejects) {
        spark.sparkContext().setJobDescription("verify " + target);
        long started = System.currentTimeMillis();
        long published = rowsIn - rejects;
        List<CheckOutcome> results = new ArrayList<>(DeequAdapter.verify(valid, published, target, job.checks(valid, inputs, run)));
        verifyIntervals.add(new long[] {started, System.currentTimeMillis()});
        results.add(new CheckOutcome(target.layer().folder(), target.name(), "nothing lost", Level.ERROR,
                CheckOutcome.Status.PASSED, "rows in = rows published + rows quarantined", (double) rowsIn,
                rowsIn + " = " + published + " + " + rejects, "every row received is either published or quarantined"));
        outcomes.addAll(results);
        List<CheckOutcome> blocking = results.stream().filter(CheckOutcome::blocking).toList();
        if (!blocking.isEmpty()) {
            throw new QualityGateFailure(target, blocking);
        }
    }

    private Map<TableId, Dataset<Row>> readInputs(TableJob job, Map<String, Long> versions) {
        Map<TableId, Dataset<Row>> inputs = new LinkedHashMap<>();
        for (TableId id : job.inputs()) {
            if (writer.exists(id)) {
                TableWriter.Versioned read = writer.readVersioned(id);
                versions.put(writer.paths().relative(id), read.version());
                inputs.put(id, read.rows());
            } else {
                absentInputs.apply(id).ifPresent(schema -> inputs.put(id, spark.createDataFrame(List.of(), schema)));
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
