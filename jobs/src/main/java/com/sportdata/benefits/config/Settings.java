package com.sportdata.benefits.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Supplier;

/** Typed, validated reads from a {@link Config}; every failure names the full key. */
final class Settings {
    private final Config config;
    private final String prefix;

    Settings(Config config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    Settings child(String path) {
        return new Settings(config.getConfig(path), key(path));
    }

    /** Other values read under the same key prefix. */
    Settings over(Config other) {
        return new Settings(other, prefix);
    }

    Config config() {
        return config;
    }

    String key(String path) {
        return prefix.isEmpty() ? path : prefix + "." + path;
    }

    boolean bool(String path) {
        return read(path, () -> config.getBoolean(path));
    }

    String string(String path) {
        return read(path, () -> config.getString(path));
    }

    int integer(String path, int min, int max) {
        int value = read(path, () -> config.getInt(path));
        if (value < min || value > max) {
            throw new ConfigError(key(path), "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    BigDecimal decimal(String path, BigDecimal min, BigDecimal max) {
        BigDecimal value = read(path, () -> new BigDecimal(config.getString(path).trim()));
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigError(key(path), "must be between " + min.toPlainString() + " and " + max.toPlainString()
                    + ", got " + value.toPlainString());
        }
        return value;
    }

    List<String> strings(String path) {
        return read(path, () -> config.getStringList(path));
    }

    List<? extends Config> objects(String path) {
        return read(path, () -> config.getConfigList(path));
    }

    Config raw(String path) {
        return read(path, () -> config.getConfig(path));
    }

    /** The value rendered as text whatever its HOCON type (a string, a number or a list). */
    String anyValue(String path) {
        return read(path, () -> String.valueOf(config.getValue(path).unwrapped()));
    }

    <E extends Enum<E>> E enumValue(String path, Class<E> type) {
        String text = string(path);
        try {
            return Enum.valueOf(type, text.trim().toUpperCase().replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(key(path), "unknown value '" + text + "', expected one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private <T> T read(String path, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException.Missing e) {
            throw new ConfigError(key(path), "is missing");
        } catch (ConfigException.WrongType e) {
            throw new ConfigError(key(path), "has the wrong type (" + e.getMessage() + ")");
        } catch (NumberFormatException e) {
            throw new ConfigError(key(path), "is not a number");
        }
    }
}
