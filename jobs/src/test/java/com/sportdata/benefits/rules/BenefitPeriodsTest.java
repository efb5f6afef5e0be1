package com.sportdata.benefits.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenefitPeriodsTest {

    /** Dates and their benefit years, one row per branch; the Spark Column twin is tested against the same rows. */
    public static Stream<Arguments> datesAndYears() {
        return Stream.of(
                Arguments.of(PeriodKind.CALENDAR_YEAR, 12, LocalDate.parse("2025-01-01"), 2025),
                Arguments.of(PeriodKind.CALENDAR_YEAR, 12, LocalDate.parse("2025-12-31"), 2025),
                Arguments.of(PeriodKind.CALENDAR_YEAR, 3, LocalDate.parse("2025-12-31"), 2025), // the end month only matters for rolling periods
                Arguments.of(PeriodKind.ROLLING_12_MONTHS, 11, LocalDate.parse("2025-11-30"), 2025),
                Arguments.of(PeriodKind.ROLLING_12_MONTHS, 11, LocalDate.parse("2025-12-01"), 2026),
                Arguments.of(PeriodKind.ROLLING_12_MONTHS, 11, LocalDate.parse("2026-11-24"), 2026),
                Arguments.of(PeriodKind.ROLLING_12_MONTHS, 6, LocalDate.parse("2026-07-01"), 2027),
                Arguments.of(PeriodKind.ROLLING_12_MONTHS, 12, LocalDate.parse("2026-12-31"), 2026));
    }

    @ParameterizedTest(name = "{0} end month {1}: {2} → year {3}")
    @MethodSource("datesAndYears")
    void assigns_dates_to_benefit_years(PeriodKind kind, int endMonth, LocalDate date, int year) {
        BenefitPeriods periods = new BenefitPeriods(kind, endMonth);
        assertThat(periods.benefitYearOf(date)).isEqualTo(year);
        assertThat(periods.contains(year, date)).isTrue();
        assertThat(periods.contains(year + 1, date)).isFalse();
    }

    @ParameterizedTest(name = "{0} end month {1}, year {2}: [{3}, {4})")
    @CsvSource({
            "CALENDAR_YEAR,     12, 2026, 2026-01-01, 2027-01-01",
            "ROLLING_12_MONTHS, 11, 2026, 2025-12-01, 2026-12-01",
            "ROLLING_12_MONTHS, 1,  2026, 2025-02-01, 2026-02-01"})
    void bounds_each_year_to_twelve_months(PeriodKind kind, int endMonth, int year, LocalDate start, LocalDate end) {
        BenefitPeriods periods = new BenefitPeriods(kind, endMonth);
        assertThat(periods.start(year)).isEqualTo(start);
        assertThat(periods.endExclusive(year)).isEqualTo(end);
        assertThat(start.plusMonths(12)).isEqualTo(end);
    }

    @Test
    void refuses_an_impossible_month() {
        assertThatThrownBy(() -> new BenefitPeriods(PeriodKind.ROLLING_12_MONTHS, 13)).hasMessageContaining("1..12");
    }
}
