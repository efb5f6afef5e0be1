package com.sportdata.benefits.cli;

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
final class QualityCommand extends LakeCommand {
    @Option(names = "--run", paramLabel = "ID", description = "the run (default: the last one)")
    String runId;

    @Override
    boolean writes() {
        return false;
    }

    @Override
    int execute(LakeLock lock) {
        TableWriter writer = new TableWriter(spark(), paths());
        if (!writer.exists(Tables.QUALITY_CHECKS)) {
            err().println("error: no quality results in " + paths().root() + " yet (run the pipeline first)");
            return Cli.FAILED;
        }
        QualityReports reports = new QualityReports(spark(), paths(), new QualityStore(spark(), writer));
        String id = runId != null ? runId : reports.lastRunId().orElseThrow();
        QualityReport report = reports.build(id);
        out().println("Quality report of run " + id);
        out().print(report.text());
        out().println("HTML report: " + reports.write(report));
        return Cli.OK;
    }
}
