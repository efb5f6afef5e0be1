package com.sportdata.benefits.run;

import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.catalog.Layer;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.gold.GoldFigures;
import com.sportdata.benefits.gold.GoldLayer;
import com.sportdata.benefits.history.ContentHash;
import com.sportdata.benefits.history.InputPoint;
import com.sportdata.benefits.history.PeriodRange;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.TableRun;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.slack.Notifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;

/**
 * {@code backfill --from P --to Q}: recomputes the gold periods of the range from silver (optionally as of a
 * past version or time) with the current parameters, and replaces each period entirely — replaceWhere on the
 * requested years, so a year with no data left is cleared — leaving every other period untouched. The graph:
 * the "gold" stage, then "quality" (always); the checks run and are recorded as for any run.
 */
public final class Backfill {
    private final CommandEnvelope envelope;
    private final SparkSession spark;
    private final AppConfig config;
    private final LakePaths paths;
    private final TableWriter writer;

    public Backfill holding(LakeLock held, Progress shown) {
        envelope.holding(held).reporting(shown);
        return this;
    }

    public Backfill(SparkSession spark, AppConfig config, Alerts alerts, String arguments) {
        this(new CommandEnvelope(spark, config, arguments, alerts, Notifier.fromEnvironment(spark, config)));
    }

    public Backfill(CommandEnvelope envelope) {
        this.envelope = envelope;
        this.spark = envelope.spark();
        this.config = envelope.config();
        this.paths = envelope.paths();
        this.writer = envelope.writer();
    }

    /** One benefit year before and after: rows, total cost, rules hashes and content (run ids aside). */
    public record YearChange(int year, long rowsBefore, long rowsAfter, BigDecimal totalBefore, BigDecimal totalAfter,
                             Set<String> rulesBefore, Set<String> rulesAfter, boolean contentChanged) {
    }

    public record Result(String runId, List<Integer> years, String note, Map<String, Long> inputs, Map<String, long[]> versions,
                         List<YearChange> changes, String reportPath, String metrics, long millis) {

        public String render() {
            StringBuilder out = new StringBuilder("\n=== Backfill ").append(runId).append(" ===\n");
            if (note != null) {
                out.append("Note: ").append(note).append('\n');
            }
            out.append("Inputs read: ").append(inputs.entrySet().stream().map(e -> e.getKey() + "@v" + e.getValue())
                    .collect(Collectors.joining(", "))).append('\n');
            out.append(String.format("%-6s %12s %22s %22s  %s%n", "year", "rows", "total cost before (€)", "total cost after (€)",
                    "rules hash before → after"));
            for (YearChange c : changes) {
                out.append(String.format(Locale.ROOT, "%-6d %5d → %-5d %22s %22s  %s → %s%s%n", c.year(), c.rowsBefore(), c.rowsAfter(),
                        money(c.totalBefore()), money(c.totalAfter()), String.join(",", c.rulesBefore()),
                        String.join(",", c.rulesAfter()), c.contentChanged() ? "" : "   (content unchanged)"));
            }
            versions.forEach((table, v) -> out.append(table).append(v[0] == v[1] ? ": unchanged at version " + v[1]
                    : ": version " + (v[0] < 0 ? "none" : String.valueOf(v[0])) + " → " + v[1]
                    + (v[0] < 0 ? "" : " (the previous version stays readable: VERSION AS OF " + v[0] + ")")).append('\n'));
            out.append("Quality report: ").append(reportPath).append('\n');
            out.append(metrics).append('\n');
            out.append(String.format(Locale.ROOT, "Time: %.1f s%n", millis / 1000.0));
            return out.toString();
        }

        private static String money(BigDecimal amount) {
            return String.format(Locale.FRANCE, "%,.2f", amount == null ? BigDecimal.ZERO : amount);
        }
    }

    /**
     * @param asOf a Delta version or a timestamp to read silver as of, or empty for the current silver
     * @param reason why, recorded in every commit and in the ledger
     */
    public Result run(PeriodRange range, Optional<String> asOf, String reason) {
        return run(range, asOf, reason, RunContext.start("backfill", config));
    }

