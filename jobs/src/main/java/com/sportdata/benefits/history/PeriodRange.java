package com.sportdata.benefits.history;

import com.sportdata.benefits.rules.BenefitPeriods;

import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A backfill range, {@code --from P --to Q}, each a benefit year ("2025") or a month ("2025-03"). Gold is
 * computed per benefit year (a month's bonus share and wellness count depend on the whole year), so months
 * are widened to the benefit years that contain them, and the widening is said.
 */
public record PeriodRange(List<Integer> benefitYears, String note) {

    public static PeriodRange parse(String from, String to, BenefitPeriods periods) {
        if (from == null || to == null) {
            throw new IllegalArgumentException("backfill needs --from and --to (a benefit year such as 2025, or a month such as 2025-03)");
        }
        int first = yearOf(from.trim(), periods);
        int last = yearOf(to.trim(), periods);
        if (first > last) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
        if (last - first > 50) {
            throw new IllegalArgumentException("range " + from + ".." + to + " spans more than 50 benefit years");
        }
        List<Integer> years = new ArrayList<>();
        for (int y = first; y <= last; y++) {
            years.add(y);
        }
        boolean months = from.contains("-") || to.contains("-");
        String note = months ? "months " + from + ".." + to + " lie in benefit years " + years
                + ": gold is computed per benefit year, so these years are recomputed whole" : null;
        return new PeriodRange(List.copyOf(years), note);
    }

    private static int yearOf(String period, BenefitPeriods periods) {
        if (period.matches("\\d{4}")) {
            return check(Integer.parseInt(period), period);
        }
        if (period.matches("\\d{4}-\\d{2}")) {
            try {
                return check(periods.benefitYearOf(YearMonth.parse(period).atDay(1)), period);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("not a month: '" + period + "'");
            }
        }
        throw new IllegalArgumentException("a period is a benefit year (2025) or a month (2025-03), got '" + period + "'");
    }

    private static int check(int year, String text) {
        if (year < 2000 || year > 2100) {
            throw new IllegalArgumentException("period out of range: " + text);
        }
        return year;
    }
}
