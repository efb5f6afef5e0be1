package com.sportdata.benefits.history;

import org.apache.spark.sql.SparkSession;

/**
 * How long Delta history is kept: at least the reproducibility window, so that any run of the window can be
 * replayed (its input versions still readable). Delta's own log retention is never shortened below its
 * 30-day default.
 */
public final class Retention {
    static final int MIN_LOG_DAYS = 30;

    private Retention() {
    }

    public static String deletedFileRetention(int days) {
        return "interval " + days + " days";
    }

    public static String logRetention(int days) {
        return "interval " + Math.max(days, MIN_LOG_DAYS) + " days";
    }

    /** New tables get the configured retention as table properties. */
    public static void applyDefaults(SparkSession spark, int reproducibilityDays) {
        spark.conf().set("spark.databricks.delta.properties.defaults.deletedFileRetentionDuration", deletedFileRetention(reproducibilityDays));
        spark.conf().set("spark.databricks.delta.properties.defaults.logRetentionDuration", logRetention(reproducibilityDays));
    }
}
