package com.sportdata.benefits.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class WellnessRulesTest {

    @ParameterizedTest(name = "threshold {0}, {1} activities → eligible {2}, {3} days, {4} €")
    @CsvSource({
            "15, 14,  false, 0, 0.00",
            "15, 15,  true,  5, 1000.00",     // 43600 × 5 / 218
            "15, 300, true,  5, 1000.00",
            "15, 0,   false, 0, 0.00",
            "20, 15,  false, 0, 0.00",        // threshold raised: 15 no longer enough
            "20, 20,  true,  5, 1000.00",
            "10, 10,  true,  5, 1000.00"})
    void grants_days_from_the_threshold_on(int threshold, long activities, boolean eligible, int days, String value) {
        WellnessRules rules = new WellnessRules(threshold, 5, 218);
        WellnessRules.Decision decision = rules.decide(activities, new BigDecimal("43600"));
        assertThat(decision.eligible()).isEqualTo(eligible);
        assertThat(decision.days()).isEqualTo(days);
        assertThat(decision.valueEur()).isEqualTo(new BigDecimal(value));
    }

    @ParameterizedTest(name = "{0} € × {1} days / {2} = {3}")
    @CsvSource({
            "30940.0, 5, 218, 709.63",   // 709.6330… 
            "74360.0, 5, 218, 1705.50",  // 1705.5045… rounded once, half-up
            "50000,   3, 218, 688.07",
            "50000,   5, 250, 1000.00"})
    void values_days_at_salary_over_working_days(String salary, int days, int workingDays, String expected) {
        assertThat(new WellnessRules(15, days, workingDays).valueOf(days, new BigDecimal(salary))).isEqualTo(new BigDecimal(expected));
    }
}
