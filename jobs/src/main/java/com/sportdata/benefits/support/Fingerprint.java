package com.sportdata.benefits.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints that name things deterministically (rule sets, events). */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** The first {@code hexDigits} hex digits of the SHA-256 of {@code text} (UTF-8). */
    public static String sha256(String text, int hexDigits) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, hexDigits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
