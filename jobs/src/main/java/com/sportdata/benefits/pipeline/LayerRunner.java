package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.spark.JobLabels;
import com.sportdata.benefits.context.RunContext;
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

import com.sportdata.benefits.support.ProductVersion;
import com.sportdata.benefits.spark.Fingerprints;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
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

    /**
     * Rows that left quarantine because a later input made them valid (e.g. an activity whose employee a corrected HR
     * file now knows). Grain: one row per source row and release.
     */
    public static final StructType RELEASES_SCHEMA = new StructType()
            .add("target_table", DataTypes.StringType)
            .add("source_file", DataTypes.StringType)
            .add("source_row", DataTypes.IntegerType)
            .add("row_as_received", DataTypes.StringType)
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType))
            .add("quarantined_by_run", DataTypes.StringType)
            .add("quarantined_at", DataTypes.TimestampType)
            .add("released_by_run", DataTypes.StringType)
            .add("released_at", DataTypes.TimestampType, false);

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
        return runLayer(jobs, new Layer(run, false, false));
    }

    /**
     * The same; {@code incremental}: a table whose inputs are at the versions its last publication read is kept
     * as it is ({@link TableRun.Publication#KEPT}), an {@link IncrementalJob} recomputes only the part its new inputs
     * touch and merges it in, a table recomputed whole but equal to what is published is not rewritten. Only for a
     * lake whose tables were written by this product version with these settings (the caller checks). Either way
     * each table's latest commit names the inputs it was computed from, also when its rows did not change (what the
     * next run's decision to keep it reads).
     */
    public List<TableRun> runLayer(List<TableJob> jobs, RunContext run, boolean incremental) {
        return runLayer(jobs, new Layer(run, incremental, true));
    }

    private List<TableRun> runLayer(List<TableJob> jobs, Layer layer) {
        RunContext run = layer.run;
        try {
            runAll(jobs, layer);
        } finally {
            // nothing rejected now and nothing in quarantine for these tables before: the replacement would change
            // nothing, and it is not written (no commit); a lake's first validation creates the table, even empty
            boolean unchanged = layer.rejected.isEmpty() && writer.exists(Tables.QUARANTINE)
                    && layer.validated.stream().allMatch(t -> quarantined().getOrDefault(t, 0L) == 0);
            if (!layer.validated.isEmpty() && !unchanged) {
                Dataset<Row> quarantine = layer.rejected.stream().reduce(Dataset::unionByName)
                        .orElseGet(() -> spark.createDataFrame(List.of(), QUARANTINE_SCHEMA));
                writer.write(quarantine, Tables.QUARANTINE, new WriteMode.ReplaceWhere("target_table IN ("
                        + layer.validated.stream().sorted().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + ")", List.of()),
                        run, "quarantine of " + layer.validated);
                if (!layer.released.isEmpty()) {
                    // its own writer: a record about the quarantine, not one of the tables the stage publishes
                    new TableWriter(spark, writer.paths()).write(spark.createDataFrame(List.copyOf(layer.released), RELEASES_SCHEMA),
                            Tables.QUARANTINE_RELEASES, new WriteMode.Append(List.of()), run, "rows released from quarantine");
                    LOG.info("{} row(s) released from quarantine: a later input made them valid", layer.released.size());
                }
            }
            layer.rejected.forEach(Dataset::unpersist);
        }
        return jobs.stream().map(layer.results::get).toList();
    }

    /** What one layer's run gathers across its tables. */
    private static final class Layer {
        final RunContext run;
        final boolean incremental;
        /** Each table's latest commit must name the inputs of its last computation (a layer whose tables may be kept). */
        final boolean lineage;
        final List<Dataset<Row>> rejected = Collections.synchronizedList(new ArrayList<>());
        final List<String> validated = Collections.synchronizedList(new ArrayList<>());
        final List<Row> released = Collections.synchronizedList(new ArrayList<>());
        final Map<TableJob, TableRun> results = new ConcurrentHashMap<>();

        Layer(RunContext run, boolean incremental, boolean lineage) {
            this.run = run;
            this.incremental = incremental;
            this.lineage = lineage;
        }
    }

    /**
     * Whether a table's latest publication was computed from its inputs as they are now: every input at the version
     * that publication read, by this product version, and — for a table that depends on it — on the same as-of date
     * unless {@code dateFree}.
     */
    public static boolean upToDate(TableWriter writer, TableJob job, java.util.Optional<TableWriter.Lineage> lineage, LocalDate asOf,
                                   boolean dateFree) {
        if (lineage.isEmpty() || !java.util.Objects.equals(lineage.get().product(), ProductVersion.current().gitCommit())) {
            return false;
        }
        if (job.dependsOnAsOfDate() && !dateFree && !asOf.equals(lineage.get().asOfDate())) {
            return false;
        }
        for (TableId input : job.inputs()) {
            if (input.equals(job.target())) {
                continue;
            }
            Long then = lineage.get().inputs().get(writer.paths().relative(input));
            boolean now = writer.exists(input);
            // an input confirmed since (a commit without data: the same rows) has not moved
            if (now != (then != null) || now && !writer.sameRowsAs(input, then)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Orders a layer's jobs into waves: a job comes after every table of the layer it reads. The order they are
     * started in ({@link #runAll} starts each as soon as its own inputs are written).
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

    /**
     * Runs a layer's jobs, each as soon as the tables of the layer it reads are written — not at the barrier of a
     * whole wave (a table reading only bronze does not wait for an unrelated one that takes longer). At most
     * {@code parallelism} at once; once one fails no other starts (those running finish), and the failure thrown is
     * the most telling one: a quality gate before a side effect of it.
     */
    private void runAll(List<TableJob> jobs, Layer layer) {
        List<TableJob> ordered = waves(jobs).stream().flatMap(List::stream).toList();
        Map<TableId, TableJob> byTarget = ordered.stream().collect(Collectors.toMap(TableJob::target, job -> job));
        Concurrent.inOrder(ordered, job -> job.inputs().stream().filter(in -> !in.equals(job.target())).map(byTarget::get)
                .filter(java.util.Objects::nonNull).toList(), parallelism, job -> layer.results.put(job, run(job, layer)));
    }

    private TableRun run(TableJob job, Layer layer) {
        long start = System.currentTimeMillis();
        RunContext run = layer.run;
        TableId target = job.target();
        JobLabels labels = JobLabels.grouping(spark, target.qualifiedName(), "compute " + target);
        org.slf4j.MDC.put("table", target.qualifiedName());
        listener.tableStarted(target);
        Dataset<Row> all = null;
        boolean handedOver = false;
        try {
            java.util.Optional<TableWriter.Lineage> lineage = layer.incremental ? writer.lineage(target) : java.util.Optional.empty();
            if (layer.incremental && upToDate(writer, job, lineage, run.asOfDate(), false)) {
                return kept(job, lineage.get(), start);
            }
            Map<String, Long> versions = new java.util.TreeMap<>();
            Map<TableId, Dataset<Row>> inputs = readInputs(job, versions);
            java.util.Optional<IncrementalJob.Increment> increment = java.util.Optional.empty();
            Dataset<Row> formerQuarantine = null;
            if (layer.incremental && job instanceof IncrementalJob incremental && lineage.isPresent()
                    && java.util.Objects.equals(lineage.get().product(), ProductVersion.current().gitCommit())
                    && !run.asOfDate().isBefore(lineage.get().asOfDate())) {
                formerQuarantine = formerQuarantine(target);
                increment = incremental.increment(inputs, new IncrementalJob.Published(writer.readAt(target, writer.latestVersion(target)),
                        lineage.get(), formerQuarantine, writer), run);
                if (increment.isEmpty()) {
                    LOG.info("{}: recomputed whole (its changes cannot be confined to a part)", target);
                }
            }
            Dataset<Row> out = increment.isPresent()
                    ? increment.get().restrict().apply(job.transform(increment.get().inputs(), run))
                    : job.transform(inputs, run);
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
            verify(job, target, valid, increment.isPresent() ? increment.get().inputs() : inputs, run, rowsIn, rejects);
            TableRun.Publication publication;
            long version;
            long before = writer.exists(target) ? writer.latestVersion(target) : -1;
            if (increment.isPresent()) {
                version = writer.mergeReplacing(valid, increment.get().replaced(), target, increment.get().keys(),
                        run.commitMetadata("merge " + increment.get().description() + " into " + target, versions));
                publication = version == before ? TableRun.Publication.UNCHANGED : TableRun.Publication.MERGED;
            } else if (layer.incremental && job.writeMode(run) instanceof WriteMode.Overwrite && writer.exists(target)
                    && Fingerprints.of(valid).equals(Fingerprints.of(writer.readAt(target, writer.latestVersion(target))))) {
                version = writer.latestVersion(target);
                publication = TableRun.Publication.UNCHANGED;
            } else {
                version = writer.write(valid, target, job.writeMode(run), run.commitMetadata("publish " + target, versions));
                publication = TableRun.Publication.REBUILT;
                if (job.writeMode(run) instanceof WriteMode.Overwrite) {
                    // written whole: the later tables, checks and fingerprints of this command read these rows from memory.
                    // (Not a table a replaceWhere created, though it is these rows too: handing gold's facts over made
                    // gold 16 → 26–30 s on the demo — every KPI, check and dashboard query then plans the whole lineage
                    // from the landing files instead of a Delta scan.)
                    writer.handOver(target, version, valid, all);
                    handedOver = true;
                }
            }
            if (version == before && layer.lineage) {
                // recomputed and found as published (no commit): the table's lineage now names this run's inputs, so
                // the next run keeps it instead of recomputing it again
                version = writer.stamp(target, run.runId(), run.commitMetadata("confirm " + target + " as published", versions));
            }
            // the quarantine changes with its table: only once the table is published
            if (validates) {
                if (formerQuarantine == null) {
                    formerQuarantine = formerQuarantine(target);
                }
                layer.validated.add(target.qualifiedName());
                layer.released.addAll(released(formerQuarantine, all.filter(isRejected.unary_$bang()), run));
                if (increment.isPresent() && formerQuarantine != null) {
                    // the quarantined rows of the other part stay as they are
                    Dataset<Row> covered = increment.get().sourceRows();
                    layer.rejected.add(formerQuarantine.join(covered, formerQuarantine.col("source_file").equalTo(covered.col("_source_file"))
                            .and(formerQuarantine.col("row_as_received").equalTo(covered.col(TableJob.RAW_ROW))), "left_anti"));
                }
            }
            if (quarantined != null) {
                layer.rejected.add(quarantined);
            }
            TableRun result = new TableRun(target, rowsIn, rowsIn - rejects, rejects, System.currentTimeMillis() - start, versions,
                    version, publication);
            LOG.info("{}: {} rows {}, {} quarantined ({} ms)", target, result.rowsOut(), switch (publication) {
                case MERGED -> "merged (" + increment.get().description() + ")";
                case UNCHANGED -> "recomputed, equal to the published table (not rewritten)";
                default -> "published";
            }, rejects, result.millis());
            listener.tablePublished(result);
            return result;
        } finally {
            if (all != null && !handedOver) {
                all.unpersist();
            }
            labels.close();
            org.slf4j.MDC.remove("table");
        }
    }

    /** A table kept as it is: what its publication read is what it would read now. */
    private TableRun kept(TableJob job, TableWriter.Lineage lineage, long start) {
        TableId target = job.target();
        lineage.inputs().forEach((table, version) -> writer.noteRead(table, version));
        TableRun result = new TableRun(target, 0, 0, 0, System.currentTimeMillis() - start, lineage.inputs(), writer.latestVersion(target),
                TableRun.Publication.KEPT);
        LOG.info("{}: kept as published by run {} (its inputs are at the versions it read)", target, lineage.runId());
        listener.tablePublished(result);
        return result;
    }

    /**
     * The rows of {@code target} in quarantine now, or null when it has none there (or there is no quarantine yet):
     * known from the quarantine's rows per table, counted once per state of the quarantine ({@link #quarantined}), so
     * a table with nothing in quarantine plans no join against it.
     */
    private Dataset<Row> formerQuarantine(TableId target) {
        if (quarantined().getOrDefault(target.qualifiedName(), 0L) == 0) {
            return null;
        }
        return writer.readAt(Tables.QUARANTINE, writer.latestVersion(Tables.QUARANTINE))
                .filter(col("target_table").equalTo(target.qualifiedName()));
    }

    /** The quarantine's rows per target table now (empty when there is no quarantine), kept with its state. */
    private Map<String, Long> quarantined() {
        return writer.derived(Tables.QUARANTINE, "rows per target table", new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() { },
                rows -> {
                    Map<String, Long> counts = new java.util.TreeMap<>();
                    rows.groupBy("target_table").count().collectAsList().forEach(r -> counts.put(r.getString(0), r.getLong(1)));
                    return counts;
                }).orElse(Map.of());
    }

    /**
     * Rows quarantined before that this publication takes in (a later input made them valid), for the record; known
     * by their source file and the row as received (activity files have no row numbers).
     */
    private List<Row> released(Dataset<Row> formerQuarantine, Dataset<Row> accepted, RunContext run) {
        List<String> columns = Arrays.asList(accepted.columns());
        if (formerQuarantine == null || !columns.contains("_source_file") || !columns.contains(TableJob.RAW_ROW)) {
            return List.of();
        }
        Dataset<Row> former = broadcast(formerQuarantine);
        Dataset<Row> keys = accepted.select(col("_source_file"), col(TableJob.RAW_ROW));
        return keys.join(former, keys.col("_source_file").equalTo(former.col("source_file"))
                        .and(keys.col(TableJob.RAW_ROW).equalTo(former.col("row_as_received"))))
                .select(col("target_table"), col("source_file"), col("source_row"), col("row_as_received"), col("reasons"),
                        col("run_id").as("quarantined_by_run"), col("quarantined_at"), lit(run.runId()).as("released_by_run"),
                        lit(Timestamp.from(run.startedAt())).as("released_at"))
                .collectAsList();
    }

    /** Deequ checks on the rows about to be published; an Error-level failure stops the publication. */
    private void verify(TableJob job, TableId target, Dataset<Row> valid, Map<TableId, Dataset<Row>> inputs, RunContext run,
                        long rowsIn, long rejects) {
        long started = System.currentTimeMillis();
        long published = rowsIn - rejects;
        List<QualityCheck> checks = new ArrayList<>(job.checks(valid, inputs, run));
        List<CheckOutcome> results = new ArrayList<>();
        if (job.contract().isPresent()) {
            // the schema first: a table that breaks its contract is not published, whatever its rows
            CheckOutcome schema = job.contract().get().outcome(valid.schema());
            if (schema.failed()) {
                outcomes.add(schema);
                throw new QualityGateFailure(target, List.of(schema));
            }
            results.add(schema);
            checks.addAll(job.contract().get().checks());
        }
        try (JobLabels labels = JobLabels.describing(spark, "verify " + target)) {
            results.addAll(DeequAdapter.verify(valid, published, target, checks));
        }
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
