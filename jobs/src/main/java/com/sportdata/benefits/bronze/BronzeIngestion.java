package com.sportdata.benefits.bronze;

import com.sportdata.benefits.spark.JobLabels;
import com.sportdata.benefits.catalog.Record;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.history.Acknowledgements;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingSource;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.DeequAdapter;
import com.sportdata.benefits.quality.Findings;
import com.sportdata.benefits.quality.Level;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.VolumeMonitor;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * Landing → bronze. Each new file (by content hash) is read as received into its bronze table with lineage
 * columns. A file whose content is already in bronze is skipped, whatever its name; under a new name it is a
 * duplicate, named once in the ingestion log and the summary. A file that cannot be read is logged with the
 * reason in {@code bronze.ingestion_log}, stays in landing, does not stop the other files, and becomes a FAILED
 * check of the "landing" layer (Error for the folders whose rejection fails the run, Warning for the others), so
 * it reaches the quality report, the results table and the alerts.
 */
public final class BronzeIngestion implements Findings {
    private static final Logger LOG = LoggerFactory.getLogger(BronzeIngestion.class);
    /** The feed whose volume is watched day by day (both activity shapes together). */
    public static final String ACTIVITIES_FEED = "activities";

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
            .add("logged_at", DataTypes.TimestampType)
            .add("as_of_date", DataTypes.DateType)
            // every bronze table's version when the row was logged ("bronze.hr__employees=3,…"): the log then holds
            // every content those versions hold, so a later run looks up a new file only in tables written since
            .add("bronze_versions", DataTypes.StringType)
            // an activity file in another shape: the mapping its columns were read with (declared or recognised)
            .add("shape", DataTypes.StringType);

    /** What happened to a landing file in this run. */
    public enum FileStatus { INGESTED, REJECTED, DUPLICATE }

    /** What happened to one landing file in this run; {@code error} says why it was rejected or what it duplicates. */
    /** @param shape for an activity file in another shape, the mapping its columns were read with (null otherwise) */
    public record FileOutcome(LandingFile file, TableId target, long rows, FileStatus status, String error, String shape) {
        public FileOutcome(LandingFile file, TableId target, long rows, FileStatus status, String error) {
            this(file, target, rows, status, error, null);
        }

        public boolean ingested() {
            return status == FileStatus.INGESTED;
        }

        public String location() {
            return "landing/" + file.source().folder() + "/" + file.name();
        }
    }

    public record Result(List<FileOutcome> outcomes, int alreadyIngested, List<CheckOutcome> checks) {
        public List<FileOutcome> rejected() {
            return outcomes.stream().filter(o -> o.status() == FileStatus.REJECTED).toList();
        }

        public List<FileOutcome> duplicates() {
            return outcomes.stream().filter(o -> o.status() == FileStatus.DUPLICATE).toList();
        }

        public List<FileOutcome> ingestedFiles() {
            return outcomes.stream().filter(FileOutcome::ingested).toList();
        }

        public long rowsIngested() {
            return outcomes.stream().filter(FileOutcome::ingested).mapToLong(FileOutcome::rows).sum();
        }
    }

    /**
     * @param volume watches the volumes received; null: no anomaly check (notify --follow)
     * @param landedBefore only files modified before this instant (a resumed run takes no file that arrived later)
     * @param failingFolders landing folders whose rejected files are Errors (they fail the run)
     */
    public record Options(VolumeMonitor volume, Instant landedBefore, Set<String> failingFolders) {
        public static final Options PLAIN = new Options(null, null, Set.of());
    }

    private final SparkSession spark;
    private final LandingZone landing;
    private final TableWriter writer;
    private final List<CheckOutcome> checks = Collections.synchronizedList(new ArrayList<>());
    private final List<Dataset<Row>> cached = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong checkMillis = new java.util.concurrent.atomic.AtomicLong();
    private int parallelism = 1;

    public BronzeIngestion(SparkSession spark, LandingZone landing, TableWriter writer) {
        this.spark = spark;
        this.landing = landing;
        this.writer = writer;
    }

