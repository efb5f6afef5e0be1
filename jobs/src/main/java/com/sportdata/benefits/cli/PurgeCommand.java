package com.sportdata.benefits.cli;

import com.sportdata.benefits.history.Purge;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.run.Chores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;

@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Remove personal data older than lake.retention.personal-data-years from every personal table (see `privacy`),"
                + " from the Delta history time travel would read, and superseded HR and declaration files from the landing zone;"
                + " the aggregates stay. Runs that read the purged versions can no longer be replayed (a replay says so)."
                + " The lake's BI snapshot, when there is one, is exported again without the purged rows."})
final class PurgeCommand extends LakeCommand {
    @Option(names = "--dry-run", description = "count what would be removed; change nothing")
    boolean dryRun;

    @Override
    boolean writes() {
        return !dryRun;
    }

    @Override
    int execute(LakeLock lock) {
        if (dryRun) {
            int years = config.lake().personalDataYears();
            out().print(new Purge(spark(), new TableWriter(spark(), paths())).run(Purge.cutoff(Instant.now(), years), years, true, "").render());
            return Cli.OK;
        }
        out().print(Chores.purge(envelope(lock)));
        if (com.sportdata.benefits.catalog.LakeFiles.exists(spark(), paths().exports() + "/personal")) {
            out().println("The BI snapshot in " + paths().exports() + " held per-employee rows: exported again from the purged tables.");
            out().print(Chores.export(envelope(lock), paths().exports()));
        }
        return Cli.OK;
    }
}
