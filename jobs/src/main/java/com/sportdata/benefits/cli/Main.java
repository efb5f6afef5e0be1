package com.sportdata.benefits.cli;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.quality.QualityStore;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.pipeline.Pipeline;
import com.sportdata.benefits.pipeline.RunSummary;
import com.sportdata.benefits.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sportdata.benefits.history.Backfill;
import com.sportdata.benefits.history.PeriodRange;
import com.sportdata.benefits.history.Replay;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.history.RunsView;
import com.sportdata.benefits.history.Scenario;
import com.sportdata.benefits.history.Vacuum;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.pipeline.RunContext;
import com.sportdata.benefits.slack.Follower;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.slack.WeeklyDigest;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The single entry point: {@code sport-benefits <command> [options]}. Only wiring lives here. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    private static String option(CommandLine line, String name) {
        return line.options().get(name);
    }

    private static int wholeNumber(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number >= 0, got '" + text + "'");
        }
    }

    /** Runs a command and returns the process exit code: 0 done, 1 failed, 2 wrong usage or configuration. */
    public static int execute(String... args) {
        CommandLine line;
        AppConfig config;
        try {
            line = CommandLine.parse(args);
            config = ConfigLoader.load(line.configFiles(), line.overrides());
        } catch (CommandLine.UsageError e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(CommandLine.usage());
            return 2;
        } catch (ConfigError e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        try {
            switch (line.command()) {
                case "generate" -> {
                    if (option(line, "--live") != null) {
                        Generator.Result live = new Generator(config).writeLive(wholeNumber(option(line, "--live")));
                        System.out.println(live.activities() + " live activities written to " + live.files().get(0));
                        return 0;
                    }
                    Generator.Result result = new Generator(config).writeLanding(
                            line.options().containsKey("--hr") ? Path.of(line.options().get("--hr")) : null,
                            line.options().containsKey("--sports") ? Path.of(line.options().get("--sports")) : null);
                    System.out.println(result.render());
                }
                case "run" -> {
                    SparkSession spark = SparkSessions.create(config.spark());
                    RunSummary summary = new Pipeline(spark, config, new Alerts(), CommandLine.forLedger(args)).run("run");
                    System.out.println(summary.render());
                }
                case "notify" -> {
                    SparkSession spark = SparkSessions.create(config.spark());
                    Notifier notifier = Notifier.fromEnvironment(spark, config);
                    if (option(line, "--follow") != null) {
                        String max = option(line, "--max-seconds");
                        new Follower(spark, config, notifier).follow(max == null ? Long.MAX_VALUE : wholeNumber(max) * 1000L);
                    } else {
                        long enqueued = notifier.collect(RunContext.start("notify", config));
                        System.out.println(enqueued + " new activity posts; " + notifier.deliver().render());
                    }
                }
                case "digest" -> {
                    SparkSession spark = SparkSessions.create(config.spark());
                    java.time.LocalDate lastDay = config.pipeline().asOfDate().orElse(java.time.LocalDate.now(config.office().timeZone()));
                    WeeklyDigest.Digest digest = new WeeklyDigest(spark, new LakePaths(config.lake().root())).of(lastDay);
                    System.out.println(digest.text());
                    Notifier notifier = Notifier.fromEnvironment(spark, config);
                    long added = notifier.outbox().enqueue(List.of(new com.sportdata.benefits.slack.Outbox.NewPost(WeeklyDigest.post(digest),
                            null, null, "digest")));
                    System.out.println(added == 0 ? "(this week's digest was already posted)" : "Slack: " + notifier.deliver().render());
                }
                case "backfill" -> {
                    PeriodRange range = PeriodRange.parse(option(line, "--from"), option(line, "--to"), config.rules().periods());
                    SparkSession spark = SparkSessions.create(config.spark());
                    Backfill.Result result = new Backfill(spark, config, new Alerts(), CommandLine.forLedger(args))
                            .run(range, Optional.ofNullable(option(line, "--as-of")), Objects.requireNonNullElse(option(line, "--reason"), ""));
                    System.out.println(result.render());
                }
                case "replay" -> {
                    String runId = option(line, "--run");
                    if (runId == null) {
                        throw new IllegalArgumentException("replay needs --run ID (see `runs` for the ids)");
                    }
                    SparkSession spark = SparkSessions.create(config.spark());
                    Replay.Result result = new Replay(spark, config, CommandLine.forLedger(args)).replay(runId);
                    System.out.println(result.render());
                    return result.identical() ? 0 : 1;
                }
                case "scenario" -> {
                    Scenario.checkName(option(line, "--name"));
                    SparkSession spark = SparkSessions.create(config.spark());
                    Scenario.Result result = new Scenario(spark, config, CommandLine.forLedger(args)).run(option(line, "--name"));
                    System.out.println(result.render());
                }
                case "vacuum" -> {
                    String days = option(line, "--retain-days");
                    Integer retain = days == null ? null : wholeNumber(days);
                    Vacuum.checkRetention(retain, config.lake().reproducibilityDays());
                    SparkSession spark = SparkSessions.create(config.spark());
                    List<Vacuum.TableResult> results = new Vacuum(spark, new LakePaths(config.lake().root()),
                            config.lake().reproducibilityDays()).run(retain);
                    System.out.print(Vacuum.render(results, retain == null ? config.lake().reproducibilityDays() : retain));
                }
                case "runs" -> {
                    SparkSession spark = SparkSessions.create(config.spark());
                    RunLedger ledger = new RunLedger(spark, new LakePaths(config.lake().root()), "");
                    String runId = option(line, "--run");
                    if (runId != null) {
                        List<RunLedger.Entry> stages = ledger.run(runId);
                        if (stages.isEmpty()) {
                            System.err.println("error: run " + runId + " is not in the run ledger of " + config.lake().root());
                            return 1;
                        }
                        System.out.print(RunsView.detail(stages));
                    } else {
                        String limit = option(line, "--limit");
                        System.out.print(RunsView.list(ledger.recent(limit == null ? 20 : wholeNumber(limit))));
                    }
                }
                case "quality" -> {
                    SparkSession spark = SparkSessions.create(config.spark());
                    LakePaths paths = new LakePaths(config.lake().root());
                    TableWriter writer = new TableWriter(spark, paths);
                    if (!writer.exists(Tables.QUALITY_CHECKS)) {
                        System.err.println("error: no quality results in " + paths.root() + " yet (run the pipeline first)");
                        return 1;
                    }
                    QualityReports reports = new QualityReports(spark, paths, new QualityStore(spark, writer));
                    String runId = line.options().containsKey("--run") ? line.options().get("--run")
                            : reports.lastRunId().orElseThrow();
                    QualityReport report = reports.build(runId);
                    System.out.println("Quality report of run " + runId);
                    System.out.print(report.text());
                    System.out.println("HTML report: " + reports.write(report));
                }
                default -> {
                    System.err.println("error: unknown command '" + line.command() + "'");
                    System.err.println(CommandLine.usage());
                    return 2;
                }
            }
            return 0;
        } catch (QualityGateFailure e) {
            System.err.println("FAILED (quality gate): " + e.getMessage());
            return 1;
        } catch (ConfigError | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            // Scala code (Spark) throws checked exceptions undeclared: catch them all here, at the edge.
            LOG.error("{} failed", line.command(), e);
            System.err.println("FAILED: " + e.getMessage());
            return 1;
        }
    }
}
