package com.sportdata.benefits.cli;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.schedule.Scheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = {"Fire run, digest and vacuum on the cron expressions of schedule.* (Quartz), each as a process of"
                + " scripts/sport-benefits with these options; one at a time, a busy lake is a skipped fire; SIGTERM stops"
                + " cleanly (the running command may finish). Keeps notify --follow running with schedule.notify-follow=true."})
final class ScheduleCommand extends LakeCommand {
    @Option(names = "--max-seconds", paramLabel = "N", description = "stop (cleanly) after N seconds")
    String maxSeconds;
    @Option(names = "--dry-run", description = "print what would fire and when, start nothing")
    boolean dryRun;

    @Override
    boolean writes() {
        // each command it starts takes the lock itself
        return false;
    }

    @Override
    int execute(LakeLock lock) throws Exception {
        String launcher = System.getenv("SPORT_BENEFITS_LAUNCHER");
        Scheduler scheduler = new Scheduler(config.schedule(), Scheduler.childOptions(main.arguments()), arguments -> {
            List<String> command = new ArrayList<>(List.of("bash", launcher));
            command.addAll(arguments);
            return new ProcessBuilder(command).inheritIO().start();
        });
        if (dryRun) {
            out().print(scheduler.plan(new java.util.Date(), arguments -> Cli.forLedger(arguments.toArray(String[]::new))));
            return Cli.OK;
        }
        if (launcher == null || launcher.isBlank()) {
            throw new Cli.UsageProblem("schedule starts each command as a process of scripts/sport-benefits: start it with"
                    + " `scripts/sport-benefits schedule …` (SPORT_BENEFITS_LAUNCHER is not set)");
        }
        scheduler.run(maxSeconds == null ? null : Duration.ofSeconds(Cli.wholeNumber("--max-seconds", maxSeconds)));
        return Cli.OK;
    }
}
