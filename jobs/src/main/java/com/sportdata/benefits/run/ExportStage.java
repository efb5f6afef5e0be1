package com.sportdata.benefits.run;

import com.sportdata.benefits.bi.BiExport;
import com.sportdata.benefits.history.RunLedger;

/**
 * The BI snapshot at the end of a run ({@code export.after-run = true}): gold as it now stands, as Parquet and CSV
 * for tools without a Delta reader. Gold is already published; a failed export fails the run (so schedulers see a
 * stale snapshot) and {@code run --resume} redoes only this stage.
 */
final class ExportStage implements Stage {
    static final String NAME = "export";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult execute(StageContext context) {
        String target = BiExport.target(context.config(), context.paths());
        BiExport.Result result = new BiExport(context.spark(), context.writer()).run(target, context.run().runId());
        long rows = result.tables().stream().mapToLong(BiExport.Exported::rows).sum();
        String line = result.tables().size() + " gold tables (" + rows + " rows) exported to " + target;
        return StageResult.done(context.run(), new RunLedger.Counts(rows, rows, 0), line).withValue(result);
    }
}
