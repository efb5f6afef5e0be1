package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.context.RunContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the quality results need of the lake: read a small results table, and replace one run's rows in it. The table
 * framework's writer implements it; quality itself stays below the framework that runs its checks.
 */
public interface ResultTables {
    boolean exists(TableId table);

    /** The rows of a small results table, read without Spark (Delta Kernel); empty when there is no table. */
    java.util.List<com.sportdata.benefits.catalog.Record> smallRows(TableId table);

    /**
     * Replaces the rows of {@code run} in {@code table} in one commit (a quality stage run again does not count twice),
     * adding the columns an older version of the table lacks.
     */
    void replaceRunRows(Dataset<Row> rows, TableId table, RunContext run, String reason);
}
