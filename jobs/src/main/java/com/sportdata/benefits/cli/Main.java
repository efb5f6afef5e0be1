package com.sportdata.benefits.cli;

import com.sportdata.benefits.bench.Floor;
import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.report.Dashboard;
import com.sportdata.benefits.run.Failures;
import com.sportdata.benefits.sql.LakeSql;
import com.sportdata.benefits.sql.SqlOutput;
import com.sportdata.benefits.support.ProductVersion;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.config.ConfigLoader;
import com.sportdata.benefits.register.OfRecord;
import com.sportdata.benefits.register.Parameters;
import com.sportdata.benefits.register.RegisterView;
import com.sportdata.benefits.register.RulesRegister;
import com.sportdata.benefits.generate.Generator;
import com.sportdata.benefits.history.PeriodRange;
import com.sportdata.benefits.history.RunLedger;
import com.sportdata.benefits.history.RunsView;
import com.sportdata.benefits.history.Vacuum;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.quality.Alerts;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.quality.QualityReport;
import com.sportdata.benefits.quality.QualityReports;
import com.sportdata.benefits.quality.QualityStore;
import com.sportdata.benefits.run.Backfill;
import com.sportdata.benefits.run.Chores;
import com.sportdata.benefits.run.CommandEnvelope;
import com.sportdata.benefits.run.Follow;
import com.sportdata.benefits.run.BadInput;
import com.sportdata.benefits.lock.LakeBusy;
import com.sportdata.benefits.lock.LakeLock;
import com.sportdata.benefits.run.Pipeline;
import com.sportdata.benefits.run.Progress;
import com.sportdata.benefits.run.Replay;
import com.sportdata.benefits.run.RulesChange;
import com.sportdata.benefits.run.Scenario;
import com.sportdata.benefits.schedule.Scheduler;
import com.sportdata.benefits.slack.Notifier;
import com.sportdata.benefits.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The single entry point: {@code sport-benefits <command> [options]} (picocli: generated help per command, "did
 * you mean" for typos, shell completion). Every option is a shorthand for a configuration key. Only wiring lives
 * here. Exit codes: 0 success, 1 the run failed, 2 usage or configuration, 3 lake busy.
 */
@Command(name = "sport-benefits", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Sport benefits lakehouse: landing → bronze → silver → gold on Delta Lake, quality gates, replay, Slack.",
        subcommands = {Main.Generate.class, Main.Run.class, Main.Notify.class, Main.Digest.class, Main.Quality.class, Main.Runs.class,
                Main.BackfillCommand.class, Main.ReplayCommand.class, Main.ScenarioCommand.class, Main.RulesCommand.class, Main.VacuumCommand.class, Main.ExportCommand.class, Main.SqlCommand.class, Main.DashboardCommand.class, Main.BenchFloor.class,
                Main.ScheduleCommand.class, Main.Lock.class, CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  the run failed (including an Error-level quality gate and a rejected HR or declarations file)",
                "  2  usage or configuration (unknown key, bad value, missing lake, refused request)",
                "  3  lake busy (another process is writing it)"})
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The raw arguments, recorded in the run ledger (secret values masked). */
    private String[] arguments = new String[0];
    /** Where secrets (Slack webhooks) are read from: the process environment, or a test's. */
    private Map<String, String> environment = Map.of();

    public static void main(String[] args) {
        int code = execute(args);
        if ("cluster".equals(System.getProperty("spark.submit.deployMode"))) {
            // a standalone master reports a driver as FINISHED or FAILED only: the launcher reads the code from here
            System.err.println("sport-benefits exit code: " + code);
        }
        System.exit(code);
    }

    /** Runs a command and returns the process exit code (see the class comment). */
    public static int execute(String... args) {
        return execute(System.getenv(), args);
    }

    /** The same, reading the Slack webhooks from {@code environment} instead of the process's (tests in one JVM). */
    public static int execute(Map<String, String> environment, String... args) {
        Main main = new Main();
        main.arguments = args.clone();
        main.environment = Map.copyOf(environment);
        CommandLine line = new CommandLine(main);
        // --set and --config are repeatable: their setters are called once per occurrence, in order
        line.setOverwrittenOptionsAllowed(true);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = Objects.toString(e.getMessage(), e.getClass().getSimpleName());
            if (e instanceof LakeBusy) {
                cmd.getErr().println("error: " + message);
                return Cli.BUSY;
            }
            if (e instanceof ConfigError || e instanceof Cli.UsageProblem || e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + message);
                return Cli.USAGE;
            }
            if (e instanceof LakeStorage.Unreachable) {
                cmd.getErr().println("error: " + message);
                return Cli.FAILED;
            }
            if (e instanceof QualityGateFailure) {
                cmd.getErr().println("FAILED (quality gate): " + message);
                return Cli.FAILED;
            }
            if (e instanceof BadInput) {
                cmd.getErr().println("FAILED: " + message);
                return Cli.FAILED;
            }
            // Scala code (Spark) throws checked exceptions undeclared: catch them all here, at the edge.
            LOG.error("{} failed", parsed.subcommand() == null ? "command" : parsed.subcommand().commandSpec().name(), e);
            cmd.getErr().println("FAILED: " + Failures.firstLine(e));
            return Cli.FAILED;
        });
        line.setOut(new PrintWriter(System.out, true));
        line.setErr(new PrintWriter(System.err, true));
        try {
            return line.execute(args);
        } finally {
            // print() does not flush an auto-flushing PrintWriter, and main() ends with System.exit: flush what is left
            line.getOut().flush();
            line.getErr().flush();
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: missing command (`sport-benefits help` lists them)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.USAGE;
    }

    /** The product version and commit, from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var product = ProductVersion.current();
            return new String[] {"sport-benefits " + product.version() + " (commit " + product.gitCommit() + ")"};
        }
    }

    /** Options every command takes; each one sets a configuration key. */
    static final class Common {
        final Map<String, String> overrides = new LinkedHashMap<>();
        final List<Path> configFiles = new ArrayList<>();

        @Option(names = "--lake", paramLabel = "DIR", description = "lake root: a local folder or s3a://bucket/prefix (lake.root; default: lake)")
        void lake(String value) {
            overrides.put("lake.root", value);
        }

        @Option(names = "--config", paramLabel = "FILE", description = "an extra HOCON file layered over conf/application.conf (repeatable)")
        void config(Path file) {
            configFiles.add(file);
        }

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override any configuration key (repeatable), e.g. rules.bonus.rate=0.10")
        void set(String pair) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new Cli.UsageProblem("--set expects key=value, got '" + pair + "'");
            }
            overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
        }

        @Option(names = "--master", paramLabel = "URL", description = "Spark master when not launched by spark-submit, e.g. local[2] (spark.master)")
        void master(String value) {
            overrides.put("spark.master", value);
        }

        @Option(names = "--log-format", paramLabel = "text|json", description = "log lines as text or JSON with run id, stage and table (logging.format)")
        void logFormat(String value) {
            overrides.put("logging.format", value);
        }

        /** Every key this command line sets: by --set or an option, or in a --config file. */
        java.util.Set<String> userKeys() {
            java.util.Set<String> keys = new java.util.TreeSet<>(overrides.keySet());
            for (Path file : configFiles) {
                if (Files.isRegularFile(file)) {
                    com.typesafe.config.ConfigFactory.parseFile(file.toFile()).entrySet().forEach(e -> keys.add(e.getKey()));
                }
            }
            return keys;
        }
    }

    /** {@code --as-of DATE}: the same option, meaning the same thing, in every command that takes it. */
    static final class AsOfDate {
        @Option(names = "--as-of", paramLabel = "DATE",
                description = "the date the command is computed as of (the last day of a generated history, of a digest's week), yyyy-MM-dd (pipeline.as-of-date; default today)")
        String date;

        void applyTo(Map<String, String> overrides) {
            if (date != null) {
                overrides.put("pipeline.as-of-date", date);
            }
        }
    }

    /** What every command shares: its options, the configuration, Spark, the lake check and the lock. */
    abstract static class LakeCommand implements Callable<Integer> {
        @ParentCommand
        Main main;
        @Mixin
        Common common;
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        AppConfig config;
        private SparkSession spark;

        /** Whether the command writes to the lake (then it takes the lock). */
        abstract boolean writes();

        /** Whether the lake may not exist yet (only `generate` creates one). */
        boolean createsLake() {
            return false;
        }

        abstract int execute(LakeLock lock) throws Exception;

        @Override
        public final Integer call() throws Exception {
            spec.mixins().values().forEach(m -> {
                if (m.userObject() instanceof AsOfDate date) {
                    date.applyTo(common.overrides);
                }
            });
            config = ConfigLoader.load(common.configFiles, common.overrides);
            Logging.apply(config.operations().logFormat());
            LakePaths paths = new LakePaths(config.lake().root());
            // an object store is checked first (endpoint, credentials, bucket): a clear line in seconds, nothing written
            LakeStorage.probe(config, createsLake());
            if (!createsLake()) {
                requireLake(paths);
            } else if ("file".equals(URI.create(paths.root()).getScheme())) {
                Files.createDirectories(Path.of(URI.create(paths.root())));
            }
            if (!writes()) {
                return execute(null);
            }
            try (LakeLock lock = CommandEnvelope.acquire(config, spec.name(), Duration.ofSeconds(config.operations().lockWaitSeconds()))) {
                return execute(lock);
            }
        }

        /**
         * Computes with the parameters of record (the rules register): refuses a command line that disagrees with
         * them for one of {@code years} ({@code null}: every year of record), and says which years keep theirs.
         */
        void useParametersOfRecord(java.util.Collection<Integer> years) {
            OfRecord.Resolved resolved = OfRecord.resolve(config, new RulesRegister(spark(), paths()).load(), common.userKeys(), years);
            for (String note : resolved.notes()) {
                LOG.warn(note);
                out().println("Note: " + note);
            }
            config = resolved.config();
        }

        SparkSession spark() {
            if (spark == null) {
                spark = SparkSessions.create(config.spark(), LakeStorage.hadoopProperties(config));
            }
            return spark;
        }

        LakePaths paths() {
            return new LakePaths(config.lake().root());
        }

        String arguments() {
            return Cli.forLedger(main.arguments);
        }

        /** Slack as this process's environment configures it (dry runs without webhooks). */
        Notifier notifier() {
            return Notifier.fromEnvironment(spark(), config, main.environment);
        }

        /** The envelope of a command that computes: ledger, checks, alerts to Slack, metrics, around its graph of stages. */
        CommandEnvelope envelope(LakeLock lock) {
            return new CommandEnvelope(spark(), config, arguments(), notifier()).holding(lock).reporting(progress());
        }

        Progress progress() {
            return Progress.forConsole("json".equals(config.operations().logFormat()));
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    /** A lake that does not exist is refused (exit 2, nothing created): a mistyped --lake must not start a new lake. */
    static void requireLake(LakePaths paths) {
        URI root = URI.create(paths.root());
        if ("file".equals(root.getScheme()) && !Files.isDirectory(Path.of(root))) {
            throw new Cli.UsageProblem("no lake at " + Path.of(root) + " (check --lake, or create one with `generate --lake "
                    + Path.of(root) + "` or `mkdir -p " + Path.of(root) + "/landing/hr`)");
        }
    }

    static int wholeNumber(String option, String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Cli.UsageProblem(option + " expects a whole number >= 0, got '" + text + "'");
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Write a synthetic company (HR + sport declarations xlsx, postcode reference) and 12 months of activities"
                    + " into <lake>/landing/; same seed and as-of date → same files.",
                    "With --hr and --sports: copy these files and generate activities for their employees.",
                    "With --live N: drop N activities that have just finished into landing/activities/ (with --day DATE: N"
                            + " activities of that day, e.g. one new day of a company for an incremental run)."})
    static final class Generate extends LakeCommand {
        @Option(names = "--employees", paramLabel = "N", description = "employees of the synthetic company (generator.employees)")
        void employees(String n) {
            common.overrides.put("generator.employees", n);
        }

        @Option(names = "--seed", paramLabel = "S", description = "random seed (generator.seed)")
        void seed(String s) {
            common.overrides.put("generator.seed", s);
        }

        @Option(names = "--format", paramLabel = "csv|json", description = "activity files: the business's CSV or Strava JSON lines (generator.activity-format)")
        void format(String f) {
            common.overrides.put("generator.activity-format", f);
        }

        @Mixin
        AsOfDate asOf;

        @Option(names = "--hr", paramLabel = "FILE", description = "use this HR file instead of a synthetic company")
        Path hr;
        @Option(names = "--sports", paramLabel = "FILE", description = "use this sport declarations file")
        Path sports;
        @Option(names = "--live", paramLabel = "N", description = "drop N activities that have just finished")
        String live;
        @Option(names = "--day", paramLabel = "DATE", description = "with --live N: activities of this day (yyyy-MM-dd) instead of just now")
        java.time.LocalDate day;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        boolean createsLake() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            if (day != null && live == null) {
                throw new Cli.UsageProblem("--day goes with --live N (how many activities that day)");
            }
            if (live != null) {
                Generator generator = new Generator(config);
                int count = wholeNumber("--live", live);
                Generator.Result result = day == null ? generator.writeLive(count) : generator.writeDay(count, day);
                out().println(result.activities() + (day == null ? " live activities" : " activities of " + day) + " written to "
                        + result.files().get(0));
                return Cli.OK;
            }
            out().println(new Generator(config).writeLanding(hr, sports).render());
            return Cli.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Ingest new landing files, recompute bronze → silver → gold verifying every table, write the quality"
                    + " report, then post the new activities to Slack. Stages: ingest, silver, gold, quality, [export,] notify."})
    static final class Run extends LakeCommand {
        @Option(names = "--periods", paramLabel = "YEARS", description = "benefit years to compute, e.g. 2025,2026 (pipeline.periods; default auto)")
        void periods(String p) {
            common.overrides.put("pipeline.periods", p);
        }

        @Mixin
        AsOfDate asOf;

        @Option(names = "--hr-snapshot", paramLabel = "latest|period-end", description = "HR data gold uses per benefit year (pipeline.hr-snapshot)")
        void hrSnapshot(String v) {
            common.overrides.put("pipeline.hr-snapshot", v);
        }

        @Option(names = "--full", description = "rebuild every layer even when nothing changed (pipeline.incremental=false)")
        void full(boolean on) {
            common.overrides.put("pipeline.incremental", String.valueOf(!on));
        }

        @Option(names = "--stage", paramLabel = "NAME", description = "run only this stage of a run (for an external scheduler): ingest, silver, gold, quality, export, notify")
        String stage;
        @Option(names = "--run-id", paramLabel = "ID", description = "the run the --stage belongs to (the ledger ties its stages together)")
        String runId;
        @Option(names = "--resume", arity = "0..1", paramLabel = "RUN_ID", fallbackValue = "",
                description = "continue a failed or killed run (default: the latest) from its first unfinished stage, same run id, as-of date and parameters")
        String resume;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            if (resume != null && stage != null) {
                throw new Cli.UsageProblem("--resume and --stage do not go together");
            }
            if (runId != null && !runId.matches("[A-Za-z0-9_.:+\\-]{1,120}")) {
                throw new Cli.UsageProblem("--run-id may hold letters, digits and _ . : + - only (got '" + runId + "')");
            }
            if (runId != null && stage == null) {
                throw new Cli.UsageProblem("--run-id goes with --stage (to resume a run: --resume RUN_ID)");
            }
            useParametersOfRecord(config.pipeline().periods().isEmpty() ? null : config.pipeline().periods());
            Pipeline.Request request = stage != null ? new Pipeline.Request.OneStage(stage, runId)
                    : resume != null ? new Pipeline.Request.Resume(resume.isBlank() ? null : resume) : new Pipeline.Request.Whole();
            Pipeline.Result result = new Pipeline(envelope(lock)).execute(request);
            out().println(result.summary().render());
            out().println(result.metrics());
            if (result.failure() != null) {
                throw result.failure();
            }
            return Cli.OK;
        }
    }

    @Command(name = "notify", mixinStandardHelpOptions = true,
            description = "Post new activities and pending messages to Slack once, or keep watching landing/activities/ (--follow).")
    static final class Notify extends LakeCommand {
        @Option(names = "--follow", description = "keep watching the landing zone and post within seconds")
        boolean follow;
        @Option(names = "--max-seconds", paramLabel = "N", description = "with --follow: stop after N seconds")
        String maxSeconds;

        @Override
        boolean writes() {
            // --follow takes the lock for each batch it writes, so runs and a follower take turns
            return !follow;
        }

        @Override
        int execute(LakeLock lock) {
            if (follow) {
                new Follow(envelope(null)).follow(maxSeconds == null ? Long.MAX_VALUE : wholeNumber("--max-seconds", maxSeconds) * 1000L);
            } else {
                out().print(Chores.notifyOnce(envelope(lock)));
            }
            return Cli.OK;
        }
    }

    @Command(name = "digest", mixinStandardHelpOptions = true,
            description = "Post the week's digest (activities and km by BU, most active BU, new wellness-day earners) for the 7 days"
                    + " ending today or --as-of; once per week.")
    static final class Digest extends LakeCommand {
        @Mixin
        AsOfDate asOf;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            LocalDate lastDay = config.pipeline().asOfDate().orElse(LocalDate.now(config.office().timeZone()));
            out().print(Chores.digest(envelope(lock), lastDay));
            return Cli.OK;
        }
    }

    @Command(name = "quality", mixinStandardHelpOptions = true,
            description = "Show the quality report of the last run, or of --run ID (text, and the HTML report's path).")
    static final class Quality extends LakeCommand {
        @Option(names = "--run", paramLabel = "ID", description = "the run (default: the last one)")
        String runId;

        @Override
        boolean writes() {
            return false;
        }

        @Override
        int execute(LakeLock lock) {
            TableWriter writer = new TableWriter(spark(), paths());
            if (!writer.exists(Tables.QUALITY_CHECKS)) {
                err().println("error: no quality results in " + paths().root() + " yet (run the pipeline first)");
                return Cli.FAILED;
            }
            QualityReports reports = new QualityReports(spark(), paths(), new QualityStore(spark(), writer));
            String id = runId != null ? runId : reports.lastRunId().orElseThrow();
            QualityReport report = reports.build(id);
            out().println("Quality report of run " + id);
            out().print(report.text());
            out().println("HTML report: " + reports.write(report));
            return Cli.OK;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true,
            description = "List recent runs from the run ledger, or show one stage by stage (versions read and written, parameters, errors).")
    static final class Runs extends LakeCommand {
        @Option(names = "--limit", paramLabel = "N", description = "how many runs (default 20)")
        String limit;
        @Option(names = "--run", paramLabel = "ID", description = "show this run stage by stage")
        String runId;

        @Override
        boolean writes() {
            return false;
        }

        @Override
        int execute(LakeLock lock) {
            RunLedger ledger = new RunLedger(spark(), paths(), "");
            if (runId != null) {
                List<RunLedger.Entry> stages = ledger.run(runId);
                if (stages.isEmpty()) {
                    err().println("error: run " + runId + " is not in the run ledger of " + paths().root());
                    return Cli.FAILED;
                }
                out().print(RunsView.detail(stages));
            } else {
                out().print(RunsView.list(ledger.recent(limit == null ? 20 : wholeNumber("--limit", limit))));
            }
            return Cli.OK;
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Recompute gold for benefit years P..Q (or months, widened to their years) from silver and replace each year entirely.")
    static final class BackfillCommand extends LakeCommand {
        @Option(names = "--from", paramLabel = "P", description = "first benefit year (2025) or month (2025-03)")
        String from;
        @Option(names = "--to", paramLabel = "Q", description = "last benefit year or month")
        String to;
        @Mixin
        AsOfDate asOf;
        @Option(names = "--inputs-as-of", paramLabel = "VERSION|TIMESTAMP",
                description = "read silver as it was: a Delta version or a time (office time zone)")
        String inputsAsOf;
        @Option(names = "--reason", paramLabel = "TEXT", description = "why, recorded in every commit and in the ledger")
        String reason;

        @Option(names = "--hr-snapshot", paramLabel = "latest|period-end", description = "HR data gold uses per benefit year (pipeline.hr-snapshot)")
        void hrSnapshot(String v) {
            common.overrides.put("pipeline.hr-snapshot", v);
        }

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            PeriodRange range = PeriodRange.parse(from, to, config.rules().periods());
            useParametersOfRecord(range.benefitYears());
            Backfill.Result result = new Backfill(envelope(lock)).run(range, Optional.ofNullable(inputsAsOf), Objects.requireNonNullElse(reason, ""));
            out().println(result.render());
            return Cli.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Recompute what run ID computed, from the input versions and parameters it recorded, and prove it identical (exit 1 if not).")
    static final class ReplayCommand extends LakeCommand {
        @Option(names = "--run", paramLabel = "ID", description = "the run to replay (see `runs`)")
        String runId;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            if (runId == null) {
                throw new Cli.UsageProblem("replay needs --run ID (see `runs` for the ids)");
            }
            Replay.Result result = new Replay(envelope(lock)).replay(runId);
            out().println(result.render());
            return result.identical() ? Cli.OK : Cli.FAILED;
        }
    }

    @Command(name = "scenario", mixinStandardHelpOptions = true,
            description = "Compute gold with other parameters (--set ...) into scenarios/NAME/ (official gold untouched) and compare per year and BU.")
    static final class ScenarioCommand extends LakeCommand {
        @Option(names = "--name", paramLabel = "NAME", description = "lower-case letters, digits, '-' or '_'")
        String name;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            Scenario.checkName(name);
            config = OfRecord.whatIf(config, new RulesRegister(spark(), paths()).load(), common.userKeys());
            Scenario.Result result = new Scenario(envelope(lock)).run(name);
            out().println(result.render());
            return Cli.OK;
        }
    }

    @Command(name = "rules", mixinStandardHelpOptions = true,
            description = {"The rules register: the parameters of record of every published benefit year.",
                    "  rules [show]                      per year: parameters, hash, since when, why (read-only)",
                    "  rules set --from A [--to B] --set KEY=VALUE --reason TEXT [--dry-run]",
                    "                                    record a change, then backfill the years it touches (--dry-run: its cost"
                            + " per year and BU, nothing written). --to defaults to the last year of record.",
                    "Parameters of record: rules.bonus.*, rules.wellness.* (per year); rules.period.*, commute.*, office.latitude,"
                            + " office.longitude, office.time-zone, pipeline.hr-snapshot (lake-wide: every year at once, no --from)."})
    static final class RulesCommand extends LakeCommand {
        @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "show|set", defaultValue = "show")
        String action;
        @Option(names = "--from", paramLabel = "YEAR", description = "first benefit year the change applies to")
        Integer from;
        @Option(names = "--to", paramLabel = "YEAR", description = "last benefit year (default: the last year of record)")
        Integer to;
        @Option(names = "--reason", paramLabel = "TEXT", description = "why (recorded with the change)")
        String reason;
        @Option(names = "--dry-run", description = "print what the change would cost per year and BU; record and write nothing")
        boolean dryRun;

        @Override
        boolean writes() {
            return "set".equals(action) && !dryRun;
        }

        @Override
        int execute(LakeLock lock) {
            switch (action) {
                case "show" -> {
                    if (from != null || to != null || reason != null || dryRun) {
                        throw new Cli.UsageProblem("--from, --to, --reason and --dry-run go with `rules set`");
                    }
                    out().print(RegisterView.render(new RulesRegister(spark(), paths()).history(), config));
                    out().flush();
                    return Cli.OK;
                }
                case "set" -> {
                    com.typesafe.config.Config sets = OfRecord.userValues(config, common.userKeys());
                    List<String> others = common.overrides.keySet().stream().filter(k -> !Parameters.covers(k) && !k.startsWith("lake.")
                            && !k.startsWith("spark.") && !k.startsWith("logging.")).toList();
                    if (!others.isEmpty()) {
                        throw new Cli.UsageProblem(others + " are not parameters of record: `rules set` records " + Parameters.PER_YEAR
                                + " (per year) and " + Parameters.LAKE_WIDE + " (lake-wide)");
                    }
                    if (sets.isEmpty()) {
                        throw new Cli.UsageProblem("rules set needs --set KEY=VALUE, e.g. --set rules.bonus.rate=0.06");
                    }
                    RulesChange.Result result = new RulesChange(envelope(lock)).apply(from, to, sets, reason, dryRun);
                    out().print(result.render());
                    out().flush();
                    return Cli.OK;
                }
                default -> throw new Cli.UsageProblem("unknown action '" + action + "': `rules show` or `rules set`");
            }
        }
    }

    /** The scale benchmark's floor (scripts/benchmark-scale): a bare Spark job over the lake's activity files. */
    @Command(name = "bench-floor", hidden = true, mixinStandardHelpOptions = true,
            description = "Benchmark floor: read landing/activities/*.csv, one row per id, count per employee and year, write Delta.")
    static final class BenchFloor extends LakeCommand {
        @Override
        boolean writes() {
            return false;
        }

        @Override
        int execute(LakeLock lock) {
            long rows = Floor.run(spark(), paths().landing("activities") + "/*.csv",
                    paths().root() + "/_bench/floor_counts");
            out().println("floor: " + rows + " (employee, year) counts written");
            return Cli.OK;
        }
    }

    @Command(name = "vacuum", mixinStandardHelpOptions = true,
            description = "Remove Delta files no version of the last N days needs; refuses N below lake.retention.reproducibility-days.")
    static final class VacuumCommand extends LakeCommand {
        @Option(names = "--retain-days", paramLabel = "N", description = "days of versions to keep (default: the reproducibility window)")
        String retainDays;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            Integer retain = retainDays == null ? null : wholeNumber("--retain-days", retainDays);
            Vacuum.checkRetention(retain, config.lake().reproducibilityDays());
            out().print(Chores.vacuum(envelope(lock), retain));
            return Cli.OK;
        }
    }

    @Command(name = "dashboard", mixinStandardHelpOptions = true,
            description = {"Write the dashboard of the lake's latest gold: <lake>/reports/dashboard.html, one offline HTML file (KPI"
                    + " cards, charts, quality, runs, scenarios; filters for year and BU). Aggregates only; --with-personal-data"
                    + " also writes reports/dashboard-personal.html with names and per-employee amounts."})
    static final class DashboardCommand extends LakeCommand {
        @Option(names = "--with-personal-data", description = "also write the per-employee page (names, amounts): for HR only")
        boolean personal;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            RunLedger.Entry gold = new RunLedger(spark(), paths(), "").lastGold()
                    .orElseThrow(() -> new Cli.UsageProblem("no gold in " + paths().root() + " yet: `run` first"));
            Dashboard.Run run = new Dashboard.Run(gold.runId(), gold.asOfDate(),
                    gold.rulesHash());
            Dashboard dashboard = new Dashboard(spark(), paths());
            Dashboard.Written written = dashboard.write(run)
                    .orElseThrow(() -> new Cli.UsageProblem("no gold in " + paths().root() + " yet: `run` first"));
            out().println("dashboard of run " + run.runId() + ": " + written.latest());
            if (personal) {
                out().println("per-employee page (personal data: HR only): " + dashboard.writePersonal(run));
            }
            return Cli.OK;
        }
    }

    @Command(name = "sql", mixinStandardHelpOptions = true,
            description = {"Spark SQL over the lake, read-only: every table as <layer>_<table> (gold_fct_employee_benefits, ops_run_ledger,"
                    + " scenario_<name>_<table>), time travel with VERSION AS OF n / TIMESTAMP AS OF '…'. Without a statement, lists the"
                    + " tables. A statement that would write is refused (exit 2)."})
    static final class SqlCommand extends LakeCommand {
        @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "STATEMENT", description = "one SQL statement (quote it)")
        String statement;
        @Option(names = "--format", paramLabel = "table|csv|json", description = "table (default, for a terminal), csv (RFC 4180) or json (one object per line)")
        String format = "table";
        @Option(names = "--output", paramLabel = "FILE", description = "write the rows to FILE (a path or URI) instead of the terminal")
        String output;
        @Option(names = "--limit", paramLabel = "N", description = "rows shown in table format (default 100)")
        String limit;

        @Override
        boolean writes() {
            return false;
        }

        @Override
        int execute(LakeLock lock) throws Exception {
            SqlOutput.Format chosen = SqlOutput.Format.parse(format);
            LakeSql sql = new LakeSql(spark(), paths());
            if (statement == null || statement.isBlank()) {
                sql.tables().forEach((name, location) -> out().println(name));
                return Cli.OK;
            }
            org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows;
            try {
                rows = sql.query(statement);
            } catch (LakeSql.Refused refused) {
                throw new Cli.UsageProblem(refused.getMessage());
            }
            int shown = limit == null ? 100 : Math.max(1, wholeNumber("--limit", limit));
            if (output == null) {
                SqlOutput.write(rows, chosen, shown, out());
                out().flush();
                return Cli.OK;
            }
            String target = LakePaths.location(output);
            try (var stream = LakeFiles.outputFileSystem(spark(), target).create(new org.apache.hadoop.fs.Path(target), true);
                 var writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8))) {
                long n = SqlOutput.write(rows, chosen, Integer.MAX_VALUE, writer);
                writer.flush();
                out().println(n + " rows written to " + target);
            }
            return Cli.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the BI snapshot: each gold table's current version as Parquet and as CSV for French Excel (UTF-8 BOM,"
                    + " ';', decimal comma), per-employee tables under personal/, a manifest naming the run and Delta versions."
                    + " Replaces the previous snapshot. For PowerBI without the Delta connector, or from a lake on S3 to a folder"
                    + " PowerBI Desktop reads."})
    static final class ExportCommand extends LakeCommand {
        @Option(names = "--to", paramLabel = "DIR", description = "where (a folder or a URI; default export.to, else <lake>/exports)")
        String to;

        @Override
        boolean writes() {
            return true;
        }

        @Override
        int execute(LakeLock lock) {
            out().print(Chores.export(envelope(lock), to == null ? null : LakePaths.location(to)));
            return Cli.OK;
        }
    }

    @Command(name = "schedule", mixinStandardHelpOptions = true,
            description = {"Fire run, digest and vacuum on the cron expressions of schedule.* (Quartz), each as a process of"
                    + " scripts/sport-benefits with these options; one at a time, a busy lake is a skipped fire; SIGTERM stops"
                    + " cleanly (the running command may finish). Keeps notify --follow running with schedule.notify-follow=true."})
    static final class ScheduleCommand extends LakeCommand {
        @Option(names = "--max-seconds", paramLabel = "N", description = "stop (cleanly) after N seconds")
        String maxSeconds;
        @Option(names = "--dry-run", description = "print what would fire and when, start nothing")
        boolean dryRun;

        @Override
        boolean writes() {
            // each command it starts takes the lock itself
            return false;
        }

        @Override
        int execute(LakeLock lock) throws Exception {
            String launcher = System.getenv("SPORT_BENEFITS_LAUNCHER");
            Scheduler scheduler = new Scheduler(config.schedule(), childOptions(main.arguments), arguments -> {
                List<String> command = new ArrayList<>(List.of("bash", launcher));
                command.addAll(arguments);
                return new ProcessBuilder(command).inheritIO().start();
            });
            if (dryRun) {
                java.util.TimeZone zone = java.util.TimeZone.getTimeZone(config.schedule().timeZone());
                for (Scheduler.Task task : scheduler.tasks()) {
                    out().println(task.name() + "  '" + task.cron() + "'  next: " + Scheduler.nextFires(task.cron(), zone, new java.util.Date(), 3)
                            .stream().map(d -> d.toInstant().atZone(zone.toZoneId()).toString()).toList());
                    out().println("  runs: scripts/sport-benefits " + Cli.forLedger(task.arguments().toArray(String[]::new)));
                }
                if (config.schedule().notifyFollow()) {
                    out().println("notify --follow  kept running");
                }
                return Cli.OK;
            }
            if (launcher == null || launcher.isBlank()) {
                throw new Cli.UsageProblem("schedule starts each command as a process of scripts/sport-benefits: start it with"
                        + " `scripts/sport-benefits schedule …` (SPORT_BENEFITS_LAUNCHER is not set)");
            }
            scheduler.run(maxSeconds == null ? null : Duration.ofSeconds(wholeNumber("--max-seconds", maxSeconds)));
            return Cli.OK;
        }

        /** The scheduler's own options, for the commands it starts: all but the command name and its own options. */
        static List<String> childOptions(String[] arguments) {
            List<String> options = new ArrayList<>();
            boolean commandSeen = false;
            for (int i = 0; i < arguments.length; i++) {
                String a = arguments[i];
                if (!commandSeen && a.equals("schedule")) {
                    commandSeen = true;
                } else if (a.equals("--max-seconds")) {
                    i++;
                } else if (!a.startsWith("--max-seconds=") && !a.equals("--dry-run")) {
                    options.add(a);
                }
            }
            return options;
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true, description = "The lake's writer lock: who holds it, and removing a dead holder's lock.",
            subcommands = {Lock.Status.class, Lock.Release.class})
    static final class Lock implements Runnable {
        @picocli.CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @ParentCommand
        Main main;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "lock needs a subcommand: status or release --force");
        }

        @Command(name = "status", mixinStandardHelpOptions = true, description = "Show who holds the lake's writer lock (never waits).")
        static final class Status implements Callable<Integer> {
            @Mixin
            Common common;
            @picocli.CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                AppConfig config = ConfigLoader.load(common.configFiles, common.overrides);
                LakePaths paths = new LakePaths(config.lake().root());
                LakeStorage.probe(config, false);
                requireLake(paths);
                Optional<LakeLock.Holder> holder = LakeLock.status(paths, LakeStorage.hadoopConfiguration(config));
                spec.commandLine().getOut().println(holder.map(h -> "locked by " + h.describe()
                        + (LakeLock.isStale(h) ? " — STALE: its process is gone; the next writer takes it over" : ""))
                        .orElse("not locked"));
                return Cli.OK;
            }
        }

        @Command(name = "release", mixinStandardHelpOptions = true, description = "Remove the lock whoever holds it (logged); needs --force.")
        static final class Release implements Callable<Integer> {
            @Mixin
            Common common;
            @Option(names = "--force", description = "yes, remove it: only when its holder is surely gone")
            boolean force;
            @picocli.CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                if (!force) {
                    throw new Cli.UsageProblem("lock release removes another process's lock: add --force if its holder is surely gone");
                }
                AppConfig config = ConfigLoader.load(common.configFiles, common.overrides);
                LakePaths paths = new LakePaths(config.lake().root());
                LakeStorage.probe(config, false);
                requireLake(paths);
                Optional<LakeLock.Holder> holder = LakeLock.forceRelease(paths, LakeStorage.hadoopConfiguration(config));
                spec.commandLine().getOut().println(holder.map(h -> "released the lock of " + h.describe()).orElse("the lake was not locked"));
                return Cli.OK;
            }
        }
    }
}
