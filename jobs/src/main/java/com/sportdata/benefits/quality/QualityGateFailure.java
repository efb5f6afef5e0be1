package com.sportdata.benefits.quality;

import com.sportdata.benefits.catalog.TableId;

import java.util.List;
import java.util.stream.Collectors;

/** An ERROR-level check failed: the table was not published (its previous version stays current). */
public final class QualityGateFailure extends RuntimeException {
    private final TableId table;
    private final List<CheckOutcome> failures;

    public QualityGateFailure(TableId table, List<CheckOutcome> failures) {
        super(table + " not published, Error-level check(s) failed: " + failures.stream()
                .map(f -> f.check() + " — " + f.constraint() + (f.metricValue() == null ? "" : " held for " + percent(f.metricValue()) + " of rows")
                        + (f.message() == null ? "" : " (" + f.message() + ")"))
                .collect(Collectors.joining("; ")));
        this.table = table;
        this.failures = List.copyOf(failures);
    }

    private static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.2f %%", fraction * 100);
    }

    public TableId table() {
        return table;
    }

    public List<CheckOutcome> failures() {
        return failures;
    }
}
