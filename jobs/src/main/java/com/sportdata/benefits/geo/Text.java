package com.sportdata.benefits.geo;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text clean-up shared by ingestion, matching and the Spark UDFs. Pure functions, null in → null out. */
public final class Text {
    private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern NON_ALNUM = Pattern.compile("[^a-z0-9]+");
    private static final Pattern MOJIBAKE = Pattern.compile("[ÃÂ][^\\sA-Za-z0-9]|â€");
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private Text() {
    }

    /** Trims and collapses inner whitespace; blank becomes null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        String cleaned = SPACES.matcher(Normalizer.normalize(text, Normalizer.Form.NFC).replace('\u00A0', ' '))
                .replaceAll(" ").trim();
        return cleaned.isEmpty() ? null : cleaned;
    }

    /**
     * Repairs UTF-8 text that was decoded as Windows-1252/Latin-1 ("TimothÃ©e" → "Timothée"). Text
     * without the tell-tale sequences, or whose repair would not be valid UTF-8, is returned unchanged.
     */
    public static String repairMojibake(String text) {
        if (text == null || !MOJIBAKE.matcher(text).find()) {
            return text;
        }
        for (Charset charset : new Charset[] {CP1252, StandardCharsets.ISO_8859_1}) {
            byte[] bytes = text.getBytes(charset);
            String decoded = new String(bytes, StandardCharsets.UTF_8);
            if (!decoded.contains("\uFFFD") && new String(decoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(decoded)
                    && roundTrips(text, charset)) {
                return decoded;
            }
        }
        return text;
    }

    private static boolean roundTrips(String text, Charset charset) {
        return new String(text.getBytes(charset), charset).equals(text);
    }

    public static String stripAccents(String text) {
        return DIACRITICS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
    }

    /** Case-, accent-, space- and punctuation-insensitive key: "Tennis de table" → "tennisdetable". */
    public static String matchKey(String text) {
        if (text == null) {
            return null;
        }
        return NON_ALNUM.matcher(stripAccents(text).toLowerCase(Locale.ROOT)).replaceAll("");
    }

    /** Key of a free-text address for the precomputed distance table: lower case, single spaces. */
    public static String addressKey(String address) {
        String cleaned = clean(address);
        return cleaned == null ? null : cleaned.toLowerCase(Locale.FRENCH).replace('’', '\'');
    }

    /**
     * Key of a French commune name as La Poste spells it: upper case, no accents, hyphens and
     * apostrophes as spaces, SAINT/SAINTE abbreviated ("Saint-Clément-de-Rivière" → "ST CLEMENT DE RIVIERE").
     */
    public static String townKey(String town) {
        String cleaned = clean(town);
        if (cleaned == null) {
            return null;
        }
        String key = stripAccents(cleaned).toUpperCase(Locale.ROOT).replaceAll("[-'’.]", " ");
        key = SPACES.matcher(key).replaceAll(" ").trim();
        key = key.replaceAll("\\bSAINTE\\b", "STE").replaceAll("\\bSAINT\\b", "ST");
        return key;
    }
}
