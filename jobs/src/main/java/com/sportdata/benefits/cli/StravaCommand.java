package com.sportdata.benefits.cli;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Chores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "strava", mixinStandardHelpOptions = true,
        description = {"The Strava connector (docs/strava.md).",
                "  strava pull     the connected athletes' activities since each one's cursor, landed in landing/activities as"
                        + " Strava's JSON lines (tokens refreshed and kept, rate limits respected); the next run ingests them",
                "Secrets from the environment only: STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, STRAVA_TOKENS_FILE."})
final class StravaCommand extends LakeCommand {
    @Parameters(index = "0", paramLabel = "pull", description = "pull")
    String action;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        if (!"pull".equals(action)) {
            throw new Cli.UsageProblem("unknown action '" + action + "': `strava pull`");
        }
        out().print(Chores.stravaPull(envelope(lock), System.getenv()));
        out().flush();
        return Cli.OK;
    }
}
