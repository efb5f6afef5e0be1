package com.sportdata.benefits.catalog;

import java.nio.file.Path;

/**
 * Resolves where things live. A local root becomes an absolute {@code file:} URI; {@code s3a://} and
 * other URIs are kept as they are, so the same code runs on the local lake and on S3/MinIO.
 */
public final class LakePaths {
    private final String root;

    public LakePaths(String root) {
        this.root = normalise(root);
    }

    private static String normalise(String root) {
        String trimmed = root.trim();
        if (trimmed.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return trimmed.replaceAll("/+$", "");
        }
        String uri = Path.of(trimmed).toAbsolutePath().normalize().toUri().toString();
        return uri.replaceAll("/+$", "");
    }

    public String root() {
        return root;
    }

    public String table(TableId id) {
        return root + "/" + id.layer().folder() + "/" + id.name();
    }

    public String landing(String source) {
        return root + "/landing/" + source;
    }

    public String landingRoot() {
        return root + "/landing";
    }
}
