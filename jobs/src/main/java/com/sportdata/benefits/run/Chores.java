package com.sportdata.benefits.run;

import com.sportdata.benefits.bi.BiExport;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.history.Acknowledgements;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.history.Vacuum;
import com.sportdata.benefits.context.RunContext;

import java.time.LocalDate;
import java.util.List;

/**
 * The commands whose graph is a single stage — {@code export}, {@code vacuum}, {@code purge}, {@code digest}, {@code notify} —
 * through the same {@link CommandEnvelope} as a run: a ledger row with what they did, their alerts delivered,
 * their metrics published, their failure thrown after all that. Each returns what the command prints.
 */
public final class Chores {
    private Chores() {
    }

    /** The BI snapshot of the lake's gold, to {@code target} (null: {@code export.to}, else {@code <lake>/exports}). */
    public static String export(CommandEnvelope envelope, String target) {
        if (!envelope.writer().exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            throw new IllegalArgumentException("no gold in " + envelope.paths().root() + " yet: `run` first");
        }
        String goldRunId = envelope.ledger().lastGold().map(RunLedger.Entry::runId).orElse(null);
        StageRunner.Step<BiExport.Result> step = envelope.step(new ExportStage(target, goldRunId));
        CommandEnvelope.Result result = once(envelope, "export", step);
        return result.value(step).map(BiExport.Result::render).orElse("") + result.metricsLine() + "\n";
    }

    /** Personal data older than the retention horizon purged (see {@link com.sportdata.benefits.history.Purge}). */
    public static String purge(CommandEnvelope envelope) {
        StageRunner.Step<com.sportdata.benefits.history.Purge.Result> step = envelope.step(new PurgeStage());
        CommandEnvelope.Result result = once(envelope, "purge", step);
        return result.value(step).map(com.sportdata.benefits.history.Purge.Result::render).orElse("") + result.metricsLine() + "\n";
    }

    /**
     * When a purge ran: the benefit years before its horizon lost their per-employee rows, and {@code what} (a backfill)
     * would make them again from today's data — refused, naming the purge.
     */
    static void refusePurgedYears(RunLedger ledger, java.util.Collection<Integer> years, int personalDataYears, String what) {
        ledger.lastSucceeded(PurgeStage.NAME, List.of(PurgeStage.NAME)).ifPresent(purge -> {
            int horizon = PurgeStage.cutoff(purge.startedAt(), personalDataYears).atOffset(java.time.ZoneOffset.UTC).getYear();
            List<Integer> purged = years.stream().filter(y -> y < horizon).sorted().toList();
            if (!purged.isEmpty()) {
                throw new IllegalArgumentException(what + " refused: benefit years " + purged + " ended before the retention horizon of"
                        + " purge run " + purge.runId() + " (personal data before " + horizon + " removed: lake.retention.personal-data-years = "
                        + personalDataYears + "); their per-employee figures would be made again from today's HR data. Years from "
                        + horizon + " on can be recomputed.");
            }
        });
    }

    /** Delta files older than {@code retainDays} days of versions (null: the reproducibility window) removed. */
    public static String vacuum(CommandEnvelope envelope, Integer retainDays) {
        int window = envelope.config().lake().reproducibilityDays();
        Vacuum.checkRetention(retainDays, window);
        StageRunner.Step<List<Vacuum.TableResult>> step = envelope.step(new VacuumStage(retainDays));
        CommandEnvelope.Result result = once(envelope, "vacuum", step);
        return Vacuum.render(result.value(step).orElse(List.of()), retainDays == null ? window : retainDays) + result.metricsLine() + "\n";
    }

    /** The digest of the week ending on {@code lastDay}, posted once. */
    public static String digest(CommandEnvelope envelope, LocalDate lastDay) {
        StageRunner.Step<DigestStage.Posted> step = envelope.step(new DigestStage(envelope.notifier(), lastDay));
        CommandEnvelope.Result result = once(envelope, "digest", step);
        return result.value(step).map(DigestStage.Posted::render).orElse("") + "\n" + result.metricsLine() + "\n";
    }

    /** New activities since the last run enqueued and delivered, with what an earlier delivery left pending. */
    public static String notifyOnce(CommandEnvelope envelope) {
        StageRunner.Step<String> step = envelope.step(new NotifyStage(envelope.notifier()));
        CommandEnvelope.Result result = once(envelope, "notify", step);
        return result.value(step).orElse("") + "\n" + result.metricsLine() + "\n";
    }

    /**
     * {@code items} recorded as acknowledged for {@code reason}: the product stops repeating them while they stay as
     * they are. Returns what the command prints.
     */
    public static String acknowledge(CommandEnvelope envelope, List<Acknowledgements.Item> items, String reason) {
        StageRunner.Step<Integer> step = envelope.step(new AcknowledgeStage(items, reason));
        CommandEnvelope.Result result = once(envelope, "ack", step);
        int recorded = result.value(step).orElse(0);
        StringBuilder out = new StringBuilder();
        items.forEach(i -> out.append("acknowledged: ").append(i.detail()).append('\n'));
        out.append(recorded).append(recorded == 1 ? " acknowledgement" : " acknowledgements").append(" recorded")
                .append(recorded < items.size() ? " (" + (items.size() - recorded) + " already acknowledged)" : "")
                .append(" — said again only when something changes\n");
        return out.toString();
    }

    /** The connected Strava athletes' new activities landed (see {@link com.sportdata.benefits.connect.StravaPull}). */
    public static String stravaPull(CommandEnvelope envelope, java.util.Map<String, String> environment) {
        StageRunner.Step<com.sportdata.benefits.connect.StravaPull.Result> step = envelope.step(new StravaPullStage(environment));
        CommandEnvelope.Result result = once(envelope, "strava", step);
        return result.value(step).map(com.sportdata.benefits.connect.StravaPull.Result::render).orElse("") + result.metricsLine() + "\n";
    }

    private static CommandEnvelope.Result once(CommandEnvelope envelope, String command, StageRunner.Step<?> step) {
        return envelope.execute(envelope.plan(RunContext.start(command, envelope.config()), List.of(step))).orThrow();
    }
}
