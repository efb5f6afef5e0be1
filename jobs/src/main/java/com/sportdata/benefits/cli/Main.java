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

import java.nio.file.Path;

/** The single entry point: {@code sport-benefits <command> [options]}. Only wiring lives here. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
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
                    Generator.Result result = new Generator(config).writeLanding(
                            line.options().containsKey("--hr") ? Path.of(line.options().get("--hr")) : null,
                            line.options().containsKey("--sports") ? Path.of(line.options().get("--sports")) : null);
                    System.out.println(result.render());
                }
                case "run" -> {
                    SparkSession spark = SparkSessions.create(config.spark());
                    RunSummary summary = new Pipeline(spark, config).run("run");
                    System.out.println(summary.render());
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
