package com.sportdata.benefits.landing;

import java.util.Locale;

/** One file found in the landing zone, identified by the SHA-256 of its content. */
public record LandingFile(LandingSource source, String path, String name, long sizeBytes, String sha256, java.time.Instant modifiedAt) {

    public String extension() {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