    /** How many bronze tables are verified and written at once (pipeline.table-parallelism). */
    public BronzeIngestion withParallelism(int tables) {
        this.parallelism = Math.max(1, tables);
        return this;
    }

    /** Key column of each bronze table: a missing key is a Warning here (silver quarantines the row). */
    private static final Map<TableId, String> KEYS = Map.of(Tables.HR_EMPLOYEES, "employee_id",
            Tables.HR_SPORT_DECLARATIONS, "employee_id", Tables.ACTIVITIES_CSV, "id", Tables.STRAVA_ACTIVITIES, "id",
            Tables.REFERENCE_COMMUTE_DISTANCES, "address", Tables.REFERENCE_POSTCODES, "insee_code");

    public Result ingest(RunContext run) {
        return ingest(run, Options.PLAIN);
    }

    /**
     * Verifies and appends each bronze table's new rows, the tables concurrently (each is its own Delta table: their
     * commits do not conflict, and the driver's per-commit cost overlaps). A table whose checks block is not written;
     * the others are, and the ingestion log (written after) records only what this run finished.
     */
    private void publish(Map<TableId, List<Dataset<Row>>> newRows, RunContext run) {
        List<Map.Entry<TableId, List<Dataset<Row>>>> tables = List.copyOf(newRows.entrySet());
        java.util.function.Consumer<Map.Entry<TableId, List<Dataset<Row>>>> one = entry -> {
            TableId table = entry.getKey();
            Dataset<Row> all = entry.getValue().stream().reduce(Dataset::unionByName).orElseThrow();
            long started = System.currentTimeMillis();
            List<CheckOutcome> results = DeequAdapter.verify(all, table, checks(table));
            checkMillis.addAndGet(System.currentTimeMillis() - started);
            checks.addAll(results);
            List<CheckOutcome> blocking = results.stream().filter(CheckOutcome::blocking).toList();
            if (!blocking.isEmpty()) {
                throw new QualityGateFailure(table, blocking);
            }
            // a source whose reader learnt a column (Strava's tombstone flag) adds it to its bronze table: older rows read null
            writer.write(all, table, new WriteMode.Append(List.of(), WriteMode.Schema.ADD_NEW_COLUMNS), run, "ingest landing files");
        };
        com.sportdata.benefits.pipeline.Concurrent.each(tables, parallelism, one);
    }

    public Result ingest(RunContext run, Options options) {
        try {
            return ingestFiles(run, options);
        } finally {
            cached.forEach(Dataset::unpersist);
            cached.clear();
            logBefore = null;
        }
    }

