package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.spark.JobLabels;
import com.sportdata.benefits.quality.ResultTables;
import java.util.List;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The one place that reads and writes Delta tables. Every read is pinned to a table version and every
 * write's version is noted in the {@link Journal}, so the run ledger knows exactly what a run read and
 * wrote; every commit carries userMetadata naming the run. A writer may be pinned to past versions of some
 * tables (time travel) for backfills "as of" and replays.
 */
public final class TableWriter implements ResultTables {
    private static final String COMMIT_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

    private final SparkSession spark;
    private final LakePaths paths;
    private final Map<TableId, Long> pins;
    private final Journal journal;

    public TableWriter(SparkSession spark, LakePaths paths) {
        this(spark, paths, Map.of(), new Journal());
    }

    private TableWriter(SparkSession spark, LakePaths paths, Map<TableId, Long> pins, Journal journal) {
        this.spark = spark;
        this.paths = paths;
        this.pins = Map.copyOf(pins);
        this.journal = journal;
    }

    /** This writer, reading the given tables at the given versions (checked to be still readable). */
    public TableWriter pinnedTo(Map<TableId, Long> versions) {
        versions.forEach(this::requireReadable);
        Map<TableId, Long> all = new java.util.HashMap<>(pins);
        all.putAll(versions);
        return new TableWriter(spark, paths, all, journal);
    }

    /** This writer over other paths (e.g. gold redirected to a scenario), sharing pins and journal. */
    public TableWriter at(LakePaths other) {
        return new TableWriter(spark, other, pins, journal);
    }

    public LakePaths paths() {
        return paths;
    }

    public Journal journal() {
        return journal;
    }

    public boolean exists(TableId table) {
        return head(table).isPresent();
    }

    /** The table's latest commit (version and time), read from its log's files; empty when there is no table. */
    public java.util.Optional<DeltaLogFiles.Head> head(TableId table) {
        return DeltaLogFiles.head(spark.sparkContext().hadoopConfiguration(), paths.table(table));
    }

    /** The table at its pinned version, or at its latest version; either way the version read is journaled. */
    public Dataset<Row> read(TableId table) {
        return readVersioned(table).rows();
    }

    /** A table's rows and the version they are from. */
    public record Versioned(Dataset<Row> rows, long version) {
    }

    public Versioned readVersioned(TableId table) {
        long version = pins.containsKey(table) ? pins.get(table) : latestVersion(table);
        journal.reads.put(paths.relative(table), version);
        return new Versioned(readAt(table, version), version);
    }

    /**
     * The rows of a small table (an ops table: a few rows per run or per year) at the version {@link #read} gives,
     * journaled the same way, read by Delta Kernel in this JVM: no Spark plan, no job. Empty when there is no table.
     */
    public List<com.sportdata.benefits.catalog.Record> smallRows(TableId table) {
        String path = paths.table(table);
        java.util.OptionalLong version = pins.containsKey(table) ? java.util.OptionalLong.of(pins.get(table))
                : DeltaLogFiles.latestVersion(spark.sparkContext().hadoopConfiguration(), path);
        if (version.isEmpty()) {
            return List.of();
        }
        journal.reads.put(paths.relative(table), version.getAsLong());
        return new com.sportdata.benefits.catalog.DeltaRows(spark.sparkContext().hadoopConfiguration()).read(path, version.getAsLong());
    }

    /** Notes in the journal that the stage used {@code table} (relative to the lake) at {@code version} without reading it again. */
    public void noteRead(String table, long version) {
        journal.reads.put(table, version);
    }

    /**
     * The table as it was at {@code version} (time travel); not journaled. A version this command wrote and handed
     * over ({@link #handOver}) is read from memory, without planning a Delta scan again.
     */
    public Dataset<Row> readAt(TableId table, long version) {
        Journal.Handed handed = journal.handed.get(paths.table(table));
        if (handed != null && handed.version() == version) {
            return handed.rows();
        }
        Dataset<Row> rows = deltaAt(table, version);
        if (journal.keepsSmallReads && handed == null && DeltaLogFiles.tableSizeBytes(spark.sparkContext().hadoopConfiguration(),
                paths.table(table), version).orElse(Long.MAX_VALUE) <= SMALL_TABLE_BYTES) {
            // kept in memory once read: the next reads of this version (other tables, checks, the dashboard, the
            // metrics) do not plan a Delta scan and list its files again
            Dataset<Row> kept = rows.persist();
            Journal.Handed first = journal.handed.putIfAbsent(paths.table(table), new Journal.Handed(version, kept, kept));
            if (first == null || first.version() == version) {
                return first == null ? kept : first.rows();   // (the same plan: one cache entry, released once)
            }
            kept.unpersist();   // another thread kept another version meanwhile
        }
        return rows;
    }

