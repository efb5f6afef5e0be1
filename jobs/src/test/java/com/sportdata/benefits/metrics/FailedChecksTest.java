package com.sportdata.benefits.metrics;

import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Level;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The failed checks of a run as metrics: per level, and the anomalies among them per kind; every level and kind said, zero too. */
class FailedChecksTest {

    private static CheckOutcome failed(String layer, String check, Level level) {
        return new CheckOutcome(layer, "gold.fct_employee_benefits", check, level, CheckOutcome.Status.FAILED, null, null, null, null);
    }

    private static Map<String, Double> samples(List<CheckOutcome> failed) {
        List<Sample> samples = new ArrayList<>();
        RunMetrics.failedChecks(failed, samples);
        return samples.stream().collect(Collectors.toMap(s -> s.name() + s.labels(), Sample::value));
    }

    @Test
    void counted_by_level_and_anomaly_kind() {
        Map<String, Double> samples = samples(List.of(
                failed("silver", "employee_id unique", Level.ERROR),
                failed("anomaly", "cost drift 2026", Level.WARNING),
                failed("anomaly", "eligible population 2026", Level.WARNING),
                failed("anomaly", "row count silver.activities", Level.WARNING)));
        assertThat(samples).containsEntry("sport_benefits_checks_failed{level=Error}", 1.0)
                .containsEntry("sport_benefits_checks_failed{level=Warning}", 3.0)
                .containsEntry("sport_benefits_anomalies{kind=cost}", 1.0)
                .containsEntry("sport_benefits_anomalies{kind=eligibility}", 1.0)
                .containsEntry("sport_benefits_anomalies{kind=volume}", 1.0)
                .hasSize(5);
    }

    @Test
    void nothing_failed_is_said_as_zeros() {
        assertThat(samples(List.of())).containsEntry("sport_benefits_checks_failed{level=Error}", 0.0)
                .containsEntry("sport_benefits_checks_failed{level=Warning}", 0.0)
                .containsEntry("sport_benefits_anomalies{kind=cost}", 0.0)
                .hasSize(5);
    }
}
