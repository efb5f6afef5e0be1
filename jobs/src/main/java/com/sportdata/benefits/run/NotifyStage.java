package com.sportdata.benefits.run;

import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.slack.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New activities since the last run are enqueued in the Slack outbox and delivered. Gold is already published: a
 * Slack problem is recorded and alerted, never a reason to fail the run.
 */
final class NotifyStage implements Stage<String> {
    static final String NAME = "notify";
    private static final Logger LOG = LoggerFactory.getLogger(NotifyStage.class);
    private final Notifier notifier;

    NotifyStage(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<String> execute(StageContext context) {
        try {
            long enqueued = notifier.collect(context.run());
            Notifier.Report report = notifier.deliver();
            String line = enqueued + " new activity posts; " + report.render();
            LOG.info("run {}: {}", context.run().runId(), line);
            return StageResult.done(context.run(), new RunLedger.Counts(enqueued, report.sent() + report.dryRun(), report.dead()), line)
                    .withValue(line);
        } catch (RuntimeException e) {
            LOG.error("run {}: Slack notification failed", context.run().runId(), e);
            String line = "notification failed: " + Failures.firstLine(e);
            context.alerts().raise(context.run().runId(), "Slack " + line);
            return StageResult.done(context.run(), RunLedger.Counts.NONE, line).withValue(line);
        }
    }
}
