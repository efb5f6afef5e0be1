package com.sportdata.benefits.cli;

import com.sportdata.benefits.run.Chores;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import java.time.LocalDate;

@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Post the week's digest (activities and km by BU, most active BU, new wellness-day earners) for the 7 days"
                + " ending today or --as-of; once per week.")
final class DigestCommand extends LakeCommand {
    @Mixin
    AsOfDate asOf;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        LocalDate lastDay = config.pipeline().asOfDate().orElse(LocalDate.now(config.office().timeZone()));
        out().print(Chores.digest(envelope(lock), lastDay));
        return Cli.OK;
    }
}
