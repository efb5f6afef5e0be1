package com.sportdata.benefits.run;

import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Level;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.quality.QualityStore;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every check and quarantine count of the run's earlier stages (those that failed too: a failed run gets
 * its report, that is when people need it most), alerts the failed Warnings, and writes the HTML report.
 */
final class QualityStage implements Stage {
    static final String NAME = "quality";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult execute(StageContext context) {
        long started = System.currentTimeMillis();
        List<CheckOutcome> outcomes = new ArrayList<>();
        List<QualityReport.QuarantineCount> quarantine = new ArrayList<>();
        context.allEarlier().values().forEach(r -> {
            outcomes.addAll(r.checks());
            quarantine.addAll(r.quarantine());
        });
        List<Row> counts = quarantine.stream().map(q -> RowFactory.create(q.table(), q.reason(), q.rows())).toList();
        QualityStore store = new QualityStore(context.spark(), context.writer());
        store.record(context.run(), outcomes, counts);
        String runId = context.run().runId();
        outcomes.stream().filter(o -> o.failed() && o.level() == Level.WARNING)
                .forEach(o -> context.alerts().raise(runId, "quality warning: " + o.describe()));
        QualityReports.Written written = new QualityReports(context.spark(), context.paths(), store).writeFor(context.run(), outcomes, counts);
        long failed = outcomes.stream().filter(CheckOutcome::failed).count();
        return StageResult.done(context.run(), new RunLedger.Counts(outcomes.size(), outcomes.size(), 0),
                outcomes.size() + " checks, " + failed + " failed; report " + written.path())
                .withValue(written).plusCheckMillis(System.currentTimeMillis() - started);
    }
}
