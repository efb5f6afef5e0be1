package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.gold.GoldFigures;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.context.RunContext;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.apache.spark.sql.functions.count;
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
    /** The stages of a run, in order (export only with {@code export.after-run}, or asked for by {@code --stage export}). */
    public static final List<String> STAGES = List.of(IngestStage.NAME, SilverStage.NAME, GoldStage.NAME, QualityStage.NAME,
            ExportStage.NAME, NotifyStage.NAME);
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

    /** The summary, the failure that ended the run if any (rendered in the summary too), and the metrics line. */
    public record Result(RunSummary summary, RuntimeException failure, String metrics) {
    }

    /** The run's graph, with the steps whose values the summary reads. */
    private record Graph(List<StageRunner.Step<?>> steps, StageRunner.Step<BronzeIngestion.Result> ingest,
                         StageRunner.Step<QualityReports.Written> quality) {
        List<String> names() {
            return steps.stream().map(StageRunner.Step::name).toList();
        }
    }

    private final CommandEnvelope envelope;

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
        this(new CommandEnvelope(spark, config, arguments, alerts, notifier));
    }

    public Pipeline(CommandEnvelope envelope) {
        this.envelope = envelope;
    }

    public Pipeline holding(LakeLock held) {
        envelope.holding(held);
        return this;
    }

    public Pipeline reporting(Progress p) {
        envelope.reporting(p);
        return this;
    }

    /** Replaces the wait between retried attempts (tests). */
    public Pipeline sleepingWith(StageRunner.Sleeper s) {
        envelope.sleepingWith(s);
        return this;
    }

    /** A whole run; throws its failure (after recording it, its quality report, its alerts and its metrics). */
    public RunSummary run(String command) {
        Result result = execute(new Request.Whole());
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.summary();
    }

    public Result execute(Request request) {
        long start = System.currentTimeMillis();
        AppConfig config = envelope.config();
        RunLedger ledger = envelope.ledger();
        if (request instanceof Request.Whole) {
            Graph graph = graph(config, null, false);
            return finish(graph, envelope.execute(envelope.plan(RunContext.start("run", config), graph.steps())), start);
        }
        String runId = request instanceof Request.OneStage one ? one.runId() : ((Request.Resume) request).runId();
        if (runId == null && request instanceof Request.Resume) {
            runId = ledger.latestRun("run").orElseThrow(() -> new IllegalArgumentException("no run to resume in " + envelope.paths().root()
                    + ": no run has recorded a stage yet (one stopped in its first stage leaves nothing to continue); start it again with `"
                    + envelope.paths().command("run") + "` (what it had written is found and kept)"));
        }
        List<RunLedger.Entry> entries = runId == null ? List.of() : ledger.run(runId);
        AppConfig effective = config;
        RunContext run;
        if (entries.isEmpty()) {
            if (request instanceof Request.OneStage one && one.stage().equals(IngestStage.NAME)) {
                run = runId == null ? RunContext.start("run", config) : RunContext.of(runId, "run", java.time.Instant.now(), config);
            } else {
                throw new IllegalArgumentException("run " + runId + " is not in the run ledger of " + envelope.paths().root()
                        + (request instanceof Request.OneStage ? " (a run starts with `" + envelope.paths().command("run --stage ingest --run-id ID") + "`)" : ""));
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
        Map<String, StageResult<?>> done = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        for (RunLedger.Entry e : entries) {
            attempts.merge(e.stage(), e.attempt() + 1, Math::max);
            if (e.status().done()) {
                RunContext context = e.stage().equals(GoldStage.NAME) ? run.withBenefitYears(e.benefitYears()) : run;
                FindingsJson.Stored findings = FindingsJson.read(e.findingsJson());
                done.put(e.stage(), StageResult.recorded(e.status(), context, new RunLedger.Counts(e.rowsRead(), e.rowsWritten(),
                        e.rowsQuarantined()), e.detail(), findings.checks(), findings.quarantine()));
            }
        }
        boolean started = !entries.isEmpty();
        Predicate<String> selected = name -> true;
        Graph graph;
        if (request instanceof Request.OneStage one) {
            if (!STAGES.contains(one.stage())) {
                throw new IllegalArgumentException("unknown stage '" + one.stage() + "'; the stages of a run are " + STAGES);
            }
            graph = graph(effective, landedBefore(started, run, entries), one.stage().equals(ExportStage.NAME));
            List<String> names = graph.names();
            for (String before : names.subList(0, names.indexOf(one.stage()))) {
                if (!done.containsKey(before) && !before.equals(QualityStage.NAME)) {
                    throw new IllegalArgumentException("stage " + one.stage() + " of run " + run.runId() + " needs stage " + before
                            + " first: `" + envelope.paths().command("run --stage " + before + " --run-id " + run.runId()) + "`");
                }
            }
            if (done.containsKey(one.stage())) {
                LOG.info("stage {} of run {} already succeeded: nothing to do", one.stage(), run.runId());
                selected = name -> false;
            } else {
                selected = one.stage()::equals;
            }
        } else {
            graph = graph(effective, landedBefore(started, run, entries), false);
            if (done.keySet().containsAll(graph.names())) {
                // killed after its last stage (the crash drill's trial 20): nothing to redo, and the command's own end —
                // the runs view, the lock — is done by this one; an operator following the runbook is not told off
                LOG.info("run {} finished every stage: nothing to resume", run.runId());
                selected = name -> false;
            } else {
                List<String> later = ledger.runsStartedAfter(run.startedAt(), run.runId(), WRITING_COMMANDS);
                if (!later.isEmpty()) {
                    throw new IllegalArgumentException("run " + run.runId() + " cannot be resumed: " + later + " started after it, and"
                            + " resuming it would overwrite their newer figures. Start a new run instead.");
                }
                LOG.info("resuming run {} (as of {}): stages done {}", run.runId(), run.asOfDate(), done.keySet());
            }
        }
        CommandEnvelope.Plan plan = envelope.plan(run, graph.steps()).continuing(effective, done, attempts, selected);
        return finish(graph, envelope.with(effective).execute(plan), start);
    }

    /**
     * What a resumed run ingests: the landing files that arrived before it first started, and those its own Strava stage
     * landed (a pull's files arrive after the run started); a new run, everything in landing (null).
     */
    private static java.time.Instant landedBefore(boolean started, RunContext run, List<RunLedger.Entry> entries) {
        if (!started) {
            return null;
        }
        return entries.stream().filter(e -> e.stage().equals(StravaPullStage.NAME) && e.status().done() && e.endedAt() != null)
                .map(RunLedger.Entry::endedAt).filter(t -> t.isAfter(run.startedAt())).max(java.util.Comparator.naturalOrder())
                .orElse(run.startedAt());
    }

    private Result finish(Graph graph, CommandEnvelope.Result result, long start) {
        return new Result(summarise(graph, result, System.currentTimeMillis() - start), result.failure(), result.metricsLine());
    }

    /**
     * The run's stages; a resumed run only takes landing files that arrived before it first started. Export is a
     * stage with {@code export.after-run}, or when one process is asked to run it ({@code --stage export}).
     */
    private Graph graph(AppConfig settings, java.time.Instant landedBefore, boolean exportAsked) {
        CommandEnvelope e = envelope.with(settings);
        StageRunner.Step<BronzeIngestion.Result> ingest = e.step(new IngestStage(landedBefore));
        StageRunner.Step<QualityReports.Written> quality = e.quality(true);
        List<StageRunner.Step<?>> steps = new ArrayList<>(List.of(ingest, e.step(new SilverStage()), e.step(new GoldStage()), quality));
        if (settings.strava().pullInRun()) {
            steps.add(0, e.step(new StravaPullStage(System.getenv()))); // the athletes' new activities, then their ingestion
        }
        if (settings.export().afterRun() || exportAsked) {
            steps.add(e.step(new ExportStage()));
        }
        steps.add(e.step(new NotifyStage(envelope.notifier())));
        return new Graph(steps, ingest, quality);
    }

    /**
     * A lock taken over from a dead process that was running a stage of this run: that attempt is recorded as
     * INTERRUPTED, so the ledger shows it next to the attempt that resumes it.
     */
    private void recordInterrupted(RunContext run, List<RunLedger.Entry> entries) {
        Optional<LakeLock.Holder> tookOver = envelope.lock().flatMap(LakeLock::tookOverFrom);
        if (tookOver.isEmpty()) {
            return;
        }
        LakeLock.Holder dead = tookOver.get();
        if (dead.stage() == null || !run.runId().equals(dead.runId())) {
            return;
        }
        boolean ended = entries.stream().anyMatch(e -> e.stage().equals(dead.stage()) && e.attempt() == dead.attempt());
        if (!ended) {
            envelope.ledger().interrupted(run, dead.stage(), dead.attempt(), java.time.Instant.parse(dead.stageSince()),
                    envelope.config().reproducibleJson(), "the process running it (host " + dead.host() + ", PID " + dead.pid() + ") died");
            envelope.ledger().flush();
        }
    }

    /** Rows in, published and quarantined by some tables, for the run ledger. */
    public static RunLedger.Counts counts(List<TableRun> tables) {
        return new RunLedger.Counts(tables.stream().mapToLong(TableRun::rowsIn).sum(), tables.stream().mapToLong(TableRun::rowsOut).sum(),
                tables.stream().mapToLong(TableRun::rowsQuarantined).sum());
    }

    /** The employees gold.declarations_to_review names, per benefit year (each once, however many reasons). */
    static Map<Integer, Long> peopleToReview(Dataset<Row> declarations) {
        Map<Integer, Long> people = new java.util.TreeMap<>();
        declarations.select("employee_id", "benefit_year").distinct().groupBy("benefit_year").count().collectAsList()
                .forEach(r -> people.put(r.getInt(0), r.getLong(1)));
        return people;
    }

    private RunSummary summarise(Graph graph, CommandEnvelope.Result result, long millis) {
        StageRunner.Outcome outcome = result.outcome();
        TableWriter writer = envelope.writer();
        RunContext run = outcome.run();
        BronzeIngestion.Result ingestion = outcome.value(graph.ingest())
                .orElseGet(() -> outcome.failure() instanceof RejectedInput r ? r.ingestion() : null);
        List<TableRun> tables = new ArrayList<>();
        outcome.results().values().forEach(r -> tables.addAll(r.tables()));
        boolean goldDone = outcome.result(GoldStage.NAME).map(r -> r.status().done()).orElse(false);
        List<RunSummary.YearFigures> figures = List.of();
        long toReview = 0;
        if (goldDone && !run.benefitYears().isEmpty() && writer.exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            figures = GoldFigures.years(writer).orElse(List.of()).stream().filter(y -> run.benefitYears().contains(y.year()))
                    .map(y -> new RunSummary.YearFigures(y.year(), y.employees(), y.bonusEligible(),
                    y.bonusEur(), y.wellnessEligible(), y.wellnessDays(), y.wellnessValueEur(), y.activities())).toList();
            toReview = writer.derived(Tables.DECLARATIONS_TO_REVIEW, "people to review by benefit year",
                    new com.fasterxml.jackson.core.type.TypeReference<Map<Integer, Long>>() { }, Pipeline::peopleToReview)
                    .orElse(Map.of()).entrySet().stream().filter(e -> run.benefitYears().contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }
        Optional<QualityReports.Written> report = outcome.value(graph.quality());
        String slack = outcome.result(NotifyStage.NAME).map(StageResult::detail).orElse("not reached");
        long qualityMillis = outcome.results().values().stream().mapToLong(StageResult::checkMillis).sum();
        Map<String, String> stages = new LinkedHashMap<>();
        outcome.results().forEach((name, r) -> stages.put(name, r.status() == RunLedger.Status.SKIPPED && r.detail() != null
                ? r.status().name() + ": " + r.detail() : r.status().name()));
        String failure = outcome.failure() == null ? null : "stage " + outcome.failedStage() + ": " + Failures.firstLine(outcome.failure());
        return new RunSummary(run.runId(), run.benefitYears(), run.rulesHashes(), ingestion, tables, figures, toReview,
                report.map(QualityReports.Written::report).orElse(null), report.map(QualityReports.Written::shown).orElse(null),
                result.alerts(), qualityMillis, millis, slack, stages, failure, outcome.ledgerMillis(),
                envelope.lock().map(LakeLock::waitedMillis).orElse(0L),
                com.sportdata.benefits.connect.OnlineRoutes.takeUsage(run.runId()).map(com.sportdata.benefits.connect.RouteMatrixClient.Usage::render)
                        .orElse(null));
    }
}
