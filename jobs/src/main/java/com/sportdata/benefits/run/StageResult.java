package com.sportdata.benefits.run;

import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.pipeline.RunContext;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.QualityReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a stage did: its status (SUCCEEDED, SKIPPED, or FAILED when the runner records a failure), the run context
 * after it (the gold stage fixes the benefit years), row counts, a sentence for the ledger, the tables it wrote,
 * the quality findings it produced, and a stage-specific value (the ingestion result, the quality report, …).
 */
public record StageResult(RunLedger.Status status, RunContext context, RunLedger.Counts counts, String detail, List<TableRun> tables,
                          List<CheckOutcome> checks, List<QualityReport.QuarantineCount> quarantine, long checkMillis, Object value) {

    public static StageResult done(RunContext context, RunLedger.Counts counts, String detail) {
        return new StageResult(RunLedger.Status.SUCCEEDED, context, counts, detail, List.of(), List.of(), List.of(), 0, null);
    }

    public static StageResult skipped(RunContext context, String why) {
        return new StageResult(RunLedger.Status.SKIPPED, context, RunLedger.Counts.NONE, why, List.of(), List.of(), List.of(), 0, null);
    }

    /** The record of a failed stage: what it found before failing still reaches the quality report. */
    static StageResult failed(RunContext context, String error, List<CheckOutcome> checks, List<QualityReport.QuarantineCount> quarantine) {
        return new StageResult(RunLedger.Status.FAILED, context, RunLedger.Counts.NONE, error, List.of(), checks, quarantine, 0, null);
    }

    public StageResult withTables(List<TableRun> written) {
        return new StageResult(status, context, counts, detail, List.copyOf(written), checks, quarantine, checkMillis, value);
    }

    public StageResult withChecks(List<CheckOutcome> more) {
        List<CheckOutcome> all = new ArrayList<>(checks);
        all.addAll(more);
        return new StageResult(status, context, counts, detail, tables, List.copyOf(all), quarantine, checkMillis, value);
    }

    StageResult withFindings(List<CheckOutcome> more, List<QualityReport.QuarantineCount> quarantined, long millis) {
        List<CheckOutcome> all = new ArrayList<>(more);
        all.addAll(checks);
        List<QualityReport.QuarantineCount> q = new ArrayList<>(quarantined);
        q.addAll(quarantine);
        return new StageResult(status, context, counts, detail, tables, List.copyOf(all), List.copyOf(q), checkMillis + millis, value);
    }

    public StageResult withValue(Object v) {
        return new StageResult(status, context, counts, detail, tables, checks, quarantine, checkMillis, v);
    }

    /** The same result with time spent on checks added (the quality share of the summary). */
    public StageResult plusCheckMillis(long millis) {
        return new StageResult(status, context, counts, detail, tables, checks, quarantine, checkMillis + millis, value);
    }

    public <T> Optional<T> value(Class<T> type) {
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }
}
