package com.sportdata.benefits.rules;

/** Why an employee gets, or does not get, the sport bonus for a benefit period. */
public enum BonusStatus {
    ELIGIBLE("eligible"),
    NOT_SPORTY_MODE("not a sporty mode"),
    OVER_DISTANCE_LIMIT("over the distance limit"),
    DISTANCE_UNKNOWN("distance unknown");

    private final String label;

    BonusStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
