package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.catalog.TableId;

/** Told when the layer runner starts and publishes a table (progress lines, metrics). */
public interface TableListener {
    TableListener NONE = new TableListener() {
    };

    default void tableStarted(TableId table) {
    }

    default void tablePublished(TableRun result) {
    }
}
