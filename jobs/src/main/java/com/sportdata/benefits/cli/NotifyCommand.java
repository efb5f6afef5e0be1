package com.sportdata.benefits.cli;

import com.sportdata.benefits.run.Chores;
import com.sportdata.benefits.run.Follow;
import com.sportdata.benefits.lock.LakeLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Post new activities and pending messages to Slack once, or keep watching landing/activities/ (--follow).")
final class NotifyCommand extends LakeCommand {
    @Option(names = "--follow", description = "keep watching the landing zone and post within seconds")
    boolean follow;
    @Option(names = "--max-seconds", paramLabel = "N", description = "with --follow: stop after N seconds")
    String maxSeconds;

    @Override
    boolean writes() {
        // --follow takes the lock for each batch it writes, so runs and a follower take turns
        return !follow;
    }

    @Override
    int execute(LakeLock lock) {
        if (follow) {
            new Follow(envelope(null)).follow(maxSeconds == null ? Long.MAX_VALUE : Cli.wholeNumber("--max-seconds", maxSeconds) * 1000L);
        } else {
            out().print(Chores.notifyOnce(envelope(lock)));
        }
        return Cli.OK;
    }
}
