package com.sportdata.benefits.support;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build that is running: version and git commit, from the properties the build puts in the jar. */
public record ProductVersion(String version, String gitCommit) {
    private static final String RESOURCE = "sport-benefits-git.properties";
    private static final ProductVersion CURRENT = load();

    public static ProductVersion current() {
        return CURRENT;
    }

    private static ProductVersion load() {
        Properties properties = new Properties();
        try (InputStream in = ProductVersion.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // unknown is an honest answer
        }
        String version = properties.getProperty("git.build.version", "unknown");
        String commit = properties.getProperty("git.commit.id.abbrev");
        if (commit != null && "true".equals(properties.getProperty("git.dirty"))) {
            commit += "-dirty";
        }
        return new ProductVersion(version, commit);
    }
}
