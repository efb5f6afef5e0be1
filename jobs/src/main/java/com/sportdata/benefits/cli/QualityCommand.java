package com.sportdata.benefits.cli;

import com.sportdata.benefits.history.RunLedger;
import java.util.List;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.quality.QualityStore;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Show the quality report of the last run, or of --run ID (text, and the HTML report's path).")
final class QualityCommand extends ReadOnlyCommand {
    @Option(names = "--run", paramLabel = "ID", description = "the run (default: the last one)")
    String runId;


    @Override
    int execute(LakeLock lock) {
        TableWriter writer = new TableWriter(spark(), paths());
        if (!writer.exists(Tables.QUALITY_CHECKS)) {
            err().println("error: no quality results in " + paths().root() + " yet (run the pipeline first)");
            return Cli.FAILED;
        }
        QualityReports reports = new QualityReports(spark(), paths(), new QualityStore(spark(), writer));
        String id = runId != null ? runId : reports.lastRunId().orElseThrow();
        List<RunLedger.Entry> recorded = new RunLedger(spark(), paths(), "").run(id);
        QualityReport report = recorded.isEmpty() ? reports.build(id) : reports.build(id).withOutcome(RunLedger.outcome(recorded));
        out().println("Quality report of run " + id);
        if (!report.headline().isEmpty()) {
            out().println(report.headline());
        }
        out().print(report.text());
        out().println("HTML report: " + reports.write(report));
        return Cli.OK;
    }
}
