package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Findings;
import com.sportdata.benefits.quality.FindingsJson;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.quality.QualityReport;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a graph of stages — the one place that owns the protocol around them: for each attempt a ledger row
 * (journaled at once, so a killed run can be resumed from what its finished stages committed, and appended to the
 * ledger with the graph's other rows in one commit when the graph ends), timing and progress,
 * retries with exponential backoff for transient failures only, the alert of a failure, and the outcome of the
 * whole run as a value. After a failure the remaining stages are skipped, except those marked {@code always}
 * (quality: a failed run gets its report too).
 */
public final class StageRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);

    /** A stage in a graph, with its retry policy; {@code always} stages run even after a failure. */
    public record Step<R>(Stage<R> stage, RetryPolicy retry, boolean always) {
        public String name() {
            return stage.name();
        }
    }

    /** How a graph ended: the results per stage, and the first failure if any (with the stage it happened in). */
    public record Outcome(RunContext run, Map<String, StageResult<?>> results, RuntimeException failure, String failedStage, long millis,
                          long ledgerMillis) {
        public boolean succeeded() {
            return failure == null;
        }

        public Optional<StageResult<?>> result(String stage) {
            return Optional.ofNullable(results.get(stage));
        }

        /** What the step's stage returned in this process (empty when it did not run here, or failed). */
        @SuppressWarnings("unchecked")
        public <R> Optional<R> value(Step<R> step) {
            StageResult<?> result = results.get(step.name());
            // the results of a step are those of its own stage: R is the stage's value type
            return result == null ? Optional.empty() : Optional.ofNullable((R) result.value());
        }

        /** Every check and quarantine count of the graph's stages, in the order they ran. */
        public List<CheckOutcome> checks() {
            List<CheckOutcome> all = new ArrayList<>();
            results.values().forEach(r -> all.addAll(r.checks()));
            return all;
        }
    }

    /** Waits between attempts (tests replace it). */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final SparkSession spark;
    private final AppConfig config;
    private final TableWriter writer;
    private final RunLedger ledger;
    private final Alerts alerts;
    private final Progress progress;
    private final String configJson;
    private LakeLock lock;
    private Sleeper sleeper = Thread::sleep;
    private String replayOf;
    /** Time spent writing the ledger rows of the attempts (the runner's own cost). */
    private long ledgerMillis;

    public StageRunner(SparkSession spark, AppConfig config, TableWriter writer, RunLedger ledger, Alerts alerts, Progress progress,
                       String configJson) {
        this.spark = spark;
        this.config = config;
        this.writer = writer;
        this.ledger = ledger;
        this.alerts = alerts;
        this.progress = progress;
        this.configJson = configJson;
    }

    /** The lake lock held for this run: each attempt writes what it is doing into it. */
    public StageRunner holding(LakeLock held) {
        this.lock = held;
        return this;
    }

    /** Every ledger row of this graph names the run it replays. */
    public StageRunner replaying(String runId) {
        this.replayOf = runId;
        return this;
    }

    public StageRunner sleepingWith(Sleeper s) {
        this.sleeper = s;
        return this;
    }

    /** Runs every step. */
    public Outcome execute(RunContext run, List<Step<?>> steps) {
        return execute(run, steps, Map.of(), Map.of());
    }

    /**
     * Runs the steps not in {@code done} (stages an earlier attempt of this run finished, reused as they are).
     *
     * @param nextAttempt the attempt number each stage starts at (after earlier attempts recorded in the ledger)
     */
    public Outcome execute(RunContext start, List<Step<?>> steps, Map<String, StageResult<?>> done, Map<String, Integer> nextAttempt) {
        return execute(start, steps, done, nextAttempt, name -> true);
    }

    /** The same, running only the {@code selected} stages of the graph (one stage per process: an external scheduler). */
    public Outcome execute(RunContext start, List<Step<?>> steps, Map<String, StageResult<?>> done, Map<String, Integer> nextAttempt,
                           java.util.function.Predicate<String> selected) {
        long began = System.currentTimeMillis();
        progress.runStarted();
        Map<String, StageResult<?>> results = new LinkedHashMap<>();
        RunContext run = start;
        RuntimeException failure = null;
        String failedStage = null;
        MDC.put("run_id", run.runId());
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step<?> step = steps.get(i);
                int n = i + 1;
                if (done.containsKey(step.name())) {
                    StageResult<?> reused = done.get(step.name());
                    results.put(step.name(), reused);
                    run = reused.context() == null ? run : reused.context();
                    progress.stageReused(n, steps.size(), step.name());
                    continue;
                }
                if (!selected.test(step.name())) {
                    continue;
                }
                if (failure != null && !step.always()) {
                    LOG.info("stage {}/{} {} not run: stage {} failed", n, steps.size(), step.name(), failedStage);
                    continue;
                }
                StageResult<?> result = attempt(step, n, steps.size(), run, results, nextAttempt.getOrDefault(step.name(), 1));
                results.put(step.name(), result);
                if (result.status() == RunLedger.Status.FAILED) {
                    if (failure == null) {
                        failure = result.failure();
                        failedStage = step.name();
                    }
                } else {
                    run = result.context() == null ? run : result.context();
                }
            }
        } finally {
            // the attempts' rows, journaled one by one as they ended, reach the ledger in one commit
            long recording = System.currentTimeMillis();
            ledger.flush();
            ledgerMillis += System.currentTimeMillis() - recording;
            MDC.remove("run_id");
        }
        return new Outcome(run, results, failure, failedStage, System.currentTimeMillis() - began, ledgerMillis);
    }

    private <R> StageResult<R> attempt(Step<R> step, int n, int m, RunContext run, Map<String, StageResult<?>> earlier, int firstAttempt) {
        int attempt = firstAttempt;
        MDC.put("stage", step.name());
        try {
            while (true) {
                if (lock != null) {
                    lock.doing(run.runId(), step.name(), attempt);
                }
                progress.stageStarted(n, m, step.name(), attempt);
                RunLedger.Stage row = ledger.begin(run, step.name(), writer, configJson, attempt);
                if (replayOf != null) {
                    row.replayOf(replayOf);
                }
                StageContext context = new StageContext(run, config, spark, writer, alerts, progress, earlier);
                long started = System.currentTimeMillis();
                try {
                    StageResult<R> result = step.stage().execute(context);
                    result = result.withFindings(checks(context), quarantine(context), checkMillis(context.tracked()));
                    RunContext after = result.context() == null ? run : result.context();
                    long recording = System.currentTimeMillis();
                    row.ended(after, result.status(), null, result.counts(), result.detail(),
                            FindingsJson.write(result.checks(), result.quarantine()));
                    ledger.journal();
                    ledgerMillis += System.currentTimeMillis() - recording;
                    progress.stageEnded(n, m, step.name(), result.status().name(), System.currentTimeMillis() - started, result.detail());
                    return result;
                } catch (Exception thrown) {
                    // Spark's Scala code throws checked exceptions it does not declare (SparkException): caught here too,
                    // or a failed job would skip the ledger row, the alert and the quality stage
                    RuntimeException e = Failures.unchecked(thrown);
                    List<CheckOutcome> checks = checks(context);
                    List<QualityReport.QuarantineCount> quarantine = quarantine(context);
                    String error = Failures.firstLine(e);
                    boolean retry = Failures.isTransient(e) && attempt < step.retry().maxAttempts();
                    RunLedger.Counts done = e instanceof RejectedInput rejected ? rejected.counts() : RunLedger.Counts.NONE;
                    row.ended(run, RunLedger.Status.FAILED, error, done, retry ? "transient failure: retried"
                            : e instanceof RejectedInput rejected ? IngestStage.describe(rejected.ingestion()) : null,
                            FindingsJson.write(checks, quarantine));
                    ledger.journal();
                    progress.stageEnded(n, m, step.name(), "FAILED", System.currentTimeMillis() - started, error);
                    if (retry) {
                        long wait = step.retry().backoffMillis(attempt);
                        LOG.warn("stage {} attempt {} of {} failed for a transient reason ({}); trying again in {} ms", step.name(), attempt,
                                step.retry().maxAttempts(), error, wait);
                        sleep(wait);
                        attempt++;
                        continue;
                    }
                    if (!(e instanceof QualityGateFailure) && !(e instanceof BadInput)) {
                        LOG.error("stage {} of run {} failed", step.name(), run.runId(), e);
                    }
                    alerts.raise(run.runId(), describe(step.name(), e));
                    return StageResult.failed(run, e, error, checks, quarantine);
                }
            }
        } finally {
            MDC.remove("stage");
        }
    }

    private static String describe(String stage, RuntimeException e) {
        if (e instanceof QualityGateFailure) {
            return "quality gate: " + Failures.firstLine(e);
        }
        if (e instanceof BadInput) {
            return "run failed, bad input: " + Failures.firstLine(e);
        }
        return "run failed in stage " + stage + ": " + Failures.firstLine(e);
    }

    private void sleep(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    private static List<CheckOutcome> checks(StageContext context) {
        List<CheckOutcome> all = new ArrayList<>();
        context.tracked().forEach(f -> all.addAll(f.outcomes()));
        return all;
    }

    private static List<QualityReport.QuarantineCount> quarantine(StageContext context) {
        List<QualityReport.QuarantineCount> all = new ArrayList<>();
        context.tracked().forEach(f -> all.addAll(f.quarantine()));
        return all;
    }

    /** Time the tracked checkers of the given results spent checking (for the summary's quality share). */
    static long checkMillis(List<Findings> findings) {
        return findings.stream().mapToLong(Findings::checkMillis).sum();
    }
}
