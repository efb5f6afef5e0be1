package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.gold.GoldLayer;
import com.sportdata.benefits.history.ContentHash;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.TableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * {@code replay --run ID}: recomputes what run ID wrote to gold, reading silver at the versions that run
 * recorded (time travel) with the parameters it recorded, into a scratch folder (official gold untouched),
 * and proves the result identical to what the run wrote: the order-independent content hash of each gold
 * table's rows for the run's benefit years, compared with that table at the version the run committed.
 */
public final class Replay {
    private final CommandEnvelope envelope;
    private final SparkSession spark;
    private final AppConfig config;
    private final LakePaths paths;
    private final TableWriter writer;
    private final RunLedger ledger;

    public Replay holding(LakeLock held) {
        envelope.holding(held);
        return this;
    }

    public Replay(SparkSession spark, AppConfig config, String arguments) {
        this(new CommandEnvelope(spark, config, arguments, Notifier.fromEnvironment(spark, config)));
    }

    public Replay(CommandEnvelope envelope) {
        this.envelope = envelope;
        this.spark = envelope.spark();
        this.config = envelope.config();
        this.paths = envelope.paths();
        this.writer = envelope.writer();
        this.ledger = envelope.ledger();
    }

    /** One gold table: what the run wrote and what the replay computed. */
    public record TableComparison(String table, long versionWritten, ContentHash original, ContentHash replayed) {
        public boolean identical() {
            return original.equals(replayed);
        }
    }

    public record Result(String replayRunId, String runId, List<Integer> years, Map<String, Long> inputs,
                         List<TableComparison> tables, long millis, String metrics) {
        public boolean identical() {
            return tables.stream().allMatch(TableComparison::identical);
        }

        public String render() {
            StringBuilder out = new StringBuilder("\n=== Replay of run ").append(runId).append(" (").append(replayRunId).append(") ===\n");
            out.append("Benefit years ").append(years).append(", inputs read at: ");
            inputs.forEach((t, v) -> out.append(t).append("@v").append(v).append(' '));
            out.append('\n');
            for (TableComparison t : tables) {
                out.append(String.format(Locale.ROOT, "%-34s written v%-4d %-26s replayed %-26s %s%n", t.table(), t.versionWritten(),
                        t.original().shortText(), t.replayed().shortText(), t.identical() ? "IDENTICAL" : "DIFFERENT"));
            }
            out.append(identical() ? "Replay identical to what the run wrote.\n" : "Replay DIFFERS from what the run wrote.\n");
            out.append(String.format(Locale.ROOT, "Time: %.1f s%n", millis / 1000.0));
            if (metrics != null) {
                out.append(metrics).append('\n');
            }
            return out.toString();
        }

        Result withMetrics(String line) {
            return new Result(replayRunId, runId, years, inputs, tables, millis, line);
        }
    }

