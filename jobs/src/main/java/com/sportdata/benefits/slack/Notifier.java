package com.sportdata.benefits.slack;

import com.sportdata.benefits.support.Fingerprint;
import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Slack event path. {@link #collect} reads the bronze activity rows added since its checkpoint
 * (Structured Streaming over the Delta tables, {@code Trigger.AvailableNow}: process what arrived, then
 * stop) and enqueues one post per new, recent, valid activity; {@link #deliver} sends what the outbox holds.
 * The pipeline run calls both as its "notify" stage; {@code notify --follow} calls them in a loop. When the
 * notifier first meets a bronze activity table, what it already holds is history: not announced.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final SparkSession spark;
    private final AppConfig config;
    private final LakePaths paths;
    private final Map<String, String> environment;
    private final Outbox outbox;
    private final Courier courier;
    private final ActivityAnnouncer announcer;

    /** @param environment where the webhook URLs are read from (the process environment in production) */
    public Notifier(SparkSession spark, AppConfig config, Map<String, String> environment, Courier.Webhook webhook) {
        this.spark = spark;
        this.config = config;
        this.paths = new LakePaths(config.lake());
        this.environment = environment;
        this.outbox = new Outbox(spark, paths);
        this.courier = new Courier(config.slack(), webhook, outbox);
        this.announcer = new ActivityAnnouncer(spark, MessageTemplates.load(), Duration.ofHours(config.slack().announceMaxAgeHours()));
    }

    /** The production notifier: URLs from the process environment, the Slack SDK's HTTP client. */
    public static Notifier fromEnvironment(SparkSession spark, AppConfig config) {
        return fromEnvironment(spark, config, System.getenv());
    }

    /** The production notifier with the webhook URLs of {@code environment}. */
    public static Notifier fromEnvironment(SparkSession spark, AppConfig config, Map<String, String> environment) {
        return new Notifier(spark, config, environment, new SdkWebhook(Duration.ofMillis(config.slack().timeoutMs())));
    }

    public Outbox outbox() {
        return outbox;
    }

    /** Whether a channel has a webhook (otherwise its posts are dry runs). */
    public boolean live(Post.Channel channel) {
        String url = environment.get(channel.environmentVariable());
        return url != null && !url.isBlank();
    }

    /** Enqueues a post per bronze activity row added since the last call; returns how many posts were new. */
    public long collect(RunContext run) {
        TableWriter writer = new TableWriter(spark, paths);
        if (!writer.exists(Tables.EMPLOYEES)) {
            return 0;
        }
        Dataset<Row> employees = writer.read(Tables.EMPLOYEES);
        AtomicLong enqueued = new AtomicLong();
        Instant now = Instant.now();
        for (TableId table : List.of(Tables.ACTIVITIES_CSV, Tables.STRAVA_ACTIVITIES)) {
            if (!writer.exists(table)) {
                continue;
            }
            String checkpoint = paths.checkpoint("slack_" + table.name());
            DataStreamReader reader = spark.readStream().format("delta");
            if (!hasCommittedBatch(checkpoint)) {
                // until a first batch is committed, the stream starts after the version the notifier first met:
                // what the table held then is history, never announced
                String baselineFile = checkpoint + ".baseline";
                long latest = writer.latestVersion(table);
                if (!LakeFiles.exists(spark, baselineFile)) {
                    LakeFiles.writeText(spark, baselineFile, String.valueOf(latest));
                    LOG.info("{}: versions up to {} are history, not announced", table, latest);
                    continue;
                }
                long baseline = Long.parseLong(LakeFiles.readText(spark, baselineFile).trim());
                if (latest <= baseline) {
                    continue;
                }
                reader = reader.option("startingVersion", String.valueOf(baseline + 1));
            }
            VoidFunction2<Dataset<Row>, Long> batch = (rows, id) -> {
                List<Outbox.NewPost> posts = announcer.announce(table, rows, employees, run, now);
                enqueued.addAndGet(outbox.enqueue(posts));
            };
            try {
                StreamingQuery query = reader.load(paths.table(table)).writeStream().trigger(Trigger.AvailableNow())
                        .option("checkpointLocation", checkpoint).queryName("slack-" + table.name()).foreachBatch(batch).start();
                query.awaitTermination();
            } catch (Exception e) {
                // Scala throws checked exceptions undeclared
                throw new IllegalStateException("reading new activities from " + table + " failed: " + e.getMessage(), e);
            }
        }
        LOG.info("{} new activity posts enqueued", enqueued.get());
        return enqueued.get();
    }

    /** Enqueues one alert post per message, each once per run and text. */
    public void alert(String runId, List<String> messages) {
        List<Outbox.NewPost> posts = new ArrayList<>();
        for (String message : messages) {
            String text = config.language().forDataTeam().text("alert.text", runId, message, paths.command("runs --run " + runId),
                    paths.command("quality --run " + runId));
            String eventId = "alert-" + Fingerprint.sha256(runId + "|" + message, 24);
            posts.add(new Outbox.NewPost(new Post(eventId, Post.Channel.ALERTS, "ALERT", text,
                    Payloads.json(Payloads.of(eventId, MessageTemplates.escape(text), "run " + runId, text)), 0, false), null, null, runId));
        }
        outbox.enqueue(posts);
    }

    /** What a delivery round did, per outcome. */
    public record Report(int sent, int dead, int dryRun, int deferred) {
        public String render() {
            return sent + " sent, " + dryRun + " dry-run, " + dead + " dead, " + deferred + " left for later";
        }
    }

    /** Delivers every pending post (activities, then alerts); a DEAD activity post raises an alert, delivered too. */
    public Report deliver() {
        List<Courier.Delivery> all = new ArrayList<>(deliver(Post.Channel.ACTIVITIES));
        List<String> deadAlerts = all.stream().filter(d -> d.outcome() == Courier.Outcome.DEAD)
                .map(d -> "Slack post " + d.post().eventId() + " is DEAD after " + d.attempts() + " attempt(s): " + d.lastError())
                .toList();
        if (!deadAlerts.isEmpty()) {
            deadAlerts.forEach(a -> LOG.warn("ALERT {}", a));
            alert("slack-delivery", deadAlerts);
        }
        all.addAll(deliver(Post.Channel.ALERTS));
        outbox.fold();
        return new Report(count(all, Courier.Outcome.SENT), count(all, Courier.Outcome.DEAD), count(all, Courier.Outcome.DRY_RUN),
                count(all, Courier.Outcome.DEFERRED));
    }

    private List<Courier.Delivery> deliver(Post.Channel channel) {
        List<Post> pending = outbox.pending(channel);
        return pending.isEmpty() ? List.of() : courier.deliver(environment.get(channel.environmentVariable()), pending);
    }

    private static int count(List<Courier.Delivery> deliveries, Courier.Outcome outcome) {
        return (int) deliveries.stream().filter(d -> d.outcome() == outcome).count();
    }

    private boolean hasCommittedBatch(String checkpoint) {
        try {
            FileSystem fs = LakeFiles.fileSystem(spark, checkpoint);
            Path commits = new Path(checkpoint, "commits");
            return fs.exists(commits) && fs.listStatus(commits, p -> !p.getName().startsWith(".")).length > 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + checkpoint + ": " + e.getMessage(), e);
        }
    }

}
