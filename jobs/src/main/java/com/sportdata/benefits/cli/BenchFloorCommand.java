package com.sportdata.benefits.cli;

import com.sportdata.benefits.bench.Floor;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;

/** The scale benchmark's floor (scripts/benchmark-scale): a bare Spark job over the lake's activity files. */
@Command(name = "bench-floor", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmark floor: read landing/activities/*.csv, one row per id, count per employee and year, write Delta.")
final class BenchFloorCommand extends ReadOnlyCommand {

    @Override
    int execute(LakeLock lock) {
        long rows = Floor.run(spark(), paths().landing("activities") + "/*.csv",
                paths().benchFloor());
        out().println("floor: " + rows + " (employee, year) counts written");
        return Cli.OK;
    }
}
