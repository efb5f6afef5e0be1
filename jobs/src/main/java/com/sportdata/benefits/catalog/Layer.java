package com.sportdata.benefits.catalog;

import java.util.Locale;

/** The medallion layers, in the order data flows through them. */
public enum Layer {
    BRONZE, SILVER, GOLD;

    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }
}