    private Result ingestFiles(RunContext run, Options options) {
        List<LandingFile> landed = new ArrayList<>();
        for (LandingSource source : LandingSource.values()) {
            for (LandingFile file : landing.list(source)) {
                if (options.landedBefore() != null && file.modifiedAt().isAfter(options.landedBefore())) {
                    LOG.info("{} landed after this run started: left for the next run", file.name());
                } else {
                    landed.add(file);
                }
            }
        }
        Map<String, Known> known = logged();
        Set<String> unlogged = new java.util.TreeSet<>();
        landed.stream().map(LandingFile::sha256).filter(h -> !known.containsKey(h)).forEach(unlogged::add);
        Map<String, Known> unloggedInBronze = Map.of();
        if (!unlogged.isEmpty()) {
            unloggedInBronze = unloggedContent(known.keySet());
            known.putAll(unloggedInBronze);
        }
        Map<TableId, List<Dataset<Row>>> newRows = new LinkedHashMap<>();
        List<FileOutcome> outcomes = new ArrayList<>();
        Set<Acknowledgements.Item> acknowledged = new Acknowledgements(spark, writer).acknowledged(landed.stream()
                .filter(f -> !known.containsKey(f.sha256())).map(BronzeIngestion::acknowledgement).toList());
        int skipped = 0;
        Set<String> loggedDuplicates = null;
        Set<String> resumed = new java.util.HashSet<>();
        Map<String, String> ingestedNow = new HashMap<>();
        // First what each file is, in landing order, from its content's hash alone (cheap: no file is read);
        // then the new files are read at once, at most `parallelism` together (an HR workbook parsed on the driver
        // overlaps the activity files' Spark jobs); then their outcomes are taken in landing order again.
        List<Slot> slots = new ArrayList<>();
        Map<String, LandingFile> firstRead = new LinkedHashMap<>();
        for (LandingFile file : landed) {
            LandingSource source = file.source();
            Known seen = known.get(file.sha256());
            String location = "landing/" + source.folder() + "/" + file.name();
            if (seen != null) {
                if (seen.runId().equals(run.runId())) {
                    // ingested by an interrupted attempt of this very run (resume): count it as this run's
                    slots.add(new Decided(new FileOutcome(file, seen.table(), seen.rows(), FileStatus.INGESTED, null)));
                    resumed.add(file.sha256());
                } else if (seen.files().contains(location)) {
                    skipped++;
                } else {
                    if (loggedDuplicates == null) {
                        loggedDuplicates = loggedDuplicates();
                    }
                    if (loggedDuplicates.contains(location + "|" + file.sha256())) {
                        skipped++;
                    } else {
                        slots.add(new Decided(new FileOutcome(file, seen.table(), 0, FileStatus.DUPLICATE, "same content as "
                                + String.join(", ", seen.files()) + " (ingested by run " + seen.runId() + "): skipped")));
                    }
                }
                continue;
            }
            if (acknowledged.contains(acknowledgement(file))) {
                LOG.info("{}: rejected before and acknowledged (`landing ack`): not read again until its content changes", location);
                skipped++;
                continue;
            }
            // the same content twice in one delivery: read once (the second waits for the first's outcome)
            firstRead.putIfAbsent(file.sha256(), file);
            slots.add(new ToRead(file));
        }
        Map<LandingFile, Read> reads = new java.util.concurrent.ConcurrentHashMap<>();
        com.sportdata.benefits.pipeline.Concurrent.each(List.copyOf(firstRead.values()), parallelism,
                file -> reads.put(file, readOne(file, run)));
        for (Slot slot : slots) {
            if (slot instanceof Decided decided) {
                outcomes.add(decided.outcome());
                continue;
            }
            LandingFile file = ((ToRead) slot).file();
            if (ingestedNow.containsKey(file.sha256())) {
                outcomes.add(new FileOutcome(file, known.get(file.sha256()).table(), 0, FileStatus.DUPLICATE, "same content as "
                        + ingestedNow.get(file.sha256()) + " (ingested by this run): skipped"));
                continue;
            }
            // a second copy of content whose first copy was rejected is read (and reported) on its own
            Read read = reads.containsKey(file) ? reads.get(file) : readOne(file, run);
            FileOutcome outcome = read.outcome();
            outcomes.add(outcome);
            if (outcome.ingested()) {
                newRows.computeIfAbsent(outcome.target(), t -> new ArrayList<>()).add(read.rows());
                // only content that made it in counts as known: two bad files with equal content are both reported
                String location = "landing/" + file.source().folder() + "/" + file.name();
                known.put(file.sha256(), new Known(outcome.target(), run.runId(), Set.of(location), outcome.rows()));
                ingestedNow.put(file.sha256(), location);
            }
        }
        Map<String, String> rejectedBefore = outcomes.stream().anyMatch(o -> o.status() == FileStatus.REJECTED)
                ? rejectedBefore(run.runId()) : Map.of();
        outcomes.stream().filter(o -> o.status() == FileStatus.REJECTED)
                .forEach(o -> checks.add(rejectedCheck(o, options, rejectedBefore.get(o.file().sha256()))));
        Map<String, List<VolumeMonitor.Day>> byTarget = options.volume() == null ? Map.of() : volumeHistory();
        publish(newRows, run);
        Set<String> alreadyLogged = resumed.isEmpty() ? Set.of() : loggedBy(run.runId());
        List<FileOutcome> toLog = outcomes.stream().filter(o -> !alreadyLogged.contains(o.file().sha256())).toList();
        // content a run that died left in bronze without its log rows: recorded now, under the run that wrote it
        Map<String, Known> recordedLate = new java.util.TreeMap<>();
        unloggedInBronze.forEach((sha, k) -> {
            if (!k.runId().equals(run.runId())) {
                recordedLate.put(sha, k);
            }
        });
        if (!toLog.isEmpty() || !recordedLate.isEmpty()) {
            String versions = bronzeVersions();
            writer.write(logRows(toLog, run, versions).unionByName(lateRows(recordedLate, landed, run, versions)), Tables.INGESTION_LOG,
                    new WriteMode.Append(List.of(), WriteMode.Schema.ADD_NEW_COLUMNS), run, "ingestion log");
        }
        if (options.volume() != null) {
            long started = System.currentTimeMillis();
            checks.addAll(volumeChecks(options.volume(), run, outcomes, byTarget));
            checkMillis.addAndGet(System.currentTimeMillis() - started);
        }
        for (FileOutcome o : outcomes) {
            switch (o.status()) {
                case INGESTED -> LOG.info("ingested {} → {} ({} rows{})", o.file().name(), o.target(), o.rows(),
                        o.shape() == null ? "" : ", read with the shape " + o.shape());
                case DUPLICATE -> LOG.warn("DUPLICATE landing file {}: {}", o.location(), o.error());
                case REJECTED -> LOG.error("REJECTED landing file {}: {} (the file stays in landing)", o.file().path(), o.error());
            }
        }
        return new Result(List.copyOf(outcomes), skipped, outcomes());
    }

