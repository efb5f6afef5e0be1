package com.sportdata.benefits.geo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A home address split into street, postcode and town. The HR file's addresses are free text, usually
 * {@code "<n> <street>, <postcode> <town>"}, with known defects: no street number, no postcode
 * ({@code "Av. de la Mer, Montpellier"}), no comma ({@code "455 route de mendes 34000 Montpellier"}).
 */
public record PostalAddress(String street, String postcode, String town) {
    private static final Pattern WITH_POSTCODE = Pattern.compile("^(.*?)[,\\s]+(\\d{5})\\s+([^,\\d][^,]*)$");
    private static final Pattern WITHOUT_POSTCODE = Pattern.compile("^(.*),\\s*([^,\\d][^,]*)$");

    public static PostalAddress parse(String raw) {
        String text = Text.clean(raw);
        if (text == null) {
            return new PostalAddress(null, null, null);
        }
        Matcher m = WITH_POSTCODE.matcher(text);
        if (m.matches()) {
            return new PostalAddress(Text.clean(m.group(1)), m.group(2), Text.clean(m.group(3)));
        }
        m = WITHOUT_POSTCODE.matcher(text);
        if (m.matches()) {
            return new PostalAddress(Text.clean(m.group(1)), null, Text.clean(m.group(2)));
        }
        return new PostalAddress(text, null, null);
    }
}
