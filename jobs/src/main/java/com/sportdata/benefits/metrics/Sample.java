package com.sportdata.benefits.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One value of a run's metrics: a Prometheus-style name (prefix {@code sport_benefits_}), its labels, its value.
 *
 * @param type "gauge" or "counter" (the Prometheus type written in the text format)
 */
public record Sample(String name, String help, String type, Map<String, String> labels, double value) {
    public static final String PREFIX = "sport_benefits_";

    public Sample {
        if (!name.startsWith(PREFIX) || !name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a metric name of the product: " + name);
        }
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public static Sample gauge(String name, String help, double value, String... labelPairs) {
        return new Sample(PREFIX + name, help, "gauge", pairs(labelPairs), value);
    }

    public static Sample counter(String name, String help, double value, String... labelPairs) {
        return new Sample(PREFIX + name, help, "counter", pairs(labelPairs), value);
    }

    private static Map<String, String> pairs(String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return labels;
    }
}
