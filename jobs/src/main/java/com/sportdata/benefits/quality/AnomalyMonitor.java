package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.time.ZoneOffset;
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
    private final SparkSession spark;
    private final String repository;
    private final AppConfig.Anomalies thresholds;

    public AnomalyMonitor(SparkSession spark, LakePaths paths, AppConfig.Anomalies thresholds) {
        this.spark = spark;
        this.repository = paths.qualityMetrics();
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
                new Series("cost drift of bonus_eur " + year, "bonus_eur", "sum(bonus_eur)",
                        thresholds.costMaxChange(), thresholds.costMaxChange(),
                        "a sudden cost change must be explained before the business commits to it"),
                new Series("cost drift of wellness_value_eur " + year, "wellness_value_eur",
                        "sum(wellness_value_eur)", thresholds.costMaxChange(), thresholds.costMaxChange(),
                        "a sudden cost change must be explained before the business commits to it"),
                new Series("eligible population " + year, "_eligible", "bonus-eligible employees",
                        thresholds.eligibleMaxChange(), thresholds.eligibleMaxChange(),
                        "a jump in eligibility usually comes from a changed source or rule")));
    }

    /** One metric series watched for anomalies: the column summed and the allowed relative change. */
    private record Series(String name, String sumOf, String what, double maxDecrease, double maxIncrease, String why) {
    }

    private List<CheckOutcome> checks(Dataset<Row> data, Map<String, String> tags, TableId table, RunContext run, List<Series> series) {
        long date = run.asOfDate().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        List<DeequAdapter.AnomalyResult> results = DeequAdapter.anomalies(spark, repository, data, tags, date, series.stream()
                .map(s -> new DeequAdapter.AnomalySeries(s.name(), s.sumOf(), s.maxDecrease(), s.maxIncrease())).toList());
        return java.util.stream.IntStream.range(0, series.size()).mapToObj(i -> {
            Series s = series.get(i);
            DeequAdapter.AnomalyResult r = results.get(i);
            String constraintText = "anomaly(" + s.what() + ": ratio to previous run within [" + round(1 - s.maxDecrease()) + ", "
                    + round(1 + s.maxIncrease()) + "])";
            String message = switch (r.status()) {
                case FAILED -> r.message();
                case SKIPPED -> r.noRows() ? "no rows to measure" : "no history yet";
                default -> null;
            };
            return new CheckOutcome("anomaly", table.qualifiedName(), s.name(), Level.WARNING, r.status(), constraintText, r.value(),
                    message, s.why());
        }).toList();
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
