package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.catalog.Record;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.support.Language;
import com.sportdata.benefits.support.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "quality", mixinStandardHelpOptions = true,
        description = "Show the quality report of the last run, or of --run ID (text, and the HTML report's path).")
final class QualityCommand extends ReadOnlyCommand {
    @Option(names = "--run", paramLabel = "ID", description = "the run (default: the last one)")
    String runId;
    @Option(names = "--copy-to", paramLabel = "FILE", description = "also write the HTML report to this local file (a lake on S3: to open it here)")
    java.nio.file.Path copyTo;

    @Override
    int execute(LakeLock lock) {
        // the results, the quarantine counts and the ledger are read by Delta Kernel: no Spark for a report
        List<Record> checks = ops(Tables.QUALITY_CHECKS);
        if (checks.isEmpty()) {
            err().println("error: no quality results in " + paths().root() + " yet (run the pipeline first)");
            return Cli.FAILED;
        }
        String id = runId != null ? runId : QualityReports.lastRunId(checks).orElseThrow();
        List<RunLedger.Entry> recorded = RunLedger.run(ops(Tables.RUN_LEDGER), id);
        QualityReport report = QualityReports.stored(id, checks, ops(Tables.QUARANTINE_SUMMARY));
        if (!recorded.isEmpty()) {
            report = report.withOutcome(RunLedger.outcome(recorded));
        }
        out().println("Quality report of run " + id);
        // the command line speaks English; the HTML report, the data team's language
        String headline = report.headline(Messages.of(Language.EN));
        if (!headline.isEmpty()) {
            out().println(headline);
        }
        out().print(report.text());
        // a quiet run recomputed nothing downstream: say where those layers' last checks are
        Map<String, List<String>> byRun = new LinkedHashMap<>();
        QualityReports.lastCheckedElsewhere(report, List.of("silver", "gold"), checks).forEach((layer, run) ->
                byRun.computeIfAbsent(run, r -> new ArrayList<>()).add(layer));
        byRun.forEach((run, layers) -> out().println("This run checked no " + String.join(" or ", layers) + " table (nothing new to"
                + " recompute there); their last checks ran in run " + run + ": `" + paths().command("quality --run " + run) + "`"));
        Messages words = config.language().forDataTeam();
        String written = QualityReports.write(LakeStorage.hadoopConfiguration(config), paths(), report, words);
        if (copyTo != null) {
            Cli.writeLocalCopy(copyTo, report.html(words));
            out().println("HTML report: " + copyTo.toAbsolutePath() + " (a copy of " + written + ")");
        } else {
            out().println("HTML report: " + QualityReports.shown(paths(), id, written));
        }
        return Cli.OK;
    }
}