    /** The same, as the given run (a rules change names the run that applies it before it starts). */
    public Result run(PeriodRange range, Optional<String> asOf, String reason, RunContext started) {
        long start = System.currentTimeMillis();
        if (!writer.exists(Tables.EMPLOYEES)) {
            throw new IllegalStateException("nothing to backfill from: silver is empty in " + paths.root() + " (run the pipeline first)");
        }
        Chores.refusePurgedYears(envelope.ledger(), range.benefitYears(), config.lake().personalDataYears(), "backfill");
        RunContext run = started.withBenefitYears(range.benefitYears()).withReason(reason);
        List<TableId> silverInputs = GoldLayer.silverInputs(GoldLayer.BY_PERIOD).stream().filter(writer::exists).toList();
        Map<TableId, Long> pins = asOf.map(spec -> InputPoint.resolve(spark, writer, spec, silverInputs, run.timeZone()))
                .orElse(Map.of());
        TableWriter source = writer.pinnedTo(pins);
        Map<Integer, YearFigures> before = figures(run.benefitYears());
        Map<String, Long> versionsBefore = new LinkedHashMap<>();
        for (TableJob job : GoldLayer.BY_PERIOD) {
            versionsBefore.put(job.target().qualifiedName(), writer.exists(job.target()) ? writer.latestVersion(job.target()) : -1L);
        }
        Stage<Void> gold = Stage.of(RunLedger.GOLD_STAGE, context -> {
            GoldYears.Inputs inputs = GoldYears.inputs(context.writer());
            List<TableRun> tables = context.layerRunner(context.writer()).runLayer(GoldLayer.BY_PERIOD, context.run());
            // silver read as of a past version is not the state a later run finds: recorded so that none matches it
            String state = pins.isEmpty() ? GoldYears.silverState(context.writer()) : "as of " + asOf.orElse("");
            GoldYears.record(context.spark(), context.writer(), context.run().benefitYears(), inputs, context.run(),
                    Unchanged.settingsHash(context.config().reproducibleJson()), state, Map.of());
            return StageResult.<Void>done(GoldStage.pinned(context, context.run()), Pipeline.counts(tables), "backfill of " + context.run().benefitYears()
                    + (reason.isBlank() ? "" : ": " + reason) + asOf.map(a -> " (inputs as of " + a + ")").orElse(""))
                    .withTables(tables);
        });
        StageRunner.Step<QualityReports.Written> quality = envelope.quality(true);
        CommandEnvelope.Result result = envelope.execute(envelope.plan(run, List.of(envelope.step(gold), quality)).writingWith(source))
                .orThrow();
        StageRunner.Outcome outcome = result.outcome();
        List<TableRun> tables = outcome.result(RunLedger.GOLD_STAGE).map(StageResult::tables).orElse(List.of());
        String reportPath = result.value(quality).map(QualityReports.Written::shown).orElse(null);
        Map<Integer, YearFigures> after = figures(run.benefitYears());
        List<YearChange> changes = run.benefitYears().stream().map(y -> {
            YearFigures b = before.getOrDefault(y, YearFigures.EMPTY);
            YearFigures a = after.getOrDefault(y, YearFigures.EMPTY);
            return new YearChange(y, b.rows(), a.rows(), b.total(), a.total(), b.rules(), a.rules(), !b.hash().equals(a.hash()));
        }).toList();
        Map<String, long[]> versions = new LinkedHashMap<>();
        tables.forEach(t -> versions.put(t.table().qualifiedName(), new long[] {versionsBefore.get(t.table().qualifiedName()),
                t.versionWritten()}));
        Map<String, Long> inputs = new TreeMap<>();
        tables.forEach(t -> t.inputVersions().forEach((k, v) -> {
            if (!k.startsWith(Layer.GOLD.folder() + "/")) {
                inputs.put(k, v);
            }
        }));
        return new Result(run.runId(), run.benefitYears(), range.note(), inputs, versions, changes, reportPath, result.metricsLine(),
                System.currentTimeMillis() - start);
    }

    private record YearFigures(long rows, BigDecimal total, Set<String> rules, String hash) {
        static final YearFigures EMPTY = new YearFigures(0, BigDecimal.ZERO, Set.of(), "");
    }

    private Map<Integer, YearFigures> figures(List<Integer> years) {
        Map<Integer, YearFigures> figures = new TreeMap<>();
        if (!writer.exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            return figures;
        }
        Dataset<Row> fct = writer.read(Tables.FCT_EMPLOYEE_BENEFITS).filter(col("benefit_year").isin(years.toArray()));
        for (GoldFigures.Year y : GoldFigures.years(fct)) {
            ContentHash hash = ContentHash.of(fct.filter(col("benefit_year").equalTo(y.year())), "run_id");
            figures.put(y.year(), new YearFigures(y.employees(), y.totalEur(), new java.util.TreeSet<>(y.rulesHashes()), hash.sha256()));
        }
        return figures;
    }
}
