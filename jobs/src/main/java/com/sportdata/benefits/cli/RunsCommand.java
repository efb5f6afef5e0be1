package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.Record;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.history.RunsView;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.List;

@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List recent runs from the run ledger, or show one stage by stage (versions read and written, parameters, errors).")
final class RunsCommand extends ReadOnlyCommand {
    @Option(names = "--limit", paramLabel = "N", description = "how many runs (default 20)")
    String limit;
    @Option(names = "--run", paramLabel = "ID", description = "show this run stage by stage")
    String runId;


    @Override
    int execute(LakeLock lock) {
        // the ledger is small: read by Delta Kernel in this JVM, without starting Spark
        List<Record> rows = ops(Tables.RUN_LEDGER);
        if (runId != null) {
            List<RunLedger.Entry> stages = RunLedger.run(rows, runId);
            if (stages.isEmpty()) {
                err().println("error: run " + runId + " is not in the run ledger of " + paths().root());
                return Cli.FAILED;
            }
            out().print(RunsView.detail(stages));
        } else {
            out().print(RunsView.list(RunLedger.recent(rows, limit == null ? 20 : Cli.wholeNumber("--limit", limit))));
        }
        return Cli.OK;
    }
}
