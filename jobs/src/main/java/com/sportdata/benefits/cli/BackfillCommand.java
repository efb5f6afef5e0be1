package com.sportdata.benefits.cli;

import com.sportdata.benefits.history.PeriodRange;
import com.sportdata.benefits.run.Backfill;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.Objects;
import java.util.Optional;

@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Recompute gold for benefit years P..Q (or months, widened to their years) from silver and replace each year entirely.")
final class BackfillCommand extends LakeCommand {
    @Option(names = "--from", paramLabel = "P", description = "first benefit year (2025) or month (2025-03)")
    String from;
    @Option(names = "--to", paramLabel = "Q", description = "last benefit year or month")
    String to;
    @Mixin
    AsOfDate asOf;
    @Option(names = "--inputs-as-of", paramLabel = "VERSION|TIMESTAMP",
            description = "read silver as it was: a Delta version or a time (office time zone)")
    String inputsAsOf;
    @Option(names = "--reason", paramLabel = "TEXT", description = "why, recorded in every commit and in the ledger")
    String reason;

    @Option(names = "--hr-snapshot", paramLabel = "latest|period-end", description = "HR data gold uses per benefit year (pipeline.hr-snapshot)")
    void hrSnapshot(String v) {
        common.overrides.put("pipeline.hr-snapshot", v);
    }

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        PeriodRange range = PeriodRange.parse(from, to, config.rules().periods());
        useParametersOfRecord(range.benefitYears());
        Backfill.Result result = new Backfill(envelope(lock)).run(range, Optional.ofNullable(inputsAsOf), Objects.requireNonNullElse(reason, ""));
        out().println(result.render());
        return Cli.OK;
    }
}
