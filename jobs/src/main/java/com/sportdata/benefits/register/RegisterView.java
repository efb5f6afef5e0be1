package com.sportdata.benefits.register;

import com.sportdata.benefits.config.AppConfig;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The rules register as people read it: per year, the parameters of record, their hash, since when, who and why. */
public final class RegisterView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private RegisterView() {
    }

    public static String render(List<RulesRegister.Entry> history, AppConfig defaults) {
        if (history.isEmpty()) {
            return "The rules register is empty: no benefit year is published yet. Every year takes the defaults of the configuration"
                    + " (conf/application.conf, rules.changes included); a year's first publication records its parameters.\n";
        }
        RulesRegister.Snapshot now = RulesRegister.snapshot(history);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Rules register v%d: %s of record%n", now.version(),
                com.sportdata.benefits.support.Words.count(now.years().size(), "year")));
        out.append(String.format(Locale.ROOT, "%-5s %-17s %-17s %-8s %-3s %-12s %-29s %s%n", "year", "rules hash", "since (UTC)",
                "action", "v", "by", "run", "why"));
        Map<Integer, List<RulesRegister.Entry>> byYear = RulesRegister.byYear(history);
        for (RulesRegister.Entry e : now.years().values()) {
            out.append(String.format(Locale.ROOT, "%-5d %-17s %-17s %-8s %-3d %-12s %-29s %s%n", e.benefitYear(), e.parameters().hash(),
                    e.changedAt() == null ? "" : TIME.format(e.changedAt()), e.action(), e.version(), e.changedBy(),
                    e.runId() == null ? "" : e.runId(), e.reason() == null ? "" : e.reason()));
            out.append("      ").append(own(e.parameters())).append('\n');
            List<RulesRegister.Entry> earlier = byYear.get(e.benefitYear());
            for (int i = earlier.size() - 2; i >= 0; i--) {
                RulesRegister.Entry before = earlier.get(i);
                RulesRegister.Entry next = earlier.get(i + 1);
                out.append("      v").append(next.version()).append(" changed ").append(before.parameters().differences(next.parameters())
                        .entrySet().stream().map(d -> d.getKey() + " " + d.getValue()[0] + " → " + d.getValue()[1])
                        .collect(Collectors.joining(", "))).append(" (before: v").append(before.version()).append(' ')
                        .append(before.action()).append(", ").append(before.parameters().hash()).append(")\n");
            }
        }
        now.lakeWide().ifPresent(p -> out.append("Lake-wide (every year): ").append(p.flat().entrySet().stream()
                .filter(e -> Parameters.lakeWide(e.getKey())).map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
                .append('\n'));
        int next = now.years().lastKey() + 1;
        Map<String, String[]> drift = now.years().lastEntry().getValue().parameters()
                .differences(Parameters.inForce(defaults.source(), next).withLakeWideOf(now.lakeWide().orElseThrow()));
        out.append("Years not in the register take the defaults of the configuration")
                .append(drift.isEmpty() ? " (the same as " + now.years().lastKey() + "'s)."
                        : "; for " + next + " they differ from " + now.years().lastKey() + "'s on " + drift.entrySet().stream()
                        .map(d -> d.getKey() + " (" + d.getValue()[0] + " → " + d.getValue()[1] + ")").collect(Collectors.joining(", ")) + ".")
                .append('\n');
        return out.toString();
    }

    private static String own(Parameters parameters) {
        return parameters.flat().entrySet().stream().filter(e -> !Parameters.lakeWide(e.getKey()))
                .map(e -> e.getKey().substring("rules.".length()) + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}
