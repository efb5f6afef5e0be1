package com.sportdata.benefits.quality;

/** How much a failed check matters. */
public enum Level {
    /** Stops the publication of the table and fails the run. */
    ERROR,
    /** Recorded and alerted; the run goes on. */
    WARNING
}
