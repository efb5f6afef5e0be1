package com.sportdata.benefits.cli;

import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.nio.file.Path;
import java.time.LocalDate;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a synthetic company (HR + sport declarations xlsx, postcode reference) and 12 months of activities"
                + " into <lake>/landing/; same seed and as-of date → same files.",
                "With --hr and --sports: copy these files and generate activities for their employees.",
                "With --live N: drop N activities that have just finished into landing/activities/ (with --day DATE: N"
                        + " activities of that day, e.g. one new day of a company for an incremental run)."})
final class GenerateCommand extends LakeCommand {
    @Option(names = "--employees", paramLabel = "N", description = "employees of the synthetic company (generator.employees)")
    void employees(String n) {
        common.overrides.put("generator.employees", n);
    }

    @Option(names = "--seed", paramLabel = "S", description = "random seed (generator.seed)")
    void seed(String s) {
        common.overrides.put("generator.seed", s);
    }

    @Option(names = "--format", paramLabel = "csv|json", description = "activity files: the business's CSV or Strava JSON lines (generator.activity-format)")
    void format(String f) {
        common.overrides.put("generator.activity-format", f);
    }

    @Mixin
    AsOfDate asOf;

    @Option(names = "--hr", paramLabel = "FILE", description = "use this HR file instead of a synthetic company")
    Path hr;
    @Option(names = "--sports", paramLabel = "FILE", description = "use this sport declarations file")
    Path sports;
    @Option(names = "--live", paramLabel = "N", description = "drop N activities that have just finished")
    String live;
    @Option(names = "--day", paramLabel = "DATE", description = "with --live N: activities of this day (yyyy-MM-dd) instead of just now")
    java.time.LocalDate day;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    boolean createsLake() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        if (day != null && live == null) {
            throw new Cli.UsageProblem("--day goes with --live N (how many activities that day)");
        }
        if (live != null) {
            Generator generator = new Generator(config);
            int count = Cli.wholeNumber("--live", live);
            Generator.Result result = day == null ? generator.writeLive(count) : generator.writeDay(count, day);
            out().println(result.activities() + (day == null ? " live activities" : " activities of " + day) + " written to "
                    + result.files().get(0));
            return Cli.OK;
        }
        out().println(new Generator(config).writeLanding(hr, sports).render());
        return Cli.OK;
    }
}
