package com.sportdata.benefits.history;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.support.ProductVersion;
import com.sportdata.benefits.catalog.Record;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import com.sportdata.benefits.quality.RunOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;

/**
 * The run ledger ({@code ops.run_ledger}): one row per run, stage and attempt, appended as soon as the attempt
 * ends (failed ones too), so a run killed in a later stage keeps the record of what its earlier stages
 * committed and can be resumed from it. Grain: run_id × stage × attempt. It holds what is needed to explain and
 * to reproduce a figure: the command, the Delta version of every table read and written, the fully resolved
 * parameters and their hash, the product version, and the stage's quality findings (to rebuild the report of
 * a run whose stages ran in several processes).
 */
public final class RunLedger {
    private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);

    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("stage", DataTypes.StringType, false)
            .add("command", DataTypes.StringType)
            .add("arguments", DataTypes.StringType)
            .add("started_at", DataTypes.TimestampType)
            .add("ended_at", DataTypes.TimestampType)
            .add("status", DataTypes.StringType)
            .add("error", DataTypes.StringType)
            .add("as_of_date", DataTypes.DateType)
            .add("benefit_years", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("hr_snapshot", DataTypes.StringType)
            .add("rules_hash", DataTypes.StringType)
            .add("rules", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add("config_json", DataTypes.StringType)
            .add("rows_read", DataTypes.LongType)
            .add("rows_written", DataTypes.LongType)
            .add("rows_quarantined", DataTypes.LongType)
            .add("tables_read", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
            .add("tables_written", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
            .add("replay_of", DataTypes.StringType)
            .add("detail", DataTypes.StringType)
            .add("product_version", DataTypes.StringType)
            .add("git_commit", DataTypes.StringType)
            .add("launched_by", DataTypes.StringType)
            .add("attempt", DataTypes.IntegerType)
            .add("findings_json", DataTypes.StringType)
            .add("register_version", DataTypes.LongType);

    /**
     * SUCCEEDED and SKIPPED (nothing to do) end a stage; FAILED ends an attempt; INTERRUPTED is recorded for an
     * attempt whose process died (found by the next writer that takes over its lock).
     */
    public enum Status {
        SUCCEEDED, FAILED, SKIPPED, INTERRUPTED;

        public boolean done() {
            return this == SUCCEEDED || this == SKIPPED;
        }
    }

    /** One ledger row. */
    public record Entry(String runId, String stage, String command, String arguments, Instant startedAt, Instant endedAt,
                        Status status, String error, LocalDate asOfDate, List<Integer> benefitYears, String hrSnapshot,
                        String rulesHash, Map<String, String> rules, String configJson, long rowsRead, long rowsWritten,
                        long rowsQuarantined, Map<String, Long> tablesRead, Map<String, Long> tablesWritten, String replayOf,
                        String detail, String productVersion, String gitCommit, String launchedBy, int attempt,
                        String findingsJson, long registerVersion) {

        public long millis() {
            return endedAt.toEpochMilli() - startedAt.toEpochMilli();
        }
    }

    /** Rows counted by a stage. */
    public record Counts(long read, long written, long quarantined) {
        public static final Counts NONE = new Counts(0, 0, 0);
    }

    private final SparkSession spark;
    private final TableWriter writer;
    private final String arguments;
    private final List<Entry> pending = new java.util.ArrayList<>();
    /** The journal file of each pending row already journaled (by identity: two rows may be equal). */
    private final Map<Entry, org.apache.hadoop.fs.Path> journaled = new java.util.IdentityHashMap<>();
    private final LedgerJournal journal;
    /** Rows this object appended to the ledger since the BI view last took them, and in how many commits. */
    private final List<Entry> unpublished = new java.util.ArrayList<>();
    private int unpublishedCommits;

    /** @param arguments the command line as typed (values of secret-looking keys masked) */
    public RunLedger(SparkSession spark, LakePaths paths, String arguments) {
        this.spark = spark;
        // its own writer: the ledger's own commits are not part of any stage's journal
        this.writer = new TableWriter(spark, paths);
        this.arguments = arguments;
        this.journal = new LedgerJournal(spark, paths.ledgerJournal());
    }

    /** Starts timing a stage's first attempt and clears the journal of the writer whose reads and writes the stage makes. */
    public Stage begin(RunContext run, String stage, TableWriter journaled, String configJson) {
        return begin(run, stage, journaled, configJson, 1);
    }

    /** Starts timing attempt {@code attempt} of a stage. */
    public Stage begin(RunContext run, String stage, TableWriter journaled, String configJson, int attempt) {
        journaled.journal().drain();
        return new Stage(run, stage, journaled, configJson, Instant.now(), attempt);
    }

    /**
     * Records that an attempt was cut short by its process dying (kill -9, a lost machine): what the lock of the
     * dead process said it was doing, so the ledger shows that attempt next to the one that resumed it.
     */
    public void interrupted(RunContext run, String stage, int attempt, Instant since, String configJson, String why) {
        ProductVersion product = ProductVersion.current();
        synchronized (pending) {
            pending.add(new Entry(run.runId(), stage, run.command(), arguments, since, Instant.now(), Status.INTERRUPTED, why,
                    run.asOfDate(), run.benefitYears(), run.hrSnapshot().name(), run.rulesHashes(), rulesOf(run), configJson, 0, 0, 0,
                    Map.of(), Map.of(), null, null, product.version(), product.gitCommit(), System.getProperty("user.name"), attempt,
                    null, run.rules().registerVersion()));
        }
    }

    private static Map<String, String> rulesOf(RunContext c) {
        Map<String, String> rules = new LinkedHashMap<>();
        c.rules().timeline().forEach((when, r) -> rules.put(when, r.canonical()));
        return rules;
    }

    /** A stage being run; {@link #end} appends its row. */
    public final class Stage {
        private final RunContext run;
        private final String name;
        private final TableWriter journaled;
        private final String configJson;
        private final Instant startedAt;
        private final int attempt;
        private String replayOf;
        private Entry ended;

        private Stage(RunContext run, String name, TableWriter journaled, String configJson, Instant startedAt, int attempt) {
            this.run = run;
            this.name = name;
            this.journaled = journaled;
            this.configJson = configJson;
            this.startedAt = startedAt;
            this.attempt = attempt;
        }

        public Stage replayOf(String runId) {
            this.replayOf = runId;
            return this;
        }

        public Entry succeeded(RunContext finalContext, Counts counts, String detail) {
            return end(finalContext, Status.SUCCEEDED, null, counts, detail, null);
        }

        public Entry failed(RunContext finalContext, Throwable error, Counts counts) {
            return end(finalContext, Status.FAILED, String.valueOf(error.getMessage()), counts, null, null);
        }

        /** Ends the attempt with a status, the stage's own words and its quality findings (JSON, may be null). */
        public Entry ended(RunContext finalContext, Status status, String error, Counts counts, String detail, String findingsJson) {
            return end(finalContext, status, error, counts, detail, findingsJson);
        }

        /** Ends the stage once; a second call (a failure after success) changes nothing. */
        private synchronized Entry end(RunContext context, Status status, String error, Counts counts, String detail,
                                       String findingsJson) {
            if (ended != null) {
                return ended;
            }
            TableWriter.Journal.Versions versions = journaled.journal().drain();
            RunContext c = context == null ? run : context;
            ProductVersion product = ProductVersion.current();
            Entry entry = new Entry(c.runId(), name, c.command(), arguments, startedAt, Instant.now(), status, error, c.asOfDate(),
                    c.benefitYears(), c.hrSnapshot().name(), c.rulesHashes(), rulesOf(c), configJson, counts.read(), counts.written(),
                    counts.quarantined(), versions.read(), versions.written(), replayOf, detail, product.version(),
                    product.gitCommit(), System.getProperty("user.name"), attempt, findingsJson, c.rules().registerVersion());
            synchronized (pending) {
                pending.add(entry);
            }
            ended = entry;
            return entry;
        }
    }

    /**
     * Makes the attempts ended since the last call durable at once, each in a small file of the ledger's journal (the
     * stage runner calls it after every attempt): a process that dies later leaves them to the next command, which
     * appends them ({@link #recover()}). A journal that cannot be written is logged: the command's own end still
     * appends the rows.
     */
    public void journal() {
        List<Entry> entries;
        synchronized (pending) {
            entries = pending.stream().filter(e -> !journaled.containsKey(e)).toList();
        }
        for (Entry e : entries) {
            try {
                org.apache.hadoop.fs.Path file = journal.write(e, row(e));
                synchronized (pending) {
                    journaled.put(e, file);
                }
            } catch (RuntimeException failure) {
                LOG.error("could not journal the ledger row of run {} stage {}", e.runId(), e.stage(), failure);
            }
        }
    }

    /**
     * Appends the attempts ended since the last flush, in one commit (the stage runner calls it once, when its graph
     * ends), then removes their journal files. A ledger write that fails is logged, never allowed to hide the run's own
     * outcome: the journaled rows stay for the next command to append.
     */
    public void flush() {
        List<Entry> entries;
        List<org.apache.hadoop.fs.Path> files;
        synchronized (pending) {
            entries = List.copyOf(pending);
            files = entries.stream().map(journaled::get).filter(java.util.Objects::nonNull).toList();
            pending.clear();
            journaled.clear();
        }
        if (entries.isEmpty()) {
            return;
        }
        if (append(entries, "run ledger: " + entries.stream().map(e -> e.stage() + " " + e.status())
                .collect(java.util.stream.Collectors.joining(", ")))) {
            forget(files);
        }
    }

    /**
     * Appends the rows a process journaled and did not get to append (it died, or its ledger write failed), in one
     * commit, and removes their files: the next command holding the lake's lock calls it before it reads the ledger. A
     * row the ledger already holds (the process died between its commit and the files' removal) is not appended twice.
     *
     * @return the rows appended
     */
    public int recover() {
        List<LedgerJournal.Journaled> left = journal.read();
        if (left.isEmpty()) {
            return 0;
        }
        List<Entry> rows = left.stream().map(LedgerJournal.Journaled::entry).filter(java.util.Objects::nonNull).toList();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        List<String> runIds = rows.stream().map(Entry::runId).distinct().toList();
        if (!rows.isEmpty()) {
            entries().stream().filter(e -> runIds.contains(e.runId()))
                    .forEach(e -> recorded.add(key(e.runId(), e.stage(), e.attempt(), e.startedAt())));
        }
        List<Entry> missing = rows.stream().filter(e -> !recorded.contains(key(e.runId(), e.stage(), e.attempt(), e.startedAt()))).toList();
        if (!missing.isEmpty()) {
            LOG.info("appending {} run-ledger row(s) of {} that a process journaled but did not get to record", missing.size(), runIds);
            if (!append(missing, "run ledger: rows journaled by a process that stopped before recording them")) {
                return 0;
            }
        }
        forget(left.stream().map(LedgerJournal.Journaled::file).toList());
        return missing.size();
    }

    private static String key(String runId, String stage, int attempt, Instant startedAt) {
        return runId + "|" + stage + "|" + attempt + "|" + startedAt.toEpochMilli();
    }

    private boolean append(List<Entry> entries, String reason) {
        String metadata = "{\"run_id\":\"" + entries.get(0).runId() + "\",\"reason\":\"" + reason.replace("\"", "'") + "\"}";
        try {
            writer.appendUnversioned(spark.createDataFrame(entries.stream().map(RunLedger::row).toList(), SCHEMA), Tables.RUN_LEDGER,
                    new WriteMode.Append(List.of(), WriteMode.Schema.ADD_NEW_COLUMNS), metadata);
            synchronized (pending) {
                unpublished.addAll(entries);
                unpublishedCommits++;
            }
            return true;
        } catch (RuntimeException failure) {
            LOG.error("could not record run {} in the run ledger (its journal keeps the rows for the next command)", entries.get(0).runId(),
                    failure);
            return false;
        }
    }

    private void forget(List<org.apache.hadoop.fs.Path> files) {
        try {
            journal.delete(files);
        } catch (RuntimeException failure) {
            LOG.warn("the run ledger holds the rows, but their journal files stay (the next command skips them): {}", failure.getMessage());
        }
    }

    /**
     * Brings {@code gold/fct_runs}, the ledger as BI tools read it, up to date with the rows this object appended, in
     * one commit: once per command, at its end. When the view's last commit says it showed the ledger as it was just
     * before those rows, they are appended to it (no read of the whole ledger, whose size grows with every command);
     * otherwise — the first time, a view an older version wrote, a command whose view could not be written — the view
     * is rebuilt from the whole ledger. A failure is logged: the ledger keeps the truth and the next command catches up.
     */
    public void publishView(TableWriter viewWriter, String runId) {
        List<Entry> rows;
        int commits;
        synchronized (pending) {
            rows = List.copyOf(unpublished);
            commits = unpublishedCommits;
            unpublished.clear();
            unpublishedCommits = 0;
        }
        java.util.Optional<com.sportdata.benefits.pipeline.DeltaLogFiles.Head> ledgerHead = viewWriter.head(Tables.RUN_LEDGER);
        if (ledgerHead.isEmpty()) {
            return;
        }
        long ledgerVersion = ledgerHead.get().version();
        OptionalLong shown = ledgerVersionShown(viewWriter);
        if (shown.isPresent() && shown.getAsLong() == ledgerVersion) {
            return;
        }
        if (shown.isPresent() && shown.getAsLong() == ledgerVersion - commits && !rows.isEmpty()) {
            try {
                viewWriter.appendUnversioned(runsView(spark.createDataFrame(rows.stream().map(RunLedger::row).toList(), SCHEMA)), Tables.RUNS,
                        new WriteMode.Append(List.of()), viewMetadata(runId, ledgerVersion));
                return;
            } catch (RuntimeException failure) {
                LOG.info("{}: rebuilt from the whole ledger ({})", Tables.RUNS, String.valueOf(failure.getMessage()).lines().findFirst().orElse(""));
            }
        }
        rebuildView(viewWriter, runId, ledgerVersion);
    }

    /**
     * Rebuilds {@code gold/fct_runs} from the whole ledger in one commit (before a BI export, and when the view cannot
     * be brought up to date by appending). A failure is logged: the ledger keeps the truth and the next command catches up.
     */
    public static void rebuildView(TableWriter writer, String runId) {
        writer.head(Tables.RUN_LEDGER).ifPresent(head -> rebuildView(writer, runId, head.version()));
    }

    private static void rebuildView(TableWriter writer, String runId, long ledgerVersion) {
        try {
            writer.overwriteUnversioned(runsView(writer.read(Tables.RUN_LEDGER)), Tables.RUNS, viewMetadata(runId, ledgerVersion));
        } catch (RuntimeException failure) {
            LOG.warn("could not bring {} up to date with run {} (the ledger has it; the next command tries again): {}", Tables.RUNS, runId,
                    String.valueOf(failure.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /** The view's commit says which version of the ledger it shows. */
    private static String viewMetadata(String runId, long ledgerVersion) {
        return "{\"run_id\":\"" + runId + "\",\"reason\":\"the run ledger's BI view\",\"ledger_version\":" + ledgerVersion + "}";
    }

    private static OptionalLong ledgerVersionShown(TableWriter writer) {
        return writer.commitMetadata(Tables.RUNS).map(meta -> {
            try {
                com.fasterxml.jackson.databind.JsonNode version = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta).path("ledger_version");
                return version.isIntegralNumber() ? OptionalLong.of(version.asLong()) : OptionalLong.empty();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }

    /**
     * The ledger as BI tools read it ({@code gold/fct_runs}): one row per stage attempt, flat columns only (no maps or
     * arrays, which PowerBI's Delta connector does not read well), no arguments, configuration or user name.
     */
    public static Dataset<Row> runsView(Dataset<Row> ledger) {
        return ledger.select(col("run_id"), col("stage"), col("command"), col("started_at"), col("ended_at"),
                org.apache.spark.sql.functions.round(org.apache.spark.sql.functions.unix_millis(col("ended_at"))
                        .minus(org.apache.spark.sql.functions.unix_millis(col("started_at"))).divide(1000.0), 3).as("duration_s"),
                col("status"),
                org.apache.spark.sql.functions.substring_index(col("error"), "\n", 1).as("error"),
                col("as_of_date"),
                org.apache.spark.sql.functions.array_join(col("benefit_years"), ", ").as("benefit_years"),
                col("rules_hash"), col("rows_read"), col("rows_written"), col("rows_quarantined"), col("replay_of"),
                col("attempt"), col("product_version"));
    }

    static Row row(Entry e) {
        return RowFactory.create(e.runId(), e.stage(), e.command(), e.arguments(), Timestamp.from(e.startedAt()),
                Timestamp.from(e.endedAt()), e.status().name(), e.error(), e.asOfDate() == null ? null : Date.valueOf(e.asOfDate()),
                e.benefitYears(),
                e.hrSnapshot(), e.rulesHash(), sorted(e.rules()), e.configJson(), e.rowsRead(), e.rowsWritten(), e.rowsQuarantined(),
                sorted(e.tablesRead()), sorted(e.tablesWritten()), e.replayOf(), e.detail(), e.productVersion(), e.gitCommit(),
                e.launchedBy(), e.attempt(), e.findingsJson(), e.registerVersion());
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return map == null ? null : new TreeMap<>(map);
    }

    public boolean exists() {
        return writer.exists(Tables.RUN_LEDGER);
    }

    /**
     * Every row of the ledger, read by Delta Kernel in this JVM: a small table (a few rows per run) that a command
     * asks about several times — planning a Spark scan of it each time cost more than the rows.
     */
    private List<Entry> entries() {
        return writer.smallRows(Tables.RUN_LEDGER).stream().map(RunLedger::entry).toList();
    }

    /** Every stage of one run, in the order they ran. */
    public List<Entry> run(String runId) {
        return ordered(entries().stream().filter(e -> runId.equals(e.runId())));
    }

    /** The latest attempt of a stage that SUCCEEDED (by end time) among runs of the given commands, if any. */
    public Optional<Entry> lastSucceeded(String stage, List<String> commands) {
        return entries().stream().filter(e -> stage.equals(e.stage()) && e.status() == Status.SUCCEEDED && commands.contains(e.command())
                && e.endedAt() != null).max(java.util.Comparator.comparing(Entry::endedAt));
    }

    /** The run whose gold the lake holds now: the latest successful gold stage of a run or a backfill. */
    public Optional<Entry> lastGold() {
        return lastSucceeded(GOLD_STAGE, List.of("run", "backfill"));
    }

    /** The most recent run of a command (by start time), if any. */
    public Optional<String> latestRun(String command) {
        return firstStarts(entries().stream().filter(e -> command.equals(e.command()))).entrySet().stream()
                .max(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey);
    }

    /** Runs of the given commands that started after {@code instant}, other than {@code runId}. */
    public List<String> runsStartedAfter(Instant instant, String runId, List<String> commands) {
        return firstStarts(entries().stream().filter(e -> commands.contains(e.command()) && !runId.equals(e.runId()))).entrySet().stream()
                .filter(s -> s.getValue().isAfter(instant)).map(Map.Entry::getKey).sorted().toList();
    }

    /** The stages of the {@code limit} most recent runs, newest run first. */
    public List<Entry> recent(int limit) {
        return newest(entries(), limit);
    }

    /** The stage that computes gold benefit tables (of a run or a backfill). */
    public static final String GOLD_STAGE = "gold";

    /** The latest attempt of each stage of a run, in the order they ran. */
    public static List<Entry> latestAttempts(List<Entry> entries) {
        Map<String, Entry> latest = new java.util.LinkedHashMap<>();
        for (Entry e : entries) {
            latest.merge(e.stage(), e, (a, b) -> b.attempt() >= a.attempt() ? b : a);
        }
        return latest.values().stream().sorted(java.util.Comparator.comparing(Entry::startedAt)).toList();
    }

    /** How a recorded run ended: the first stage whose latest attempt did not finish, with its error; else succeeded. */
    public static RunOutcome outcome(List<Entry> entries) {
        return latestAttempts(entries).stream().filter(e -> !e.status().done()).findFirst()
                .map(e -> new RunOutcome(e.stage(), e.error() == null ? e.status().name() : e.error()))
                .orElse(RunOutcome.SUCCEEDED);
    }

    /** The successful gold stage of {@code runId}, if any: what a replay reproduces. */
    public Optional<Entry> goldStage(String runId) {
        return run(runId).stream().filter(e -> e.status() == Status.SUCCEEDED && e.stage().equals(GOLD_STAGE)).reduce((a, b) -> b);
    }

    /** A ledger row, read by Spark or by Delta Kernel; columns added by later versions read as their default. */
    static Entry entry(Record r) {
        Integer attempt = r.get("attempt");
        Long registerVersion = r.get("register_version");
        return new Entry(r.string("run_id"), r.string("stage"), r.string("command"), r.string("arguments"), r.instant("started_at"),
                r.instant("ended_at"), Status.valueOf(r.string("status")), r.string("error"), r.date("as_of_date"), r.list("benefit_years"),
                r.string("hr_snapshot"), r.string("rules_hash"), new TreeMap<>(r.<String>map("rules")), r.string("config_json"),
                r.get("rows_read"), r.get("rows_written"), r.get("rows_quarantined"), new TreeMap<>(r.<Long>map("tables_read")),
                new TreeMap<>(r.<Long>map("tables_written")), r.string("replay_of"), r.string("detail"), r.string("product_version"),
                r.string("git_commit"), r.string("launched_by"), attempt == null ? 1 : attempt, r.string("findings_json"),
                registerVersion == null ? 0 : registerVersion);
    }

    /**
     * The latest {@code limit} runs of {@code rows} (the whole ledger, read without Spark by {@code runs}), newest
     * first, each run's stages in order: what {@link #recent(int)} answers from Spark.
     */
    public static List<Entry> recent(List<Record> rows, int limit) {
        return newest(rows.stream().map(RunLedger::entry).toList(), limit);
    }

    private static List<Entry> newest(List<Entry> all, int limit) {
        Map<String, Instant> firstStart = firstStarts(all.stream());
        List<String> ids = firstStart.entrySet().stream()
                .sorted(Map.Entry.<String, Instant>comparingByValue().reversed().thenComparing(Map.Entry.<String, Instant>comparingByKey().reversed()))
                .limit(limit).map(Map.Entry::getKey).toList();
        return all.stream().filter(e -> ids.contains(e.runId()))
                .sorted(java.util.Comparator.comparing((Entry e) -> ids.indexOf(e.runId())).thenComparing(Entry::startedAt,
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .toList();
    }

    /** When each run started: its earliest stage's start (a stage without one counts as the epoch). */
    private static Map<String, Instant> firstStarts(java.util.stream.Stream<Entry> entries) {
        Map<String, Instant> firstStart = new java.util.HashMap<>();
        entries.forEach(e -> firstStart.merge(e.runId(), e.startedAt() == null ? Instant.EPOCH : e.startedAt(), (a, b) -> a.isBefore(b) ? a : b));
        return firstStart;
    }

    /** The stages of one run in {@code rows} (the whole ledger, read without Spark), in order. */
    public static List<Entry> run(List<Record> rows, String runId) {
        return ordered(rows.stream().filter(r -> runId.equals(r.string("run_id"))).map(RunLedger::entry));
    }

    /** Stages in the order they ran: by start, then end (a stage without either first). */
    private static List<Entry> ordered(java.util.stream.Stream<Entry> stages) {
        return stages.sorted(java.util.Comparator.comparing(Entry::startedAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
                        .thenComparing(Entry::endedAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .toList();
    }
}
