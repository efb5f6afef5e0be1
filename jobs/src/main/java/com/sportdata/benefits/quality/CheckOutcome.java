package com.sportdata.benefits.quality;

/** The result of one check in one run: what the quality table stores and the report shows. */
public record CheckOutcome(String layer, String table, String check, Level level, Status status, String constraint,
                           Double metricValue, String message, String why, Long failingRows,
                           java.util.List<java.util.Map<String, String>> examples) {

    /** An outcome without row examples (a passed check, or one that is not about rows). */
    public CheckOutcome(String layer, String table, String check, Level level, Status status, String constraint, Double metricValue,
                        String message, String why) {
        this(layer, table, check, level, status, constraint, metricValue, message, why, null, java.util.List.of());
    }

    /** This outcome with the rows that fail it: how many, and a few of them (key and checked columns only). */
    public CheckOutcome withFailingRows(FailingRows.Sample sample) {
        return new CheckOutcome(layer, table, check, level, status, constraint, metricValue, message, why, sample.rows(), sample.examples());
    }

    public enum Status { PASSED, FAILED, SKIPPED }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public boolean blocking() {
        return failed() && level == Level.ERROR;
    }

    /** "silver.employees / employee_id unique: 0.98 (Value: 0.98 does not meet the constraint requirement!)" */
    /**
     * The outcome in words for alerts and summaries: where, which check, and its sentence (the figures are in it); the bare
     * metric only when the check has no sentence.
     */
    public String describe() {
        String where = layer + "." + table + " / " + check;
        if (message != null) {
            return where + " (" + level.name().toLowerCase(java.util.Locale.ROOT) + "): " + message;
        }
        return where + " (" + level.name().toLowerCase(java.util.Locale.ROOT) + ", " + status.name().toLowerCase(java.util.Locale.ROOT)
                + ")" + (metricValue == null ? "" : ", measured " + metricValue);
    }
}
