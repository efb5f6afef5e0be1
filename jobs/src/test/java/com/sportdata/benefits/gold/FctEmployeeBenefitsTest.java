package com.sportdata.benefits.gold;

import com.sportdata.benefits.context.RunContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FctEmployeeBenefitsTest extends GoldFixtures {

    private static Map<String, Row> byEmployeeYear(RunContext run) {
        return fct(run).collectAsList().stream().collect(Collectors.toMap(
                r -> r.<Long>getAs("employee_id") + "/" + r.<Integer>getAs("benefit_year"), r -> r));
    }

    @Test
    void decides_each_employee_and_year_with_the_rules() {
        RunContext run = run(List.of(2025, 2026), Map.of());
        Map<String, Row> rows = byEmployeeYear(run);
        // employee 4 is hired in July 2026: no 2025 row
        assertThat(rows.keySet()).containsExactlyInAnyOrder("1/2025", "2/2025", "3/2025", "1/2026", "2/2026", "3/2026", "4/2026");

        Row walker = rows.get("1/2026");     // eligible: 5 % of 40 000; 15 activities → 5 days = 40 000 × 5 / 218
        assertThat(walker.<String>getAs("bonus_status")).isEqualTo("ELIGIBLE");
        assertThat(walker.<Boolean>getAs("is_bonus_eligible")).isTrue();
        assertThat(walker.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("2000.00");
        assertThat(walker.<Long>getAs("activity_count")).isEqualTo(15L);
        assertThat(walker.<Boolean>getAs("is_wellness_eligible")).isTrue();
        assertThat(walker.<Integer>getAs("wellness_days")).isEqualTo(5);
        assertThat(walker.<BigDecimal>getAs("wellness_value_eur")).isEqualByComparingTo("917.43");
        assertThat(walker.<Date>getAs("wellness_earned_date")).isEqualTo(Date.valueOf("2026-03-15"));
        assertThat(walker.<BigDecimal>getAs("total_benefit_eur")).isEqualByComparingTo("2917.43");
        assertThat(walker.<String>getAs("rules_hash")).isEqualTo(run.rules().hash());
        assertThat(walker.<Date>getAs("period_end_date")).isEqualTo(Date.valueOf("2026-12-31"));

        Row walker2025 = rows.get("1/2025");   // same commute, only 2 activities in 2025
        assertThat(walker2025.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("2000.00");
        assertThat(walker2025.<Boolean>getAs("is_wellness_eligible")).isFalse();
        assertThat(walker2025.<Date>getAs("wellness_earned_date")).isNull();

        Row farCyclist = rows.get("2/2026");
        assertThat(farCyclist.<String>getAs("bonus_status")).isEqualTo("OVER_DISTANCE_LIMIT");
        assertThat(farCyclist.<String>getAs("bonus_status_label")).isEqualTo("over the distance limit");
        assertThat(farCyclist.<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("0");
        assertThat(farCyclist.<BigDecimal>getAs("distance_limit_km")).isEqualByComparingTo("25");

        Row unknown = rows.get("3/2026");
        assertThat(unknown.<String>getAs("bonus_status")).isEqualTo("DISTANCE_UNKNOWN");
        assertThat(unknown.<Double>getAs("commute_distance_km")).isNull();
        assertThat(unknown.<Long>getAs("activity_count")).isZero();

        Row driver = rows.get("4/2026");
        assertThat(driver.<String>getAs("bonus_status")).isEqualTo("NOT_SPORTY_MODE");
        assertThat(driver.<BigDecimal>getAs("distance_limit_km")).isNull();
    }

    @Test
    void the_chain_behind_the_figures_is_in_the_row_for_the_per_employee_page() {
        Map<String, Row> rows = byEmployeeYear(run(List.of(2025, 2026), Map.of()));
        Row walker = rows.get("1/2026");      // 15 activities: the threshold is reached
        assertThat(walker.<Integer>getAs("wellness_threshold")).isEqualTo(15);
        assertThat(walker.<Integer>getAs("activities_short")).isZero();
        assertThat(walker.<Double>getAs("distance_margin_km")).isEqualTo(
                walker.<BigDecimal>getAs("distance_limit_km").doubleValue() - walker.<Double>getAs("commute_distance_km"), within(1e-9));
        assertThat(walker.<Double>getAs("distance_margin_km")).isPositive();
        assertThat(rows.get("1/2025").<Integer>getAs("activities_short")).isEqualTo(13);   // 2 of 15
        Row farCyclist = rows.get("2/2026");
        assertThat(farCyclist.<Double>getAs("distance_margin_km")).isNegative()
                .isEqualTo(25.0 - farCyclist.<Double>getAs("commute_distance_km"), within(1e-9));
        assertThat(rows.get("3/2026").<Double>getAs("distance_margin_km")).as("no distance").isNull();
        assertThat(rows.get("3/2026").<Integer>getAs("activities_short")).isEqualTo(15);
        assertThat(rows.get("4/2026").<Double>getAs("distance_margin_km")).as("no limit for a car").isNull();
    }

    @Test
    void changed_parameters_change_the_figures() {
        RunContext run = run(List.of(2026), Map.of("rules.bonus.rate", "0.10", "rules.wellness.activity-threshold", "16",
                "rules.bonus.eligible-modes", "[{mode = WALK_RUN, max-distance-km = 1.5}, {mode = BIKE_OTHER, max-distance-km = 40}]"));
        Map<String, Row> rows = byEmployeeYear(run);
        assertThat(rows.get("1/2026").<String>getAs("bonus_status")).isEqualTo("OVER_DISTANCE_LIMIT");   // 2 km > 1.5 km
        assertThat(rows.get("1/2026").<Boolean>getAs("is_wellness_eligible")).isFalse();                 // 15 < 16
        assertThat(rows.get("2/2026").<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("5000.00");  // 10 % of 50 000
        assertThat(rows.get("2/2026").<BigDecimal>getAs("bonus_rate")).isEqualByComparingTo("0.10");
        assertThat(rows.get("2/2026").<String>getAs("rules_hash")).isEqualTo(run.rules().hash())
                .isNotEqualTo(run(List.of(2026), Map.of()).rules().hash());
    }

    @Test
    void effective_dated_rules_apply_the_parameters_of_each_year() {
        RunContext run = run(List.of(2025, 2026), Map.of("rules.changes",
                "[{from = 2026, bonus.rate = 0.10, wellness.activity-threshold = 16}]"));
        Map<String, Row> rows = byEmployeeYear(run);
        assertThat(rows.get("1/2025").<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("2000.00");   // 5 % of 40 000
        assertThat(rows.get("1/2025").<BigDecimal>getAs("bonus_rate")).isEqualByComparingTo("0.05");
        assertThat(rows.get("1/2026").<BigDecimal>getAs("bonus_eur")).isEqualByComparingTo("4000.00");   // 10 % from 2026
        assertThat(rows.get("1/2026").<Boolean>getAs("is_wellness_eligible")).isFalse();                 // 15 < 16 from 2026
        assertThat(rows.get("1/2025").<String>getAs("rules_hash")).isEqualTo(run.rules().base().hash());
        assertThat(rows.get("1/2026").<String>getAs("rules_hash")).isEqualTo(run.rules().forYear(2026).hash())
                .isNotEqualTo(run.rules().base().hash());
    }
}
