package com.sportdata.benefits.cli;

import picocli.CommandLine.Option;
import java.util.Map;

/** {@code --as-of DATE}: the same option, meaning the same thing, in every command that takes it. */
final class AsOfDate {
    @Option(names = "--as-of", paramLabel = "DATE",
            description = "the date the command is computed as of (the last day of a generated history, of a digest's week), yyyy-MM-dd (pipeline.as-of-date; default today)")
    String date;

    void applyTo(Map<String, String> overrides) {
        if (date != null) {
            overrides.put("pipeline.as-of-date", date);
        }
    }
}
