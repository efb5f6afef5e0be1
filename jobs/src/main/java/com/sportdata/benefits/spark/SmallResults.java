package com.sportdata.benefits.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * Collecting a small result (an aggregate of a few hundred rows: per year, per BU, per sport) in a given order.
 * A global {@code orderBy} samples its input in a job of its own to range-partition it before sorting: on a
 * result this small that is a second job for nothing. Sorting it within one partition gives the same order in
 * one job (the dashboard's 8 figure families: 17 jobs became 9).
 */
public final class SmallResults {
    private SmallResults() {
    }

    /** The rows of {@code result} (small: it ends in one task) ordered by {@code order}, in one Spark job. */
    public static List<Row> sorted(Dataset<Row> result, Column... order) {
        return result.coalesce(1).sortWithinPartitions(order).collectAsList();
    }

    /** The same, ordered by column names (ascending). */
    public static List<Row> sorted(Dataset<Row> result, String... order) {
        return sorted(result, java.util.Arrays.stream(order).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
    }
}
