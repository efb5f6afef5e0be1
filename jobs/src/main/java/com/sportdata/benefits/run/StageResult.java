package com.sportdata.benefits.run;

import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.QualityReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a stage did: its status (SUCCEEDED, SKIPPED, or FAILED when the runner records a failure), the run context
 * after it (the gold stage fixes the benefit years), row counts, a sentence for the ledger, the tables it wrote,
 * the quality findings it produced, its typed value (null when the stage was finished by an earlier process: the
 * ledger keeps the sentence and the findings, not the value), and the failure that ended it, if any.
 */
public record StageResult<R>(RunLedger.Status status, RunContext context, RunLedger.Counts counts, String detail, List<TableRun> tables,
                             List<CheckOutcome> checks, List<QualityReport.QuarantineCount> quarantine, long checkMillis, R value,
                             RuntimeException failure) {

    public static <R> StageResult<R> done(RunContext context, RunLedger.Counts counts, String detail) {
        return new StageResult<>(RunLedger.Status.SUCCEEDED, context, counts, detail, List.of(), List.of(), List.of(), 0, null, null);
    }

    public static <R> StageResult<R> skipped(RunContext context, String why) {
        return new StageResult<>(RunLedger.Status.SKIPPED, context, RunLedger.Counts.NONE, why, List.of(), List.of(), List.of(), 0, null,
                null);
    }

    /** A stage an earlier attempt of the run finished, as the ledger recorded it (no value: that lived in the other process). */
    static <R> StageResult<R> recorded(RunLedger.Status status, RunContext context, RunLedger.Counts counts, String detail,
                                       List<CheckOutcome> checks, List<QualityReport.QuarantineCount> quarantine) {
        return new StageResult<>(status, context, counts, detail, List.of(), checks, quarantine, 0, null, null);
    }

    /** The record of a failed stage: what it found before failing still reaches the quality report. */
    static <R> StageResult<R> failed(RunContext context, RuntimeException failure, String error, List<CheckOutcome> checks,
                                     List<QualityReport.QuarantineCount> quarantine) {
        return new StageResult<>(RunLedger.Status.FAILED, context, RunLedger.Counts.NONE, error, List.of(), checks, quarantine, 0, null,
                failure);
    }

    public StageResult<R> withTables(List<TableRun> written) {
        return new StageResult<>(status, context, counts, detail, List.copyOf(written), checks, quarantine, checkMillis, value, failure);
    }

    public StageResult<R> withChecks(List<CheckOutcome> more) {
        List<CheckOutcome> all = new ArrayList<>(checks);
        all.addAll(more);
        return new StageResult<>(status, context, counts, detail, tables, List.copyOf(all), quarantine, checkMillis, value, failure);
    }

    StageResult<R> withFindings(List<CheckOutcome> more, List<QualityReport.QuarantineCount> quarantined, long millis) {
        List<CheckOutcome> all = new ArrayList<>(more);
        all.addAll(checks);
        List<QualityReport.QuarantineCount> q = new ArrayList<>(quarantined);
        q.addAll(quarantine);
        return new StageResult<>(status, context, counts, detail, tables, List.copyOf(all), List.copyOf(q), checkMillis + millis, value,
                failure);
    }

    public <V> StageResult<V> withValue(V v) {
        return new StageResult<>(status, context, counts, detail, tables, checks, quarantine, checkMillis, v, failure);
    }

    /** The same result with time spent on checks added (the quality share of the summary). */
    public StageResult<R> plusCheckMillis(long millis) {
        return new StageResult<>(status, context, counts, detail, tables, checks, quarantine, checkMillis + millis, value, failure);
    }

    public Optional<R> valueIfAny() {
        return Optional.ofNullable(value);
    }
}
