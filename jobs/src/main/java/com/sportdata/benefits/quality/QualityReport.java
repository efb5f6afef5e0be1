package com.sportdata.benefits.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's quality report: per layer and table what passed, what failed, what was quarantined and why, and
 * each metric next to its previous values. Rendered as self-contained HTML (no external asset) and as text.
 */
public record QualityReport(String runId, List<CheckOutcome> outcomes, Map<String, List<Double>> previousMetrics,
                            List<QuarantineCount> quarantine) {

    public record QuarantineCount(String table, String reason, long rows) {
    }

    public static String key(String layer, String table, String check) {
        return layer + "|" + table + "|" + check;
    }

    public long count(CheckOutcome.Status status, Level level) {
        return outcomes.stream().filter(o -> o.status() == status && (level == null || o.level() == level)).count();
    }

    public String text() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Quality: %d checks passed, %d warnings, %d errors, %d skipped (no history); %d rows quarantined%n",
                count(CheckOutcome.Status.PASSED, null), count(CheckOutcome.Status.FAILED, Level.WARNING),
                count(CheckOutcome.Status.FAILED, Level.ERROR), count(CheckOutcome.Status.SKIPPED, null),
                quarantine.stream().mapToLong(QuarantineCount::rows).sum()));
        outcomes.stream().filter(CheckOutcome::failed).forEach(o -> out.append("  ").append(o.level()).append(' ')
                .append(o.describe()).append('\n'));
        quarantine.forEach(q -> out.append("  quarantined ").append(q.table()).append(": ").append(q.rows()).append(" × ")
                .append(q.reason()).append('\n'));
        return out.toString();
    }

    public String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Quality report ").append(esc(runId))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin-bottom:1.5em;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:left;vertical-align:top;font-size:14px}th{background:#f3f3f3}")
                .append(".PASSED{color:#17672b}.FAILED.ERROR{color:#fff;background:#b3261e}.FAILED.WARNING{background:#ffe08a}")
                .append(".SKIPPED{color:#777}.why{color:#555;font-size:12px}</style></head><body>");
        h.append("<h1>Quality report — run ").append(esc(runId)).append("</h1><p>").append(esc(text().lines().findFirst().orElse("")))
                .append("</p>");
        List<CheckOutcome> rejected = outcomes.stream().filter(o -> o.layer().equals("landing") && o.failed()).toList();
        h.append("<h2 id=\"rejected-files\">Rejected landing files</h2>");
        if (rejected.isEmpty()) {
            h.append("<p>No landing file was rejected.</p>");
        } else {
            h.append("<table><tr><th>folder</th><th>level</th><th>what happened</th><th>why it matters</th></tr>");
            rejected.forEach(o -> h.append("<tr><td>").append(esc(o.table())).append("</td><td class=\"FAILED ").append(o.level())
                    .append("\">").append(o.level()).append("</td><td>").append(esc(o.message())).append("</td><td>").append(esc(o.why()))
                    .append("</td></tr>"));
            h.append("</table>");
        }
        Map<String, List<CheckOutcome>> byTable = new LinkedHashMap<>();
        outcomes.stream().filter(o -> !o.layer().equals("landing"))
                .forEach(o -> byTable.computeIfAbsent(o.layer() + "." + o.table(), k -> new ArrayList<>()).add(o));
        for (Map.Entry<String, List<CheckOutcome>> table : byTable.entrySet()) {
            h.append("<h2>").append(esc(table.getKey())).append("</h2><table><tr><th>check</th><th>level</th><th>status</th>")
                    .append("<th>constraint</th><th>metric</th><th>previous runs (newest first)</th><th>message</th></tr>");
            for (CheckOutcome o : table.getValue()) {
                List<Double> previous = previousMetrics.getOrDefault(key(o.layer(), o.table(), o.check()), List.of());
                h.append("<tr><td>").append(esc(o.check())).append("<div class=\"why\">").append(esc(o.why())).append("</div></td><td>")
                        .append(o.level()).append("</td><td class=\"").append(o.status()).append(' ').append(o.level()).append("\">")
                        .append(o.status()).append("</td><td><code>").append(esc(o.constraint())).append("</code></td><td>")
                        .append(number(o.metricValue())).append("</td><td>")
                        .append(esc(String.join(", ", previous.stream().map(QualityReport::number).toList()))).append("</td><td>")
                        .append(esc(o.message() == null ? "" : o.message())).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append("<h2>Quarantine</h2>");
        if (quarantine.isEmpty()) {
            h.append("<p>Nothing quarantined.</p>");
        } else {
            h.append("<table><tr><th>table</th><th>reason</th><th>rows</th></tr>");
            quarantine.forEach(q -> h.append("<tr><td>").append(esc(q.table())).append("</td><td>").append(esc(q.reason()))
                    .append("</td><td>").append(q.rows()).append("</td></tr>"));
            h.append("</table>");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String number(Double v) {
        if (v == null) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
