package com.sportdata.benefits.support;

/** Counts in words people read: "1 error", "2 errors", "0 warnings". */
public final class Words {
    private Words() {
    }

    /** {@code n} and the noun, plural unless {@code n} is 1 (nouns whose plural is not "+s" give it). */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    public static String count(long n, String singular) {
        return count(n, singular, singular + "s");
    }
}
