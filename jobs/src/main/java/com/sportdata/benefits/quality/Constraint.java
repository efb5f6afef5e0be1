package com.sportdata.benefits.quality;

import java.util.List;

/** What a check asserts, in terms that read like the business rule; the Deequ adapter translates them. */
public sealed interface Constraint {

    /** The column is never null. */
    record Complete(String column) implements Constraint {
    }

    /** The combination of columns identifies each row. */
    record Unique(List<String> columns) implements Constraint {
    }

    /** Non-null values are among these. */
    record ContainedIn(String column, List<String> values) implements Constraint {
    }

    /** At least {@code minFraction} of the rows (1 = every row) satisfy a Spark SQL predicate (null counts as not satisfied). */
    record Satisfies(String predicate, double minFraction) implements Constraint {
    }

    /** At least this many rows. */
    record MinRows(long rows) implements Constraint {
    }

    /** The columns exist (checked on the schema). */
    record HasColumns(List<String> columns) implements Constraint {
    }
}
