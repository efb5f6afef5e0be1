package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.catalog.TableId;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A table that can be brought up to date by recomputing only the part its new inputs touch, then merging that
 * part in ({@link TableWriter#mergeReplacing}), with exactly the rows a whole recomputation would give.
 */
public interface IncrementalJob extends TableJob {

    /** The part to recompute, or empty when only a whole recomputation is right (the reason is logged). */
    Optional<Increment> increment(Map<TableId, Dataset<Row>> inputs, Published published, RunContext run);

    /** The table as published, what its publication was computed from, and its rows in quarantine. */
    record Published(Dataset<Row> rows, TableWriter.Lineage lineage, Dataset<Row> quarantined, TableWriter writer) {
    }

    /**
     * @param inputs      the inputs restricted to what the transform must see to recompute the part
     * @param restrict    keeps, from the transform's output, the rows of the part (the others are published already)
     * @param replaced    the keys of published rows the part covers: those the part does not give again are deleted
     * @param sourceRows  ({@code _source_file}, {@value TableJob#RAW_ROW}) of the source rows the part covers: their rows in
     *                    quarantine are replaced by the part's rejects
     * @param keys        the table's key, for the merge
     * @param description what the part is, for the log and the summary (e.g. "412 employees")
     */
    record Increment(Map<TableId, Dataset<Row>> inputs, UnaryOperator<Dataset<Row>> restrict, Dataset<Row> replaced,
                     Dataset<Row> sourceRows, List<String> keys, String description) {
    }
}
