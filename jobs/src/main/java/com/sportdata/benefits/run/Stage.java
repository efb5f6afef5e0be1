package com.sportdata.benefits.run;

/**
 * One named step of a command (ingest, silver, gold, quality, notify, export, backfill, replay, scenario, vacuum,
 * digest), whose result carries a value of type {@code R} (the ingestion result, the quality report, the replay's
 * comparison…). A stage does its work and returns what it did; the {@link StageRunner} owns everything around one
 * attempt (ledger row, retries, timing, progress, the alert of a failure) and the {@link CommandEnvelope} everything
 * around the graph (lock, quality, alert delivery, metrics). Graphs of stages make the commands: {@code run} is
 * ingest → silver → gold → quality → notify, {@code backfill} is gold → quality, and so on.
 */
public interface Stage<R> {
    String name();

    /** Does the stage's work. Throws to fail it; the runner decides whether the failure is worth a retry. */
    StageResult<R> execute(StageContext context);

    /** A stage from its name and its work (the graphs of backfill, replay, scenario and the one-stage commands). */
    static <R> Stage<R> of(String name, java.util.function.Function<StageContext, StageResult<R>> work) {
        return new Stage<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public StageResult<R> execute(StageContext context) {
                return work.apply(context);
            }
        };
    }
}
