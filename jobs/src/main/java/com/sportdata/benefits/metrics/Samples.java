package com.sportdata.benefits.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's samples as Prometheus' Java client holds them: one gauge or counter per name in a registry of their own (not
 * the client's default one), from which the client writes the text format and pushes to a Pushgateway.
 */
public final class Samples {
    private static final String TOTAL = "_total";

    private Samples() {
    }

    /** A fresh registry holding exactly these samples; a name used with two types or two label sets is refused. */
    public static PrometheusRegistry registry(List<Sample> samples) {
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        for (Sample s : samples) {
            byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        byName.forEach((name, group) -> {
            Sample first = group.get(0);
            String[] labelNames = first.labels().keySet().toArray(String[]::new);
            for (Sample s : group) {
                if (!s.type().equals(first.type())) {
                    throw new IllegalArgumentException(name + " is both a " + first.type() + " and a " + s.type());
                }
                if (!s.labels().keySet().equals(first.labels().keySet())) {
                    throw new IllegalArgumentException(name + " has two label sets: " + first.labels().keySet() + " and "
                            + s.labels().keySet());
                }
            }
            if ("counter".equals(first.type())) {
                // the client names a counter without its _total suffix and adds it when it writes
                Counter counter = Counter.builder().name(name.endsWith(TOTAL) ? name.substring(0, name.length() - TOTAL.length()) : name)
                        .help(first.help()).labelNames(labelNames).register(registry);
                group.forEach(s -> counter.labelValues(values(s)).inc(s.value()));
            } else {
                Gauge gauge = Gauge.builder().name(name).help(first.help()).labelNames(labelNames).register(registry);
                group.forEach(s -> gauge.labelValues(values(s)).set(s.value()));
            }
        });
        return registry;
    }

    /** The samples in Prometheus' text format (what the Pushgateway receives). */
    public static String text(List<Sample> samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry(samples).scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String[] values(Sample s) {
        return s.labels().values().toArray(String[]::new);
    }
}
