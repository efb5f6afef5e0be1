package com.sportdata.benefits.metrics;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.gold.GoldFigures;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Level;
import org.apache.spark.sql.Row;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

/**
 * The metrics of one run, read from what the run recorded — the run ledger (stages, rows, durations: the same
 * figures), the quality checks of the run, gold, the Slack outbox, silver activities — plus the driver's JVM.
 * Every name starts with {@code sport_benefits_}; the README's "Metrics and alerts" lists them.
 */
public final class RunMetrics {
    private static final Pattern REJECTED = Pattern.compile("(\\d+) rejected");

    /**
     * What the command knows that the lake does not: how long it waited for the lock, and the landing files it
     * rejected (null when an earlier process of the run ingested them: the ingest stage's ledger detail says it then).
     */
    public record Context(String runId, String command, long lockWaitMillis, Integer rejectedFiles, double costDriftThreshold, Instant now,
                          List<CheckOutcome> checks) {
        /** The run's checks read from gold.fct_quality_checks. */
        public Context(String runId, String command, long lockWaitMillis, Integer rejectedFiles, double costDriftThreshold, Instant now) {
            this(runId, command, lockWaitMillis, rejectedFiles, costDriftThreshold, now, null);
        }

        /** The same, with the checks the run recorded in this process (null: read them from gold.fct_quality_checks). */
        public Context withChecks(List<CheckOutcome> recorded) {
            return new Context(runId, command, lockWaitMillis, rejectedFiles, costDriftThreshold, now, recorded == null ? null : List.copyOf(recorded));
        }
    }

    private final TableWriter lake;
    private final RunLedger ledger;

    public RunMetrics(TableWriter lake, RunLedger ledger) {
        this.lake = lake;
        this.ledger = ledger;
    }

    public List<Sample> collect(Context context) {
        List<Sample> samples = new ArrayList<>();
        List<RunLedger.Entry> entries = ledger.run(context.runId());
        stages(entries, samples);
        run(context, entries, samples);
        checks(context, samples);
        costs(samples);
        samples.add(Sample.gauge("cost_drift_threshold_ratio", "Relative change of a benefit year's cost beyond which the run raises a"
                + " cost drift anomaly (quality.anomalies.cost-max-change)", context.costDriftThreshold()));
        slack(samples);
        newestActivity(context.now(), samples);
        samples.add(Sample.gauge("lock_wait_seconds", "Time the run waited for the lake's writer lock", context.lockWaitMillis() / 1000.0));
        driver(samples);
        return samples;
    }

    /** The latest attempt of each stage of the run, in the order they ran. */
    public static List<RunLedger.Entry> latestAttempts(List<RunLedger.Entry> entries) {
        return RunLedger.latestAttempts(entries);
    }

    private static void stages(List<RunLedger.Entry> entries, List<Sample> samples) {
        for (RunLedger.Entry e : latestAttempts(entries)) {
            String stage = e.stage();
            samples.add(Sample.gauge("stage_duration_seconds", "Wall time of the stage's latest attempt", e.millis() / 1000.0, "stage", stage));
            samples.add(Sample.gauge("stage_success", "1 when the stage's latest attempt SUCCEEDED or was SKIPPED, else 0",
                    e.status().done() ? 1 : 0, "stage", stage, "status", e.status().name()));
            samples.add(Sample.gauge("stage_attempts", "Attempts of the stage in this run", e.attempt(), "stage", stage));
            samples.add(Sample.gauge("stage_rows_in", "Rows the stage read (run ledger rows_read)", e.rowsRead(), "stage", stage));
            samples.add(Sample.gauge("stage_rows_out", "Rows the stage published (run ledger rows_written)", e.rowsWritten(), "stage", stage));
            samples.add(Sample.gauge("stage_rows_quarantined", "Rows the stage quarantined (run ledger rows_quarantined)", e.rowsQuarantined(),
                    "stage", stage));
        }
    }

    private void run(Context context, List<RunLedger.Entry> entries, List<Sample> samples) {
        List<RunLedger.Entry> latest = latestAttempts(entries);
        boolean failed = latest.stream().anyMatch(e -> !e.status().done());
        samples.add(Sample.gauge("run_success", "1 when no stage of the latest run failed, else 0", failed || latest.isEmpty() ? 0 : 1,
                "command", context.command()));
        if (!entries.isEmpty()) {
            Instant start = entries.stream().map(RunLedger.Entry::startedAt).min(Comparator.naturalOrder()).orElseThrow();
            Instant end = entries.stream().map(RunLedger.Entry::endedAt).max(Comparator.naturalOrder()).orElseThrow();
            samples.add(Sample.gauge("run_duration_seconds", "Wall time of the run's stages so far", (end.toEpochMilli() - start.toEpochMilli()) / 1000.0));
            samples.add(Sample.gauge("run_end_timestamp_seconds", "When the run's latest stage ended (Unix time)", end.toEpochMilli() / 1000.0));
        }
        // only runs say it: another command's group (a weekly vacuum) would keep an old value that fires the alert
        ledger.lastSucceeded("notify", List.of("run")).filter(e -> "run".equals(context.command())).ifPresent(e -> samples.add(Sample.gauge("last_success_timestamp_seconds",
                "When the latest run that finished every stage ended (Unix time), from the run ledger", e.endedAt().toEpochMilli() / 1000.0)));
        Optional<Long> rejected = context.rejectedFiles() != null ? Optional.of((long) context.rejectedFiles())
                : latest.stream().filter(e -> e.stage().equals("ingest") && e.detail() != null).findFirst()
                .map(e -> REJECTED.matcher(e.detail())).filter(Matcher::find).map(m -> Long.parseLong(m.group(1)));
        rejected.ifPresent(n -> samples.add(Sample.gauge("rejected_files", "Landing files the run rejected", n)));
    }

