package com.sportdata.benefits.quality;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

/**
 * One declared check of a table: a name, a level, the one-line reason it exists, and its constraint.
 * {@code frame} is null to check the rows being published, or a derived frame (e.g. joined with an input)
 * for checks that need more than the table itself.
 */
public record QualityCheck(String name, Level level, String why, Constraint constraint, Dataset<Row> frame) {

    public static QualityCheck error(String name, String why, Constraint constraint) {
        return new QualityCheck(name, Level.ERROR, why, constraint, null);
    }

    public static QualityCheck warning(String name, String why, Constraint constraint) {
        return new QualityCheck(name, Level.WARNING, why, constraint, null);
    }

    public QualityCheck on(Dataset<Row> other) {
        return new QualityCheck(name, level, why, constraint, other);
    }

    // Shorthands that keep the per-table declarations readable.
    public static Constraint complete(String column) {
        return new Constraint.Complete(column);
    }

    public static Constraint unique(String... columns) {
        return new Constraint.Unique(List.of(columns));
    }

    public static Constraint containedIn(String column, List<String> values) {
        return new Constraint.ContainedIn(column, values);
    }

    public static Constraint satisfies(String predicate) {
        return new Constraint.Satisfies(predicate, 1.0);
    }

    public static Constraint mostly(String predicate, double minFraction) {
        return new Constraint.Satisfies(predicate, minFraction);
    }

    public static Constraint minRows(long rows) {
        return new Constraint.MinRows(rows);
    }

    public static Constraint hasColumns(List<String> columns) {
        return new Constraint.HasColumns(columns);
    }
}