    /** A landing file as {@code landing ack} acknowledges it: its location, in its exact content. */
    public static Acknowledgements.Item acknowledgement(LandingFile file) {
        String location = "landing/" + file.source().folder() + "/" + file.name();
        return new Acknowledgements.Item(Acknowledgements.Kind.LANDING_FILE, location, file.sha256(), location);
    }

    /** A file in landing whose content the last run that read it rejected. */
    public record Rejected(LandingFile file, String location, String error, String firstRejectedBy, boolean acknowledged) {
    }

    /**
     * The files now in {@code landing} whose content was rejected and never ingested, in landing order, each with the
     * reason of its latest rejection and the run that first rejected it — what {@code landing} lists and
     * {@code landing ack} acknowledges — from the rows of the ingestion log and of the acknowledgements (read without
     * Spark by that read-only command).
     */
    public static List<Rejected> rejectedInLanding(LandingZone landing, List<Record> log, List<Record> acknowledgements) {
        record Rejection(String latestError, String firstRunId) {
        }
        Map<String, Rejection> byContent = new HashMap<>();
        Set<String> ingested = new java.util.HashSet<>();
        log.stream().filter(r -> r.has("logged_at")).sorted(java.util.Comparator.comparing((Record r) -> r.<Timestamp>get("logged_at")))
                .forEach(r -> {
                    String sha = r.string("content_sha256");
                    if (FileStatus.INGESTED.name().equals(r.string("status"))) {
                        ingested.add(sha);
                    } else if (FileStatus.REJECTED.name().equals(r.string("status"))) {
                        Rejection first = byContent.get(sha);
                        byContent.put(sha, new Rejection(r.string("error"), first == null ? r.string("run_id") : first.firstRunId()));
                    }
                });
        List<LandingFile> files = new ArrayList<>();
        for (LandingSource source : LandingSource.values()) {
            landing.list(source).stream().filter(f -> byContent.containsKey(f.sha256()) && !ingested.contains(f.sha256())).forEach(files::add);
        }
        Set<Acknowledgements.Item> acknowledged = Acknowledgements.acknowledged(files.stream().map(BronzeIngestion::acknowledgement).toList(),
                acknowledgements);
        return files.stream().map(f -> {
            Rejection r = byContent.get(f.sha256());
            return new Rejected(f, acknowledgement(f).subject(), r.latestError(), r.firstRunId(), acknowledged.contains(acknowledgement(f)));
        }).toList();
    }

    /** Content hashes the ingestion log already holds for a run (a resumed run does not log them twice). */
    private Set<String> loggedBy(String runId) {
        Set<String> hashes = new java.util.HashSet<>();
        logBefore().stream().filter(r -> runId.equals(r.string("run_id"))).forEach(r -> hashes.add(r.string("content_sha256")));
        return hashes;
    }

