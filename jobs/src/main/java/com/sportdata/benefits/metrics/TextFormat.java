package com.sportdata.benefits.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' text exposition format (version 0.0.4), what a Pushgateway accepts: one {@code # HELP} and
 * {@code # TYPE} per metric name, then its samples, label values escaped.
 */
public final class TextFormat {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private TextFormat() {
    }

    public static String render(List<Sample> samples) {
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        for (Sample s : samples) {
            byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
        }
        StringBuilder out = new StringBuilder();
        byName.forEach((name, group) -> {
            Sample first = group.get(0);
            for (Sample s : group) {
                if (!s.type().equals(first.type())) {
                    throw new IllegalArgumentException(name + " is both a " + first.type() + " and a " + s.type());
                }
            }
            out.append("# HELP ").append(name).append(' ').append(first.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(first.type()).append('\n');
            for (Sample s : group) {
                out.append(name);
                if (!s.labels().isEmpty()) {
                    List<String> pairs = new ArrayList<>();
                    s.labels().forEach((k, v) -> pairs.add(k + "=\"" + escape(v) + "\""));
                    out.append('{').append(String.join(",", pairs)).append('}');
                }
                out.append(' ').append(number(s.value())).append('\n');
            }
        });
        return out.toString();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return String.valueOf(value);
    }
}
