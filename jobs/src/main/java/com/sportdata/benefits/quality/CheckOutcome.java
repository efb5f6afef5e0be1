package com.sportdata.benefits.quality;

/** The result of one check in one run: what the quality table stores and the report shows. */
public record CheckOutcome(String layer, String table, String check, Level level, Status status, String constraint,
                           Double metricValue, String message, String why) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public boolean failed() {
        return status == Status.FAILED;
    }

    public boolean blocking() {
        return failed() && level == Level.ERROR;
    }

    /** "silver.employees / employee_id unique: 0.98 (Value: 0.98 does not meet the constraint requirement!)" */
    public String describe() {
        return layer + "." + table + " / " + check + " [" + level + " " + status + "]"
                + (metricValue == null ? "" : " metric " + metricValue) + (message == null ? "" : ": " + message);
    }
}
