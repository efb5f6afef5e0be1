package com.sportdata.benefits.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.metrics.Metric;
import com.sportdata.benefits.catalog.TableId;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only class that speaks Deequ's Scala API: turns {@link QualityCheck}s into Deequ checks, runs them
 * (one Deequ verification per frame, so one pass over the data), and returns plain Java outcomes.
 */
public final class DeequAdapter {

    private DeequAdapter() {
    }

    public static List<CheckOutcome> verify(Dataset<Row> published, TableId table, List<QualityCheck> checks) {
        return verify(published, -1, table, checks);
    }

    /** @param publishedRows the number of rows of {@code published} when known (saves a pass), else -1 */
    public static List<CheckOutcome> verify(Dataset<Row> published, long publishedRows, TableId table, List<QualityCheck> checks) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        Map<Dataset<Row>, List<QualityCheck>> byFrame = new IdentityHashMap<>();
        for (QualityCheck check : checks) {
            if (check.constraint() instanceof Constraint.HasColumns has) {
                outcomes.add(schemaCheck(published, table, check, has));
            } else {
                byFrame.computeIfAbsent(check.frame() == null ? published : check.frame(), f -> new ArrayList<>()).add(check);
            }
        }
        byFrame.forEach((frame, group) -> outcomes.addAll(run(frame, frame == published && publishedRows == 0, table, group)));
        return outcomes;
    }

    /** Ratio constraints hold vacuously on no rows (Deequ reports an "empty state" instead); sizes still count. */
    private static List<CheckOutcome> noRows(TableId table, List<QualityCheck> checks) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (QualityCheck check : checks) {
            boolean sizeCheck = check.constraint() instanceof Constraint.MinRows;
            boolean passed = !sizeCheck || ((Constraint.MinRows) check.constraint()).rows() <= 0;
            outcomes.add(new CheckOutcome(table.layer().folder(), table.name(), check.name(), check.level(),
                    passed ? CheckOutcome.Status.PASSED : CheckOutcome.Status.FAILED, describe(check.constraint()),
                    sizeCheck ? 0.0 : null, "no rows", check.why()));
        }
        return outcomes;
    }

    /**
     * Runs the checks of one frame: Deequ's analyzers in one scan (the frame's size measured there too), and each
     * uniqueness as one aggregate of its own (see {@link #uniqueness}).
     *
     * @param knownEmpty {@code frame} is known to have no rows; otherwise its size is measured in the same pass as the
     *                   checks' own metrics rather than by a job of its own
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<CheckOutcome> run(Dataset<Row> frame, boolean knownEmpty, TableId table, List<QualityCheck> checks) {
        if (knownEmpty) {
            return noRows(table, checks);
        }
        Map<Check, QualityCheck> deequChecks = new java.util.LinkedHashMap<>();
        for (QualityCheck check : checks) {
            if (!(check.constraint() instanceof Constraint.Unique)) {
                deequChecks.put(toDeequ(check), check);
            }
        }
        com.amazon.deequ.analyzers.Analyzer size = (com.amazon.deequ.analyzers.Analyzer) new com.amazon.deequ.analyzers.Size(Option.empty());
        VerificationResult result = new VerificationSuite().onData(frame)
                .addChecks(JavaConverters.asScalaBuffer(new ArrayList<>(deequChecks.keySet())).toSeq())
                .addRequiredAnalyzer(size).run();
        Double rows = metricValue((Option) result.metrics().get(size));
        if (rows != null && rows == 0.0) {
            return noRows(table, checks);
        }
        Map<QualityCheck, CheckOutcome> byCheck = new IdentityHashMap<>();
        Map<Check, CheckResult> results = JavaConverters.mapAsJavaMap(result.checkResults());
        deequChecks.forEach((deequ, check) -> {
            CheckResult checkResult = results.get(deequ);
            ConstraintResult constraint = JavaConverters.seqAsJavaList(checkResult.constraintResults()).get(0);
            String message = constraint.message().isDefined() ? constraint.message().get() : null;
            byCheck.put(check, outcome(frame, table, check, checkResult.status() == CheckStatus.Success(),
                    metricValue(constraint.metric()), message));
        });
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (QualityCheck check : checks) {
            if (check.constraint() instanceof Constraint.Unique unique) {
                Double metric = uniqueness(frame, unique.columns());
                outcomes.add(outcome(frame, table, check, metric != null && metric >= 1.0, metric,
                        metric == null ? "no row has a value in " + unique.columns() : null));
            } else {
                outcomes.add(byCheck.get(check));
            }
        }
        return outcomes;
    }

    private static CheckOutcome outcome(Dataset<Row> frame, TableId table, QualityCheck check, boolean passed, Double metric, String message) {
        CheckOutcome outcome = new CheckOutcome(table.layer().folder(), table.name(), check.name(), check.level(),
                passed ? CheckOutcome.Status.PASSED : CheckOutcome.Status.FAILED, describe(check.constraint()), metric,
                passed ? null : sentence(check.constraint(), metric, message), check.why());
        // a failed row-level check: which rows, for the report (only failed checks pay for it)
        return passed ? outcome : FailingRows.of(frame, check.constraint()).map(outcome::withFailingRows).orElse(outcome);
    }

    /**
     * Deequ's Uniqueness of {@code columns} — among the rows with a value in at least one of them, the share whose
     * values no other row has — in one aggregate (one job), where Deequ counts those rows in a job of its own before
     * grouping them in another. Null when no row has a value in them (Deequ's "empty state").
     */
    static Double uniqueness(Dataset<Row> frame, List<String> columns) {
        Column[] keys = columns.stream().map(functions::col).toArray(Column[]::new);
        Column anyValue = Arrays.stream(keys).map(Column::isNotNull).reduce(Column::or).orElseThrow();
        Row counts = frame.select(keys).where(anyValue).groupBy(keys).agg(functions.count(functions.lit(1)).as("n"))
                .agg(functions.sum(functions.when(functions.col("n").equalTo(1), 1L).otherwise(0L)), functions.sum("n"))
                .first();
        if (counts.isNullAt(1) || counts.getLong(1) == 0) {
            return null;
        }
        return (double) counts.getLong(0) / counts.getLong(1);
    }

    private static Check toDeequ(QualityCheck check) {
        Check base = new Check(check.level() == Level.ERROR ? CheckLevel.Error() : CheckLevel.Warning(), check.name(),
                JavaConverters.asScalaBuffer(new ArrayList<com.amazon.deequ.constraints.Constraint>()).toSeq());
        Constraint c = check.constraint();
        if (c instanceof Constraint.Complete complete) {
            return base.isComplete(complete.column(), Option.empty(), Option.empty());
        }
        if (c instanceof Constraint.ContainedIn in) {
            return base.isContainedIn(in.column(), in.values().toArray(String[]::new));
        }
        if (c instanceof Constraint.Satisfies s) {
            return base.satisfies(s.predicate(), check.name(), new AtLeast(s.minFraction()), Option.empty(),
                    JavaConverters.asScalaBuffer(new ArrayList<String>()).toList(), Option.empty());
        }
        if (c instanceof Constraint.MinRows min) {
            return base.hasSize(new AtLeast(min.rows()), Option.empty());
        }
        throw new IllegalArgumentException("no Deequ translation for " + c);
    }

    private static CheckOutcome schemaCheck(Dataset<Row> frame, TableId table, QualityCheck check, Constraint.HasColumns has) {
        List<String> present = Arrays.asList(frame.columns());
        List<String> missing = has.columns().stream().filter(c -> !present.contains(c)).toList();
        return new CheckOutcome(table.layer().folder(), table.name(), check.name(), check.level(),
                missing.isEmpty() ? CheckOutcome.Status.PASSED : CheckOutcome.Status.FAILED, describe(has),
                (double) (has.columns().size() - missing.size()) / Math.max(1, has.columns().size()),
                missing.isEmpty() ? null : "missing column(s) " + missing, check.why());
    }

    /** A failed check in plain words with its figures, instead of Deequ's "Value: x does not meet the constraint requirement!". */
    static String sentence(Constraint c, Double metric, String deequMessage) {
        if (metric == null) {
            return deequMessage == null ? "the check could not be computed" : "the check could not be computed: " + deequMessage;
        }
        String share = String.format(java.util.Locale.ROOT, "%.1f %%", 100 * metric);
        if (c instanceof Constraint.Complete x) {
            return x.column() + " is filled in " + share + " of the rows; every row needs it";
        }
        if (c instanceof Constraint.Unique x) {
            return "(" + String.join(", ", x.columns()) + ") is unique for " + share + " of the rows; it must identify every row";
        }
        if (c instanceof Constraint.ContainedIn x) {
            return share + " of the values of " + x.column() + " are among " + x.values() + "; all of them must be";
        }
        if (c instanceof Constraint.Satisfies x) {
            return share + " of the rows satisfy " + x.predicate() + "; required: " + (x.minFraction() < 1.0
                    ? String.format(java.util.Locale.ROOT, "at least %.1f %%", 100 * x.minFraction()) : "every row");
        }
        if (c instanceof Constraint.MinRows x) {
            return metric.longValue() + " rows; at least " + x.rows() + " required";
        }
        return deequMessage;
    }

    static String describe(Constraint c) {
        if (c instanceof Constraint.Complete x) {
            return "isComplete(" + x.column() + ")";
        }
        if (c instanceof Constraint.Unique x) {
            return "isUnique(" + String.join(", ", x.columns()) + ")";
        }
        if (c instanceof Constraint.ContainedIn x) {
            return "isContainedIn(" + x.column() + ", " + x.values() + ")";
        }
        if (c instanceof Constraint.Satisfies x) {
            return "satisfies(" + x.predicate() + ")" + (x.minFraction() < 1.0 ? " for >= " + x.minFraction() + " of rows" : "");
        }
        if (c instanceof Constraint.MinRows x) {
            return "hasSize(>= " + x.rows() + ")";
        }
        if (c instanceof Constraint.HasColumns x) {
            return "hasColumns(" + x.columns() + ")";
        }
        return c.toString();
    }

    private static Double metricValue(Option<Metric<?>> metric) {
        if (metric.isEmpty() || metric.get().value().isFailure()) {
            return null;
        }
        Object value = metric.get().value().get();
        return value instanceof Number n ? n.doubleValue() : null;
    }

    /** Deequ assertions are Scala functions of boxed numbers; Spark may serialise them. */
    /** "The metric is at least {@code min}": a fraction of rows, or a row count. */
    private static final class AtLeast extends AbstractFunction1<Object, Object> implements Serializable {
        private final double min;

        AtLeast(double min) {
            this.min = min;
        }

        @Override
        public Object apply(Object value) {
            return ((Number) value).doubleValue() >= min;
        }
    }

    /** A metric series the anomaly detection watches: a column summed, and the relative change allowed from its previous point. */
    public record AnomalySeries(String name, String sumOf, double maxDecrease, double maxIncrease) {
    }

    /**
     * What the detection said of one series: passed, failed or skipped (no history, no rows), its metric, Deequ's message;
     * and the series' previous point under the base tags whatever its other tags (its value, its tags), or null.
     */
    public record AnomalyResult(AnomalySeries series, CheckOutcome.Status status, Double value, String message, boolean noRows,
                                Double previous, Map<String, String> previousTags) {
    }

    private static final String NO_HISTORY = "There have to be previous results";
    private static final String NO_ROWS = "Empty state";

    /**
     * Deequ's anomaly detection (relative rate of change against the previous point) of each series over {@code data},
     * with the metrics history kept in the repository file at {@code repository}; the run's metrics are appended to it
     * under {@code tags} at {@code dateMillis}, so later runs compare with them.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static List<AnomalyResult> anomalies(org.apache.spark.sql.SparkSession spark, String repository, Dataset<Row> data,
                                                Map<String, String> tags, Map<String, String> baseTags, long dateMillis,
                                                List<AnomalySeries> series) {
        com.amazon.deequ.repository.fs.FileSystemMetricsRepository history =
                new com.amazon.deequ.repository.fs.FileSystemMetricsRepository(spark, repository);
        scala.collection.immutable.Map<String, String> scalaBase = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(baseTags).entrySet()) {
            scalaBase = scalaBase.$plus(new scala.Tuple2<>(e.getKey(), e.getValue()));
        }
        // the latest point before this one under the base tags (any rules): what the sentence compares with
        com.amazon.deequ.repository.AnalysisResult latest = null;
        for (com.amazon.deequ.repository.AnalysisResult r : JavaConverters.seqAsJavaList(history.load().withTagValues(scalaBase)
                .before(dateMillis).get())) {
            if (latest == null || r.resultKey().dataSetDate() >= latest.resultKey().dataSetDate()) {
                latest = r;
            }
        }
        scala.collection.immutable.Map<String, String> scalaTags = scala.collection.immutable.Map$.MODULE$.empty();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(tags).entrySet()) {
            scalaTags = scalaTags.$plus(new scala.Tuple2<>(e.getKey(), e.getValue()));
        }
        com.amazon.deequ.VerificationRunBuilderWithRepository builder = new VerificationSuite().onData(data)
                .useRepository(history);
        for (AnomalySeries s : series) {
            com.amazon.deequ.AnomalyCheckConfig config = new com.amazon.deequ.AnomalyCheckConfig(CheckLevel.Warning(), s.name(), scalaTags,
                    Option.empty(), Option.apply(dateMillis));
            builder = builder.addAnomalyCheck(new com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy(
                    Option.apply(1 - s.maxDecrease()), Option.apply(1 + s.maxIncrease()), 1),
                    (com.amazon.deequ.analyzers.Analyzer) new com.amazon.deequ.analyzers.Sum(s.sumOf(), Option.empty()), Option.apply(config));
        }
        VerificationResult result;
        try (com.sportdata.benefits.spark.JobLabels labels = com.sportdata.benefits.spark.JobLabels.describing(spark,
                "anomaly checks " + tags)) {
            result = builder.saveOrAppendResult(new com.amazon.deequ.repository.ResultKey(dateMillis, scalaTags)).run();
        }
        Map<String, CheckResult> byName = new java.util.HashMap<>();
        JavaConverters.mapAsJavaMap(result.checkResults()).forEach((check, checkResult) -> byName.put(check.description(), checkResult));
        List<AnomalyResult> results = new ArrayList<>();
        for (AnomalySeries s : series) {
            CheckResult checkResult = byName.get(s.name());
            ConstraintResult constraint = JavaConverters.seqAsJavaList(checkResult.constraintResults()).get(0);
            String message = constraint.message().isDefined() ? constraint.message().get() : null;
            Double value = constraint.metric().isDefined() && constraint.metric().get().value().isSuccess()
                    && constraint.metric().get().value().get() instanceof Number n ? n.doubleValue() : null;
            boolean noRows = message != null && message.contains(NO_ROWS);
            boolean skipped = message != null && (message.contains(NO_HISTORY) || noRows);
            CheckOutcome.Status status = checkResult.status() == CheckStatus.Success() ? CheckOutcome.Status.PASSED
                    : skipped ? CheckOutcome.Status.SKIPPED : CheckOutcome.Status.FAILED;
            Double previous = null;
            Map<String, String> previousTags = Map.of();
            if (latest != null) {
                Option<com.amazon.deequ.metrics.Metric<?>> metric = latest.analyzerContext().metric(
                        (com.amazon.deequ.analyzers.Analyzer) new com.amazon.deequ.analyzers.Sum(s.sumOf(), Option.empty()));
                if (metric.isDefined() && metric.get().value().isSuccess() && metric.get().value().get() instanceof Number n) {
                    previous = n.doubleValue();
                    previousTags = Map.copyOf(JavaConverters.mapAsJavaMap(latest.resultKey().tags()));
                }
            }
            results.add(new AnomalyResult(s, status, value, message, noRows, previous, previousTags));
        }
        return results;
    }
}