    /** Content hashes rejected by an earlier run, with the first run that rejected each (its alert was sent then). */
    private Map<String, String> rejectedBefore(String runId) {
        Map<String, String> first = new HashMap<>();
        logBefore().stream().filter(r -> FileStatus.REJECTED.name().equals(r.string("status")) && !runId.equals(r.string("run_id")))
                .sorted(java.util.Comparator.comparing((Record r) -> r.<Timestamp>get("logged_at"),
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .forEach(r -> first.putIfAbsent(r.string("content_sha256"), r.string("run_id")));
        return first;
    }

    /** The words that mark a rejection already alerted: the quality stage does not alert it again. */
    public static final String ALREADY_ALERTED = "still rejected, already alerted by run ";

    /**
     * A rejected landing file as a failed check: Error when its folder fails the run, Warning otherwise. The same content
     * rejected by an earlier run is still reported (it is still missing) but says so, and is not alerted again.
     */
    private CheckOutcome rejectedCheck(FileOutcome o, Options options, String firstRejectedBy) {
        boolean fails = options.failingFolders().contains(o.file().source().folder());
        return new CheckOutcome("landing", o.file().source().folder(), "file readable: " + o.file().name(),
                fails ? Level.ERROR : Level.WARNING, CheckOutcome.Status.FAILED, "the file can be read as a " + o.file().source().folder()
                + " file", null, o.location() + (firstRejectedBy == null ? " rejected: " : " " + ALREADY_ALERTED + firstRejectedBy
                + ": ") + o.error(), fails
                ? "a broken " + o.file().source().folder() + " delivery must be fixed before figures are published from it" + orAcknowledge(o)
                : "its rows are missing until the file is fixed and delivered again" + orAcknowledge(o));
    }

    /** How to keep a rejected file in landing without hearing about it again. */
    private String orAcknowledge(FileOutcome o) {
        return "; to leave it and skip it until its content changes: `" + writer.paths().command("landing ack --file "
                + com.sportdata.benefits.config.ConfigLoader.shellWord(o.location()) + " --reason \"why\"") + "`";
    }

    /** Time spent on bronze checks and volume anomalies. */
    @Override
    public long checkMillis() {
        return checkMillis.get();
    }

    /** The bronze check outcomes so far (also after a failure). */
    @Override
    public List<CheckOutcome> outcomes() {
        synchronized (checks) {
            return List.copyOf(checks);
        }
    }

    @Override
    public List<QualityReport.QuarantineCount> quarantine() {
        return List.of();
    }

    /** The checks of a bronze table, run on the rows of each file before they are appended. */
    public static List<QualityCheck> checks(TableId table) {
        BronzeSource source = BronzeSources.byTarget(table).orElseThrow();
        List<String> columns = java.util.Arrays.stream(BronzeSources.bronzeSchema(source).fieldNames()).toList();
        return List.of(
                QualityCheck.error("expected columns present", "later layers read these columns by name", QualityCheck.hasColumns(columns)),
                QualityCheck.error("not empty", "an ingested file always brings rows", QualityCheck.minRows(1)),
                QualityCheck.warning("key complete", "a row without its key cannot be matched (silver quarantines it)",
                        QualityCheck.complete(KEYS.get(table))));
    }

    /** A landing file's place in a delivery: its outcome known from its hash alone, or a file to read. */
    private sealed interface Slot permits Decided, ToRead {
    }

    private record Decided(FileOutcome outcome) implements Slot {
    }

    private record ToRead(LandingFile file) implements Slot {
    }

    /** A landing file read: its outcome and, when it was ingested, its rows (counted, not yet written). */
    private record Read(FileOutcome outcome, Dataset<Row> rows) {
    }

    private Read readOne(LandingFile file, RunContext run) {
        BronzeSource source = null;
        JobLabels labels = JobLabels.describing(spark, "read " + file.name());
        try {
            source = BronzeSources.sourceOf(file, landing, run.activities(), run.timeZone());
            // a file Spark reads is not cached: the count scans only what it needs, and a 3.5 M-row file held in
            // memory would crowd out everything else (the checks and the write each read it again, in parallel splits)
            Dataset<Row> rows = withLineage(source.read(spark, landing, file), source, file, run);
            if (source.builtOnDriver()) {
                rows = rows.cache();
                cached.add(rows);
            }
            long count = rows.count();
            return new Read(new FileOutcome(file, source.target(), count, FileStatus.INGESTED, null, shapeOf(source)), rows);
        } catch (UnreadableFileException e) {
            return new Read(new FileOutcome(file, source == null ? null : source.target(), 0, FileStatus.REJECTED, e.problem(),
                    shapeOf(source)), null);
        } catch (RuntimeException e) {
            return new Read(new FileOutcome(file, source == null ? null : source.target(), 0, FileStatus.REJECTED,
                    "cannot be read: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")),
                    null);
        } finally {
            labels.close();
        }
    }

    private static String shapeOf(BronzeSource source) {
        return source instanceof ShapedActivitySource shaped ? shaped.describe() : null;
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

    /** Content already in bronze: its table, the run that first ingested it, the landing names it came under, its rows. */
    private record Known(TableId table, String runId, Set<String> files, long rows) {
    }

    private static Map<String, TableId> bronzeTablesByName() {
        Map<String, TableId> byName = new HashMap<>();
        BronzeSources.ALL.forEach(s -> byName.put(s.target().qualifiedName(), s.target()));
        return byName;
    }

    /**
     * The content bronze holds and the log does not: what a run left when it died between its bronze write and its
     * log. The log's {@code bronze_versions} say which table versions it covers; only a table written since (by such a
     * run, by a compaction, or before the column existed) is looked at, for any content the log does not name.
     */
    private Map<String, Known> unloggedContent(Set<String> logged) {
        Map<String, Long> covered = covered();
        Map<String, Known> hashes = new HashMap<>();
        Dataset<Row> all = null;
        for (TableId table : bronzeTablesByName().values()) {
            Optional<Long> latest = writer.head(table).map(com.sportdata.benefits.pipeline.DeltaLogFiles.Head::version);
            if (latest.isEmpty() || latest.get().equals(covered.get(table.qualifiedName()))) {
                continue;
            }
            Dataset<Row> lineage = writer.read(table).select(lit(table.qualifiedName()).as("_table"), col("_source_sha256"), col("_run_id"),
                    col("_source_file"));
            all = all == null ? lineage : all.unionByName(lineage);
        }
        if (all == null) {
            return hashes;
        }
        Dataset<Row> known = spark.createDataset(new ArrayList<>(logged), org.apache.spark.sql.Encoders.STRING()).toDF("_logged");
        Map<String, TableId> byName = bronzeTablesByName();
        all.join(org.apache.spark.sql.functions.broadcast(known), col("_source_sha256").equalTo(col("_logged")), "left_anti")
                .groupBy("_table", "_source_sha256")
                .agg(org.apache.spark.sql.functions.min("_run_id"), org.apache.spark.sql.functions.collect_set("_source_file"),
                        org.apache.spark.sql.functions.count(lit(1)))
                .collectAsList()
                .forEach(r -> hashes.put(r.getString(1), new Known(byName.get(r.getString(0)), r.getString(2),
                        new java.util.TreeSet<>(r.<String>getList(3)), r.getLong(4))));
        return hashes;
    }

    /** The version of each bronze table the ingestion log covers (the newest its rows name); none before the column. */
    private Map<String, Long> covered() {
        Map<String, Long> covered = new HashMap<>();
        logBefore().stream().filter(r -> r.has("bronze_versions")).map(r -> r.string("bronze_versions")).distinct()
                .forEach(versions -> parseVersions(versions).forEach((table, version) -> covered.merge(table, version, Math::max)));
        return covered;
    }

    /** Every bronze table's latest version, as {@code bronze_versions} records it (read from the tables' logs, no job). */
    private String bronzeVersions() {
        StringBuilder out = new StringBuilder();
        for (TableId table : bronzeTablesByName().values()) {
            writer.head(table).ifPresent(h -> out.append(out.length() == 0 ? "" : ",").append(table.qualifiedName()).append('=')
                    .append(h.version()));
        }
        return out.toString();
    }

    static Map<String, Long> parseVersions(String text) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            int eq = entry.lastIndexOf('=');
            if (eq > 0) {
                try {
                    versions.put(entry.substring(0, eq).trim(), Long.parseLong(entry.substring(eq + 1).trim()));
                } catch (NumberFormatException e) {
                    // an entry this code did not write: the table is looked at as uncovered
                }
            }
        }
        return versions;
    }

