package com.sportdata.benefits.cli;

import com.sportdata.benefits.report.Dashboard;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Write the dashboard of the lake's latest gold: <lake>/reports/dashboard.html, one offline HTML file (KPI"
                + " cards, charts, quality, runs, scenarios; filters for year and BU). Aggregates only; --with-personal-data"
                + " also writes reports/dashboard-personal.html with names and per-employee amounts."})
final class DashboardCommand extends LakeCommand {
    @Option(names = "--with-personal-data", description = "also write the per-employee page (names, amounts): for HR only")
    boolean personal;
    @Option(names = "--copy-to", paramLabel = "FILE", description = "also write the dashboard to this local file (a lake on S3: to open it here)")
    java.nio.file.Path copyTo;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        RunLedger.Entry gold = new RunLedger(spark(), paths(), "").lastGold()
                .orElseThrow(() -> new Cli.UsageProblem("no gold in " + paths().root() + " yet: `run` first"));
        Dashboard.Run run = new Dashboard.Run(gold.runId(), gold.asOfDate(),
                gold.rulesHash());
        Dashboard dashboard = new Dashboard(spark(), paths(), config.language().forBusiness());
        Dashboard.Written written = dashboard.write(run)
                .orElseThrow(() -> new Cli.UsageProblem("no gold in " + paths().root() + " yet: `run` first"));
        if (copyTo != null) {
            Cli.writeLocalCopy(copyTo, com.sportdata.benefits.catalog.LakeFiles.readText(spark(), written.latest()));
            out().println("dashboard of run " + run.runId() + ": " + copyTo.toAbsolutePath() + " (a copy of " + written.latest() + ")");
        } else {
            out().println("dashboard of run " + run.runId() + ": " + paths().openable(written.latest(), "dashboard", "dashboard.html"));
        }
        if (personal) {
            out().println("per-employee page (personal data: HR only): " + dashboard.writePersonal(run));
        }
        return Cli.OK;
    }
}
