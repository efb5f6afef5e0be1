package com.sportdata.benefits.quality;

import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Record;
import com.sportdata.benefits.support.Messages;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
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

/** Builds a run's report from the stored results and writes it to {@code <lake>/quality/reports/<run id>.html}. */
public final class QualityReports {
    private static final int HISTORY = 5;
    private static final List<String> LAYERS = List.of("landing", "bronze", "silver", "gold", "anomaly");

    private final SparkSession spark;
    private final LakePaths paths;
    private final QualityStore store;
    private final Messages messages;

    /** @param messages the words of the written reports (the data team's language) */
    public QualityReports(SparkSession spark, LakePaths paths, QualityStore store, Messages messages) {
        this.spark = spark;
        this.paths = paths;
        this.store = store;
        this.messages = messages;
    }

    /** The report of a run from its outcomes, with each metric's values in the runs before it. */
    public QualityReport build(String runId, java.sql.Timestamp at, List<CheckOutcome> outcomes,
                               List<QualityReport.QuarantineCount> quarantine) {
        List<Record> before = store.checkRows().stream()
                .filter(r -> r.has("metric_value") && r.<java.sql.Timestamp>get("checked_at").before(at)).toList();
        return report(runId, at, outcomes, quarantine, before);
    }

    /**
     * The report of a stored run, from the rows of {@code fct_quality_checks} and {@code fct_quarantine_summary} (read
     * by Delta Kernel for the {@code quality} command, without Spark).
     */
    public static QualityReport stored(String runId, List<Record> checks, List<Record> quarantineRows) {
        List<Record> runRows = checks.stream().filter(r -> runId.equals(r.string("run_id"))).toList();
        if (runRows.isEmpty()) {
            throw new IllegalArgumentException("no quality results for run '" + runId + "'");
        }
        List<CheckOutcome> outcomes = runRows.stream().map(r -> new CheckOutcome(r.string("layer"), r.string("table_name"),
                r.string("check_name"), Level.valueOf(r.string("level")), CheckOutcome.Status.valueOf(r.string("status")),
                r.string("constraint"), r.get("metric_value"), r.string("message"), r.string("why"), r.get("failing_rows"),
                QualityStore.examples(r.string("examples_json")))).toList();
        List<QualityReport.QuarantineCount> quarantine = quarantineRows.stream().filter(r -> runId.equals(r.string("run_id")))
                .map(r -> new QualityReport.QuarantineCount(r.string("target_table"), r.string("reason"), r.<Long>get("rows"))).toList();
        java.sql.Timestamp at = runRows.get(0).get("checked_at");
        return report(runId, at, outcomes, quarantine, checks.stream().filter(r -> r.has("metric_value")
                && r.<java.sql.Timestamp>get("checked_at").before(at)).toList());
    }

    /** The latest run with stored results in {@code checks}, if any. */
    public static Optional<String> lastRunId(List<Record> checks) {
        return checks.stream().max(java.util.Comparator.comparing((Record r) -> r.<java.sql.Timestamp>get("checked_at"))
                .thenComparing(r -> r.string("run_id"))).map(r -> r.string("run_id"));
    }

    /**
     * For a run that checked none of {@code layers} (nothing new to recompute there): per such layer, the latest run
     * in {@code checks} that did check it — where that layer's last checks are. Empty when the run checked every layer.
     */
    public static Map<String, String> lastCheckedElsewhere(QualityReport report, List<String> layers, List<Record> checks) {
        Map<String, String> where = new java.util.LinkedHashMap<>();
        layers.stream().filter(l -> report.outcomes().stream().noneMatch(o -> o.layer().equals(l))).forEach(layer -> checks.stream()
                .filter(r -> layer.equals(r.string("layer"))).max(java.util.Comparator.comparing((Record r) -> r.<java.sql.Timestamp>get(
                        "checked_at"))).ifPresent(r -> where.put(layer, r.string("run_id"))));
        return where;
    }

    /** A report from a run's outcomes and the metric rows of the runs before it (newest first, {@value #HISTORY} each). */
    private static QualityReport report(String runId, java.sql.Timestamp at, List<CheckOutcome> outcomes,
                                        List<QualityReport.QuarantineCount> quarantine, List<Record> before) {
        Map<String, List<Double>> previous = new HashMap<>();
        before.stream().sorted(java.util.Comparator.comparing((Record r) -> r.<java.sql.Timestamp>get("checked_at")).reversed())
                .forEach(r -> {
                    List<Double> values = previous.computeIfAbsent(QualityReport.key(r.string("layer"), r.string("table_name"),
                            r.string("check_name")), k -> new ArrayList<>());
                    if (values.size() < HISTORY) {
                        values.add(r.<Double>get("metric_value"));
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

    /**
     * A report and where its HTML was written.
     *
     * @param shown the path as people can open it (on an object store: with the command that copies it here)
     */
    public record Written(QualityReport report, String path, String shown) {
    }

    /**
     * The report of a run that just ended, from its outcomes and its quarantine counts (target table, reason,
     * rows), written to the lake.
     */
    public Written writeFor(RunContext run, List<CheckOutcome> outcomes, List<Row> quarantineCounts, RunOutcome outcome) {
        QualityReport report = build(run.runId(), java.sql.Timestamp.from(run.startedAt()), outcomes, quarantineCounts.stream()
                .map(r -> new QualityReport.QuarantineCount(r.getString(0), r.getString(1), r.getLong(2))).toList()).withOutcome(outcome);
        String path = write(report);
        return new Written(report, path, shown(paths, report.runId(), path));
    }

    /** A run's report path as people can open it. */
    public static String shown(LakePaths paths, String runId, String path) {
        return paths.openable(path, "quality --run " + runId, "quality-" + runId + ".html");
    }

    /** Writes the HTML report and returns where. */
    public String write(QualityReport report) {
        return write(spark.sparkContext().hadoopConfiguration(), paths, report, messages);
    }

    /** Writes the HTML report of {@code report} into the lake (one PUT on an object store) and returns where. */
    public static String write(org.apache.hadoop.conf.Configuration hadoop, LakePaths paths, QualityReport report, Messages messages) {
        String target = paths.qualityReport(report.runId());
        Path path = new Path(target);
        try (FSDataOutputStream out = path.getFileSystem(hadoop).create(path, true)) {
            out.write(report.html(messages).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the quality report " + target, e);
        }
        return target;
    }
}