    /**
     * What the ingestion log says of every content it recorded as ingested: one small table, read once, instead of
     * every bronze table. Content the log does not know (a new file, or bronze rows whose log row was never written
     * because a run died in between) is then looked up in bronze itself, for those hashes only.
     */
    private Map<String, Known> logged() {
        Map<String, TableId> byName = bronzeTablesByName();
        Map<String, Known> known = new HashMap<>();
        for (Record r : logBefore()) {
            TableId table = byName.get(r.string("target_table"));
            if (!FileStatus.INGESTED.name().equals(r.string("status")) || table == null) {
                continue;
            }
            Set<String> files = new java.util.TreeSet<>();
            if (r.has("source_file")) {
                files.add(r.string("source_file"));
            }
            // the same content logged twice (a resumed run's late record): the earliest run, every name, all rows
            known.merge(r.string("content_sha256"), new Known(table, r.string("run_id"), files, loggedRows(r)), (a, b) -> {
                Set<String> both = new java.util.TreeSet<>(a.files());
                both.addAll(b.files());
                return new Known(a.table(), a.runId().compareTo(b.runId()) <= 0 ? a.runId() : b.runId(), both, a.rows() + b.rows());
            });
        }
        return known;
    }

    /** Duplicates already named in the log ("location|sha256"): named once, then skipped quietly. */
    private Set<String> loggedDuplicates() {
        Set<String> logged = new java.util.HashSet<>();
        logBefore().stream().filter(r -> FileStatus.DUPLICATE.name().equals(r.string("status")))
                .forEach(r -> logged.add(r.string("source_file") + "|" + r.string("content_sha256")));
        return logged;
    }

