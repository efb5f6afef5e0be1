package com.sportdata.benefits.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValueFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the configuration once: the defaults (conf/application.conf, packaged in the jar, or the file named by
 * {@code SPORT_BENEFITS_DEFAULTS}), then each
 * {@code --config} file in order, then each {@code --set key=value}. A later layer wins. Overrides of
 * keys that do not exist are refused, so a typo cannot silently be ignored (except under the open map
 * {@code spark.conf}, which takes any Spark setting).
 */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "conf/application.conf";
    /**
     * A file of defaults read in place of (over) the packaged copy: the launcher names the project's own
     * conf/application.conf, so its edits apply without a rebuild and stay defaults, not command-line overrides.
     */
    public static final String DEFAULTS_ENV = "SPORT_BENEFITS_DEFAULTS";
    /** Any Spark setting may be added under spark.conf (any S3A one under s3.hadoop), so keys there need not pre-exist. */
    private static final List<String> OPEN_MAPS = List.of("spark.conf.", "s3.hadoop.");
    private static final Pattern HOCON_LITERAL = Pattern.compile("-?\\d+(\\.\\d+)?|true|false|\\[.*]|\\{.*}|\".*\"");

    private ConfigLoader() {
    }

    public static AppConfig load(List<Path> files, Map<String, String> overrides) {
        return load(files, overrides, System.getenv());
    }

    /** The same, with {@code SPORT_BENEFITS_DEFAULTS} read from {@code environment} (a command's, or a test's). */
    public static AppConfig load(List<Path> files, Map<String, String> overrides, Map<String, String> environment) {
        return AppConfig.from(loadRaw(files, overrides, environment)
                .withValue(INVOCATION, ConfigValueFactory.fromAnyRef(invocation(files, overrides))));
    }

    /** Where the options a suggested command needs to reach the same lake are kept (see {@link #invocation}). */
    public static final String INVOCATION = "lake.invocation";

    /**
     * The options besides {@code --lake} that a command must repeat to reach the same lake the same way: its
     * {@code --config} files and the storage settings given with {@code --set} (s3.*, lake.* but the root). A
     * command the product suggests carries them, so it can be pasted as printed.
     */
    static String invocation(List<Path> files, Map<String, String> overrides) {
        StringBuilder options = new StringBuilder();
        files.forEach(f -> options.append(" --config ").append(shellWord(f.toString())));
        overrides.forEach((key, value) -> {
            String k = key.trim();
            if ((k.startsWith("s3.") || k.startsWith("lake.")) && !k.equals("lake.root")) {
                options.append(" --set ").append(shellWord(k + "=" + value));
            }
        });
        return options.toString().trim();
    }

    /** A word as a POSIX shell reads it back unchanged. */
    public static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:@%+=,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    public static Config loadRaw(List<Path> files, Map<String, String> overrides) {
        return loadRaw(files, overrides, System.getenv());
    }

    private static Config loadRaw(List<Path> files, Map<String, String> overrides, Map<String, String> environment) {
        Config defaults = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), DEFAULTS_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false));
        String edited = environment.get(DEFAULTS_ENV);
        if (edited != null && !edited.isBlank()) {
            defaults = parse(Path.of(edited), DEFAULTS_ENV + " names no file: ").withFallback(defaults);
        }
        Config merged = defaults;
        for (Path file : files) {
            Config layer = parse(file, "Configuration file not found: ");
            boolean register = layer.hasPath(REGISTER) && !layer.getValue(REGISTER).render().matches("\\{\\s*}")
                    || layer.hasPath(REGISTER_VERSION) && !layer.getValue(REGISTER_VERSION).render().equals("0");
            refuseRegister(register ? REGISTER + " (in " + file + ")" : null);
            merged = layer.withFallback(merged);
        }
        Config resolvedBase = resolve(merged);
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            String key = override.getKey().trim();
            refuseRegister(key.equals(REGISTER) || key.startsWith(REGISTER + ".") || key.startsWith(REGISTER_VERSION) ? key : null);
            if (!resolvedBase.hasPathOrNull(key) && OPEN_MAPS.stream().noneMatch(key::startsWith)) {
                throw new ConfigError(key, "unknown key (check the spelling against conf/application.conf)");
            }
            merged = parseOverride(key, override.getValue()).withFallback(merged);
        }
        return resolve(merged);
    }

    private static Config parse(Path file, String missing) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigError(missing + file.toAbsolutePath(), (Throwable) null);
        }
        try {
            return ConfigFactory.parseFile(file.toFile());
        } catch (ConfigException e) {
            throw new ConfigError("Configuration file " + file + " is not valid HOCON: " + e.getMessage(), e);
        }
    }

    private static final String REGISTER = "rules." + AppConfig.REGISTER_KEY;
    private static final String REGISTER_VERSION = "rules." + AppConfig.REGISTER_VERSION_KEY;

    private static void refuseRegister(String key) {
        if (key != null) {
            throw new ConfigError(key, "is written from the lake's rules register only; to change a year's parameters use"
                    + " `rules set --from YEAR --set KEY=VALUE --reason \"why\"`");
        }
    }

    private static Config parseOverride(String key, String value) {
        String trimmed = value.trim();
        if (HOCON_LITERAL.matcher(trimmed).matches()) {
            try {
                return ConfigFactory.parseString(key + " = " + trimmed);
            } catch (ConfigException e) {
                throw new ConfigError(key, "cannot parse value '" + value + "': " + e.getMessage());
            }
        }
        return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value));
    }

    private static Config resolve(Config config) {
        try {
            return config.resolve(ConfigResolveOptions.defaults());
        } catch (ConfigException e) {
            throw new ConfigError("Configuration cannot be resolved: " + e.getMessage(), e);
        }
    }
}
