package com.sportdata.benefits.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Spark's INFO defaults (a distribution without conf/log4j2.properties) give way to the product's configuration. */
class LoggingTest {
    private LoggerContext context;
    private URI before;

    @BeforeEach
    void remember() {
        context = (LoggerContext) LogManager.getContext(false);
        before = context.getConfigLocation();
    }

    @AfterEach
    void restore() {
        context.setConfigLocation(before);
    }

    private static String location(LoggerContext context) {
        return context.getConfiguration().getConfigurationSource().getLocation();
    }

    @Test
    void sparks_info_defaults_are_replaced_by_the_products_quiet_configuration() throws Exception {
        URI sparkDefaults = org.apache.spark.SparkContext.class.getClassLoader().getResource("org/apache/spark/log4j2-defaults.properties").toURI();
        context.setConfigLocation(sparkDefaults);
        assertThat(Logging.sparkDefaultsInEffect()).isTrue();
        assertThat(LogManager.getLogger("org.apache.spark.sql.delta.DeltaLog").isInfoEnabled()).isTrue();

        Logging.apply("text");

        assertThat(Logging.sparkDefaultsInEffect()).isFalse();
        assertThat(location(context)).endsWith("log4j2.properties").doesNotContain("org/apache/spark");
        assertThat(LogManager.getLogger("org.apache.spark.sql.delta.DeltaLog").getLevel()).isEqualTo(Level.WARN);
        assertThat(LogManager.getLogger("com.sportdata.benefits.run.Pipeline").isInfoEnabled()).isTrue();
    }

    @Test
    void a_configuration_of_the_users_own_is_kept() throws Exception {
        URI own = getClass().getClassLoader().getResource("log4j2-json.properties").toURI();
        context.setConfigLocation(own);
        String location = location(context);

        Logging.apply("text");

        assertThat(location(context)).isEqualTo(location);
    }

    @Test
    void json_lines_replace_any_configuration() {
        Logging.apply("json");

        assertThat(location(context)).endsWith("log4j2-json.properties");
    }
}
