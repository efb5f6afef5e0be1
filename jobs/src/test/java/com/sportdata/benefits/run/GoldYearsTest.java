package com.sportdata.benefits.run;

import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** When the fingerprints recorded for gold's years can stand for the current ones without being computed again. */
class GoldYearsTest {
    private static final String STATE = "activities=7@1000,employees=3@900,employees_history=3@900";

    private static GoldYears.Recorded recorded(String activities, String state) {
        return recorded(activities, state, "2025,2026");
    }

    private static GoldYears.Recorded recorded(String activities, String state, String activityYears) {
        return new GoldYears.Recorded(activities, "shared-1", "rules", "settings", "commit", "run-1", new Timestamp(0), state, activityYears);
    }

    @Test
    void every_year_recorded_from_this_very_silver_state_needs_no_fingerprint() {
        Map<Integer, GoldYears.Recorded> recorded = Map.of(2025, recorded("a25", STATE), 2026, recorded("a26", STATE));
        GoldYears.Inputs inputs = GoldYears.unchangedSince(recorded, List.of(2025, 2026), STATE).orElseThrow();
        assertThat(inputs.activities(2025)).isEqualTo("a25");
        assertThat(inputs.activities(2026)).isEqualTo("a26");
        assertThat(inputs.activities(2024)).isEqualTo("none");
        assertThat(inputs.shared()).isEqualTo("shared-1");
    }

    @Test
    void another_state_a_year_not_recorded_or_a_row_without_state_computes_them() {
        Map<Integer, GoldYears.Recorded> both = Map.of(2025, recorded("a25", STATE), 2026, recorded("a26", STATE));
        assertThat(GoldYears.unchangedSince(both, List.of(2025, 2026), STATE.replace("activities=7", "activities=8"))).isEmpty();
        assertThat(GoldYears.unchangedSince(both, List.of(2025, 2026, 2027), STATE)).isEmpty();
        assertThat(GoldYears.unchangedSince(Map.of(2025, recorded("a25", STATE), 2026, recorded("a26", null)), List.of(2025), STATE))
                .isEmpty();
        assertThat(GoldYears.unchangedSince(Map.of(2025, recorded("a25", "activities=6@1000")), List.of(2025), STATE)).isEmpty();
        assertThat(GoldYears.unchangedSince(Map.of(), List.of(2025), STATE)).isEmpty();
    }

    /** A quiet run takes the benefit years silver holds from ops/gold_inputs instead of reading silver's activities. */
    @Test
    void the_years_silver_holds_are_known_without_reading_it_only_from_this_very_state() {
        assertThat(GoldYears.activityYears(Map.of(2025, recorded("a25", STATE, "2026,2024,2025"), 2026, recorded("a26", STATE, "2026,2024,2025")),
                STATE)).contains(List.of(2024, 2025, 2026));
        assertThat(GoldYears.activityYears(Map.of(2025, recorded("a25", STATE, "")), STATE)).contains(List.of());
        assertThat(GoldYears.activityYears(Map.of(2025, recorded("a25", STATE)), STATE.replace("activities=7", "activities=8"))).isEmpty();
        assertThat(GoldYears.activityYears(Map.of(2025, recorded("a25", STATE), 2026, recorded("a26", "activities=6@1000")), STATE)).isEmpty();
        assertThat(GoldYears.activityYears(Map.of(2025, recorded("a25", STATE, null)), STATE)).as("a row of an older version").isEmpty();
        assertThat(GoldYears.activityYears(Map.of(2025, recorded("a25", STATE, "2025"), 2026, recorded("a26", STATE, "2025,2026")), STATE))
                .as("rows that disagree").isEmpty();
        assertThat(GoldYears.activityYears(Map.of(), STATE)).isEmpty();
        // the fingerprints taken from the record carry the years with them, or none when the record has none
        assertThat(GoldYears.unchangedSince(Map.of(2025, recorded("a25", STATE, "2024,2025")), List.of(2025), STATE).orElseThrow().years())
                .containsExactly(2024, 2025);
        assertThat(GoldYears.unchangedSince(Map.of(2025, recorded("a25", STATE, null)), List.of(2025), STATE).orElseThrow().years()).isNull();
    }
}