    /**
     * The ingestion log as this ingest found it: one small table (a row per landing file and run), read once by Delta
     * Kernel before this ingest writes to it, for what each content is, its duplicates, rejections and daily volumes.
     */
    private List<Record> logBefore;

    /** The rows a log row says its file gave (0 when it does not say). */
    private static long loggedRows(Record r) {
        return r.has("rows") ? ((Number) r.get("rows")).longValue() : 0;
    }

    private List<Record> logBefore() {
        if (logBefore == null) {
            logBefore = new com.sportdata.benefits.catalog.DeltaRows(spark.sparkContext().hadoopConfiguration())
                    .read(writer.paths().table(Tables.INGESTION_LOG));
        }
        return logBefore;
    }

    /** Rows ingested per target table and day (the run's as-of date; the log time for rows logged before that column). */
    private Map<String, List<VolumeMonitor.Day>> volumeHistory() {
        Map<String, Map<LocalDate, Long>> byDay = new java.util.TreeMap<>();
        for (Record r : logBefore()) {
            if (!FileStatus.INGESTED.name().equals(r.string("status"))) {
                continue;
            }
            // the run's as-of date; the day it was logged (in the session's time zone, UTC) for rows logged before that column
            LocalDate day = r.has("as_of_date") ? r.date("as_of_date")
                    : r.instant("logged_at").atZone(java.time.ZoneId.of(spark.conf().get("spark.sql.session.timeZone"))).toLocalDate();
            byDay.computeIfAbsent(r.string("target_table"), k -> new java.util.TreeMap<>()).merge(day, loggedRows(r), Long::sum);
        }
        Map<String, List<VolumeMonitor.Day>> history = new HashMap<>();
        byDay.forEach((table, days) -> days.forEach((day, rows) ->
                history.computeIfAbsent(table, k -> new ArrayList<>()).add(new VolumeMonitor.Day(day, rows))));
        return history;
    }

