package com.sportdata.benefits.metrics;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Publishes a run's metrics where people look for them: the Delta table {@code ops/run_metrics} (PowerBI, notebooks,
 * `sql`), and a Prometheus Pushgateway when {@code metrics.pushgateway-url} (PUSHGATEWAY_URL) is set — job
 * {@code metrics.job}, grouped by lake. Neither may fail the run: a gateway that is down or a table that cannot be
 * written is a logged warning.
 */
public final class MetricsPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsPublisher.class);

    public static final StructType SCHEMA = new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("command", DataTypes.StringType)
            .add("recorded_at", DataTypes.TimestampType)
            .add("metric", DataTypes.StringType, false)
            .add("stage", DataTypes.StringType)
            .add("benefit_year", DataTypes.IntegerType)
            .add("labels", DataTypes.StringType)
            .add("value", DataTypes.DoubleType);

    /** What was published, and how long it took (the metrics' own overhead on a run). */
    public record Published(int samples, boolean stored, String pushedTo, String pushProblem, long millis) {
        public String render() {
            String push = pushedTo == null ? "no Pushgateway (metrics.pushgateway-url / PUSHGATEWAY_URL)"
                    : pushProblem == null ? "pushed to " + pushedTo : "NOT pushed to " + pushedTo + " (" + pushProblem + ")";
            return samples + " samples" + (stored ? " in ops/run_metrics" : " (ops/run_metrics not written: see the log)") + ", " + push
                    + " (" + millis + " ms)";
        }
    }

    private final SparkSession spark;
    private final AppConfig.Metrics settings;
    private final String lakeRoot;
    private final TableWriter lake;
    private final RunLedger ledger;

    public MetricsPublisher(SparkSession spark, AppConfig config, TableWriter lake, RunLedger ledger) {
        this.spark = spark;
        this.settings = config.metrics();
        this.lakeRoot = config.lake().root();
        this.lake = lake;
        this.ledger = ledger;
    }

    public Published publish(RunMetrics.Context context) {
        long start = System.currentTimeMillis();
        List<Sample> samples;
        try {
            samples = new RunMetrics(lake, ledger).collect(context);
        } catch (RuntimeException e) {
            LOG.warn("run {}: metrics not collected: {}", context.runId(), e.toString());
            return new Published(0, false, null, "not collected", System.currentTimeMillis() - start);
        }
        boolean stored = store(context, samples);
        String pushedTo = null;
        String problem = null;
        if (!settings.pushgatewayUrl().isBlank()) {
            Pushgateway gateway = null;
            try {
                gateway = new Pushgateway(settings.pushgatewayUrl(), Duration.ofMillis(settings.pushTimeoutMs()));
                pushedTo = gateway.where();
                // one group per lake and command: a vacuum's or a follow cycle's push never replaces the last run's metrics
                Map<String, String> group = new LinkedHashMap<>();
                group.put("lake", lakeRoot);
                group.put("command", context.command());
                gateway.push(settings.job(), group, samples);
            } catch (java.io.IOException | RuntimeException e) {
                problem = causedBy(e, java.net.SocketTimeoutException.class) ? "no answer within " + settings.pushTimeoutMs() + " ms"
                        : causedBy(e, java.net.ConnectException.class) ? "connection refused" : String.valueOf(e.getMessage());
                pushedTo = pushedTo == null ? "the Pushgateway" : pushedTo;
                LOG.warn("run {}: metrics not pushed to {}: {} (the run is not affected)", context.runId(), pushedTo, problem);
            }
        }
        Published published = new Published(samples.size(), stored, pushedTo, problem, System.currentTimeMillis() - start);
        LOG.info("run {}: metrics: {}", context.runId(), published.render());
        return published;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private boolean store(RunMetrics.Context context, List<Sample> samples) {
        Timestamp at = Timestamp.from(context.now());
        List<Row> rows = samples.stream().map(s -> {
            Map<String, String> others = new LinkedHashMap<>(s.labels());
            String stage = others.remove("stage");
            String year = others.remove("benefit_year");
            String labels = others.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            return RowFactory.create(context.runId(), context.command(), at, s.name(), stage, year == null ? null : Integer.valueOf(year),
                    labels.isEmpty() ? null : labels, s.value());
        }).toList();
        try {
            lake.appendUnversioned(spark.createDataFrame(rows, SCHEMA), Tables.RUN_METRICS, new WriteMode.Append(List.of(),
                    WriteMode.Schema.ADD_NEW_COLUMNS), "{\"run_id\":\"" + context.runId() + "\",\"reason\":\"run metrics\"}");
            return true;
        } catch (RuntimeException e) {
            LOG.warn("run {}: metrics not written to ops/run_metrics: {}", context.runId(), e.toString());
            return false;
        }
    }
}
