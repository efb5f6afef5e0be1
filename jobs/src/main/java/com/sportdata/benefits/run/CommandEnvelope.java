package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeBusy;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.Retention;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.metrics.MetricsPublisher;
import com.sportdata.benefits.metrics.RunMetrics;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.slack.Notifier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What every command that computes does around its work, written once: the lake's paths, writer, run ledger and
 * time-travel retention (set-up); the lake's writer lock ({@link #acquire}); its graph of stages through the
 * {@link StageRunner} (a ledger row per attempt with the checks it ran, retries, progress, the alert of a failure);
 * the quality stage for graphs that write tables ({@link #quality}); the delivery of the alerts raised to the Slack
 * alert channel; the run's metrics (ops/run_metrics and the Pushgateway); and a typed {@link Result} the command
 * prints and whose failure it rethrows. {@code run}, {@code backfill}, {@code replay}, {@code scenario},
 * {@code export}, {@code vacuum}, {@code digest}, {@code notify} and each {@code notify --follow} cycle are graphs
 * of it, so they all behave the same around their work.
 */
public final class CommandEnvelope {
    private static final Logger LOG = LoggerFactory.getLogger(CommandEnvelope.class);

    private final SparkSession spark;
    private final AppConfig config;
    private final String arguments;
    private final LakePaths paths;
    private final TableWriter writer;
    private final RunLedger ledger;
    private final Alerts alerts;
    private final Notifier notifier;
    private LakeLock lock;
    private Progress progress = Progress.logOnly();
    private StageRunner.Sleeper sleeper;

    /**
     * @param arguments the command line, recorded in the ledger (secret values masked by the caller)
     * @param notifier  where alerts (and new activities) go: webhooks from the environment in production
     */
    public CommandEnvelope(SparkSession spark, AppConfig config, String arguments, Notifier notifier) {
        this(spark, config, arguments, new Alerts(), notifier);
    }

    public CommandEnvelope(SparkSession spark, AppConfig config, String arguments, Alerts alerts, Notifier notifier) {
        this.spark = spark;
        this.config = config;
        this.arguments = arguments;
        this.paths = new LakePaths(config.lake());
        this.writer = new TableWriter(spark, paths);
        this.ledger = new RunLedger(spark, paths, arguments);
        this.alerts = alerts;
        this.notifier = notifier;
        Retention.applyDefaults(spark, config.lake().reproducibilityDays());
    }

    /** An envelope whose alerts go to the Slack webhooks of the process environment. */
    public static CommandEnvelope fromEnvironment(SparkSession spark, AppConfig config, String arguments) {
        return new CommandEnvelope(spark, config, arguments, Notifier.fromEnvironment(spark, config));
    }

    /**
     * Takes the lake's writer lock for a command, waiting up to {@code wait} for a live holder to finish (a busy lake
     * after that is {@link LakeBusy}, exit 3).
     */
    public static LakeLock acquire(AppConfig config, String command, Duration wait) {
        return LakeLock.acquire(new LakePaths(config.lake()), LakeStorage.hadoopConfiguration(config), command, null,
                Duration.ofSeconds(config.operations().lockLeaseSeconds()), wait);
    }

    /** The same envelope with other settings (a resumed run's recorded ones, a recorded rules change): same alerts, Slack, lock. */
    public CommandEnvelope with(AppConfig settings) {
        CommandEnvelope other = new CommandEnvelope(spark, settings, arguments, alerts, notifier);
        other.lock = lock;
        other.progress = progress;
        other.sleeper = sleeper;
        return other;
    }

    /**
     * The lake's writer lock, held for this command. Holding it, the command first appends the run-ledger rows a
     * process that stopped before its end left in the ledger's journal, so everything it reads of the ledger (a run
     * to resume, the last gold, a purge) includes them.
     */
    public CommandEnvelope holding(LakeLock held) {
        this.lock = held;
        if (held != null) {
            ledger.recover();
        }
        return this;
    }

    public CommandEnvelope reporting(Progress shown) {
        this.progress = shown;
        return this;
    }

    /** Replaces the wait between retried attempts (tests). */
    public CommandEnvelope sleepingWith(StageRunner.Sleeper s) {
        this.sleeper = s;
        return this;
    }

    public SparkSession spark() {
        return spark;
    }

    public AppConfig config() {
        return config;
    }

    public LakePaths paths() {
        return paths;
    }

    public TableWriter writer() {
        return writer;
    }

    public RunLedger ledger() {
        return ledger;
    }

    public Alerts alerts() {
        return alerts;
    }

    public Notifier notifier() {
        return notifier;
    }

    public Optional<LakeLock> lock() {
        return Optional.ofNullable(lock);
    }

    public Progress progress() {
        return progress;
    }

    /** A step of the graph, with the retry policy the configuration gives its stage. */
    public <R> StageRunner.Step<R> step(Stage<R> stage) {
        return step(stage, false);
    }

    /** @param always whether the step runs after an earlier stage failed (quality does: a failed run gets its report) */
    public <R> StageRunner.Step<R> step(Stage<R> stage, boolean always) {
        AppConfig.StageRetry retry = config.operations().retry(stage.name());
        return new StageRunner.Step<>(stage, new RetryPolicy(retry.maxAttempts(), retry.backoffInitialMs(), retry.backoffMaxMs()), always);
    }

    /**
     * The quality stage of a graph that writes tables: records every check and quarantine count of the stages
     * before it (failed ones too), alerts the failed Warnings, writes the HTML report — and, for graphs that publish
     * official gold, the dashboard.
     */
    public StageRunner.Step<QualityReports.Written> quality(boolean publishesGold) {
        return step(new QualityStage(publishesGold), true);
    }

    /**
     * What to execute: a run and its graph, the writer its stages use (pinned or scratch for backfills from the past
     * and replays), the settings and configuration JSON its ledger rows record, the run it replays, the stages an
     * earlier process finished and the attempt each stage starts at, and which stages this process runs.
     */
    public record Plan(RunContext run, List<StageRunner.Step<?>> steps, TableWriter writer, AppConfig settings, String configJson,
                       String replayOf, Map<String, StageResult<?>> done, Map<String, Integer> attempts, Predicate<String> selected) {
        public Plan {
            steps = List.copyOf(steps);
            done = Map.copyOf(done);
            attempts = Map.copyOf(attempts);
        }

        public Plan writingWith(TableWriter w) {
            return new Plan(run, steps, w, settings, configJson, replayOf, done, attempts, selected);
        }

        /** Ledger rows name the run replayed, and record its configuration. */
        public Plan replaying(String runId, String recordedConfigJson) {
            return new Plan(run, steps, writer, settings, recordedConfigJson, runId, done, attempts, selected);
        }

        /** A resumed run or one stage of it: the recorded settings, the stages done, the next attempts, the stages to run. */
        public Plan continuing(AppConfig recorded, Map<String, StageResult<?>> finished, Map<String, Integer> nextAttempts,
                               Predicate<String> which) {
            return new Plan(run, steps, writer, recorded, recorded.reproducibleJson(), replayOf, finished, nextAttempts, which);
        }
    }

    /** A plan running every step of the graph for {@code run}, with this envelope's writer and settings. */
    public Plan plan(RunContext run, List<StageRunner.Step<?>> steps) {
        return new Plan(run, steps, writer, config, config.reproducibleJson(), null, Map.of(), Map.of(), name -> true);
    }

    /** How the command ended: the graph's outcome, and its metrics (empty when {@code metrics.publish} is off). */
    public record Result(StageRunner.Outcome outcome, Optional<MetricsPublisher.Published> metrics, List<String> alerts) {
        public RuntimeException failure() {
            return outcome.failure();
        }

        public boolean succeeded() {
            return outcome.succeeded();
        }

        public RunContext run() {
            return outcome.run();
        }

        public <R> Optional<R> value(StageRunner.Step<R> step) {
            return outcome.value(step);
        }

        /** This result, or its failure thrown (exit 1 at the command line): after the ledger, the alerts and the metrics. */
        public Result orThrow() {
            if (outcome.failure() != null) {
                throw outcome.failure();
            }
            return this;
        }

        /** The metrics line of a command's output. */
        public String metricsLine() {
            return "Metrics: " + metrics.map(MetricsPublisher.Published::render).orElse("not published (metrics.publish = false)");
        }
    }

    /** Runs the plan's graph, then delivers the alerts it raised and publishes its metrics. Never throws the graph's failure. */
    public Result execute(Plan plan) {
        if (lock == null) {
            ledger.recover(); // no lock (an embedding program, a test): what a stopped process journaled, as holding() does
        }
        recordDeadHolder(plan.run().runId(), plan.run().command() + " " + plan.run().runId());
        int alertsBefore = alerts.raised().size();
        LOG.info("{} {} starts: lake {}, as of {}, rules {}", plan.run().command(), plan.run().runId(), config.lake().root(),
                plan.run().asOfDate(), plan.run().rules().canonical());
        StageRunner runner = new StageRunner(spark, plan.settings(), plan.writer(), ledger, alerts, progress, plan.configJson())
                .holding(lock);
        if (plan.replayOf() != null) {
            runner.replaying(plan.replayOf());
        }
        if (sleeper != null) {
            runner.sleepingWith(sleeper);
        }
        // the small tables the command reads stay in memory for its stages, the runs view and the metrics
        plan.writer().keepingSmallReads();
        try {
            StageRunner.Outcome outcome = runner.execute(plan.run(), plan.steps(), plan.done(), plan.attempts(), plan.selected());
            ledger.publishView(plan.writer(), outcome.run().runId());
            List<String> raised = alerts.raised();
            List<String> fresh = List.copyOf(raised.subList(Math.min(alertsBefore, raised.size()), raised.size()));
            deliver(outcome.run(), fresh);
            return new Result(outcome, publish(outcome), fresh);
        } finally {
            plan.writer().releaseHandedOver();
        }
    }

    /**
     * A lock taken over from a dead process that was running a stage of another run — a killed backfill, export or
     * follow cycle, or a killed run rerun instead of resumed: that attempt is recorded INTERRUPTED under its own run id,
     * so the ledger shows it (a resume records its own: {@link Pipeline}).
     */
    void recordDeadHolder(String currentRunId, String takenBy) {
        Optional<LakeLock.Holder> tookOver = lock().flatMap(LakeLock::tookOverFrom);
        if (tookOver.isEmpty() || tookOver.get().stage() == null || tookOver.get().runId() == null
                || tookOver.get().runId().equals(currentRunId)) {
            return;
        }
        LakeLock.Holder dead = tookOver.get();
        if (ledger.run(dead.runId()).stream().anyMatch(e -> e.stage().equals(dead.stage()) && e.attempt() == dead.attempt())) {
            return;
        }
        ledger.interrupted(RunContext.of(dead.runId(), dead.command(), java.time.Instant.parse(dead.since()), config), dead.stage(),
                dead.attempt(), java.time.Instant.parse(dead.stageSince() == null ? dead.since() : dead.stageSince()), config.reproducibleJson(), "the process running it (host "
                        + dead.host() + ", PID " + dead.pid() + ") died; " + takenBy + " took the lake over");
        ledger.flush();
    }

    /** Sends the alerts to the alert channel, each once. Never hides the command's own outcome. */
    private void deliver(RunContext run, List<String> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        try {
            notifier.alert(run.runId(), fresh);
            notifier.deliver();
        } catch (RuntimeException e) {
            LOG.error("{} {}: could not send {} alert(s) to Slack", run.command(), run.runId(), fresh.size(), e);
        }
    }

    private Optional<MetricsPublisher.Published> publish(StageRunner.Outcome outcome) {
        if (!config.metrics().publish()) {
            return Optional.empty();
        }
        Integer rejected = outcome.failure() instanceof RejectedInput r ? Integer.valueOf(r.ingestion().rejected().size()) : null;
        // the checks the quality stage recorded in this process, when it ran here: the metrics count them without reading them back
        List<com.sportdata.benefits.quality.CheckOutcome> recorded = outcome.results().values().stream()
                .map(StageResult::value).filter(QualityReports.Written.class::isInstance).map(QualityReports.Written.class::cast)
                .map(w -> w.report().outcomes()).findFirst().orElse(null);
        return Optional.of(new MetricsPublisher(spark, config, writer, ledger).publish(new RunMetrics.Context(outcome.run().runId(),
                outcome.run().command(), lock == null ? 0 : lock.waitedMillis(), rejected, config.quality().anomalies().costMaxChange(),
                Instant.now()).withChecks(recorded)));
    }
}
