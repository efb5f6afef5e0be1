package com.sportdata.benefits.pipeline;

import java.util.List;

/** How a table is written; each mode's trade-off is stated next to it. */
public sealed interface WriteMode {

    List<String> partitionBy();

    /**
     * Adds rows; never rewrites. For bronze: history as received, cheap, but the caller must not append twice.
     * {@link Schema#ADD_NEW_COLUMNS} lets a newer product version append rows with more columns to a table an
     * older one created (operational logs such as the run ledger); the old rows read those columns as null.
     */
    record Append(List<String> partitionBy, Schema schema) implements WriteMode {
        public Append(List<String> partitionBy) {
            this(partitionBy, Schema.FIXED);
        }
    }

    /** Whether a write may add columns to the table's schema. */
    enum Schema { FIXED, ADD_NEW_COLUMNS }

    /**
     * Replaces the whole table. For silver snapshots derived entirely from bronze and for current-state
     * dimensions: simple and idempotent, rewrites everything (fine at HR scale; not for facts).
     */
    record Overwrite(List<String> partitionBy) implements WriteMode {
    }

    /**
     * Replaces exactly the rows matching {@code predicate}, built from the periods the run computed (not
     * from the data, so a period that became empty is cleared). Other periods stay byte-for-byte as they were.
     */
    record ReplaceWhere(String predicate, List<String> partitionBy, Schema schema) implements WriteMode {
        public ReplaceWhere(String predicate, List<String> partitionBy) {
            this(predicate, partitionBy, Schema.FIXED);
        }
    }

    /**
     * Upserts on {@code keys}; a matched row is updated only when {@code updateWhen} holds (SQL over
     * {@code t.} target and {@code s.} source). For caches: keeps what is known, adds what is new.
     */
    record Merge(List<String> keys, String updateWhen, List<String> partitionBy) implements WriteMode {
    }
}
