package com.sportdata.benefits.run;

import com.sportdata.benefits.bi.BiExport;
import com.sportdata.benefits.history.RunLedger;

/**
 * The BI snapshot: gold as it now stands, as Parquet and CSV for tools without a Delta reader. At the end of a run
 * ({@code export.after-run = true}, or {@code run --stage export}) gold is already published: a failed export fails
 * the run (so schedulers see a stale snapshot) and {@code run --resume} redoes only this stage. As the
 * {@code export} command, the one stage of its graph.
 */
final class ExportStage implements Stage<BiExport.Result> {
    static final String NAME = "export";
    private final String target;
    private final String goldRunId;

    /** The run's own export: to {@code export.to}, naming the run. */
    ExportStage() {
        this(null, null);
    }

    /**
     * @param target    where (null: {@code export.to}, else {@code <lake>/exports})
     * @param goldRunId the run whose gold the lake holds, named in the manifest (null: the run exporting)
     */
    ExportStage(String target, String goldRunId) {
        this.target = target;
        this.goldRunId = goldRunId;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<BiExport.Result> execute(StageContext context) {
        String where = target != null ? target : BiExport.target(context.config(), context.paths());
        // the runs so far, this command's earlier stages included (the view is otherwise rebuilt at the command's end)
        RunLedger.rebuildView(context.writer(), context.run().runId());
        BiExport.Result result = new BiExport(context.spark(), context.writer()).run(where,
                goldRunId != null ? goldRunId : context.run().runId());
        long rows = result.tables().stream().mapToLong(BiExport.Exported::rows).sum();
        String line = result.tables().size() + " gold tables (" + rows + " rows) exported to " + where;
        return StageResult.<BiExport.Result>done(context.run(), new RunLedger.Counts(rows, rows, 0), line).withValue(result);
    }
}
