package com.sportdata.benefits.pipeline;

import com.sportdata.benefits.bronze.BronzeIngestion;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.gold.DeclarationsToReview;
import com.sportdata.benefits.gold.DimEmployee;
import com.sportdata.benefits.gold.FctEmployeeBenefits;
import com.sportdata.benefits.gold.KpiBenefitsByPeriod;
import com.sportdata.benefits.history.Retention;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.AnomalyMonitor;
import com.sportdata.benefits.quality.CheckOutcome;
import com.sportdata.benefits.quality.Level;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.quality.QualityStore;
import com.sportdata.benefits.silver.CommuteDistances;
import com.sportdata.benefits.silver.IntActivitiesPerEmployeeYear;
import com.sportdata.benefits.silver.SilverActivities;
import com.sportdata.benefits.silver.SilverEmployees;
import com.sportdata.benefits.silver.SilverEmployeesHistory;
import com.sportdata.benefits.silver.SilverPostcodes;
import com.sportdata.benefits.silver.SilverSportDeclarations;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/** The whole run: landing → bronze → silver → gold, in dependency order, ending with a summary. */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    static final List<TableJob> SILVER = List.of(new SilverEmployees(), new SilverEmployeesHistory(), new SilverSportDeclarations(),
            new SilverPostcodes(),
            new SilverActivities(), new CommuteDistances(), new IntActivitiesPerEmployeeYear());
    /** Gold tables cut by benefit period: what a backfill, a replay or a scenario recomputes. */
    public static final List<TableJob> GOLD_BY_PERIOD = List.of(new FctEmployeeBenefits(), new KpiBenefitsByPeriod(),
            new DeclarationsToReview());
    /** Every gold table: the period tables and the current-state dimension. */
    public static final List<TableJob> GOLD = java.util.stream.Stream.concat(GOLD_BY_PERIOD.stream(), java.util.stream.Stream.of(
            new DimEmployee())).toList();

    private final SparkSession spark;
    private final AppConfig config;
    private final TableWriter writer;
    private final LayerRunner runner;
    private final LandingZone landing;
    private final LakePaths paths;
    private final Alerts alerts;
    private final RunLedger ledger;
    private final Notifier notifier;
    private String slackLine = "not reached";

    public Pipeline(SparkSession spark, AppConfig config) {
        this(spark, config, new Alerts(), "");
    }

    public Pipeline(SparkSession spark, AppConfig config, Alerts alerts) {
        this(spark, config, alerts, "");
    }

    /** @param arguments the command line, recorded in the run ledger */
    public Pipeline(SparkSession spark, AppConfig config, Alerts alerts, String arguments) {
        this(spark, config, alerts, arguments, Notifier.fromEnvironment(spark, config));
    }

    /** @param notifier posts new activities and alerts to Slack (webhooks from the environment in production) */
    public Pipeline(SparkSession spark, AppConfig config, Alerts alerts, String arguments, Notifier notifier) {
        this.notifier = notifier;
        this.spark = spark;
        this.config = config;
        this.paths = new LakePaths(config.lake().root());
        this.writer = new TableWriter(spark, paths);
        this.runner = new LayerRunner(spark, writer, config.pipeline().tableParallelism());
        this.landing = new LandingZone(paths, spark.sparkContext().hadoopConfiguration());
        this.alerts = alerts;
        this.ledger = new RunLedger(spark, paths, arguments);
        Retention.applyDefaults(spark, config.lake().reproducibilityDays());
    }

    /**
     * Runs every layer. Quality results are stored and the report written even when the run fails; an
     * Error-level check failure stops the publication of its table and fails the run with a
     * {@link QualityGateFailure}; Warnings (and anomalies) are alerted and the run goes on. Each stage
     * (bronze, silver, gold, quality) gets its row in the run ledger, failed or not.
     */
    public RunSummary run(String command) {
        long start = System.currentTimeMillis();
        RunContext run = RunContext.start(command, config);
        String configJson = config.reproducibleJson();
        LOG.info("run {} starts: lake {}, as of {}, rules {}", run.runId(), config.lake().root(), run.asOfDate(), run.rules().canonical());
        AnomalyMonitor monitor = new AnomalyMonitor(spark, paths, config.quality().anomalies());
        QualityStore store = new QualityStore(spark, writer);
        BronzeIngestion bronze = new BronzeIngestion(spark, landing, writer);
        List<CheckOutcome> anomalies = new ArrayList<>();
        BronzeIngestion.Result ingestion;
        List<TableRun> tables = new ArrayList<>();
        long[] qualityMillis = {0};
        QualityReport[] report = {null};
        String[] reportPath = {null};
        List<CheckOutcome> outcomes = new ArrayList<>();
        RunLedger.Stage stage = ledger.begin(run, "bronze", writer, configJson);
        try {
            ingestion = bronze.ingest(run, monitor);
            stage.succeeded(run, new RunLedger.Counts(ingestion.outcomes().stream().mapToLong(BronzeIngestion.FileOutcome::rows).sum(),
                    ingestion.rowsIngested(), 0), ingestion.outcomes().size() + " landing files, " + ingestion.rejected().size()
                    + " rejected, " + ingestion.alreadyIngested() + " already ingested");
            stage = ledger.begin(run, "silver", writer, configJson);
            if (!writer.exists(Tables.HR_EMPLOYEES)) {
                throw new IllegalStateException("No HR file has been ingested: put the HR xlsx in " + paths.landing("hr")
                        + "/ (or run `generate` first)");
            }
            List<TableRun> silver = runner.runLayer(SILVER, run);
            tables.addAll(silver);
            stage.succeeded(run, counts(silver), null);
            stage = ledger.begin(run, RunLedger.GOLD_STAGE, writer, configJson);
            run = run.withBenefitYears(benefitYears(run));
            LOG.info("run {} recomputes benefit years {}", run.runId(), run.benefitYears());
            List<TableRun> gold = runner.runLayer(GOLD, run);
            tables.addAll(gold);
            long started = System.currentTimeMillis();
            anomalies.addAll(costAnomalies(run, monitor));
            qualityMillis[0] += System.currentTimeMillis() - started;
            stage.succeeded(run, counts(gold), null);
            stage = null;
            notify(run, configJson);
        } catch (QualityGateFailure e) {
            stage.failed(run, e, RunLedger.Counts.NONE);
            alerts.raise(run.runId(), "quality gate: " + e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            if (stage != null) {
                stage.failed(run, e, RunLedger.Counts.NONE);
            }
            alerts.raise(run.runId(), "run failed: " + e.getMessage());
            throw e;
        } finally {
            RunLedger.Stage quality = ledger.begin(run, "quality", writer, configJson);
            try {
                long started = System.currentTimeMillis();
                outcomes.addAll(bronze.checks());
                outcomes.addAll(runner.outcomes());
                outcomes.addAll(anomalies);
                store.record(run, outcomes, runner.quarantineCounts());
                qualityMillis[0] += System.currentTimeMillis() - started + bronze.checkMillis() + runner.verifyMillis();
                String runId = run.runId();
                outcomes.stream().filter(o -> o.failed() && o.level() == Level.WARNING)
                        .forEach(o -> alerts.raise(runId, "quality warning: " + o.describe()));
                // a failed run gets its report too: that is when people need it most
                started = System.currentTimeMillis();
                QualityReports.Written written = new QualityReports(spark, paths, store).writeFor(run, outcomes, runner.quarantineCounts());
                report[0] = written.report();
                reportPath[0] = written.path();
                LOG.info("quality report of run {}: {}", run.runId(), reportPath[0]);
                qualityMillis[0] += System.currentTimeMillis() - started;
                long failed = outcomes.stream().filter(CheckOutcome::failed).count();
                quality.succeeded(run, new RunLedger.Counts(outcomes.size(), outcomes.size(), 0),
                        outcomes.size() + " checks, " + failed + " failed; report " + reportPath[0]);
            } catch (RuntimeException e) {
                quality.failed(run, e, RunLedger.Counts.NONE);
                throw e;
            } finally {
                ledger.flush();
                alertOnSlack(run);
            }
        }
        return summarise(run, ingestion, tables, report[0], reportPath[0], qualityMillis[0], System.currentTimeMillis() - start);
    }

    /**
     * The "notify" stage: new activities since the last run are enqueued in the Slack outbox and delivered.
     * Gold is already published: a Slack problem is recorded and alerted, never a reason to fail the run.
     */
    private void notify(RunContext run, String configJson) {
        RunLedger.Stage stage = ledger.begin(run, "notify", writer, configJson);
        try {
            long enqueued = notifier.collect(run);
            Notifier.Report report = notifier.deliver();
            slackLine = enqueued + " new activity posts; " + report.render();
            LOG.info("run {}: {}", run.runId(), slackLine);
            stage.succeeded(run, new RunLedger.Counts(enqueued, report.sent() + report.dryRun(), report.dead()),
                    enqueued + " new activity posts; " + report.render());
        } catch (RuntimeException e) {
            LOG.error("run {}: Slack notification failed", run.runId(), e);
            stage.failed(run, e, RunLedger.Counts.NONE);
            slackLine = "notification failed: " + e.getMessage();
            alerts.raise(run.runId(), "Slack " + slackLine);
        }
    }

    /** Sends the run's alerts to the alert channel, each once. Never hides the run's own outcome. */
    private void alertOnSlack(RunContext run) {
        if (alerts.raised().isEmpty()) {
            return;
        }
        try {
            notifier.alert(run.runId(), alerts.raised());
            notifier.deliver();
        } catch (RuntimeException e) {
            LOG.error("run {}: could not send {} alert(s) to Slack", run.runId(), alerts.raised().size(), e);
        }
    }

    /** Rows in, published and quarantined by some tables, for the run ledger. */
    public static RunLedger.Counts counts(List<TableRun> tables) {
        return new RunLedger.Counts(tables.stream().mapToLong(TableRun::rowsIn).sum(), tables.stream().mapToLong(TableRun::rowsOut).sum(),
                tables.stream().mapToLong(TableRun::rowsQuarantined).sum());
    }

    /** Cost drift and eligible-population jumps per benefit year, against previous runs. */
    private List<CheckOutcome> costAnomalies(RunContext run, AnomalyMonitor monitor) {
        List<CheckOutcome> results = new ArrayList<>();
        Dataset<Row> fct = writer.read(Tables.FCT_EMPLOYEE_BENEFITS);
        for (int year : run.benefitYears()) {
            Dataset<Row> rows = fct.filter(col("benefit_year").equalTo(year));
            results.addAll(monitor.costs(Tables.FCT_EMPLOYEE_BENEFITS, rows, year, run));
        }
        return results;
    }

    /** Explicit years from the configuration, else every year with activities plus the as-of date's year. */
    private List<Integer> benefitYears(RunContext run) {
        if (!run.benefitYears().isEmpty()) {
            return run.benefitYears();
        }
        TreeSet<Integer> years = new TreeSet<>();
        years.add(run.rules().periods().benefitYearOf(run.asOfDate()));
        writer.read(Tables.ACTIVITIES).select("benefit_year").distinct().collectAsList()
                .forEach(r -> years.add(r.getInt(0)));
        return List.copyOf(years);
    }

    private RunSummary summarise(RunContext run, BronzeIngestion.Result ingestion, List<TableRun> tables, QualityReport report,
                                 String reportPath, long qualityMillis, long millis) {
        String years = "benefit_year IN (" + String.join(",", run.benefitYears().stream().map(String::valueOf).toList()) + ")";
        Dataset<Row> fct = writer.read(Tables.FCT_EMPLOYEE_BENEFITS).filter(expr(years));
        List<RunSummary.YearFigures> figures = fct.groupBy("benefit_year")
                .agg(count(lit(1)), sum(when(col("is_bonus_eligible"), 1).otherwise(0)), sum("bonus_eur"),
                        sum(when(col("is_wellness_eligible"), 1).otherwise(0)), sum("wellness_days"), sum("wellness_value_eur"),
                        sum("activity_count"))
                .orderBy("benefit_year")
                .collectAsList().stream()
                .map(r -> new RunSummary.YearFigures(r.getInt(0), r.getLong(1), r.getLong(2), decimal(r, 3), r.getLong(4),
                        r.isNullAt(5) ? 0 : r.getLong(5), decimal(r, 6), r.isNullAt(7) ? 0 : r.getLong(7)))
                .toList();
        long toReview = writer.read(Tables.DECLARATIONS_TO_REVIEW).filter(expr(years)).select("employee_id", "benefit_year")
                .distinct().count();
        return new RunSummary(run.runId(), run.benefitYears(), run.rules().hash(), ingestion, tables, figures, toReview, report,
                reportPath, alerts.raised(), qualityMillis, millis, slackLine);
    }

    private static BigDecimal decimal(Row row, int i) {
        return row.isNullAt(i) ? BigDecimal.ZERO : row.getDecimal(i);
    }
}
