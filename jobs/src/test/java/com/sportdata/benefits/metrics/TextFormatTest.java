package com.sportdata.benefits.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextFormatTest {

    @Test
    void one_help_and_type_per_name_then_its_samples_with_escaped_labels() {
        String text = TextFormat.render(List.of(
                Sample.gauge("stage_rows_out", "Rows published", 161, "stage", "silver"),
                Sample.gauge("stage_rows_out", "Rows published", 386, "stage", "gold"),
                Sample.counter("driver_gc_seconds_total", "GC time", 0.25, "gc", "PS \"Scavenge\"\\x"),
                Sample.gauge("lock_wait_seconds", "Lock wait", 0)));

        assertThat(text).isEqualTo("""
                # HELP sport_benefits_stage_rows_out Rows published
                # TYPE sport_benefits_stage_rows_out gauge
                sport_benefits_stage_rows_out{stage="silver"} 161
                sport_benefits_stage_rows_out{stage="gold"} 386
                # HELP sport_benefits_driver_gc_seconds_total GC time
                # TYPE sport_benefits_driver_gc_seconds_total counter
                sport_benefits_driver_gc_seconds_total{gc="PS \\"Scavenge\\"\\\\x"} 0.25
                # HELP sport_benefits_lock_wait_seconds Lock wait
                # TYPE sport_benefits_lock_wait_seconds gauge
                sport_benefits_lock_wait_seconds 0
                """);
    }

    @Test
    void numbers_are_written_as_prometheus_reads_them() {
        assertThat(TextFormat.number(172482.5)).isEqualTo("172482.5");
        assertThat(TextFormat.number(3)).isEqualTo("3");
        assertThat(TextFormat.number(Double.NaN)).isEqualTo("NaN");
        assertThat(TextFormat.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(TextFormat.number(1e20)).isEqualTo("1.0E20");
    }

    @Test
    void a_name_cannot_be_two_types_nor_outside_the_products_prefix() {
        assertThatThrownBy(() -> TextFormat.render(List.of(Sample.gauge("x", "h", 1), Sample.counter("x", "h", 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both a gauge and a counter");
        assertThatThrownBy(() -> new Sample("other_metric", "h", "gauge", java.util.Map.of(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other_metric");
        assertThatThrownBy(() -> Sample.gauge("Bad-Name", "h", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
