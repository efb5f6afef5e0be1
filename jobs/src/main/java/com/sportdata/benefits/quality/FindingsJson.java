package com.sportdata.benefits.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * A stage's quality findings as JSON, kept in its run-ledger row, so the quality stage of a run whose stages ran
 * in several processes (an external scheduler, a resumed run) reports every check of the run.
 */
public final class FindingsJson {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The findings of one stage. */
    public record Stored(List<CheckOutcome> checks, List<QualityReport.QuarantineCount> quarantine) {
        public static final Stored NONE = new Stored(List.of(), List.of());
    }

    private FindingsJson() {
    }

    public static String write(List<CheckOutcome> checks, List<QualityReport.QuarantineCount> quarantine) {
        if (checks.isEmpty() && quarantine.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new Stored(checks, quarantine));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write quality findings as JSON: " + e.getMessage(), e);
        }
    }

    public static Stored read(String json) {
        if (json == null || json.isBlank()) {
            return Stored.NONE;
        }
        try {
            Stored stored = JSON.readValue(json, Stored.class);
            return new Stored(stored.checks() == null ? List.of() : stored.checks(),
                    stored.quarantine() == null ? List.of() : stored.quarantine());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read quality findings recorded in the run ledger: " + e.getMessage(), e);
        }
    }
}
