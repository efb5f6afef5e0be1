package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.Retention;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.RunContext;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.FindingsJson;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.slack.Notifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The {@code run} command: the graph ingest → silver → gold → quality → notify (quality runs even after a
 * failure), executed by the {@link StageRunner} — whole, one stage of a run ({@code --stage NAME --run-id ID},
 * for an external scheduler), or resumed from its first unfinished stage ({@code --resume}) with the same run id,
 * as-of date and parameters. Ends with the run's summary and its alerts delivered to Slack.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** The stages of a run, in order. */
    public static final List<String> STAGES = List.of(IngestStage.NAME, SilverStage.NAME, GoldStage.NAME, QualityStage.NAME,
            NotifyStage.NAME);
    private static final List<String> WRITING_COMMANDS = List.of("run", "backfill");

    /** What to execute: a new run, one stage of a run, or the rest of an interrupted run. */
    public sealed interface Request {
        record Whole() implements Request {
        }

        /** @param runId the run the stage belongs to (null with the first stage: a new run) */
        record OneStage(String stage, String runId) implements Request {
        }

        /** @param runId the run to resume (null: the latest run) */
        record Resume(String runId) implements Request {
        }
    }

    /** The summary, and the failure that ended the run if any (rendered in the summary too). */
    public record Result(RunSummary summary, RuntimeException failure) {
    }

    private final SparkSession spark;
    private final AppConfig config;
    private final TableWriter writer;
    private final LakePaths paths;
    private final Alerts alerts;
    private final RunLedger ledger;
    private final Notifier notifier;
    private Progress progress = Progress.logOnly();
    private LakeLock lock;
    private StageRunner.Sleeper sleeper;

    public Pipeline(SparkSession spark, AppConfig config) {
        this(spark, config, new Alerts(), "");
    }

    public Pipeline(SparkSession spark, AppConfig config, Alerts alerts) {
        this(spark, config, alerts, "");
    }

    /** @param arguments the command line, recorded in the run ledger */
    public Pipeline(SparkSession spark, AppConfig config, Alerts alerts, String arguments) {
        this(spark, config, alerts, arguments, Notifier.fromEnvironment(spark, config));
    }

    /** @param notifier posts new activities and alerts to Slack (webhooks from the environment in production) */
    public Pipeline(SparkSession spark, AppConfig config, Alerts alerts, String arguments, Notifier notifier) {
        this.notifier = notifier;
        this.spark = spark;
        this.config = config;
        this.paths = new LakePaths(config.lake().root());
        this.writer = new TableWriter(spark, paths);
        this.alerts = alerts;
        this.ledger = new RunLedger(spark, paths, arguments);
        Retention.applyDefaults(spark, config.lake().reproducibilityDays());
    }

    public Pipeline holding(LakeLock held) {
        this.lock = held;
        return this;
    }

    public Pipeline reporting(Progress p) {
        this.progress = p;
        return this;
    }

    /** Replaces the wait between retried attempts (tests). */
    public Pipeline sleepingWith(StageRunner.Sleeper s) {
        this.sleeper = s;
        return this;
    }

    /** A whole run; throws its failure (after recording it, its quality report and its alerts). */
    public RunSummary run(String command) {
        Result result = execute(new Request.Whole());
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.summary();
    }

    public Result execute(Request request) {
        long start = System.currentTimeMillis();
        List<StageRunner.Step> graph;
        RunContext run;
        Map<String, StageResult> done = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        List<StageRunner.Step> steps;
        java.util.function.Predicate<String> selected = name -> true;
        AppConfig effective = config;
        if (request instanceof Request.Whole) {
            run = RunContext.start("run", config);
            graph = graph(config, null);
            steps = graph;
        } else {
            String runId = request instanceof Request.OneStage one ? one.runId() : ((Request.Resume) request).runId();
            if (runId == null && request instanceof Request.Resume) {
                runId = ledger.latestRun("run").orElseThrow(() -> new IllegalArgumentException("no run to resume in " + paths.root()));
            }
            List<RunLedger.Entry> entries = runId == null ? List.of() : ledger.run(runId);
            if (entries.isEmpty()) {
                if (request instanceof Request.OneStage one && one.stage().equals(IngestStage.NAME)) {
                    run = runId == null ? RunContext.start("run", config) : RunContext.of(runId, "run", java.time.Instant.now(), config);
                    entries = List.of();
                } else {
                    throw new IllegalArgumentException("run " + runId + " is not in the run ledger of " + paths.root()
                            + (request instanceof Request.OneStage ? " (a run starts with `run --stage ingest --run-id ID`)" : ""));
                }
            } else {
                RunLedger.Entry first = entries.get(0);
                if (!"run".equals(first.command())) {
                    throw new IllegalArgumentException(runId + " is a `" + first.command() + "`, not a run: only runs are resumed");
                }
                effective = config.withRecorded(first.configJson());
                run = RunContext.of(runId, "run", first.startedAt(), effective).withAsOfDate(first.asOfDate());
            }
            recordInterrupted(run, entries);
            entries = entries.isEmpty() ? entries : ledger.run(run.runId());
            for (RunLedger.Entry e : entries) {
                attempts.merge(e.stage(), e.attempt() + 1, Math::max);
                if (e.status().done()) {
                    RunContext context = e.stage().equals(GoldStage.NAME) ? run.withBenefitYears(e.benefitYears()) : run;
                    FindingsJson.Stored findings = FindingsJson.read(e.findingsJson());
                    done.put(e.stage(), new StageResult(e.status(), context, new RunLedger.Counts(e.rowsRead(), e.rowsWritten(),
                            e.rowsQuarantined()), e.detail(), List.of(), findings.checks(), findings.quarantine(), 0, null));
                }
            }
            boolean started = !entries.isEmpty();
            graph = graph(effective, started ? run.startedAt() : null);
            if (request instanceof Request.OneStage one) {
                int index = STAGES.indexOf(one.stage());
                if (index < 0) {
                    throw new IllegalArgumentException("unknown stage '" + one.stage() + "'; the stages of a run are " + STAGES);
                }
                for (String before : STAGES.subList(0, index)) {
                    if (!done.containsKey(before) && !before.equals(QualityStage.NAME)) {
                        throw new IllegalArgumentException("stage " + one.stage() + " of run " + run.runId() + " needs stage " + before
                                + " first: `run --stage " + before + " --run-id " + run.runId() + "`");
                    }
                }
                if (done.containsKey(one.stage())) {
                    LOG.info("stage {} of run {} already succeeded: nothing to do", one.stage(), run.runId());
                    selected = name -> false;
                } else {
                    selected = one.stage()::equals;
                }
                steps = graph;
            } else {
                if (done.keySet().containsAll(graph.stream().map(step -> step.stage().name()).toList())) {
                    throw new IllegalArgumentException("run " + run.runId() + " finished every stage: there is nothing to resume");
                }
                List<String> later = ledger.runsStartedAfter(run.startedAt(), run.runId(), WRITING_COMMANDS);
                if (!later.isEmpty()) {
                    throw new IllegalArgumentException("run " + run.runId() + " cannot be resumed: " + later + " started after it, and"
                            + " resuming it would overwrite their newer figures. Start a new run instead.");
                }
                LOG.info("resuming run {} (as of {}): stages done {}", run.runId(), run.asOfDate(), done.keySet());
                steps = graph;
            }
        }
        LOG.info("run {} starts: lake {}, as of {}, rules {}", run.runId(), config.lake().root(), run.asOfDate(), run.rules().canonical());
        StageRunner runner = new StageRunner(spark, effective, writer, ledger, alerts, progress, effective.reproducibleJson()).holding(lock);
        if (sleeper != null) {
            runner.sleepingWith(sleeper);
        }
        StageRunner.Outcome outcome = runner.execute(run, steps, done, attempts, selected);
        alertOnSlack(outcome.run());
        RunSummary summary = summarise(outcome, System.currentTimeMillis() - start);
        return new Result(summary, outcome.failure());
    }

    /** The run's stages; a resumed run only takes landing files that arrived before it first started. */
    private List<StageRunner.Step> graph(AppConfig settings, java.time.Instant landedBefore) {
        List<StageRunner.Step> steps = new java.util.ArrayList<>(List.of(step(new IngestStage(landedBefore), settings, false),
                step(new SilverStage(), settings, false), step(new GoldStage(), settings, false), step(new QualityStage(), settings, true)));
        if (settings.export().afterRun()) {
            steps.add(step(new ExportStage(), settings, false));
        }
        steps.add(step(new NotifyStage(notifier), settings, false));
        return List.copyOf(steps);
    }

    static StageRunner.Step step(Stage stage, AppConfig settings, boolean always) {
        AppConfig.StageRetry retry = settings.operations().retry(stage.name());
        return new StageRunner.Step(stage, new RetryPolicy(retry.maxAttempts(), retry.backoffInitialMs(), retry.backoffMaxMs()), always);
    }

    /**
     * A lock taken over from a dead process that was running a stage of this run: that attempt is recorded as
     * INTERRUPTED, so the ledger shows it next to the attempt that resumes it.
     */
    private void recordInterrupted(RunContext run, List<RunLedger.Entry> entries) {
        if (lock == null || lock.tookOverFrom().isEmpty()) {
            return;
        }
        LakeLock.Holder dead = lock.tookOverFrom().get();
        if (dead.stage() == null || !run.runId().equals(dead.runId())) {
            return;
        }
        boolean ended = entries.stream().anyMatch(e -> e.stage().equals(dead.stage()) && e.attempt() == dead.attempt());
        if (!ended) {
            ledger.interrupted(run, dead.stage(), dead.attempt(), java.time.Instant.parse(dead.stageSince()), config.reproducibleJson(),
                    "the process running it (host " + dead.host() + ", PID " + dead.pid() + ") died");
            ledger.flush();
        }
    }

    /** Sends the run's alerts to the alert channel, each once. Never hides the run's own outcome. */
    private void alertOnSlack(RunContext run) {
        if (alerts.raised().isEmpty()) {
            return;
        }
        try {
            notifier.alert(run.runId(), alerts.raised());
            notifier.deliver();
        } catch (RuntimeException e) {
            LOG.error("run {}: could not send {} alert(s) to Slack", run.runId(), alerts.raised().size(), e);
        }
    }

    /** Rows in, published and quarantined by some tables, for the run ledger. */
    public static RunLedger.Counts counts(List<TableRun> tables) {
        return new RunLedger.Counts(tables.stream().mapToLong(TableRun::rowsIn).sum(), tables.stream().mapToLong(TableRun::rowsOut).sum(),
                tables.stream().mapToLong(TableRun::rowsQuarantined).sum());
    }

    private RunSummary summarise(StageRunner.Outcome outcome, long millis) {
        RunContext run = outcome.run();
        BronzeIngestion.Result ingestion = outcome.result(IngestStage.NAME).flatMap(r -> r.value(BronzeIngestion.Result.class))
                .orElseGet(() -> outcome.failure() instanceof RejectedInput r ? r.ingestion() : null);
        List<TableRun> tables = new ArrayList<>();
        outcome.results().values().forEach(r -> tables.addAll(r.tables()));
        boolean goldDone = outcome.result(GoldStage.NAME).map(r -> r.status().done()).orElse(false);
        List<RunSummary.YearFigures> figures = List.of();
        long toReview = 0;
        if (goldDone && !run.benefitYears().isEmpty() && writer.exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            String years = "benefit_year IN (" + String.join(",", run.benefitYears().stream().map(String::valueOf).toList()) + ")";
            Dataset<Row> fct = writer.read(Tables.FCT_EMPLOYEE_BENEFITS).filter(expr(years));
            figures = fct.groupBy("benefit_year")
                    .agg(count(lit(1)), sum(when(col("is_bonus_eligible"), 1).otherwise(0)), sum("bonus_eur"),
                            sum(when(col("is_wellness_eligible"), 1).otherwise(0)), sum("wellness_days"), sum("wellness_value_eur"),
                            sum("activity_count"))
                    .orderBy("benefit_year")
                    .collectAsList().stream()
                    .map(r -> new RunSummary.YearFigures(r.getInt(0), r.getLong(1), r.getLong(2), decimal(r, 3), r.getLong(4),
                            r.isNullAt(5) ? 0 : r.getLong(5), decimal(r, 6), r.isNullAt(7) ? 0 : r.getLong(7)))
                    .toList();
            toReview = writer.read(Tables.DECLARATIONS_TO_REVIEW).filter(expr(years)).select("employee_id", "benefit_year").distinct().count();
        }
        Optional<QualityReports.Written> report = outcome.result(QualityStage.NAME).flatMap(r -> r.value(QualityReports.Written.class));
        String slack = outcome.result(NotifyStage.NAME).map(StageResult::detail).orElse("not reached");
        long qualityMillis = outcome.results().values().stream().mapToLong(StageResult::checkMillis).sum();
        Map<String, String> stages = new LinkedHashMap<>();
        outcome.results().forEach((name, r) -> stages.put(name, r.status() == RunLedger.Status.SKIPPED && r.detail() != null
                ? r.status().name() + ": " + r.detail() : r.status().name()));
        String failure = outcome.failure() == null ? null : "stage " + outcome.failedStage() + ": " + Failures.firstLine(outcome.failure());
        return new RunSummary(run.runId(), run.benefitYears(), run.rules().hash(), ingestion, tables, figures, toReview,
                report.map(QualityReports.Written::report).orElse(null), report.map(QualityReports.Written::path).orElse(null),
                alerts.raised(), qualityMillis, millis, slack, stages, failure, outcome.ledgerMillis(),
                lock == null ? 0 : lock.waitedMillis());
    }

    private static BigDecimal decimal(Row row, int i) {
        return row.isNullAt(i) ? BigDecimal.ZERO : row.getDecimal(i);
    }
}
