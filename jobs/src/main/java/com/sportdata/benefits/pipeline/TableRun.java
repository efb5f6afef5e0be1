package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.TableId;

/**
 * The outcome of one table in a run: rows in (what the transform produced), out (published) and quarantined,
 * the Delta version of every input read and the version written, and how the table was brought up to date. For
 * a {@link Publication#MERGED} table the row counts are those of the part recomputed.
 */
public record TableRun(TableId table, long rowsIn, long rowsOut, long rowsQuarantined, long millis,
                       java.util.Map<String, Long> inputVersions, long versionWritten, Publication publication) {

    public TableRun(TableId table, long rowsIn, long rowsOut, long rowsQuarantined, long millis,
                    java.util.Map<String, Long> inputVersions, long versionWritten) {
        this(table, rowsIn, rowsOut, rowsQuarantined, millis, inputVersions, versionWritten, Publication.REBUILT);
    }

    /** How a run brought a table up to date. */
    public enum Publication {
        /** recomputed whole and written */
        REBUILT,
        /** only the part its new inputs touch was recomputed, then merged in */
        MERGED,
        /** recomputed whole, found equal to the published table, not rewritten */
        UNCHANGED,
        /** not recomputed: its inputs are at the versions its last publication read */
        KEPT
    }

    /** Nothing lost: every row is either published or quarantined. */
    public boolean balanced() {
        return rowsIn == rowsOut + rowsQuarantined;
    }

    /** Whether the run wrote a new version of the table. */
    public boolean written() {
        return publication == Publication.REBUILT || publication == Publication.MERGED;
    }
}
