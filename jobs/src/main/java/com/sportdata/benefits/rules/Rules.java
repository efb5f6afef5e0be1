package com.sportdata.benefits.rules;

import com.sportdata.benefits.support.Fingerprint;
import java.io.Serializable;
import java.util.stream.Collectors;

/** The complete parameter set that produces the benefit figures of a period. */
public record Rules(BonusRules bonus, WellnessRules wellness, BenefitPeriods periods) implements Serializable {

    /** A stable, human-readable rendering of every parameter, in a fixed order. */
    public String canonical() {
        String limits = bonus.maxDistanceKm().entrySet().stream()
                .map(e -> e.getKey().name() + "<=" + e.getValue().stripTrailingZeros().toPlainString())
                .sorted()
                .collect(Collectors.joining(","));
        return "bonus.rate=" + bonus.rate().stripTrailingZeros().toPlainString()
                + ";bonus.limits=" + limits
                + ";wellness.threshold=" + wellness.activityThreshold()
                + ";wellness.days=" + wellness.days()
                + ";wellness.working_days=" + wellness.workingDaysPerYear()
                + ";period.kind=" + periods.kind()
                + (periods.kind() == PeriodKind.ROLLING_12_MONTHS ? ";period.end_month=" + periods.rollingEndMonth() : "");
    }

    /** First 16 hex digits of SHA-256 of {@link #canonical()}: equal parameters, equal hash. */
    public String hash() {
        return sha256Prefix(canonical());
    }

    static String sha256Prefix(String text) {
        return Fingerprint.sha256(text, 16);
    }
}
