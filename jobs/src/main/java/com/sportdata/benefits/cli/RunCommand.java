package com.sportdata.benefits.cli;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Ingest new landing files, recompute bronze → silver → gold verifying every table, write the quality"
                + " report, then post the new activities to Slack. Stages: ingest, silver, gold, quality, [export,] notify."})
final class RunCommand extends LakeCommand {
    @Option(names = "--periods", paramLabel = "YEARS", description = "benefit years to compute, e.g. 2025,2026 (pipeline.periods; default auto)")
    void periods(String p) {
        common.overrides.put("pipeline.periods", p);
    }

    @Mixin
    AsOfDate asOf;

    @Option(names = "--hr-snapshot", paramLabel = "latest|period-end", description = "HR data gold uses per benefit year (pipeline.hr-snapshot)")
    void hrSnapshot(String v) {
        common.overrides.put("pipeline.hr-snapshot", v);
    }

    @Option(names = "--full", description = "rebuild every layer even when nothing changed (pipeline.incremental=false)")
    void full(boolean on) {
        common.overrides.put("pipeline.incremental", String.valueOf(!on));
    }

    @Option(names = "--stage", paramLabel = "NAME", description = "run only this stage of a run (for an external scheduler): ingest, silver, gold, quality, export, notify")
    String stage;
    @Option(names = "--run-id", paramLabel = "ID", description = "the run the --stage belongs to (the ledger ties its stages together)")
    String runId;
    @Option(names = "--resume", arity = "0..1", paramLabel = "RUN_ID", fallbackValue = "",
            description = "continue a failed or killed run (default: the latest) from its first unfinished stage, same run id, as-of date and parameters")
    String resume;

    @Override
    boolean writes() {
        return true;
    }

    @Override
    int execute(LakeLock lock) {
        if (resume != null && stage != null) {
            throw new Cli.UsageProblem("--resume and --stage do not go together");
        }
        if (runId != null && !runId.matches("[A-Za-z0-9_.:+\\-]{1,120}")) {
            throw new Cli.UsageProblem("--run-id may hold letters, digits and _ . : + - only (got '" + runId + "')");
        }
        if (runId != null && stage == null) {
            throw new Cli.UsageProblem("--run-id goes with --stage (to resume a run: --resume RUN_ID)");
        }
        useParametersOfRecord(config.pipeline().periods().isEmpty() ? null : config.pipeline().periods());
        Pipeline.Request request = stage != null ? new Pipeline.Request.OneStage(stage, runId)
                : resume != null ? new Pipeline.Request.Resume(resume.isBlank() ? null : resume) : new Pipeline.Request.Whole();
        Pipeline.Result result = new Pipeline(envelope(lock)).execute(request);
        out().println(result.summary().render());
        out().println(result.metrics());
        if (result.failure() != null) {
            throw result.failure();
        }
        return Cli.OK;
    }
}
