package com.sportdata.benefits.history;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The run ledger as people read it: recent runs one per line, or one run stage by stage. */
public final class RunsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private RunsView() {
    }

    public static String list(List<RunLedger.Entry> entries) {
        if (entries.isEmpty()) {
            return "No runs recorded yet.\n";
        }
        Map<String, List<RunLedger.Entry>> byRun = new LinkedHashMap<>();
        entries.forEach(e -> byRun.computeIfAbsent(e.runId(), k -> new java.util.ArrayList<>()).add(e));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-29s %-9s %-19s %8s %-9s %-14s %-17s %-8s %s%n", "run id", "command",
                "started (UTC)", "time", "status", "benefit years", "rules hash", "register", "stages"));
        byRun.forEach((id, stages) -> {
            RunLedger.Entry first = stages.get(0);
            RunLedger.Entry last = stages.get(stages.size() - 1);
            boolean failed = stages.stream().anyMatch(s -> s.status() == RunLedger.Status.FAILED);
            out.append(String.format(Locale.ROOT, "%-29s %-9s %-19s %6.1f s %-9s %-14s %-17s %-8s %s%n", id, first.command(),
                    TIME.format(first.startedAt()), (last.endedAt().toEpochMilli() - first.startedAt().toEpochMilli()) / 1000.0,
                    failed ? "FAILED" : "SUCCEEDED", years(last.benefitYears()), last.rulesHash(),
                    last.registerVersion() == 0 ? "-" : "v" + last.registerVersion(),
                    stages.stream().map(s -> s.stage() + (s.status() == RunLedger.Status.FAILED ? "✗" : "")).collect(Collectors.joining(","))
                            + (first.replayOf() == null ? "" : " (replay of " + first.replayOf() + ")")));
        });
        return out.toString();
    }

    public static String detail(List<RunLedger.Entry> stages) {
        RunLedger.Entry first = stages.get(0);
        StringBuilder out = new StringBuilder("Run ").append(first.runId()).append('\n');
        out.append("  command:    ").append(first.command()).append(blank(first.arguments()) ? "" : "   (" + first.arguments() + ")").append('\n');
        out.append("  product:    ").append(first.productVersion()).append(" commit ").append(first.gitCommit() == null ? "unknown" : first.gitCommit())
                .append(", launched by ").append(first.launchedBy()).append('\n');
        out.append("  as of:      ").append(first.asOfDate()).append(", HR snapshot ").append(first.hrSnapshot()).append('\n');
        RunLedger.Entry last = stages.get(stages.size() - 1);
        out.append("  rules:      ").append(last.rulesHash()).append(last.registerVersion() == 0 ? "" : ", rules register v" + last.registerVersion())
                .append('\n');
        last.rules().forEach((from, canonical) -> out.append("    ").append(from).append(": ").append(canonical).append('\n'));
        if (first.replayOf() != null) {
            out.append("  replay of:  ").append(first.replayOf()).append('\n');
        }
        for (RunLedger.Entry s : stages) {
            out.append(String.format(Locale.ROOT, "  stage %-8s %-9s %s → %s (%.1f s)  rows read %d, written %d, quarantined %d%n", s.stage(),
                    s.status(), TIME.format(s.startedAt()), TIME.format(s.endedAt()), s.millis() / 1000.0, s.rowsRead(), s.rowsWritten(),
                    s.rowsQuarantined()));
            if (!s.benefitYears().isEmpty()) {
                out.append("      benefit years ").append(s.benefitYears()).append('\n');
            }
            if (!s.tablesRead().isEmpty()) {
                out.append("      read:    ").append(versions(s.tablesRead())).append('\n');
            }
            if (!s.tablesWritten().isEmpty()) {
                out.append("      written: ").append(versions(s.tablesWritten())).append('\n');
            }
            if (!blank(s.detail())) {
                out.append("      ").append(s.detail()).append('\n');
            }
            if (!blank(s.error())) {
                out.append("      error: ").append(s.error()).append('\n');
            }
        }
        return out.toString();
    }

    private static String versions(Map<String, Long> tables) {
        return tables.entrySet().stream().map(e -> e.getKey() + "@v" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String years(List<Integer> years) {
        return years == null || years.isEmpty() ? "-" : years.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
