package com.sportdata.benefits.config;

/** A configuration problem, always naming the offending key so the fix is obvious. */
public final class ConfigError extends RuntimeException {
    public ConfigError(String key, String problem) {
        super("Configuration key '" + key + "': " + problem);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
