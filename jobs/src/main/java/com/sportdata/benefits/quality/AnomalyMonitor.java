package com.sportdata.benefits.quality;

import com.sportdata.benefits.spark.JobLabels;
import com.amazon.deequ.AnomalyCheckConfig;
import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilderWithRepository;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Sum;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.collection.JavaConverters;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anomaly detection over the history of runs, with a Deequ metrics repository kept in the lake
 * ({@code <lake>/quality/metrics.json}). Each series (rows ingested per source, total bonus and wellness value
 * and eligible population per benefit year) is compared with its previous point before the run's as-of date,
 * so a backfill compares against the history before its own date. No history yet: the check is SKIPPED.
 * Anomalies are Warnings: recorded and alerted, the run goes on.
 */
public final class AnomalyMonitor {
    private static final String NO_HISTORY = "There have to be previous results";
    private static final String NO_ROWS = "Empty state";

    private final SparkSession spark;
    private final MetricsRepository repository;
    private final AppConfig.Anomalies thresholds;

    public AnomalyMonitor(SparkSession spark, LakePaths paths, AppConfig.Anomalies thresholds) {
        this.spark = spark;
        this.repository = new FileSystemMetricsRepository(spark, paths.root() + "/quality/metrics.json");
        this.thresholds = thresholds;
    }

    /**
     * Cost drift (total bonus, total wellness value) and eligible-population jump of one benefit year, against
     * the same year in previous runs: one pass over the year's rows.
     */
    public List<CheckOutcome> costs(TableId table, Dataset<Row> yearRows, int year, RunContext run) {
        Dataset<Row> data = yearRows.withColumn("_eligible", org.apache.spark.sql.functions.when(
                org.apache.spark.sql.functions.col("is_bonus_eligible"), 1).otherwise(0));
        Map<String, String> tags = Map.of("series", "gold_costs", "benefit_year", String.valueOf(year));
        return checks(data, tags, table, run, List.of(
                new Series("cost drift of bonus_eur " + year, new Sum("bonus_eur", Option.empty()), "sum(bonus_eur)",
                        thresholds.costMaxChange(), thresholds.costMaxChange(),
                        "a sudden cost change must be explained before the business commits to it"),
                new Series("cost drift of wellness_value_eur " + year, new Sum("wellness_value_eur", Option.empty()),
                        "sum(wellness_value_eur)", thresholds.costMaxChange(), thresholds.costMaxChange(),
                        "a sudden cost change must be explained before the business commits to it"),
                new Series("eligible population " + year, new Sum("_eligible", Option.empty()), "bonus-eligible employees",
                        thresholds.eligibleMaxChange(), thresholds.eligibleMaxChange(),
                        "a jump in eligibility usually comes from a changed source or rule")));
    }

    /** One metric series watched for anomalies: its analyzer and the allowed relative change. */
    private record Series(String name, Analyzer<?, ?> analyzer, String what, double maxDecrease, double maxIncrease, String why) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<CheckOutcome> checks(Dataset<Row> data, Map<String, String> tags, TableId table, RunContext run, List<Series> series) {
        long date = run.asOfDate().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        scala.collection.immutable.Map<String, String> scalaTags = toScala(tags);
        VerificationRunBuilderWithRepository builder = new VerificationSuite().onData(data).useRepository(repository);
        for (Series s : series) {
            AnomalyCheckConfig config = new AnomalyCheckConfig(CheckLevel.Warning(), s.name(), scalaTags, Option.empty(), Option.apply(date));
            builder = builder.addAnomalyCheck(new RelativeRateOfChangeStrategy(Option.apply(1 - s.maxDecrease()),
                    Option.apply(1 + s.maxIncrease()), 1), (Analyzer) s.analyzer(), Option.apply(config));
        }
        VerificationResult result;
        try (JobLabels labels = JobLabels.describing(spark, "anomaly checks " + tags)) {
            result = builder.saveOrAppendResult(new ResultKey(date, scalaTags)).run();
        }
        Map<String, CheckResult> byName = new java.util.HashMap<>();
        JavaConverters.mapAsJavaMap(result.checkResults()).forEach((check, checkResult) -> byName.put(check.description(), checkResult));
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (Series s : series) {
            CheckResult checkResult = byName.get(s.name());
            ConstraintResult constraint = JavaConverters.seqAsJavaList(checkResult.constraintResults()).get(0);
            String message = constraint.message().isDefined() ? constraint.message().get() : null;
            Double value = constraint.metric().isDefined() && constraint.metric().get().value().isSuccess()
                    && constraint.metric().get().value().get() instanceof Number n ? n.doubleValue() : null;
            boolean skipped = message != null && (message.contains(NO_HISTORY) || message.contains(NO_ROWS));
            CheckOutcome.Status status = checkResult.status() == CheckStatus.Success() ? CheckOutcome.Status.PASSED
                    : skipped ? CheckOutcome.Status.SKIPPED : CheckOutcome.Status.FAILED;
            String constraintText = "anomaly(" + s.what() + ": ratio to previous run within [" + round(1 - s.maxDecrease()) + ", "
                    + round(1 + s.maxIncrease()) + "])";
            outcomes.add(new CheckOutcome("anomaly", table.qualifiedName(), s.name(), Level.WARNING, status, constraintText, value,
                    !skipped ? (status == CheckOutcome.Status.FAILED ? message : null)
                            : message.contains(NO_ROWS) ? "no rows to measure" : "no history yet",
                    s.why()));
        }
        return outcomes;
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    private static scala.collection.immutable.Map<String, String> toScala(Map<String, String> map) {
        scala.collection.immutable.Map<String, String> result = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            result = result.$plus(new scala.Tuple2<>(e.getKey(), e.getValue()));
        }
        return result;
    }
}
