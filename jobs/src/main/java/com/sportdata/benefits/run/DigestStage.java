package com.sportdata.benefits.run;

import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.slack.Outbox;
import com.sportdata.benefits.slack.WeeklyDigest;

import java.time.LocalDate;
import java.util.List;

/** {@code digest}: the week's digest computed from silver and gold, enqueued once (event id = the week) and delivered. */
final class DigestStage implements Stage<DigestStage.Posted> {
    static final String NAME = "digest";

    /** The digest, whether this call enqueued it (false: already posted this week), and the delivery's report. */
    record Posted(WeeklyDigest.Digest digest, boolean added, Notifier.Report delivery) {
        String render() {
            return digest.text() + "\n" + (added ? "Slack: " + delivery.render() : "(this week's digest was already posted)");
        }
    }

    private final Notifier notifier;
    private final LocalDate lastDay;

    DigestStage(Notifier notifier, LocalDate lastDay) {
        this.notifier = notifier;
        this.lastDay = lastDay;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<Posted> execute(StageContext context) {
        WeeklyDigest.Digest digest = new WeeklyDigest(context.spark(), context.paths()).of(lastDay);
        long added = notifier.outbox().enqueue(List.of(new Outbox.NewPost(WeeklyDigest.post(digest), null, null, "digest")));
        Notifier.Report delivery = added == 0 ? null : notifier.deliver();
        Posted posted = new Posted(digest, added > 0, delivery);
        return StageResult.<Posted>done(context.run(), new RunLedger.Counts(1, added, 0), added == 0
                ? "digest of " + digest.from() + " – " + digest.to() + " already posted"
                : "digest of " + digest.from() + " – " + digest.to() + " enqueued; " + delivery.render()).withValue(posted);
    }
}
