package com.sportdata.benefits.slack;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.pipeline.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.lock.LakeBusy;
import com.sportdata.benefits.lock.LakeLock;
import org.apache.spark.sql.SparkSession;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code notify --follow}: watches the landing zone and posts new activities within seconds. Each cycle
 * ingests the new landing files into bronze (the same ingestion as a run), then runs the notifier's collect
 * and deliver — the same code as the run's notify stage. Silver and gold are left to the next run. The lake's
 * writer lock is taken for each cycle only, so runs and a follower take turns: a cycle that finds the lake busy
 * is skipped (logged) and the next poll tries again.
 */
public final class Follower {
    private static final Logger LOG = LoggerFactory.getLogger(Follower.class);

    private final SparkSession spark;
    private final AppConfig config;
    private final Notifier notifier;

    public Follower(SparkSession spark, AppConfig config, Notifier notifier) {
        this.spark = spark;
        this.config = config;
        this.notifier = notifier;
    }

    /** Runs cycles until {@code maxMillis} have passed (Long.MAX_VALUE: until the process is stopped). */
    public void follow(long maxMillis) {
        LakePaths paths = new LakePaths(config.lake().root());
        TableWriter writer = new TableWriter(spark, paths);
        BronzeIngestion bronze = new BronzeIngestion(spark, new LandingZone(paths, spark.sparkContext().hadoopConfiguration()), writer);
        long deadline = maxMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + maxMillis;
        long poll = config.slack().followPollSeconds() * 1000L;
        LOG.info("following {} for new activities every {} s (activities channel {}, alerts channel {})", paths.landingRoot(),
                poll / 1000, notifier.live(Post.Channel.ACTIVITIES) ? "live" : "dry run", notifier.live(Post.Channel.ALERTS) ? "live" : "dry run");
        // what was left by an earlier run (or a crash) goes first
        locked(paths, () -> report(0, notifier.deliver()));
        while (System.currentTimeMillis() < deadline) {
            long started = System.currentTimeMillis();
            locked(paths, () -> {
                RunContext run = RunContext.start("notify", config);
                BronzeIngestion.Result ingested = bronze.ingest(run);
                long enqueued = ingested.rowsIngested() > 0 ? notifier.collect(run) : 0;
                if (enqueued > 0) {
                    report(enqueued, notifier.deliver());
                }
            });
            long sleep = poll - (System.currentTimeMillis() - started);
            if (sleep > 0 && System.currentTimeMillis() + sleep < deadline) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else if (System.currentTimeMillis() + Math.max(sleep, 0) >= deadline) {
                return;
            }
        }
    }

    /** One cycle under the lake's writer lock; a busy lake skips the cycle. */
    private void locked(LakePaths paths, Runnable cycle) {
        try (LakeLock lock = LakeLock.acquire(paths, com.sportdata.benefits.catalog.LakeStorage.hadoopConfiguration(config), "notify --follow", null, Duration.ofSeconds(config.operations().lockLeaseSeconds()),
                Duration.ZERO)) {
            cycle.run();
        } catch (LakeBusy busy) {
            LOG.info("skipping this cycle: {}", busy.getMessage());
        }
    }

    private static void report(long enqueued, Notifier.Report report) {
        String line = java.time.LocalTime.now().withNano(0) + " " + enqueued + " new activity posts; " + report.render();
        LOG.info(line);
        System.out.println(line);
    }
}
