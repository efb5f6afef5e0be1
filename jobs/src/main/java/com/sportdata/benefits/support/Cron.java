package com.sportdata.benefits.support;

import org.quartz.CronExpression;

/** Quartz cron expressions (seconds minutes hours day-of-month month day-of-week [year]), checked where they are configured. */
public final class Cron {
    private Cron() {
    }

    /** Why {@code cron} is not a Quartz cron expression, or null when it is one (or blank: nothing scheduled). */
    public static String problem(String cron) {
        if (cron.isBlank() || CronExpression.isValidExpression(cron.trim())) {
            return null;
        }
        return "is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 0 2 * * ?\""
                + " for 02:00 every day): '" + cron + "'";
    }
}
