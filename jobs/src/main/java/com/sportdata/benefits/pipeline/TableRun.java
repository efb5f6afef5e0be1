package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.TableId;

/**
 * The outcome of one table in a run: rows in (what the transform produced), out (published) and quarantined,
 * the Delta version of every input read and the version written.
 */
public record TableRun(TableId table, long rowsIn, long rowsOut, long rowsQuarantined, long millis,
                       java.util.Map<String, Long> inputVersions, long versionWritten) {

    /** Nothing lost: every row is either published or quarantined. */
    public boolean balanced() {
        return rowsIn == rowsOut + rowsQuarantined;
    }
}
