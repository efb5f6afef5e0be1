package com.sportdata.benefits.run;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.support.Words;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/**
 * What a run did, as values: feeds the printed summary (and later the run ledger and alerts).
 *
 * @param onlineRouting what the run asked Google Routes for (elements paid, routed, not found, failed), or null
 */
public record RunSummary(String runId, List<Integer> benefitYears, String rulesHash, BronzeIngestion.Result ingestion,
                         List<TableRun> tables, List<YearFigures> years, long declarationsToReview, QualityReport quality,
                         String qualityReportPath, List<String> alerts, long qualityMillis, long millis, String slack,
                         java.util.Map<String, String> stages, String failure, long ledgerMillis, long lockWaitMillis,
                         String onlineRouting) {

    public boolean failed() {
        return failure != null;
    }

    /** Gold figures of one benefit year. */
    public record YearFigures(int benefitYear, long employees, long bonusEligible, BigDecimal bonusTotalEur,
                              long wellnessEligible, long wellnessDays, BigDecimal wellnessValueEur, long activities) {
    }

    public long quarantinedRows() {
        return tables.stream().mapToLong(TableRun::rowsQuarantined).sum();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("\n=== Sport benefits run ").append(runId).append(" ===\n");
        if (ingestion == null) {
            out.append("Landing files: ingested by an earlier attempt of this run (see `runs --run ").append(runId).append("`)\n");
        } else {
            out.append("Landing files: " + ingestion.ingestedFiles().size() + " ingested (" + Words.count(ingestion.rowsIngested(), "row")
                    + "), " + ingestion.rejected().size() + " rejected, " + Words.count(ingestion.duplicates().size(), "duplicate") + ", "
                    + ingestion.alreadyIngested() + " already ingested\n");
            for (BronzeIngestion.FileOutcome rejected : ingestion.rejected()) {
                out.append("  REJECTED ").append(rejected.location()).append(": ").append(rejected.error()).append('\n');
            }
            for (BronzeIngestion.FileOutcome duplicate : ingestion.duplicates()) {
                out.append("  DUPLICATE ").append(duplicate.location()).append(": ").append(duplicate.error()).append('\n');
            }
        }
        if (benefitYears.isEmpty()) {
            // a run that stopped before gold (or had nothing to compute) computed no year under any rules
            out.append("Rules: no benefit year computed by this run\n");
        } else {
            out.append("Rules ").append(rulesHash).append(", ").append(benefitYears.size() == 1 ? "benefit year " + benefitYears.get(0)
                    : "benefit years " + benefitYears).append('\n');
        }
        for (YearFigures y : years) {
            out.append(String.format("%d: %d employees | bonus: %d eligible, %s € | wellness: %d eligible, %d days, %s € | %d activities%n",
                    y.benefitYear(), y.employees(), y.bonusEligible(), euros(y.bonusTotalEur()), y.wellnessEligible(),
                    y.wellnessDays(), euros(y.wellnessValueEur()), y.activities()));
        }
        out.append("Declarations to review: ").append(declarationsToReview).append('\n');
        out.append("Quarantined rows: ").append(quarantinedRows());
        tables.stream().filter(t -> t.rowsQuarantined() > 0)
                .forEach(t -> out.append(" | ").append(t.table().name()).append(' ').append(t.rowsQuarantined()));
        out.append('\n');
        if (tables.stream().anyMatch(t -> t.publication() != TableRun.Publication.REBUILT)) {
            out.append("Tables:");
            for (TableRun.Publication p : TableRun.Publication.values()) {
                List<String> names = tables.stream().filter(t -> t.publication() == p).map(t -> t.table().qualifiedName()).toList();
                if (!names.isEmpty()) {
                    out.append(' ').append(p.name().toLowerCase(Locale.ROOT)).append(' ').append(String.join(", ", names)).append(';');
                }
            }
            out.setLength(out.length() - 1);
            out.append('\n');
        }
        if (quality != null) {
            out.append(quality.text());
            out.append("Quality report: ").append(qualityReportPath).append('\n');
        }
        out.append("Slack: ").append(slack).append('\n');
        if (onlineRouting != null) {
            // what the run paid Google Routes for (commute.providers holds ONLINE_ROUTES and addresses were missing)
            out.append("Online routing: ").append(onlineRouting).append('\n');
        }
        if (!alerts.isEmpty()) {
            out.append("Alerts: ").append(alerts.size()).append('\n');
        }
        out.append(String.format(Locale.ROOT, "Time: %.1f s (quality checks and report: %.1f s, %.0f %%)%n", millis / 1000.0,
                qualityMillis / 1000.0, 100.0 * qualityMillis / Math.max(1, millis)));
        out.append(String.format(Locale.ROOT, "Run ledger: %.1f s for %d stage rows; lock wait: %.1f s%n", ledgerMillis / 1000.0,
                stages.size(), lockWaitMillis / 1000.0));
        out.append("Stages: ").append(stages.isEmpty() ? "none run" : String.join(", ", stages.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().replaceFirst(":.*", "")).toList())).append('\n');
        stages.forEach((stage, status) -> {
            if (status.startsWith("SKIPPED: ")) {
                out.append("  ").append(stage).append(" skipped, nothing rewritten: ").append(status.substring("SKIPPED: ".length()))
                        .append('\n');
            }
        });
        out.append(failure == null ? "Status: SUCCEEDED\n" : "Status: FAILED in " + failure + "\n");
        return out.toString();
    }

    static String euros(BigDecimal amount) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.FRANCE));
        return format.format(amount == null ? BigDecimal.ZERO : amount);
    }
}
