package com.sportdata.benefits.run;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Level;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.quality.QualityStore;
import com.sportdata.benefits.quality.RunOutcome;
import com.sportdata.benefits.report.Dashboard;
import com.sportdata.benefits.report.DashboardData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every check and quarantine count of the run's earlier stages (those that failed too: a failed run gets
 * its report, that is when people need it most), alerts the failed Warnings, and writes the HTML report and the
 * dashboard ({@code export.dashboard}) when the graph publishes official gold (a run, a backfill; not a scenario).
 */
final class QualityStage implements Stage<QualityReports.Written> {
    static final String NAME = "quality";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QualityStage.class);
    private final boolean publishesGold;

    QualityStage(boolean publishesGold) {
        this.publishesGold = publishesGold;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<QualityReports.Written> execute(StageContext context) {
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
        // a landing file rejected again with the same content was alerted when first rejected: reported, not alerted again
        outcomes.stream().filter(o -> o.failed() && o.level() == Level.WARNING)
                .filter(o -> o.message() == null || !o.message().contains(BronzeIngestion.ALREADY_ALERTED))
                .forEach(o -> context.alerts().raise(runId, "quality warning: " + o.describe()));
        RunOutcome outcome = context.allEarlier().entrySet().stream().filter(e -> e.getValue().status() == RunLedger.Status.FAILED)
                .findFirst().map(e -> new RunOutcome(e.getKey(), e.getValue().detail())).orElse(RunOutcome.SUCCEEDED);
        // the dashboard reads gold and the checks just recorded: it is drawn while the report is written, and the
        // stage ends only once both are (nothing left running behind the stage)
        java.util.Optional<String> unchanged = dashboardUnchanged(context);
        java.util.concurrent.CompletableFuture<String> drawn = publishesGold && context.config().export().dashboard() && unchanged.isEmpty()
                ? java.util.concurrent.CompletableFuture.supplyAsync(com.sportdata.benefits.pipeline.Concurrent.inLogContext(
                        () -> dashboard(context), org.slf4j.MDC.getCopyOfContextMap()))
                : java.util.concurrent.CompletableFuture.completedFuture(unchanged.map(why -> "; dashboard unchanged: " + why).orElse(""));
        QualityReports.Written written;
        String dashboard;
        try {
            written = new QualityReports(context.spark(), context.paths(), store, context.config().language().forDataTeam())
                    .writeFor(context.run(), outcomes, counts, outcome);
        } finally {
            dashboard = drawn.join();
        }
        long failed = outcomes.stream().filter(CheckOutcome::failed).count();
        return StageResult.done(context.run(), new RunLedger.Counts(outcomes.size(), outcomes.size(), 0),
                outcomes.size() + " checks, " + failed + " failed; report " + written.path() + dashboard)
                .withValue(written).plusCheckMillis(System.currentTimeMillis() - started);
    }

    /**
     * Why the dashboard already shows what this run would draw, or empty: a run whose gold stage was skipped (nothing
     * new) leaves gold's figures as they were, so the page drawn by the run that published them stays (its file is
     * there). A run that published gold, or resumed without its gold stage's result at hand, draws it.
     */
    private static java.util.Optional<String> dashboardUnchanged(StageContext context) {
        StageResult<?> gold = context.allEarlier().get(GoldStage.NAME);
        if (gold == null || gold.status() != RunLedger.Status.SKIPPED
                || !com.sportdata.benefits.catalog.LakeFiles.exists(context.spark(), context.paths().dashboard())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("gold was not rewritten, " + context.paths().dashboard() + " shows it");
    }

    /** The dashboard of the run (when gold exists). A report: a failure to write it is logged, never the run's failure. */
    private static String dashboard(StageContext context) {
        try {
            return new Dashboard(context.spark(), context.paths(), context.config().language().forBusiness())
                    .write(new Dashboard.Run(context.run().runId(), context.run().asOfDate(), context.run().rulesHashes(),
                            new DashboardData.Current(context.run().runId(), context.run().command(), context.run().startedAt(),
                                    context.allEarlier().values().stream().anyMatch(r -> r.status() == RunLedger.Status.FAILED))))
                    .map(w -> "; dashboard " + w.latest()).orElse("");
        } catch (RuntimeException e) {
            LOG.warn("run {}: the dashboard could not be written: {}", context.run().runId(), Failures.firstLine(e));
            return "; dashboard not written (" + Failures.firstLine(e) + ")";
        }
    }
}
