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

    /** An amount as a French reader writes it, with plain spaces: {@code 1 234,56 €} ({@code decimals} 0 or 2). */
    public static String euros(java.math.BigDecimal amount, int decimals) {
        return String.format(java.util.Locale.FRANCE, "%,." + decimals + "f €", amount == null ? java.math.BigDecimal.ZERO : amount)
                .replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    /** A count with French digit grouping and plain spaces: {@code 12 345}. */
    public static String number(long n) {
        return String.format(java.util.Locale.FRANCE, "%,d", n).replace('\u202f', ' ').replace('\u00a0', ' ');
    }
}
