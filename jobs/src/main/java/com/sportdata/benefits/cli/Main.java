package com.sportdata.benefits.cli;

import com.sportdata.benefits.run.Failures;
import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.quality.QualityGateFailure;
import com.sportdata.benefits.run.BadInput;
import com.sportdata.benefits.lock.LakeBusy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The single entry point: {@code sport-benefits <command> [options]} (picocli: generated help per command, "did
 * you mean" for typos, shell completion). Every option is a shorthand for a configuration key. Only wiring lives
 * here. Exit codes: 0 success, 1 the run failed, 2 usage or configuration, 3 lake busy.
 */
@Command(name = "sport-benefits", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Sport benefits lakehouse: landing → bronze → silver → gold on Delta Lake, quality gates, replay, Slack.",
        subcommands = {GenerateCommand.class, RunCommand.class, NotifyCommand.class, DigestCommand.class, QualityCommand.class, RunsCommand.class,
                BackfillCommand.class, ReplayCommand.class, ScenarioCommand.class, RulesCommand.class, VacuumCommand.class, PurgeCommand.class, ExportCommand.class,
                SqlCommand.class, LandingCommand.class, DashboardCommand.class, BenchFloorCommand.class, ScheduleCommand.class, LockCommand.class, PrivacyCommand.class, LineageCommand.class, ExplainCommand.class, SlidesCommand.class, StravaCommand.class, CommandLine.HelpCommand.class,
                picocli.AutoComplete.GenerateCompletion.class},
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
        line.setParameterExceptionHandler((e, parsedArgs) -> {
            CommandLine cmd = e.getCommandLine();
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && cmd.getCommandSpec().parent() == null
                    && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
                // a mistyped command: say so in one line with the nearest commands, not with the whole usage
                String typed = unmatched.getUnmatched().get(0);
                List<String> near = Suggestions.nearest(typed, cmd.getSubcommands().keySet());
                cmd.getErr().println("error: unknown command '" + typed + "'" + (near.isEmpty() ? "" : ". Did you mean: "
                        + String.join(", ", near) + "?") + " (`sport-benefits help` lists the commands)");
                return Cli.USAGE;
            }
            cmd.getErr().println(e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr())) {
                e.getCommandLine().usage(cmd.getErr());
            }
            return Cli.USAGE;
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

    /** The raw command line (secrets are masked where it is recorded: {@link Cli#forLedger}). */
    String[] arguments() {
        return arguments.clone();
    }

    /** Where the Slack webhooks are read from. */
    Map<String, String> environment() {
        return environment;
    }
}