    /**
     * The table at {@code version}, planned as a Delta scan (Spark's cache still answers it when a command keeps that
     * version in memory: ask the log, not this plan, which files a version references).
     */
    private Dataset<Row> deltaAt(TableId table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(paths.table(table));
    }

    /** A table whose files at a version hold at most this many bytes is kept in memory by a command's first read of it. */
    static final long SMALL_TABLE_BYTES = 8L << 20;

    /**
     * From now on, the small tables this writer's command reads stay in memory at the version read, until
     * {@link #releaseHandedOver} (a command's writer; a writer nobody releases does not keep its reads).
     */
    public TableWriter keepingSmallReads() {
        journal.keepsSmallReads = true;
        return this;
    }

    /**
     * Hands the rows just committed as {@code version} of a table written whole to the later reads of this command
     * (the tables, checks and fingerprints that read it), so each table is read from storage at most once per run.
     * {@code cached}: the persisted frame they are computed from, kept until {@link #releaseHandedOver}.
     */
    public void handOver(TableId table, long version, Dataset<Row> rows, Dataset<Row> cached) {
        Journal.Handed former = journal.handed.put(paths.table(table), new Journal.Handed(version, rows, cached));
        if (former != null) {
            former.cached().unpersist();
        }
    }

    /** Frees what {@link #handOver} and the small reads kept in memory, and keeps no more reads: at the end of the command. */
    public void releaseHandedOver() {
        journal.keepsSmallReads = false;
        journal.handed.values().forEach(h -> h.cached().unpersist());
        journal.handed.clear();
    }

    /**
     * A figure {@code compute} derives from the table as {@link #read} gives it (not journaled, like {@link #readAt}: a
     * figure shown or a decision's shortcut, not an input of what a stage publishes), computed once
     * for each exact state of the table ({@link DeltaLogFiles.Head#identity}) and kept with that state in the lake
     * ({@link LakePaths#derived}): the run metrics and the run's summary both show gold's figures from one pass over
     * gold, and a later command finding gold as it was reads the figures, not gold. A pinned read computes them
     * (kept for the command only). {@code what} names the figure; {@code type} is its JSON shape; empty when there is
     * no table. The kept file is a cache: unreadable or from another state, it is computed again; not written, it is logged.
     */
    @SuppressWarnings("unchecked")
    public <T> java.util.Optional<T> derived(TableId table, String what, com.fasterxml.jackson.core.type.TypeReference<T> type,
                                             java.util.function.Function<Dataset<Row>, T> compute) {
        java.util.Optional<DeltaLogFiles.Head> head = head(table);
        if (head.isEmpty()) {
            return java.util.Optional.empty();
        }
        boolean pinned = pins.containsKey(table);
        long version = pinned ? pins.get(table) : head.get().version();
        String state = pinned ? "v" + version : head.get().identity();
        String key = paths.table(table) + "@" + state + "#" + what;
        Object known = journal.derived.get(key);
        if (known == null && !pinned) {
            known = Derived.read(spark.sparkContext().hadoopConfiguration(), paths.derived(table, what), state, type).orElse(null);
        }
        if (known == null) {
            known = compute.apply(readAt(table, version));
            if (!pinned) {
                Derived.write(spark.sparkContext().hadoopConfiguration(), paths.derived(table, what), state, known);
            }
        }
        journal.derived.put(key, known);
        return java.util.Optional.of((T) known);
    }

    /** The table's latest version, read from its log's file names (no Spark job: see {@link DeltaLogFiles}). */
    public long latestVersion(TableId table) {
        String path = paths.table(table);
        return DeltaLogFiles.latestVersion(spark.sparkContext().hadoopConfiguration(), path)
                .orElseThrow(() -> new VersionUnavailable(table + " is not a Delta table (no _delta_log) at " + path));
    }

    /**
     * What the latest commit of a table says it was computed from (its userMetadata): the Delta version of each
     * input read, the as-of date and the product commit; empty for a table written without them.
     */
    public record Lineage(Map<String, Long> inputs, java.time.LocalDate asOfDate, String product, String runId) {
    }

    /** The {@code userMetadata} of the table's latest commit; empty when there is no table or the commit carries none. */
    public java.util.Optional<String> commitMetadata(TableId table) {
        java.util.Optional<DeltaLogFiles.Head> head = head(table);
        return head.isEmpty() ? java.util.Optional.empty()
                : DeltaLogFiles.userMetadata(spark.sparkContext().hadoopConfiguration(), paths.table(table), head.get().version());
    }

