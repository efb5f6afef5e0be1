package com.sportdata.benefits.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The samples through Prometheus' client: the text format a Pushgateway receives, and what the client refuses. */
class SamplesTest {

    @Test
    void one_help_and_type_per_name_then_its_samples_with_escaped_labels() {
        String text = Samples.text(List.of(
                Sample.gauge("stage_rows_out", "Rows published", 161, "stage", "silver"),
                Sample.gauge("stage_rows_out", "Rows published", 386, "stage", "gold"),
                Sample.counter("driver_gc_seconds_total", "GC time", 0.25, "gc", "PS \"Scavenge\"\\x"),
                Sample.gauge("cost_eur", "Cost", 172482.5, "benefit_year", "2026"),
                Sample.gauge("lock_wait_seconds", "Lock wait", 0)));

        assertThat(text).contains("""
                # HELP sport_benefits_stage_rows_out Rows published
                # TYPE sport_benefits_stage_rows_out gauge
                sport_benefits_stage_rows_out{stage="gold"} 386.0
                sport_benefits_stage_rows_out{stage="silver"} 161.0
                """);
        assertThat(text).contains("# TYPE sport_benefits_driver_gc_seconds_total counter\n")
                .contains("sport_benefits_driver_gc_seconds_total{gc=\"PS \\\"Scavenge\\\"\\\\x\"} 0.25\n")
                .contains("sport_benefits_cost_eur{benefit_year=\"2026\"} 172482.5\n")
                .contains("sport_benefits_lock_wait_seconds 0.0\n");
    }

    @Test
    void a_name_cannot_be_two_types_have_two_label_sets_nor_be_outside_the_products_prefix() {
        assertThatThrownBy(() -> Samples.registry(List.of(Sample.gauge("x", "h", 1), Sample.counter("x", "h", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both a gauge and a counter");
        assertThatThrownBy(() -> Samples.registry(List.of(Sample.gauge("x", "h", 1, "stage", "gold"), Sample.gauge("x", "h", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two label sets");
        assertThatThrownBy(() -> new Sample("other_metric", "h", "gauge", java.util.Map.of(), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sample.gauge("Bad-Name", "h", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
