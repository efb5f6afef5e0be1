package com.sportdata.benefits.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: the command, the extra configuration files and the configuration overrides.
 * Every option is a shorthand for a configuration key, so there is one source of truth.
 */
public record CommandLine(String command, List<Path> configFiles, Map<String, String> overrides, Map<String, String> options) {

    /** Option → configuration key it sets. */
    private static final Map<String, String> SHORTHANDS = Map.of(
            "--lake", "lake.root",
            "--periods", "pipeline.periods",
            "--as-of", "pipeline.as-of-date",
            "--employees", "generator.employees",
            "--seed", "generator.seed",
            "--format", "generator.activity-format",
            "--master", "spark.master");

    /** Options that are not configuration: file inputs of a command. */
    private static final List<String> PLAIN_OPTIONS = List.of("--hr", "--sports", "--run");

    public static CommandLine parse(String... args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw new UsageError("missing command");
        }
        String command = args[0];
        List<Path> files = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageError(null);
            }
            if (value == null) {
                throw new UsageError("option " + arg + " needs a value");
            }
            switch (arg) {
                case "--config" -> files.add(Path.of(value));
                case "--set" -> {
                    int eq = value.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageError("--set expects key=value, got '" + value + "'");
                    }
                    overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1));
                }
                default -> {
                    if (SHORTHANDS.containsKey(arg)) {
                        overrides.put(SHORTHANDS.get(arg), value);
                    } else if (PLAIN_OPTIONS.contains(arg)) {
                        options.put(arg, value);
                    } else {
                        throw new UsageError("unknown option " + arg);
                    }
                }
            }
            i++;
        }
        return new CommandLine(command, List.copyOf(files), overrides, options);
    }

    /** A wrong command line; the message says what is wrong (null: just show the usage). */
    public static final class UsageError extends RuntimeException {
        public UsageError(String message) {
            super(message);
        }
    }

    public static String usage() {
        return """
                usage: sport-benefits <command> [options]

                commands:
                  generate   write a synthetic company (HR + sport declarations xlsx) and 12 months of activities
                             into <lake>/landing/   [--employees N] [--seed S] [--format csv|json] [--as-of yyyy-MM-dd]
                             [--hr FILE --sports FILE: use these HR and declaration files instead of a synthetic company]
                  run        ingest landing files and recompute bronze → silver → gold
                             [--periods 2025,2026] [--as-of yyyy-MM-dd]
                  quality    show the quality report of the last run, or of --run ID (text, and the HTML report's path)

                options for every command:
                  --lake DIR            lake root (local folder or s3a://bucket/prefix); default: lake
                  --config FILE         an extra HOCON file layered over conf/application.conf (repeatable)
                  --set key=value       override any configuration key (repeatable), e.g. --set rules.bonus.rate=0.10
                  --master URL          Spark master when not launched by spark-submit (e.g. local[2])
                """;
    }
}