    public java.util.Optional<Lineage> lineage(TableId table) {
        java.util.Optional<String> last = commitMetadata(table);
        if (last.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            com.typesafe.config.Config meta = com.typesafe.config.ConfigFactory.parseString(last.get());
            if (!meta.hasPath("inputs") || !meta.hasPath("as_of") || !meta.hasPath("product")) {
                return java.util.Optional.empty();
            }
            Map<String, Long> inputs = new TreeMap<>();
            meta.getObject("inputs").unwrapped().forEach((k, v) -> inputs.put(k, ((Number) v).longValue()));
            return java.util.Optional.of(new Lineage(inputs, java.time.LocalDate.parse(meta.getString("as_of")),
                    meta.getString("product"), meta.hasPath("run_id") ? meta.getString("run_id") : ""));
        } catch (com.typesafe.config.ConfigException | java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Fails with a clear message unless {@code table} can still be read at {@code version}: the version
     * exists in the log and every data file it references is still there (VACUUM removes superseded files).
     */
    public void requireReadable(TableId table, long version) {
        String path = paths.table(table);
        if (!exists(table)) {
            throw new VersionUnavailable(table + " does not exist at " + path);
        }
        List<String> files;
        try {
            // the files the log names (Delta Kernel): a Spark plan of a version kept in memory would name none
            files = new com.sportdata.benefits.catalog.DeltaRows(spark.sparkContext().hadoopConfiguration()).files(path, version);
        } catch (RuntimeException e) {
            throw new VersionUnavailable(table + " version " + version + " is no longer in its Delta log (" + firstLine(e) + ")");
        }
        try {
            FileSystem fs = FileSystem.get(URI.create(path), spark.sparkContext().hadoopConfiguration());
            for (String file : files) {
                if (!fs.exists(new Path(file))) {
                    throw new VersionUnavailable(table + " version " + version + " references files that no longer exist"
                            + " (removed by vacuum or purge), e.g. " + file);
                }
            }
        } catch (IOException e) {
            throw new VersionUnavailable(table + " version " + version + " cannot be checked: " + e.getMessage());
        }
    }

    private static String firstLine(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Replaces the run's rows in one commit. A table no commit of this run has touched (the log's newest commits do not
     * name it) holds none of its rows: the rows are appended, without the scan of the table's files a replacement
     * costs (the first recording of a run's results, every run's case; a resumed or retried stage replaces).
     */
    @Override
    public void replaceRunRows(Dataset<Row> rows, TableId table, RunContext run, String reason) {
        long since = run.startedAt().toEpochMilli() - CLOCK_SKEW_MILLIS;
        if (!DeltaLogFiles.committedBy(spark.sparkContext().hadoopConfiguration(), paths.table(table), run.runId(), since)) {
            write(rows, table, new WriteMode.Append(List.of(), WriteMode.Schema.ADD_NEW_COLUMNS), run, reason);
            return;
        }
        String thisRun = "run_id = '" + run.runId().replace("'", "''") + "'";
        write(rows, table, new WriteMode.ReplaceWhere(thisRun, List.of(), WriteMode.Schema.ADD_NEW_COLUMNS), run, reason);
    }

    /** How far a log file's time (the storage's clock) may lag this JVM's: older commits cannot be the run's. */
    static final long CLOCK_SKEW_MILLIS = 10 * 60 * 1000L;

    public long write(Dataset<Row> rows, TableId table, WriteMode mode, RunContext run, String reason) {
        return write(rows, table, mode, run.commitMetadata(reason));
    }

    /** Writes with the given commit metadata (JSON) and returns the Delta version committed. */
    public long write(Dataset<Row> rows, TableId table, WriteMode mode, String metadata) {
        return write(rows, table, mode, metadata, true);
    }

    /**
     * Appends without asking Delta for the version committed (one job less) and without journaling it: for the
     * run ledger's own rows, written after every stage attempt, whose version nobody reads.
     */
    public void appendUnversioned(Dataset<Row> rows, TableId table, WriteMode.Append mode, String metadata) {
        write(rows, table, mode, metadata, false);
    }

    /** Replaces a whole table the same way (no version asked, none journaled): for views rebuilt from a log. */
    public void overwriteUnversioned(Dataset<Row> rows, TableId table, String metadata) {
        write(rows, table, new WriteMode.Overwrite(List.of()), metadata, false);
    }

    private long write(Dataset<Row> rows, TableId table, WriteMode mode, String metadata, boolean versioned) {
        String path = paths.table(table);
        try (JobLabels labels = JobLabels.describing(spark, "write " + table + " (" + mode.getClass().getSimpleName() + ")")) {
            if (mode instanceof WriteMode.Merge m) {
                merge(rows, table, m, metadata);
            } else {
                boolean exists = exists(table);
                // a new table is created by an append: an overwrite would first collect the files of a table that has
                // none (a Spark job per table created, 17 of a demo run's 293)
                DataFrameWriter<Row> w = writer(rows, mode.partitionBy())
                        .mode(mode instanceof WriteMode.Append || !exists ? "append" : "overwrite")
                        .option("userMetadata", metadata);
                if (mode instanceof WriteMode.ReplaceWhere r && exists) {
                    w = w.option("replaceWhere", r.predicate());
                }
                if (mode instanceof WriteMode.Append a && a.schema() == WriteMode.Schema.ADD_NEW_COLUMNS
                        || mode instanceof WriteMode.ReplaceWhere r && r.schema() == WriteMode.Schema.ADD_NEW_COLUMNS) {
                    w = w.option("mergeSchema", "true");
                }
                w.save(path);
            }
            if (!versioned) {
                return -1;
            }
            return journaledVersion(table);
        }
    }

    /**
     * Deletes the rows matching {@code predicate} (Spark SQL) in one commit with the given metadata, journaled like a
     * write; returns the version after it (the version before when no row matched: no commit).
     */
    public synchronized long delete(TableId table, String predicate, String metadata) {
        String path = paths.table(table);
        try (JobLabels labels = JobLabels.describing(spark, "delete from " + table)) {
            if (spark.read().format("delta").load(path).filter(predicate).isEmpty()) {
                return latestVersion(table);
            }
            committing(metadata, () -> DeltaTable.forPath(spark, path).delete(predicate));
            return journaledVersion(table);
        }
    }

    /**
     * Commits {@code metadata} to a table without changing its rows: the lineage of a recomputation that found the
     * published rows already right (a merge that changed nothing, an empty table overwritten by nothing). Delta records
     * no commit without actions, so the commit sets a table property naming the run; without it the table's latest
     * commit would keep naming the inputs of its last rewrite, and every later run would recompute it again. Returns the
     * version committed, journaled like a write.
     */
    public synchronized long stamp(TableId table, String runId, String metadata) {
        String path = paths.table(table);
        try (JobLabels labels = JobLabels.describing(spark, "stamp " + table)) {
            committing(metadata, () -> spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` SET TBLPROPERTIES ('"
                    + STAMP_PROPERTY + "' = '" + runId.replace("'", "") + "')"));
            return journaledVersion(table);
        }
    }

    /** Whether the table holds the rows of {@code version} still: every later commit is a {@link #stamp}. */
    public boolean sameRowsAs(TableId table, long version) {
        long latest = latestVersion(table);
        return latest == version || DeltaLogFiles.onlyPropertiesSince(spark.sparkContext().hadoopConfiguration(), paths.table(table), version, latest);
    }

    /** The table property {@link #stamp} sets: the run whose recomputation last confirmed the table's rows. */
    public static final String STAMP_PROPERTY = "sportbenefits.confirmed-by-run";

    /**
     * Runs a Delta operation that takes its commit metadata from the session setting (a MERGE, a DELETE, an ALTER
     * TABLE), with {@code metadata} set for it only; the callers hold this writer's lock, so two cannot mix theirs up.
     */
    private void committing(String metadata, Runnable operation) {
        spark.conf().set(COMMIT_METADATA, metadata);
        try {
            operation.run();
        } finally {
            spark.conf().unset(COMMIT_METADATA);
        }
    }

    /** The table's version just committed, journaled as written by this writer's stage. */
    private long journaledVersion(TableId table) {
        long version = latestVersion(table);
        journal.writes.put(paths.relative(table), version);
        return version;
    }

    /** Merges take their commit metadata from a session setting: one at a time, so concurrent writes cannot mix them up. */
    private synchronized void merge(Dataset<Row> rows, TableId table, WriteMode.Merge merge, String metadata) {
        if (!exists(table)) {
            writer(rows, merge.partitionBy()).mode("overwrite").option("userMetadata", metadata).save(paths.table(table));
            return;
        }
        String on = merge.keys().stream().map(k -> "t." + k + " <=> s." + k).collect(Collectors.joining(" AND "));
        committing(metadata, () -> DeltaTable.forPath(spark, paths.table(table)).as("t")
                .merge(rows.as("s"), on)
                .whenMatched(merge.updateWhen()).updateAll()
                .whenNotMatched().insertAll()
                .execute());
    }

    /**
     * Brings part of a table up to date in one MERGE on {@code keys}: {@code rows} are inserted, or update the row
     * with their key when a column differs; the rows of {@code replaced} (keys of rows the recomputed part covered)
     * that {@code rows} does not carry any more are deleted. Only what changes goes into the MERGE — the part's rows
     * equal to their published version are left out first (a set difference against the published rows of the part's
     * keys) — so Delta rewrites only the files holding a row that really changes, not every file holding a row of the
     * part (a new day touches thousands of employees spread over every file). Nothing to change: no commit at all.
     * Returns the table's version after it (the version before when nothing changed).
     */
    public long mergeReplacing(Dataset<Row> rows, Dataset<Row> replaced, TableId table, java.util.List<String> keys, String metadata) {
        String path = paths.table(table);
        JobLabels labels = JobLabels.describing(spark, "merge into " + table);
        org.apache.spark.sql.Column[] keyColumns = keys.stream().map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new);
        String[] keySeq = keys.toArray(String[]::new);
        Dataset<Row> source = null;
        try {
            synchronized (this) {
                String[] columns = rows.columns();
                org.apache.spark.sql.Column[] all = java.util.Arrays.stream(columns).map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new);
                Dataset<Row> published = spark.read().format("delta").load(path);
                Dataset<Row> publishedPart = published.join(rows.select(keyColumns).distinct(), keySeq, "left_semi").select(all);
                Dataset<Row> upserts = rows.select(all).except(publishedPart);
                Dataset<Row> deletions = replaced.select(keyColumns).distinct().join(rows.select(keyColumns), keySeq, "left_anti");
                for (String c : columns) {
                    if (!keys.contains(c)) {
                        deletions = deletions.withColumn(c, org.apache.spark.sql.functions.lit(null).cast(rows.schema().apply(c).dataType()));
                    }
                }
                source = upserts.withColumn("_delete", org.apache.spark.sql.functions.lit(false))
                        .unionByName(deletions.withColumn("_delete", org.apache.spark.sql.functions.lit(true))).persist();
                if (source.isEmpty()) {
                    return latestVersion(table);
                }
                String on = keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
                String changed = java.util.Arrays.stream(columns).filter(c -> !keys.contains(c))
                        .map(c -> "NOT (t.`" + c + "` <=> s.`" + c + "`)").collect(Collectors.joining(" OR "));
                Map<String, String> set = new java.util.LinkedHashMap<>();
                for (String c : columns) {
                    set.put("`" + c + "`", "s.`" + c + "`");
                }
                Dataset<Row> changes = source;
                committing(metadata, () -> DeltaTable.forPath(spark, path).as("t").merge(changes.as("s"), on)
                        .whenMatched("s._delete").delete()
                        .whenMatched(changed.isEmpty() ? "false" : changed).updateExpr(set)
                        .whenNotMatched("NOT s._delete").insertExpr(set)
                        .execute());
            }
            return journaledVersion(table);
        } finally {
            if (source != null) {
                source.unpersist();
            }
            labels.close();
        }
    }

    private static DataFrameWriter<Row> writer(Dataset<Row> rows, java.util.List<String> partitionBy) {
        DataFrameWriter<Row> w = rows.write().format("delta");
        return partitionBy.isEmpty() ? w : w.partitionBy(partitionBy.toArray(String[]::new));
    }

    /**
     * The versions of the tables read and written since the last {@link #drain()} (one stage of a run), keyed
     * by location relative to the lake root: "silver/employees", or "scenarios/x/…" for a scenario's tables.
     */
    public static final class Journal {
        private final Map<String, Long> reads = new ConcurrentHashMap<>();
        private final Map<String, Long> writes = new ConcurrentHashMap<>();
        /** Tables written whole by this command, by location: their rows in memory (see {@link #handOver}). */
        private final Map<String, Handed> handed = new ConcurrentHashMap<>();
        /** What {@link #derived} computed, by table state and name. */
        private final Map<String, Object> derived = new ConcurrentHashMap<>();
        private volatile boolean keepsSmallReads;

        record Handed(long version, Dataset<Row> rows, Dataset<Row> cached) {
        }

        public record Versions(Map<String, Long> read, Map<String, Long> written) {
        }

        public synchronized Versions drain() {
            Versions versions = new Versions(new TreeMap<>(reads), new TreeMap<>(writes));
            reads.clear();
            writes.clear();
            return versions;
        }
    }

    /** A table version that can no longer be read (vacuumed, or never existed). */
    public static final class VersionUnavailable extends RuntimeException {
        public VersionUnavailable(String message) {
            super(message);
        }
    }
}
