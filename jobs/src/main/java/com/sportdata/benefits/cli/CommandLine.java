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
            "--master", "spark.master",
            "--hr-snapshot", "pipeline.hr-snapshot");

    /** Options without a value, per command. */
    private static final Map<String, List<String>> FLAGS = Map.of("notify", List.of("--follow"));

    /** Options that are not configuration, per command: inputs of that command. They win over a shorthand of the same name. */
    private static final Map<String, List<String>> PLAIN_OPTIONS = Map.of(
            "generate", List.of("--hr", "--sports", "--live"),
            "notify", List.of("--max-seconds"),
            "quality", List.of("--run"),
            "backfill", List.of("--from", "--to", "--as-of", "--reason"),
            "replay", List.of("--run"),
            "scenario", List.of("--name"),
            "vacuum", List.of("--retain-days"),
            "runs", List.of("--run", "--limit"));

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
            if (FLAGS.getOrDefault(command, List.of()).contains(arg)) {
                options.put(arg, "true");
                continue;
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
                    if (PLAIN_OPTIONS.getOrDefault(command, List.of()).contains(arg)) {
                        options.put(arg, value);
                    } else if (SHORTHANDS.containsKey(arg)) {
                        overrides.put(SHORTHANDS.get(arg), value);
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

    /** The command line as recorded in the run ledger: values of secret-looking keys masked. */
    public static String forLedger(String... args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean secret = arg.matches("(?i).*(secret|password|token|webhook|credential|access[._-]?key).*=.*");
            out.append(i == 0 ? "" : " ").append(secret ? arg.substring(0, arg.indexOf('=') + 1) + "***" : arg);
        }
        return out.toString();
    }

    public static String usage() {
        return """
                usage: sport-benefits <command> [options]

                commands:
                  generate   write a synthetic company (HR + sport declarations xlsx) and 12 months of activities
                             into <lake>/landing/   [--employees N] [--seed S] [--format csv|json] [--as-of yyyy-MM-dd]
                             [--hr FILE --sports FILE: use these HR and declaration files instead of a synthetic company]
                             [--live N: drop N activities that have just finished into landing/activities/]
                  run        ingest landing files, recompute bronze → silver → gold, and post new activities to Slack
                             [--periods 2025,2026] [--as-of yyyy-MM-dd]
                  digest     post the week's digest (activities and km by BU, most active BU, new wellness days) for the
                             7 days ending today or --as-of; once per week
                  notify     post new activities and pending messages to Slack once, or keep watching landing/activities/
                             [--follow [--max-seconds N]]
                  quality    show the quality report of the last run, or of --run ID (text, and the HTML report's path)
                  runs       list recent runs from the run ledger [--limit N], or show one stage by stage [--run ID]
                  backfill   recompute gold for a range of benefit years from silver, replacing each year entirely
                             --from 2025 --to 2026 (or months: 2025-03) [--as-of VERSION|TIMESTAMP: read silver as it was]
                             [--reason TEXT] [--set rules.bonus.rate=0.06 ...]
                  replay     recompute what run ID computed, from the input versions and parameters it recorded, and
                             prove the result identical to what it wrote   --run ID
                  scenario   compute gold with other parameters into scenarios/NAME/ (official gold untouched) and compare
                             with the official figures per year and BU   --name NAME --set key=value ...
                  vacuum     remove Delta files older than the retention [--retain-days N], never below
                             lake.retention.reproducibility-days

                options for every command:
                  --lake DIR            lake root (local folder or s3a://bucket/prefix); default: lake
                  --config FILE         an extra HOCON file layered over conf/application.conf (repeatable)
                  --set key=value       override any configuration key (repeatable), e.g. --set rules.bonus.rate=0.10
                  --master URL          Spark master when not launched by spark-submit (e.g. local[2])
                  --hr-snapshot latest|period-end
                                        HR data gold uses per benefit year: the latest HR file (corrections included)
                                        or the one in force at the end of that year
                """;
    }
}
