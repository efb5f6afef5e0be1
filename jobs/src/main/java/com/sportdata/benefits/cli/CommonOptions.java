package com.sportdata.benefits.cli;

import picocli.CommandLine.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options every command takes; each one sets a configuration key. */
final class CommonOptions {
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
