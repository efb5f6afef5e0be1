package com.sportdata.benefits.cli;

import org.apache.logging.log4j.core.config.Configurator;

import java.net.URISyntaxException;

/** Switches the log output to JSON lines (log4j2's JSON template layout) for {@code --log-format json}. */
final class Logging {
    private static final String JSON_CONFIG = "log4j2-json.properties";

    private Logging() {
    }

    static void apply(String format) {
        if (!"json".equals(format)) {
            return;
        }
        var resource = Logging.class.getClassLoader().getResource(JSON_CONFIG);
        if (resource == null) {
            throw new IllegalStateException(JSON_CONFIG + " is missing from the jar");
        }
        try {
            Configurator.reconfigure(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
