package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.silver.SilverLayer;

import java.util.List;

/**
 * Bronze → silver: every silver table, verified then published, rejected rows to quarantine; skipped when nothing
 * it depends on changed since its last build ({@link Unchanged}).
 */
final class SilverStage implements Stage<Void> {
    static final String NAME = "silver";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<Void> execute(StageContext context) {
        if (!context.writer().exists(Tables.HR_EMPLOYEES)) {
            throw new BadInput("no HR file has been ingested: put the HR xlsx in " + context.paths().landing("hr")
                    + "/ (or run `generate` first)");
        }
        java.util.Optional<com.sportdata.benefits.history.RunLedger.Entry> baseline = Unchanged.baseline(context);
        java.util.Optional<String> unchanged = Unchanged.silver(context, SilverLayer.JOBS, baseline);
        if (unchanged.isPresent()) {
            return StageResult.skipped(context.run(), unchanged.get());
        }
        boolean incremental = baseline.isPresent();
        List<TableRun> silver = context.layerRunner(context.writer()).runLayer(SilverLayer.JOBS, context.run(), incremental);
        return StageResult.<Void>done(context.run(), Pipeline.counts(silver), null).withTables(silver);
    }
}
