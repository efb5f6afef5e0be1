package com.sportdata.benefits.run;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.quality.VolumeMonitor;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Landing → bronze: new files ingested, duplicates named, rejected files recorded; then, when a folder whose
 * rejection fails the run ({@code pipeline.fail-on-rejected}) had a rejected file, the run fails here (bad input,
 * not retried) — after the other files are safely in bronze.
 */
final class IngestStage implements Stage<BronzeIngestion.Result> {
    static final String NAME = "ingest";
    /** Only files that landed before this instant are taken (a resumed run's original start), or null for all. */
    private final Instant landedBefore;

    IngestStage(Instant landedBefore) {
        this.landedBefore = landedBefore;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<BronzeIngestion.Result> execute(StageContext context) {
        LandingZone landing = new LandingZone(context.paths(), context.spark().sparkContext().hadoopConfiguration());
        BronzeIngestion bronze = context.track(new BronzeIngestion(context.spark(), landing, context.writer())
                .withParallelism(context.config().pipeline().tableParallelism()));
        Set<String> failing = Set.copyOf(context.config().operations().failOnRejected());
        BronzeIngestion.Result result = bronze.ingest(context.run(),
                new BronzeIngestion.Options(new VolumeMonitor(context.config().quality().anomalies()), landedBefore, failing));
        List<BronzeIngestion.FileOutcome> fatal = result.rejected().stream().filter(r -> failing.contains(r.file().source().folder()))
                .toList();
        if (!fatal.isEmpty()) {
            throw new RejectedInput(result, fatal);
        }
        long rowsRead = result.outcomes().stream().mapToLong(BronzeIngestion.FileOutcome::rows).sum();
        return StageResult.<BronzeIngestion.Result>done(context.run(), new RunLedger.Counts(rowsRead, result.rowsIngested(), 0), describe(result))
                .withValue(result);
    }

    static String describe(BronzeIngestion.Result result) {
        StringBuilder detail = new StringBuilder(result.ingestedFiles().size() + " landing files ingested (" + result.rowsIngested()
                + " rows), " + result.rejected().size() + " rejected, " + result.duplicates().size() + " duplicates, "
                + result.alreadyIngested() + " already ingested");
        if (!result.rejected().isEmpty()) {
            detail.append("; rejected: ").append(result.rejected().stream().map(r -> r.location() + " (" + r.error() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (!result.duplicates().isEmpty()) {
            detail.append("; duplicates: ").append(result.duplicates().stream().map(BronzeIngestion.FileOutcome::location)
                    .collect(Collectors.joining(", ")));
        }
        return detail.toString();
    }
}
