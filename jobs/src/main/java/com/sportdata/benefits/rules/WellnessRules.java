package com.sportdata.benefits.rules;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Wellness days: {@code days} extra days off for an employee with at least {@code activityThreshold}
 * activities in the benefit period. A day is valued at gross salary / working days per year.
 */
public record WellnessRules(int activityThreshold, int days, int workingDaysPerYear) implements Serializable {

    public WellnessRules {
        if (activityThreshold < 1 || days < 0 || workingDaysPerYear < 1) {
            throw new IllegalArgumentException("invalid wellness rules: threshold=" + activityThreshold
                    + " days=" + days + " workingDaysPerYear=" + workingDaysPerYear);
        }
    }

    public Decision decide(long activityCount, BigDecimal annualGrossSalary) {
        if (activityCount < activityThreshold) {
            return new Decision(false, 0, Money.ZERO);
        }
        return new Decision(true, days, valueOf(days, annualGrossSalary));
    }

    /** Value of {@code numberOfDays} days, rounded once: salary × days / working days. */
    public BigDecimal valueOf(int numberOfDays, BigDecimal annualGrossSalary) {
        return annualGrossSalary.multiply(BigDecimal.valueOf(numberOfDays))
                .divide(BigDecimal.valueOf(workingDaysPerYear), Money.SCALE, RoundingMode.HALF_UP);
    }

    public record Decision(boolean eligible, int days, BigDecimal valueEur) implements Serializable {
    }
}
