package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.run.Chores;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.net.URI;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the BI snapshot: each gold table's current version as Parquet and as CSV for French Excel (UTF-8 BOM,"
                + " ';', decimal comma), per-employee tables under personal/, a manifest naming the run and Delta versions."
                + " Replaces the previous snapshot. For PowerBI without the Delta connector, or from a lake on S3 to a folder"
                + " PowerBI Desktop reads."})
final class ExportCommand extends LakeCommand {
    @Option(names = "--to", paramLabel = "DIR", description = "where (a folder or a URI; default export.to, else <lake>/exports)")
    String to;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        out().print(Chores.export(envelope(lock), to == null ? null : LakePaths.location(to)));
        return Cli.OK;
    }
}
