package com.sportdata.benefits.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is BigDecimal in euros, rounded once, half-up, to the cent. */
public final class Money {
    public static final int SCALE = 2;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Money() {
    }

    public static BigDecimal euros(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.HALF_UP);
    }
}
