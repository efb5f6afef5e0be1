package com.sportdata.benefits.rules;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sport bonus: {@code rate} × annual gross salary for an employee whose declared commute mode is
 * sporty and whose home→office distance is known and within that mode's limit. A sporty declaration
 * that the distance does not back (too far, or unknown) is not paid and is reported for review.
 */
public record BonusRules(BigDecimal rate, Map<CommuteMode, BigDecimal> maxDistanceKm) implements Serializable {

    public BonusRules {
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("bonus rate must be within [0, 1], got " + rate);
        }
        EnumMap<CommuteMode, BigDecimal> copy = new EnumMap<>(CommuteMode.class);
        copy.putAll(maxDistanceKm);
        maxDistanceKm = Collections.unmodifiableMap(copy);
    }

    public boolean isSporty(CommuteMode mode) {
        return maxDistanceKm.containsKey(mode);
    }

    public Optional<BigDecimal> limitKm(CommuteMode mode) {
        return Optional.ofNullable(maxDistanceKm.get(mode));
    }

    /** @param distanceKm home→office distance for the declared mode, {@code null} when unknown */
    public Decision decide(CommuteMode mode, Double distanceKm, BigDecimal annualGrossSalary) {
        BonusStatus status = status(mode, distanceKm);
        BigDecimal amount = status == BonusStatus.ELIGIBLE ? Money.euros(annualGrossSalary.multiply(rate)) : Money.ZERO;
        return new Decision(status, amount);
    }

    public BonusStatus status(CommuteMode mode, Double distanceKm) {
        BigDecimal limit = maxDistanceKm.get(mode);
        if (limit == null) {
            return BonusStatus.NOT_SPORTY_MODE;
        }
        if (distanceKm == null || distanceKm.isNaN() || distanceKm < 0) {
            return BonusStatus.DISTANCE_UNKNOWN;
        }
        return BigDecimal.valueOf(distanceKm).compareTo(limit) <= 0 ? BonusStatus.ELIGIBLE : BonusStatus.OVER_DISTANCE_LIMIT;
    }

    public record Decision(BonusStatus status, BigDecimal amountEur) implements Serializable {
        public boolean eligible() {
            return status == BonusStatus.ELIGIBLE;
        }
    }
}
