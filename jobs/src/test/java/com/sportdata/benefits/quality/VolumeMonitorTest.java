package com.sportdata.benefits.quality;

import com.sportdata.benefits.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Volume anomalies that fit a trickle feed: like with like, with a minimum volume, and silence. */
class VolumeMonitorTest {
    private static final VolumeMonitor MONITOR = new VolumeMonitor(ConfigLoader.load(List.of(), Map.of()).quality().anomalies());
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    private static List<VolumeMonitor.Day> daily(long... rows) {
        List<VolumeMonitor.Day> days = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            days.add(new VolumeMonitor.Day(TODAY.minusDays(rows.length - i), rows[i]));
        }
        return days;
    }

    @Test
    void a_live_drop_of_five_activities_after_a_twelve_month_history_is_not_an_anomaly() {
        CheckOutcome outcome = MONITOR.dailyVolume("activities", TODAY, 5, daily(4279));
        assertThat(outcome.status()).isEqualTo(CheckOutcome.Status.PASSED);
        assertThat(outcome.message()).isEqualTo("activities ingested on 2026-12-01: 5, usual 4279–4279 (trailing median 4279 over 1 day with deliveries)");
    }

    @Test
    void a_day_with_ten_times_the_usual_rows_is_an_anomaly_in_a_plain_sentence() {
        CheckOutcome outcome = MONITOR.dailyVolume("activities", TODAY, 520, daily(40, 48, 52, 55, 60, 52));
        assertThat(outcome.status()).isEqualTo(CheckOutcome.Status.FAILED);
        assertThat(outcome.level()).isEqualTo(Level.WARNING);
        assertThat(outcome.message()).isEqualTo("activities ingested on 2026-12-01: 520, usual 49–54 (trailing median 52 over 6 days with"
                + " deliveries): 10.0× the median, more than the 4.0× allowed");
        assertThat(outcome.message()).doesNotContain("constraint requirement");
    }

    @Test
    void a_spike_below_the_minimum_volume_is_not_alerted_and_old_days_do_not_count() {
        assertThat(MONITOR.dailyVolume("activities", TODAY, 60, daily(3, 4, 5)).status()).isEqualTo(CheckOutcome.Status.PASSED);
        List<VolumeMonitor.Day> old = List.of(new VolumeMonitor.Day(TODAY.minusDays(40), 10));
        assertThat(MONITOR.dailyVolume("activities", TODAY, 500, old).status()).isEqualTo(CheckOutcome.Status.SKIPPED);
    }

    @Test
    void a_feed_silent_for_three_days_is_an_anomaly() {
        CheckOutcome silent = MONITOR.silence("activities", TODAY, Optional.of(TODAY.minusDays(3)));
        assertThat(silent.status()).isEqualTo(CheckOutcome.Status.FAILED);
        assertThat(silent.message()).isEqualTo("no activities file for 3 days: the last one arrived on 2026-11-28 (alert after 3 silent days)");
        assertThat(MONITOR.silence("activities", TODAY, Optional.of(TODAY.minusDays(2))).status()).isEqualTo(CheckOutcome.Status.PASSED);
        assertThat(MONITOR.silence("activities", TODAY, Optional.empty()).status()).isEqualTo(CheckOutcome.Status.SKIPPED);
    }

    @Test
    void a_snapshot_is_compared_with_the_previous_snapshot() {
        CheckOutcome halved = MONITOR.snapshot("bronze.hr__employees", 80, OptionalLong.of(170));
        assertThat(halved.status()).isEqualTo(CheckOutcome.Status.FAILED);
        assertThat(halved.message()).isEqualTo("bronze.hr__employees rows: 80, previous snapshot 170 (-52.9 %, more than the ±50 % allowed)");
        assertThat(MONITOR.snapshot("bronze.hr__employees", 165, OptionalLong.of(161)).status()).isEqualTo(CheckOutcome.Status.PASSED);
        assertThat(MONITOR.snapshot("bronze.hr__employees", 161, OptionalLong.empty()).status()).isEqualTo(CheckOutcome.Status.SKIPPED);
    }

    @Test
    void daily_volumes_sum_several_deliveries_of_one_day() {
        assertThat(VolumeMonitor.perDay(List.of(new VolumeMonitor.Day(TODAY, 3), new VolumeMonitor.Day(TODAY.minusDays(1), 2),
                new VolumeMonitor.Day(TODAY, 4)))).containsExactly(new VolumeMonitor.Day(TODAY.minusDays(1), 2), new VolumeMonitor.Day(TODAY, 7));
    }
}
