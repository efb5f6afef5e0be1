package com.sportdata.benefits.history;

import com.sportdata.benefits.rules.BenefitPeriods;
import com.sportdata.benefits.rules.PeriodKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodRangeAndInputPointTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void years_are_taken_as_they_are_and_months_widen_to_their_benefit_years() {
        assertThat(PeriodRange.parse("2024", "2026", BenefitPeriods.calendarYear()).benefitYears()).containsExactly(2024, 2025, 2026);
        assertThat(PeriodRange.parse("2024", "2026", BenefitPeriods.calendarYear()).note()).isNull();
        PeriodRange months = PeriodRange.parse("2025-03", "2025-05", BenefitPeriods.calendarYear());
        assertThat(months.benefitYears()).containsExactly(2025);
        assertThat(months.note()).contains("2025-03..2025-05").contains("recomputed whole");
        // rolling years ending in June: July 2025 belongs to benefit year 2026
        BenefitPeriods rolling = new BenefitPeriods(PeriodKind.ROLLING_12_MONTHS, 6);
        assertThat(PeriodRange.parse("2025-06", "2025-07", rolling).benefitYears()).containsExactly(2025, 2026);
    }

    @ParameterizedTest
    @CsvSource({
            "2026, 2025, is after --to",
            "2025, 25, a benefit year (2025) or a month",
            "2025-13, 2025-14, not a month",
            "1990, 1991, out of range",
            "2000, 2099, more than 50"})
    void a_bad_range_says_what_is_wrong(String from, String to, String message) {
        assertThatThrownBy(() -> PeriodRange.parse(from, to, BenefitPeriods.calendarYear()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void as_of_points_are_read_in_the_office_time_zone_unless_they_carry_an_offset() {
        assertThat(InputPoint.parse("2026-11-20T14:30:00+00:00", PARIS)).isEqualTo(Instant.parse("2026-11-20T14:30:00Z"));
        assertThat(InputPoint.parse("2026-11-20T14:30", PARIS)).isEqualTo(Instant.parse("2026-11-20T13:30:00Z"));
        assertThat(InputPoint.parse("2026-11-20 14:30:00", PARIS)).isEqualTo(Instant.parse("2026-11-20T13:30:00Z"));
        // a date alone: everything committed that day counts
        assertThat(InputPoint.parse("2026-07-01", PARIS)).isEqualTo(Instant.parse("2026-07-01T21:59:59.999Z"));
        assertThatThrownBy(() -> InputPoint.parse("yesterday", PARIS)).hasMessageContaining("a table version (e.g. 12) or a timestamp");
    }
}