    public Result replay(String runId) {
        long start = System.currentTimeMillis();
        RunLedger.Entry original = ledger.goldStage(runId).orElseThrow(() -> new IllegalArgumentException(ledger.run(runId).isEmpty()
                ? "run " + runId + " is not in the run ledger of " + paths.root() + " (see `" + paths.command("runs") + "`)"
                : "run " + runId + " has no successful stage that wrote gold: nothing to replay (see `" + paths.command("runs --run " + runId) + "`)"));
        AppConfig recorded = config.withRecorded(original.configJson());
        RunContext base = RunContext.of(runId, original.command(), original.startedAt(), recorded);
        RunContext run = base.withAsOfDate(original.asOfDate()).withBenefitYears(original.benefitYears());
        RunContext replayRun = RunContext.start("replay", config);

        // inputs: every official table the stage read but did not write itself, at the version it read
        Map<TableId, Long> pins = new LinkedHashMap<>();
        original.tablesRead().forEach((location, version) -> LakePaths.officialTable(location)
                .filter(t -> !original.tablesWritten().containsKey(location) && t.layer() != Layer.GOLD)
                .ifPresent(t -> pins.put(t, version)));
        Map<TableId, Long> written = new LinkedHashMap<>();
        original.tablesWritten().forEach((location, version) -> LakePaths.officialTable(location).ifPresent(t -> written.put(t, version)));
        List<TableJob> jobs = GoldLayer.ALL.stream().filter(j -> written.containsKey(j.target())).toList();
        String scratchFolder = paths.replayFolder(replayRun.runId());
        Stage<Result> replay = Stage.of("replay", context -> {
            try {
                jobs.forEach(j -> writer.requireReadable(j.target(), written.get(j.target())));
                TableWriter scratch = context.writer().pinnedTo(pins).at(paths.withGoldAt(scratchFolder));
                context.layerRunner(scratch).runLayer(jobs, run);
                List<TableComparison> comparisons = new ArrayList<>();
                for (TableJob job : jobs) {
                    long version = written.get(job.target());
                    comparisons.add(new TableComparison(job.target().qualifiedName(), version,
                            ContentHash.of(ofYears(writer.readAt(job.target(), version), run.benefitYears())),
                            ContentHash.of(ofYears(scratch.read(job.target()), run.benefitYears()))));
                }
                Map<String, Long> inputs = new java.util.TreeMap<>();
                pins.forEach((t, v) -> inputs.put(t.qualifiedName(), v));
                Result result = new Result(replayRun.runId(), runId, run.benefitYears(), inputs, comparisons,
                        System.currentTimeMillis() - start, null);
                String detail = comparisons.stream().map(c -> c.table() + " " + (c.identical() ? "identical" : "DIFFERENT") + " ("
                        + c.replayed().shortText() + ")").reduce((a, b) -> a + "; " + b).orElse("");
                if (!result.identical()) {
                    throw new Differs("replay differs: " + detail, result);
                }
                return StageResult.<Result>done(context.run(), RunLedger.Counts.NONE, detail).withValue(result);
            } catch (TableWriter.VersionUnavailable e) {
                List<String> purges = ledger.runsStartedAfter(original.startedAt(), runId, List.of(PurgeStage.NAME));
                throw new IllegalStateException("run " + runId + " cannot be replayed: " + e.getMessage() + (purges.isEmpty()
                        ? ". Runs younger than lake.retention.reproducibility-days (" + config.lake().reproducibilityDays()
                                + " days) stay replayable; this one's files are gone."
                        : ". Purge run " + String.join(", ", purges) + " removed the personal data it read (older than"
                                + " lake.retention.personal-data-years = " + config.lake().personalDataYears() + "): the retention of"
                                + " personal data comes before replays. Runs after the purge stay replayable."), e);
            }
        });
        try {
            StageRunner.Step<Result> step = envelope.step(replay);
            CommandEnvelope.Result done = envelope.execute(envelope.plan(replayRun, List.of(step)).replaying(runId, original.configJson()));
            if (done.failure() instanceof Differs differs) {
                return differs.result.withMetrics(done.metricsLine());
            }
            return done.orThrow().value(step).orElseThrow().withMetrics(done.metricsLine());
        } finally {
            try {
                LakeFiles.delete(spark, paths.folder(scratchFolder));
            } catch (IllegalStateException e) {
                org.slf4j.LoggerFactory.getLogger(Replay.class).warn("could not remove the replay's scratch folder", e);
            }
        }
    }

    /** The replay computed something else than the run wrote: recorded as a failed stage, reported as a result. */
    private static final class Differs extends BadInput {
        private final transient Result result;

        Differs(String message, Result result) {
            super(message);
            this.result = result;
        }
    }

    /** Rows of the given benefit years (tables without a benefit year, such as dim_employee, whole). */
    static Dataset<Row> ofYears(Dataset<Row> rows, List<Integer> years) {
        return Arrays.asList(rows.columns()).contains("benefit_year") ? rows.filter(col("benefit_year").isin(years.toArray())) : rows;
    }
}