    /**
     * Failed checks of the run by level, and its anomalies by kind (volume, cost, eligibility): from the checks the run
     * recorded in this process when the context has them (no read of the results table), else from gold.fct_quality_checks.
     */
    private void checks(Context context, List<Sample> samples) {
        List<CheckOutcome> failed = new ArrayList<>();
        if (context.checks() != null) {
            context.checks().stream().filter(CheckOutcome::failed).forEach(failed::add);
        } else if (lake.exists(Tables.QUALITY_CHECKS)) {
            for (Row r : lake.read(Tables.QUALITY_CHECKS).filter(col("run_id").equalTo(context.runId()).and(col("status").equalTo("FAILED")))
                    .select("layer", "table_name", "check_name", "level").collectAsList()) {
                failed.add(new CheckOutcome(r.getString(0), r.getString(1), r.getString(2), Level.valueOf(r.getString(3)),
                        CheckOutcome.Status.FAILED, null, null, null, null));
            }
        }
        failedChecks(failed, samples);
    }

    /** The samples of the failed checks {@code failed}: how many per level, and the anomalies among them per kind. */
    static void failedChecks(List<CheckOutcome> failed, List<Sample> samples) {
        Map<String, Long> byLevel = new LinkedHashMap<>(Map.of("Error", 0L, "Warning", 0L));
        Map<String, Long> anomalies = new LinkedHashMap<>(Map.of("volume", 0L, "cost", 0L, "eligibility", 0L));
        for (CheckOutcome o : failed) {
            byLevel.merge(capitalized(o.level().name()), 1L, Long::sum);
            if ("anomaly".equals(o.layer())) {
                anomalies.merge(anomalyKind(o.check()), 1L, Long::sum);
            }
        }
        byLevel.forEach((level, n) -> samples.add(Sample.gauge("checks_failed", "Quality checks of the run that failed, by level", n, "level", level)));
        anomalies.forEach((kind, n) -> samples.add(Sample.gauge("anomalies", "Anomaly checks of the run that fired, by kind", n, "kind", kind)));
    }

    static String anomalyKind(String checkName) {
        if (checkName.startsWith("cost drift")) {
            return "cost";
        }
        return checkName.startsWith("eligible population") ? "eligibility" : "volume";
    }

    private static String capitalized(String level) {
        String lower = level.toLowerCase(Locale.ROOT);
        return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** Bonus, wellness and total cost of every benefit year in gold, as published. */
    private void costs(List<Sample> samples) {
        for (GoldFigures.Year y : GoldFigures.years(lake).orElse(List.of())) {
            String year = String.valueOf(y.year());
            String help = "Cost of a benefit year in gold, in euros";
            samples.add(Sample.gauge("cost_eur", help, y.bonusEur().doubleValue(), "benefit_year", year, "benefit", "bonus"));
            samples.add(Sample.gauge("cost_eur", help, y.wellnessValueEur().doubleValue(), "benefit_year", year, "benefit", "wellness"));
            samples.add(Sample.gauge("cost_eur", help, y.totalEur().doubleValue(), "benefit_year", year, "benefit", "total"));
        }
    }

    /** Slack posts in the outbox by state: sent, dead, pending, dry_run. */
    private void slack(List<Sample> samples) {
        Map<String, Long> states = new LinkedHashMap<>(Map.of("sent", 0L, "dead", 0L, "pending", 0L, "dry_run", 0L));
        if (lake.exists(Tables.SLACK_OUTBOX)) {
            for (Row r : lake.read(Tables.SLACK_OUTBOX).groupBy("state").agg(count(lit(1))).collectAsList()) {
                states.merge(r.getString(0).toLowerCase(Locale.ROOT), r.getLong(1), Long::sum);
            }
        }
        states.forEach((state, n) -> samples.add(Sample.gauge("slack_posts", "Slack posts in the outbox, by state", n, "state", state)));
    }

    /** When silver's newest activity started (null: no activity), as kept with the state of silver.activities. */
    public record Newest(Long startedAtMillis) {
    }

    private void newestActivity(Instant now, List<Sample> samples) {
        lake.derived(Tables.ACTIVITIES, "newest activity", new com.fasterxml.jackson.core.type.TypeReference<Newest>() { }, rows -> {
            Row newest = rows.agg(max("started_at")).first();
            return new Newest(newest.isNullAt(0) ? null : newest.getTimestamp(0).getTime());
        }).map(Newest::startedAtMillis).ifPresent(started -> samples.add(Sample.gauge("newest_activity_age_seconds",
                "Age of the newest activity in silver (its start)", Math.max(0, now.toEpochMilli() - started) / 1000.0)));
    }

    /** The driver JVM: heap, and what garbage collection cost so far. */
    private static void driver(List<Sample> samples) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        samples.add(Sample.gauge("driver_heap_used_bytes", "Heap in use in the driver JVM at the end of the run", heap.getUsed()));
        samples.add(Sample.gauge("driver_heap_max_bytes", "Largest heap the driver JVM may use", heap.getMax()));
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            samples.add(Sample.counter("driver_gc_collections_total", "Garbage collections in the driver JVM", Math.max(0, gc.getCollectionCount()),
                    "gc", gc.getName()));
            samples.add(Sample.counter("driver_gc_seconds_total", "Time the driver JVM spent in garbage collection",
                    Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName()));
        }
        samples.add(Sample.gauge("driver_uptime_seconds", "Age of the driver JVM", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0));
    }
}
