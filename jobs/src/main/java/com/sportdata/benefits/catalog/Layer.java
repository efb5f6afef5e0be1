package com.sportdata.benefits.catalog;

import java.util.Locale;

/** The medallion layers, in the order data flows through them, and OPS: what the runs themselves did. */
public enum Layer {
    BRONZE, SILVER, GOLD, OPS;

    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }
}
