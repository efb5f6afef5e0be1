package com.sportdata.benefits.rules;

/** How benefit periods are cut. */
public enum PeriodKind {
    /** January to December. */
    CALENDAR_YEAR,
    /** Twelve consecutive months ending with a configured month; labelled by the year of that month. */
    ROLLING_12_MONTHS
}
