package com.sportdata.benefits.gold;


/** Small helpers shared by the gold tables. */
final class GoldColumns {
    private GoldColumns() {
    }

    /** Join columns, as Spark's Java overload of {@code join} takes them. */
    static String[] joinKeys(String... names) {
        return names;
    }
}
