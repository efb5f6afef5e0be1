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
     * the same year in previous runs under the same rules: one pass over the year's rows. A change of the year's rules
     * (its hash) starts a new series: the move it causes is expected and said so, never alerted as drift.
     */
    public List<CheckOutcome> costs(TableId table, Dataset<Row> yearRows, int year, RunContext run) {
        Dataset<Row> data = yearRows.withColumn("_eligible", org.apache.spark.sql.functions.when(
                org.apache.spark.sql.functions.col("is_bonus_eligible"), 1).otherwise(0));
        Map<String, String> base = Map.of("series", "gold_costs", "benefit_year", String.valueOf(year));
        Map<String, String> tags = new java.util.HashMap<>(base);
        tags.put("rules", run.rules().forYear(year).hash());
        return checks(data, tags, base, table, run, List.of(
                new Series("cost drift of bonus_eur " + year, "bonus_eur", "sum(bonus_eur)", "the bonus cost of " + year, true,
                        thresholds.costMaxChange(), thresholds.costMaxChange(),
                        "a sudden cost change must be explained before the business commits to it"),
                new Series("cost drift of wellness_value_eur " + year, "wellness_value_eur", "sum(wellness_value_eur)",
                        "the value of the wellness days of " + year, true, thresholds.costMaxChange(), thresholds.costMaxChange(),
                        "a sudden cost change must be explained before the business commits to it"),
                new Series("eligible population " + year, "_eligible", "bonus-eligible employees",
                        "the number of bonus-eligible employees of " + year, false,
                        thresholds.eligibleMaxChange(), thresholds.eligibleMaxChange(),
                        "a jump in eligibility usually comes from a changed source or rule")));
    }

    /** One metric series watched for anomalies: the column summed, how a sentence names it, and the allowed relative change. */
    private record Series(String name, String sumOf, String what, String words, boolean euros, double maxDecrease, double maxIncrease,
                          String why) {
        String amount(double value) {
            return euros ? String.format(java.util.Locale.FRANCE, "%,.2f €", value) : String.format(java.util.Locale.FRANCE, "%,.0f", value);
        }
    }

    private List<CheckOutcome> checks(Dataset<Row> data, Map<String, String> tags, Map<String, String> base, TableId table, RunContext run,
                                      List<Series> series) {
        long date = run.asOfDate().atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        List<DeequAdapter.AnomalyResult> results = DeequAdapter.anomalies(spark, repository, data, tags, base, date, series.stream()
                .map(s -> new DeequAdapter.AnomalySeries(s.name(), s.sumOf(), s.maxDecrease(), s.maxIncrease())).toList());
        return java.util.stream.IntStream.range(0, series.size()).mapToObj(i -> {
            Series s = series.get(i);
            DeequAdapter.AnomalyResult r = results.get(i);
            String constraintText = "anomaly(" + s.what() + ": ratio to previous run within [" + round(1 - s.maxDecrease()) + ", "
                    + round(1 + s.maxIncrease()) + "])";
            Explained explained = explain(s, r, tags, run);
            return new CheckOutcome("anomaly", table.qualifiedName(), s.name(), Level.WARNING, explained.status(), constraintText, r.value(),
                    explained.sentence(), s.why());
        }).toList();
    }

    /** The outcome of one series in plain words, with the figures, the baseline and the likely reason when it is known. */
    private record Explained(CheckOutcome.Status status, String sentence) {
    }

    private static Explained explain(Series s, DeequAdapter.AnomalyResult r, Map<String, String> tags, RunContext run) {
        String during = "backfill".equals(run.command()) ? " (during a backfill)" : "";
        if (r.noRows() || r.value() == null) {
            return new Explained(CheckOutcome.Status.SKIPPED, "no rows to measure " + s.words() + " yet");
        }
        String now = s.amount(r.value());
        if (r.previous() == null) {
            return new Explained(CheckOutcome.Status.SKIPPED, "first figure for this series: " + s.words() + " is " + now
                    + "; nothing earlier to compare with");
        }
        String before = s.amount(r.previous());
        if (r.previous() == 0 && r.value() != 0) {
            return new Explained(CheckOutcome.Status.SKIPPED, s.words() + " went from " + before + " to " + now
                    + ": the first figures of this year (likely the first delivery of activities or employees for it), nothing to"
                    + " compare with yet" + during);
        }
        String change = r.previous() == 0 ? "" : String.format(java.util.Locale.FRANCE, " (%+.1f %%)",
                100 * (r.value() - r.previous()) / r.previous());
        String previousRules = r.previousTags().get("rules");
        if (previousRules != null && !previousRules.equals(tags.get("rules"))) {
            return new Explained(CheckOutcome.Status.PASSED, "expected: the rules of the year changed (rules " + previousRules + " → "
                    + tags.get("rules") + "), so " + s.words() + " moved from " + before + " to " + now + change + " — a recorded rule"
                    + " change, not a drift" + during);
        }
        if (r.status() == CheckOutcome.Status.FAILED) {
            return new Explained(CheckOutcome.Status.FAILED, s.words() + " went from " + before + " to " + now + change + ", beyond the "
                    + String.format(java.util.Locale.FRANCE, "%.0f %%", 100 * Math.max(s.maxDecrease(), s.maxIncrease()))
                    + " allowed between two runs under the same rules; the previous figure is the last run's before this one" + during);
        }
        return new Explained(r.status(), r.status() == CheckOutcome.Status.PASSED ? null
                : s.words() + " has no comparable earlier figure under these rules");
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
