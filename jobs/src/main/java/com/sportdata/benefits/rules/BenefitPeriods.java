package com.sportdata.benefits.rules;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Maps dates to benefit years. A benefit year N covers [start(N), endExclusive(N)): January–December of N
 * for calendar years; for rolling 12 months ending with month M, the months M+1 of N-1 to M of N.
 */
public record BenefitPeriods(PeriodKind kind, int rollingEndMonth) implements Serializable {

    public BenefitPeriods {
        if (rollingEndMonth < 1 || rollingEndMonth > 12) {
            throw new IllegalArgumentException("rolling end month must be 1..12, got " + rollingEndMonth);
        }
    }

    public static BenefitPeriods calendarYear() {
        return new BenefitPeriods(PeriodKind.CALENDAR_YEAR, 12);
    }

    /** The month (1..12) a benefit year ends with. */
    public int endMonth() {
        return kind == PeriodKind.CALENDAR_YEAR ? 12 : rollingEndMonth;
    }

    public int benefitYearOf(LocalDate date) {
        return date.getMonthValue() > endMonth() ? date.getYear() + 1 : date.getYear();
    }

    public LocalDate start(int benefitYear) {
        return YearMonth.of(benefitYear, endMonth()).minusMonths(11).atDay(1);
    }

    public LocalDate endExclusive(int benefitYear) {
        return YearMonth.of(benefitYear, endMonth()).plusMonths(1).atDay(1);
    }

    public boolean contains(int benefitYear, LocalDate date) {
        return !date.isBefore(start(benefitYear)) && date.isBefore(endExclusive(benefitYear));
    }
}
