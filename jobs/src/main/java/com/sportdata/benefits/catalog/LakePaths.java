package com.sportdata.benefits.catalog;

import java.nio.file.Path;

/**
 * Resolves where things live. A local root becomes an absolute {@code file:} URI; {@code s3a://} and
 * other URIs are kept as they are, so the same code runs on the local lake and on S3/MinIO.
 */
public final class LakePaths {
    private final String root;
    /** Where gold tables are written instead of {@code <root>/gold} (scenarios, replays); null = the official gold. */
    private final String goldRoot;

    public LakePaths(String root) {
        this.root = normalise(root);
        this.goldRoot = null;
    }

    private LakePaths(String root, String goldRoot) {
        this.root = root;
        this.goldRoot = goldRoot;
    }

    /** The same lake with gold tables at {@code <root>/<folder>} (official gold untouched); other layers unchanged. */
    public LakePaths withGoldAt(String folder) {
        return new LakePaths(root, root + "/" + folder);
    }

    public String scenarios() {
        return root + "/scenarios";
    }

    /** A location as Hadoop reads it: a URI kept as given, a plain path made absolute ({@code file:/…}); no trailing slash. */
    public static String location(String root) {
        return normalise(root);
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
        if (goldRoot != null && id.layer() == Layer.GOLD) {
            return goldRoot + "/" + id.name();
        }
        return root + "/" + id.layer().folder() + "/" + id.name();
    }

    /** Where a table lives relative to the lake root ("silver/employees", "scenarios/x/fct_employee_benefits"). */
    public String relative(TableId id) {
        return table(id).substring(root.length() + 1);
    }

    /** The official table at a relative location, if it is one ("silver/employees" → silver.employees). */
    public static java.util.Optional<TableId> officialTable(String relative) {
        String[] parts = relative.split("/");
        if (parts.length != 2) {
            return java.util.Optional.empty();
        }
        for (Layer layer : Layer.values()) {
            if (layer.folder().equals(parts[0])) {
                return java.util.Optional.of(new TableId(layer, parts[1]));
            }
        }
        return java.util.Optional.empty();
    }

    public String landing(String source) {
        return root + "/landing/" + source;
    }

    public String landingRoot() {
        return root + "/landing";
    }
}