    private static final List<TableId> FEED_TABLES = List.of(Tables.ACTIVITIES_CSV, Tables.STRAVA_ACTIVITIES);

    /**
     * The activities feed day by day (spike, silence) and each new snapshot against the previous one of its source.
     * {@code history} is the log before this run.
     */
    private static List<CheckOutcome> volumeChecks(VolumeMonitor monitor, RunContext run, List<FileOutcome> outcomes,
                                                   Map<String, List<VolumeMonitor.Day>> history) {
        List<CheckOutcome> results = new ArrayList<>();
        LocalDate today = run.asOfDate();
        List<VolumeMonitor.Day> feed = new ArrayList<>();
        FEED_TABLES.forEach(t -> feed.addAll(history.getOrDefault(t.qualifiedName(), List.of())));
        List<VolumeMonitor.Day> feedDays = VolumeMonitor.perDay(feed);
        long earlierToday = feedDays.stream().filter(d -> d.day().equals(today)).mapToLong(VolumeMonitor.Day::rows).sum();
        long now = outcomes.stream().filter(o -> o.ingested() && FEED_TABLES.contains(o.target())).mapToLong(FileOutcome::rows).sum();
        if (now > 0) {
            results.add(monitor.dailyVolume(ACTIVITIES_FEED, today, earlierToday + now,
                    feedDays.stream().filter(d -> d.day().isBefore(today)).toList()));
        } else {
            Optional<LocalDate> last = feedDays.stream().map(VolumeMonitor.Day::day).filter(d -> !d.isAfter(today))
                    .max(LocalDate::compareTo);
            results.add(monitor.silence(ACTIVITIES_FEED, today, last));
        }
        Map<TableId, Long> snapshots = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.ingested() && !FEED_TABLES.contains(o.target()))
                .forEach(o -> snapshots.merge(o.target(), o.rows(), Long::sum));
        snapshots.forEach((table, rows) -> {
            List<VolumeMonitor.Day> days = history.getOrDefault(table.qualifiedName(), List.of());
            OptionalLong previous = days.stream().max(java.util.Comparator.comparing(VolumeMonitor.Day::day))
                    .map(d -> OptionalLong.of(d.rows())).orElse(OptionalLong.empty());
            results.add(monitor.snapshot(table.qualifiedName(), rows, previous));
        });
        return results;
    }

    private Dataset<Row> logRows(List<FileOutcome> outcomes, RunContext run, String versions) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        java.sql.Date asOf = java.sql.Date.valueOf(run.asOfDate());
        List<Row> rows = outcomes.stream().map(o -> RowFactory.create(o.location(), o.file().source().folder(),
                o.target() == null ? null : o.target().qualifiedName(), o.file().sha256(), o.file().sizeBytes(),
                o.status().name(), o.rows(), o.error(), run.runId(), now, asOf, versions, o.shape())).toList();
        return spark.createDataFrame(rows, LOG_SCHEMA);
    }

    /** Log rows for content found in bronze only: INGESTED by the run that wrote it, and who recorded it, when. */
    private Dataset<Row> lateRows(Map<String, Known> recordedLate, List<LandingFile> landed, RunContext run, String versions) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        java.sql.Date asOf = java.sql.Date.valueOf(run.asOfDate());
        List<Row> rows = new ArrayList<>();
        recordedLate.forEach((sha, k) -> {
            String file = k.files().iterator().next();
            String[] parts = file.split("/");
            Long size = landed.stream().filter(f -> f.sha256().equals(sha)).map(LandingFile::sizeBytes).findFirst().orElse(null);
            LOG.warn("{}: {} rows in {} written by run {}, which ended before logging them: recorded now", file, k.rows(),
                    k.table().qualifiedName(), k.runId());
            rows.add(RowFactory.create(file, parts.length > 1 ? parts[1] : null, k.table().qualifiedName(), sha, size,
                    FileStatus.INGESTED.name(), k.rows(), "recorded by run " + run.runId() + ": run " + k.runId()
                            + " wrote these rows to bronze and ended before logging them", k.runId(), now, asOf, versions, null));
        });
        return spark.createDataFrame(rows, LOG_SCHEMA);
    }
}
