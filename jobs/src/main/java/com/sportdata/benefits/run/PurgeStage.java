package com.sportdata.benefits.run;

import com.sportdata.benefits.history.Purge;
import com.sportdata.benefits.history.RunLedger;

import java.time.Instant;

/** {@code purge}: personal data past the retention horizon removed from the tables, their history and the landing zone. */
final class PurgeStage implements Stage<Purge.Result> {
    static final String NAME = "purge";
    PurgeStage() {
    }

    /** The horizon of a purge run: its years before the moment it started (what a later backfill reads back from the ledger). */
    static Instant cutoff(Instant started, int years) {
        return Purge.cutoff(started, years);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<Purge.Result> execute(StageContext context) {
        int years = context.config().lake().personalDataYears();
        Instant cutoff = cutoff(context.run().startedAt(), years);
        Purge.Result result = new Purge(context.spark(), context.writer()).run(cutoff, years, false,
                context.run().commitMetadata("purge: personal data older than " + cutoff + " (" + years + " years)"));
        return StageResult.<Purge.Result>done(context.run(), new RunLedger.Counts(result.rows(), 0, 0),
                String.format(java.util.Locale.ROOT, "personal data older than %s purged: %d rows, %d history files, %d landing files",
                        cutoff, result.rows(), result.historyFiles(), result.landingFiles().size())).withValue(result);
    }
}
