package com.sportdata.benefits.quality;

import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.catalog.LakePaths;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

/** Builds a run's report from the stored results and writes it to {@code <lake>/quality/reports/<run id>.html}. */
public final class QualityReports {
    private static final int HISTORY = 5;
    private static final List<String> LAYERS = List.of("landing", "bronze", "silver", "gold", "anomaly");

    private final SparkSession spark;
    private final LakePaths paths;
    private final QualityStore store;

    public QualityReports(SparkSession spark, LakePaths paths, QualityStore store) {
        this.spark = spark;
        this.paths = paths;
        this.store = store;
    }

    /** The latest run with stored results, if any. */
    public Optional<String> lastRunId() {
        List<Row> last = store.checks().groupBy("run_id").agg(max("checked_at").as("at")).orderBy(col("at").desc(), col("run_id").desc())
                .limit(1).collectAsList();
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(0).getString(0));
    }

    /** The report of a stored run (the {@code quality} command). */
    public QualityReport build(String runId) {
        List<Row> runRows = store.checks().filter(col("run_id").equalTo(runId)).collectAsList();
        if (runRows.isEmpty()) {
            throw new IllegalArgumentException("no quality results for run '" + runId + "'");
        }
        List<CheckOutcome> outcomes = runRows.stream().map(r -> new CheckOutcome(r.getAs("layer"), r.getAs("table_name"),
                r.getAs("check_name"), Level.valueOf(r.getAs("level")), CheckOutcome.Status.valueOf(r.getAs("status")),
                r.getAs("constraint"), r.getAs("metric_value"), r.getAs("message"), r.getAs("why"),
                has(r, "failing_rows") ? r.<Long>getAs("failing_rows") : null,
                QualityStore.examples(has(r, "examples_json") ? r.<String>getAs("examples_json") : null))).toList();
        List<QualityReport.QuarantineCount> quarantine = store.quarantine().filter(col("run_id").equalTo(runId)).collectAsList()
                .stream().map(r -> new QualityReport.QuarantineCount(r.getAs("target_table"), r.getAs("reason"), r.<Long>getAs("rows")))
                .toList();
        return build(runId, runRows.get(0).getAs("checked_at"), outcomes, quarantine);
    }

    /** The report of a run from its outcomes, with each metric's values in the runs before it. */
    public QualityReport build(String runId, java.sql.Timestamp at, List<CheckOutcome> outcomes,
                               List<QualityReport.QuarantineCount> quarantine) {
        Map<String, List<Double>> previous = new HashMap<>();
        store.checks().filter(col("checked_at").lt(at).and(col("metric_value").isNotNull()))
                .select("layer", "table_name", "check_name", "metric_value", "checked_at")
                .orderBy(col("checked_at").desc()).collectAsList().forEach(r -> {
                    List<Double> values = previous.computeIfAbsent(QualityReport.key(r.getString(0), r.getString(1), r.getString(2)),
                            k -> new ArrayList<>());
                    if (values.size() < HISTORY) {
                        values.add(r.getDouble(3));
                    }
                });
        List<CheckOutcome> sorted = outcomes.stream()
                .sorted(java.util.Comparator.comparingInt((CheckOutcome o) -> LAYERS.indexOf(o.layer()))
                        .thenComparing(CheckOutcome::table).thenComparing(CheckOutcome::check))
                .toList();
        List<QualityReport.QuarantineCount> byRows = quarantine.stream()
                .sorted(java.util.Comparator.comparingLong(QualityReport.QuarantineCount::rows).reversed()).toList();
        return new QualityReport(runId, sorted, previous, byRows);
    }

    /** A report and where its HTML was written. */
    public record Written(QualityReport report, String path) {
    }

    /**
     * The report of a run that just ended, from its outcomes and its quarantine counts (target table, reason,
     * rows), written to the lake.
     */
    public Written writeFor(RunContext run, List<CheckOutcome> outcomes, List<Row> quarantineCounts, RunOutcome outcome) {
        QualityReport report = build(run.runId(), java.sql.Timestamp.from(run.startedAt()), outcomes, quarantineCounts.stream()
                .map(r -> new QualityReport.QuarantineCount(r.getString(0), r.getString(1), r.getLong(2))).toList()).withOutcome(outcome);
        return new Written(report, write(report));
    }

    /** Writes the HTML report and returns where. */
    public String write(QualityReport report) {
        String target = paths.qualityReport(report.runId());
        Path path = new Path(target);
        try (FSDataOutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
            out.write(report.html().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the quality report " + target, e);
        }
        return target;
    }

    /** Whether a stored row has a column (results written before a column was added lack it). */
    private static boolean has(Row row, String column) {
        return java.util.Arrays.asList(row.schema().fieldNames()).contains(column);
    }
}
