package com.sportdata.benefits.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BonusRulesTest {
    private static final BonusRules RULES = new BonusRules(new BigDecimal("0.05"),
            Map.of(CommuteMode.WALK_RUN, new BigDecimal("15"), CommuteMode.BIKE_OTHER, new BigDecimal("25")));

    @ParameterizedTest(name = "{0} at {1} km → {2}, {3} €")
    @CsvSource(nullValues = "null", value = {
            // walking/running: limit 15 km
            "WALK_RUN,         14.99, ELIGIBLE,            2000.00",
            "WALK_RUN,         15.0,  ELIGIBLE,            2000.00",   // at the limit: still backed
            "WALK_RUN,         15.01, OVER_DISTANCE_LIMIT, 0.00",
            "WALK_RUN,         0.0,   ELIGIBLE,            2000.00",
            // bike/scooter/other: limit 25 km
            "BIKE_OTHER,       24.9,  ELIGIBLE,            2000.00",
            "BIKE_OTHER,       25.0,  ELIGIBLE,            2000.00",
            "BIKE_OTHER,       25.1,  OVER_DISTANCE_LIMIT, 0.00",
            "BIKE_OTHER,       48.72, OVER_DISTANCE_LIMIT, 0.00",
            // unknown distance: not paid while in doubt
            "WALK_RUN,         null,  DISTANCE_UNKNOWN,    0.00",
            "BIKE_OTHER,       null,  DISTANCE_UNKNOWN,    0.00",
            "BIKE_OTHER,       -1.0,  DISTANCE_UNKNOWN,    0.00",
            // not sporty whatever the distance
            "PUBLIC_TRANSPORT, 2.0,   NOT_SPORTY_MODE,     0.00",
            "CAR,              1.0,   NOT_SPORTY_MODE,     0.00",
            "CAR,              null,  NOT_SPORTY_MODE,     0.00"})
    void decides_by_mode_and_distance(CommuteMode mode, Double km, BonusStatus status, String amount) {
        BonusRules.Decision decision = RULES.decide(mode, km, new BigDecimal("40000"));
        assertThat(decision.status()).isEqualTo(status);
        assertThat(decision.amountEur()).isEqualTo(new BigDecimal(amount));
        assertThat(decision.eligible()).isEqualTo(status == BonusStatus.ELIGIBLE);
    }

    @ParameterizedTest(name = "rate {0} × {1} = {2}")
    @CsvSource({
            "0.05, 30940.0,  1547.00",
            "0.05, 59019.99, 2951.00",   // 2950.9995 rounds half-up to the cent
            "0.05, 33333.3,  1666.67",   // 1666.665 → 1666.67
            "0.10, 30940.0,  3094.00",   // a rate change doubles the bonus
            "0.06, 45170.0,  2710.20",
            "0,    50000,    0.00"})
    void pays_rate_times_salary_rounded_half_up_to_the_cent(String rate, String salary, String expected) {
        BonusRules rules = new BonusRules(new BigDecimal(rate), Map.of(CommuteMode.BIKE_OTHER, new BigDecimal("25")));
        assertThat(rules.decide(CommuteMode.BIKE_OTHER, 3.0, new BigDecimal(salary)).amountEur()).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest(name = "limit changed to {0} km: {1} km walker → {2}")
    @CsvSource({"10, 12.0, OVER_DISTANCE_LIMIT", "20, 16.0, ELIGIBLE"})
    void follows_a_changed_limit(String limit, double km, BonusStatus expected) {
        BonusRules rules = new BonusRules(new BigDecimal("0.05"), Map.of(CommuteMode.WALK_RUN, new BigDecimal(limit)));
        assertThat(rules.status(CommuteMode.WALK_RUN, km)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void a_mode_removed_from_the_eligible_list_is_no_longer_sporty() {
        BonusRules rules = new BonusRules(new BigDecimal("0.05"), Map.of(CommuteMode.WALK_RUN, new BigDecimal("15")));
        assertThat(rules.status(CommuteMode.BIKE_OTHER, 3.0)).isEqualTo(BonusStatus.NOT_SPORTY_MODE);
    }
}
