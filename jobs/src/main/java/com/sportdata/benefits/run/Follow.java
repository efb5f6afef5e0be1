package com.sportdata.benefits.run;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.lock.LakeBusy;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.slack.Post;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * {@code notify --follow}: watches the landing zone and posts new activities within seconds. Each cycle whose
 * landing zone changed since the last poll is a command of its own through the {@link CommandEnvelope} — the
 * graph ingest (the same ingestion as a run) → notify (the notifier's collect and deliver, the same code as the
 * run's notify stage) — so it has ledger rows with its bronze checks (`runs`, `fct_runs`), its alerts delivered
 * and its metrics published. A poll that finds the landing zone as it was costs a listing and leaves no trace.
 * Silver and gold are left to the next run. The lake's writer lock is taken for each cycle only, so runs and a
 * follower take turns: a cycle that finds the lake busy is skipped (logged) and the next poll tries again.
 */
public final class Follow {
    private static final Logger LOG = LoggerFactory.getLogger(Follow.class);
    static final String INGEST = "ingest";

    private final CommandEnvelope envelope;
    private final LandingZone landing;
    private String lastListing;

    public Follow(CommandEnvelope envelope) {
        this.envelope = envelope;
        this.landing = new LandingZone(envelope.paths(), envelope.spark().sparkContext().hadoopConfiguration());
    }

    /** Runs cycles until {@code maxMillis} have passed (Long.MAX_VALUE: until the process is stopped). */
    public void follow(long maxMillis) {
        long deadline = maxMillis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + maxMillis;
        long poll = envelope.config().slack().followPollSeconds() * 1000L;
        Notifier notifier = envelope.notifier();
        LOG.info("following {} for new activities every {} s (activities channel {}, alerts channel {})", envelope.paths().landingRoot(),
                poll / 1000, notifier.live(Post.Channel.ACTIVITIES) ? "live" : "dry run",
                notifier.live(Post.Channel.ALERTS) ? "live" : "dry run");
        // what was left by an earlier run (or a crash) goes first
        locked(() -> report(0, notifier.deliver()));
        while (System.currentTimeMillis() < deadline) {
            long started = System.currentTimeMillis();
            String listing = landing.listing();
            if (!listing.equals(lastListing)) {
                locked(() -> {
                    cycle();
                    lastListing = listing;
                });
            }
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

    /** One cycle: new landing files into bronze, then their activities to Slack; a command of its own in the ledger. */
    CommandEnvelope.Result cycle() {
        Stage<BronzeIngestion.Result> ingest = Stage.of(INGEST, context -> {
            BronzeIngestion bronze = context.track(new BronzeIngestion(context.spark(), landing, context.writer())
                .withParallelism(context.config().pipeline().tableParallelism()));
            BronzeIngestion.Result result = bronze.ingest(context.run());
            long rowsRead = result.outcomes().stream().mapToLong(BronzeIngestion.FileOutcome::rows).sum();
            return StageResult.<BronzeIngestion.Result>done(context.run(), new RunLedger.Counts(rowsRead, result.rowsIngested(), 0),
                    IngestStage.describe(result)).withValue(result);
        });
        StageRunner.Step<BronzeIngestion.Result> ingested = envelope.step(ingest);
        Stage<Long> post = Stage.of(NotifyStage.NAME, context -> {
            // not only this cycle's rows: a follower killed between its ingest and this stage left bronze rows nobody
            // announced (the crash drill found them lost); the notifier's stream picks up whatever it has not read yet
            long enqueued = envelope.notifier().collect(context.run());
            long rows = context.earlier(INGEST).map(r -> r.counts().written()).orElse(0L);
            if (rows == 0 && enqueued == 0) {
                return StageResult.skipped(context.run(), "no new activity rows in bronze");
            }
            Notifier.Report report = envelope.notifier().deliver();
            report(enqueued, report);
            return StageResult.<Long>done(context.run(), new RunLedger.Counts(enqueued, report.sent() + report.dryRun(), report.dead()),
                    enqueued + " new activity posts; " + report.render()).withValue(enqueued);
        });
        return envelope.execute(envelope.plan(RunContext.start("notify", envelope.config()), List.of(ingested, envelope.step(post))));
    }

    /** One cycle under the lake's writer lock; a busy lake skips the cycle. */
    private void locked(Runnable cycle) {
        try (LakeLock lock = CommandEnvelope.acquire(envelope.config(), "notify --follow", Duration.ZERO)) {
            envelope.holding(lock);
            // a killed follower's (or another command's) attempt: the ledger shows it, whatever this cycle does
            envelope.recordDeadHolder(null, "notify --follow");
            cycle.run();
        } catch (LakeBusy busy) {
            LOG.info("skipping this cycle: {}", busy.getMessage());
        } finally {
            envelope.holding(null);
        }
    }

    private static void report(long enqueued, Notifier.Report report) {
        String line = java.time.LocalTime.now().withNano(0) + " " + enqueued + " new activity posts; " + report.render();
        LOG.info(line);
        System.out.println(line);
    }
}
