package com.sportdata.benefits.rules;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RulesTest {
    static Rules rules(String rate, int threshold) {
        return new Rules(new BonusRules(new BigDecimal(rate),
                Map.of(CommuteMode.WALK_RUN, new BigDecimal("15"), CommuteMode.BIKE_OTHER, new BigDecimal("25"))),
                new WellnessRules(threshold, 5, 218), BenefitPeriods.calendarYear());
    }

    @Test
    void equal_parameters_give_equal_hashes_whatever_their_spelling() {
        assertThat(rules("0.05", 15).hash()).isEqualTo(rules("0.050", 15).hash());
        assertThat(rules("0.05", 15).canonical())
                .isEqualTo("bonus.rate=0.05;bonus.limits=BIKE_OTHER<=25,WALK_RUN<=15;wellness.threshold=15;wellness.days=5;"
                        + "wellness.working_days=218;period.kind=CALENDAR_YEAR");
    }

    @Test
    void any_changed_parameter_changes_the_hash() {
        String base = rules("0.05", 15).hash();
        assertThat(rules("0.06", 15).hash()).isNotEqualTo(base);
        assertThat(rules("0.05", 20).hash()).isNotEqualTo(base);
        Rules rolling = new Rules(rules("0.05", 15).bonus(), rules("0.05", 15).wellness(),
                new BenefitPeriods(PeriodKind.ROLLING_12_MONTHS, 11));
        assertThat(rolling.hash()).isNotEqualTo(base);
        assertThat(base).hasSize(16).matches("[0-9a-f]+");
    }
}
