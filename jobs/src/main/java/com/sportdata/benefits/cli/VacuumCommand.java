package com.sportdata.benefits.cli;

import com.sportdata.benefits.history.Vacuum;
import com.sportdata.benefits.run.Chores;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "vacuum", mixinStandardHelpOptions = true,
        description = "Remove Delta files no version of the last N days needs; refuses N below lake.retention.reproducibility-days.")
final class VacuumCommand extends LakeCommand {
    @Option(names = "--retain-days", paramLabel = "N", description = "days of versions to keep (default: the reproducibility window)")
    String retainDays;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        Integer retain = retainDays == null ? null : Cli.wholeNumber("--retain-days", retainDays);
        Vacuum.checkRetention(retain, config.lake().reproducibilityDays());
        out().print(Chores.vacuum(envelope(lock), retain));
        return Cli.OK;
    }
}
