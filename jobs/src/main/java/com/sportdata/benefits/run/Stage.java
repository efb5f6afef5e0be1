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

    /** A stage from its name and its work (the one-stage graphs of backfill, replay and scenario). */
    static Stage of(String name, java.util.function.Function<StageContext, StageResult> work) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public StageResult execute(StageContext context) {
                return work.apply(context);
            }
        };
    }
}
