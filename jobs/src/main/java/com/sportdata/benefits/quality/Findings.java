package com.sportdata.benefits.quality;

import java.util.List;

/**
 * Something that checks data while it works (a layer runner, the bronze ingestion): the check outcomes and
 * quarantine counts it produced so far, kept even when its work fails half-way.
 */
public interface Findings {
    List<CheckOutcome> outcomes();

    List<QualityReport.QuarantineCount> quarantine();

    /** Wall-clock time spent checking. */
    long checkMillis();
}
