package com.sportdata.benefits.quality;

import com.sportdata.benefits.support.Messages;
import com.sportdata.benefits.support.Templates;
import com.sportdata.benefits.support.Words;
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
                            List<QuarantineCount> quarantine, RunOutcome outcome) {

    /** A report whose run's outcome is not known (its first sentence is then the check counts). */
    public QualityReport(String runId, List<CheckOutcome> outcomes, Map<String, List<Double>> previousMetrics,
                         List<QuarantineCount> quarantine) {
        this(runId, outcomes, previousMetrics, quarantine, null);
    }

    public QualityReport withOutcome(RunOutcome runOutcome) {
        return new QualityReport(runId, outcomes, previousMetrics, quarantine, runOutcome);
    }

    /** The first sentence, in {@code messages}' language: how the run ended, and why when it failed. */
    public String headline(Messages messages) {
        return outcome == null ? "" : outcome.sentence(messages, runId, count(CheckOutcome.Status.FAILED, Level.ERROR),
                count(CheckOutcome.Status.FAILED, Level.WARNING));
    }

    /** The counts in one sentence, in {@code messages}' language. */
    public String summary(Messages messages) {
        return messages.text("report.summary", count(CheckOutcome.Status.PASSED, null), count(CheckOutcome.Status.FAILED, Level.WARNING),
                count(CheckOutcome.Status.FAILED, Level.ERROR), count(CheckOutcome.Status.SKIPPED, null),
                quarantine.stream().mapToLong(QuarantineCount::rows).sum());
    }

    public record QuarantineCount(String table, String reason, long rows) {
    }

    public static String key(String layer, String table, String check) {
        return layer + "|" + table + "|" + check;
    }

    public long count(CheckOutcome.Status status, Level level) {
        return outcomes.stream().filter(o -> o.status() == status && (level == null || o.level() == level)).count();
    }

    public String text() {
        StringBuilder out = new StringBuilder("Quality: " + Words.count(count(CheckOutcome.Status.PASSED, null), "check") + " passed, "
                + Words.count(count(CheckOutcome.Status.FAILED, Level.WARNING), "warning") + ", "
                + Words.count(count(CheckOutcome.Status.FAILED, Level.ERROR), "error") + ", "
                + count(CheckOutcome.Status.SKIPPED, null) + " skipped (no history); "
                + Words.count(quarantine.stream().mapToLong(QuarantineCount::rows).sum(), "row") + " quarantined\n");
        outcomes.stream().filter(CheckOutcome::failed).forEach(o -> out.append("  ").append(o.level()).append(' ')
                .append(o.describe()).append('\n'));
        quarantine.forEach(q -> out.append("  quarantined ").append(q.table()).append(": ").append(q.rows()).append(" × ")
                .append(q.reason()).append('\n'));
        return out.toString();
    }

    /**
     * The report as self-contained HTML (the {@code quality.ftlh} template; no external asset): it opens with what failed
     * or warned in plain words with the figures, the failing rows' count and a few of them, and each metric's previous
     * values; then rejected files, every table's checks (linked from a table of contents), the quarantine.
     */
    public String html(Messages messages) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("title", messages.text("report.title", runId));
        model.put("headline", headline(messages));
        model.put("failed", outcome != null && outcome.failed());
        model.put("summary", summary(messages));
        List<Map<String, Object>> attention = new ArrayList<>();
        outcomes.stream().filter(o -> o.failed() && !o.layer().equals("landing"))
                .sorted(java.util.Comparator.comparing((CheckOutcome o) -> o.level() == Level.ERROR ? 0 : 1))
                .forEach(o -> {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("level", o.level().name());
                    a.put("anchor", anchor(o));
                    a.put("table", o.layer() + "." + o.table());
                    a.put("check", o.check());
                    a.put("message", o.message() == null ? "" : o.message());
                    a.put("why", o.why() == null ? "" : o.why());
                    if (o.failingRows() != null) {
                        a.put("failingRowsText", messages.text("report.attention.rows", o.failingRows()));
                    }
                    a.put("trend", trend(o));
                    List<Map<String, String>> examples = o.examples() == null ? List.of() : o.examples();
                    a.put("examples", examples);
                    a.put("columns", examples.isEmpty() ? List.of() : new ArrayList<>(examples.get(0).keySet()));
                    attention.add(a);
                });
        model.put("attention", attention);
        model.put("rejected", outcomes.stream().filter(o -> o.layer().equals("landing") && o.failed()).map(o -> Map.of(
                "table", o.table(), "level", o.level().name(), "message", String.valueOf(o.message()), "why", String.valueOf(o.why()))).toList());
        Map<String, List<CheckOutcome>> byTable = new LinkedHashMap<>();
        outcomes.stream().filter(o -> !o.layer().equals("landing"))
                .forEach(o -> byTable.computeIfAbsent(o.layer() + "." + o.table(), k -> new ArrayList<>()).add(o));
        List<Map<String, Object>> tables = new ArrayList<>();
        byTable.forEach((name, checks) -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", name);
            t.put("anchor", anchor(checks.get(0)));
            t.put("failed", checks.stream().filter(CheckOutcome::failed).count());
            t.put("checks", checks.stream().map(o -> Map.of("check", o.check(), "why", String.valueOf(o.why()), "level", o.level().name(),
                    "status", o.status().name(), "constraint", String.valueOf(o.constraint()), "metric", number(o.metricValue()),
                    "trend", trend(o), "message", o.message() == null ? "" : o.message())).toList());
            tables.add(t);
        });
        model.put("tables", tables);
        model.put("quarantine", quarantine.stream().map(q -> Map.of("table", q.table(), "reason", q.reason(), "rows", String.valueOf(q.rows())))
                .toList());
        return Templates.render("quality.ftlh", model, messages);
    }

    /** The id of a table's section. */
    static String anchor(CheckOutcome o) {
        return "t-" + (o.layer() + "-" + o.table()).replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private String trend(CheckOutcome o) {
        return String.join(" · ", previousMetrics.getOrDefault(key(o.layer(), o.table(), o.check()), List.of()).stream()
                .map(QualityReport::number).toList());
    }

    private static String number(Double v) {
        if (v == null) {
            return "";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.4f", v);
    }
}
