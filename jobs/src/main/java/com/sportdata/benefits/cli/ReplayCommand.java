package com.sportdata.benefits.cli;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Replay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Recompute what run ID computed, from the input versions and parameters it recorded, and prove it identical (exit 1 if not).")
final class ReplayCommand extends LakeCommand {
    @Option(names = "--run", paramLabel = "ID", description = "the run to replay (see `runs`)")
    String runId;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        if (runId == null) {
            throw new Cli.UsageProblem("replay needs --run ID (see `runs` for the ids)");
        }
        Replay.Result result = new Replay(envelope(lock)).replay(runId);
        out().println(result.render());
        return result.identical() ? Cli.OK : Cli.FAILED;
    }
}
