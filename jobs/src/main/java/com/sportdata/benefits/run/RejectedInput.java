package com.sportdata.benefits.run;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.history.RunLedger;

import java.util.List;
import java.util.stream.Collectors;

/** A landing file from a folder whose rejection fails the run (by default an HR or declarations snapshot). */
public final class RejectedInput extends BadInput {
    private final transient BronzeIngestion.Result ingestion;

    public RejectedInput(BronzeIngestion.Result ingestion, List<BronzeIngestion.FileOutcome> failing) {
        super(failing.stream().map(f -> f.location() + ": " + f.error()).collect(Collectors.joining("; "))
                + " — fix the file and deliver it again (pipeline.fail-on-rejected lists the folders whose rejection fails a run)");
        this.ingestion = ingestion;
    }

    public BronzeIngestion.Result ingestion() {
        return ingestion;
    }

    /** What the ingest did write before failing (the other files are in bronze): the ledger row says so, not "0 rows". */
    public RunLedger.Counts counts() {
        long read = ingestion.outcomes().stream().mapToLong(BronzeIngestion.FileOutcome::rows).sum();
        return new RunLedger.Counts(read, ingestion.rowsIngested(), 0);
    }
}
