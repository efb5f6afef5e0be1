package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.quality.QualityCheck;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;

/**
 * One table, one class: what it reads, how it is written, and a pure transform (DataFrames in, one
 * DataFrame out; no I/O, no configuration lookups). A transform may flag rows it rejects in a
 * {@value #REJECT_REASONS} array column: the runner sends those to quarantine with their reasons.
 */
public interface TableJob {
    String REJECT_REASONS = "_reject_reasons";
    /** Optional column with the source row as received (JSON), stored in quarantine with the reasons. */
    String RAW_ROW = "_raw_row";

    TableId target();

    /** Tables read; one that does not exist yet is simply absent from the map given to {@link #transform}. */
    List<TableId> inputs();

    WriteMode writeMode(RunContext run);

    Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run);

    /**
     * Whether the table's content depends on the run's as-of date (rows quarantined for a date to come or out of a
     * window): then an unchanged input is not enough to keep the table as it is on another date.
     */
    default boolean dependsOnAsOfDate() {
        return false;
    }

    /**
     * The columns readers outside the product rely on (grain, names, types, nullability), checked before every
     * write; empty for tables no outside reader binds to.
     */
    default java.util.Optional<TableContract> contract() {
        return java.util.Optional.empty();
    }

    /** One row per what: the contract's grain, or the job's own statement when it has no contract (the lineage shows it). */
    default String grain() {
        return contract().map(TableContract::grain).orElseThrow(() -> new IllegalStateException(target() + " states no grain"));
    }

    /**
     * Deequ checks run on the rows about to be published (after quarantine), each with a one-line why.
     * An ERROR failure stops the publication of this table and fails the run.
     */
    default List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of();
    }
}
