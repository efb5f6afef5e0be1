package com.sportdata.benefits.run;

/**
 * One named step of a run (ingest, silver, gold, quality, notify, backfill, replay, scenario). A stage does its
 * work and returns what it did as a value; the {@link StageRunner} owns everything around it: the ledger row of
 * each attempt, retries, timing, progress, alerts. Graphs of stages make the commands: {@code run} is ingest →
 * silver → gold → quality → notify, {@code backfill} is backfill → quality, and so on.
 */
public interface Stage {
    String name();

    /** Does the stage's work. Throws to fail it; the runner decides whether the failure is worth a retry. */
    StageResult execute(StageContext context);
}
