package com.sportdata.benefits.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

import java.net.URISyntaxException;

/**
 * The product's log configuration in every way it is launched. {@code --log-format json} switches to JSON lines
 * (log4j2's JSON template layout). Submitted as the application jar to a Spark distribution without a
 * {@code conf/log4j2.properties} (or to this project's cluster), log4j is already set up with Spark's INFO defaults
 * before the jar is loaded: Spark's and Delta's INFO lines would bury the product's own (and slow a run down); the
 * product's quiet configuration replaces them. A distribution's own log4j2.properties is kept.
 */
final class Logging {
    private static final String TEXT_CONFIG = "log4j2.properties";
    private static final String JSON_CONFIG = "log4j2-json.properties";
    private static final String SPARK_DEFAULTS = "org/apache/spark/log4j2-defaults.properties";

    private Logging() {
    }

    static void apply(String format) {
        if ("json".equals(format)) {
            reconfigure(JSON_CONFIG);
        } else if (sparkDefaultsInEffect()) {
            reconfigure(TEXT_CONFIG);
        }
    }

    static boolean sparkDefaultsInEffect() {
        if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
            return false;
        }
        String location = context.getConfiguration().getConfigurationSource().getLocation();
        return location != null && location.endsWith(SPARK_DEFAULTS);
    }

    private static void reconfigure(String name) {
        var resource = Logging.class.getClassLoader().getResource(name);
        if (resource == null) {
            throw new IllegalStateException(name + " is missing from the jar");
        }
        try {
            Configurator.reconfigure(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
