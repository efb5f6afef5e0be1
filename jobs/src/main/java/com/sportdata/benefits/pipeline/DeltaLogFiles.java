package com.sportdata.benefits.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A Delta table's latest version and the commit information of a version, read from its transaction log's files
 * ({@code _delta_log/NNNNNNNNNNNNNNNNNNNN.json}, one per version, numbered) with the Hadoop file system, without a
 * Spark job: asking {@code DeltaTable.history(1)} costs a job each time, and the runner asks after every write and
 * for every input of every table it considers keeping. Checkpoints, checksums, compacted logs and temporary files
 * are not versions and are ignored; log clean-up only removes versions older than a checkpoint, never the latest.
 */
public final class DeltaLogFiles {
    private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The newest commits {@link #committedBy} reads whatever their time. */
    static final int NEWEST = 3;

    private DeltaLogFiles() {
    }

    /** A table's latest commit: its version and the modification time of its log file. */
    public record Head(long version, long committedAtMillis) {
        /**
         * Names this exact state of the table: a version number alone could be reused by a table deleted and created
         * again, the commit file's time could not.
         */
        public String identity() {
            return version + "@" + committedAtMillis;
        }
    }

    /** A version's file in the table's log: its commit ({@code json}) or its checksum ({@code crc}). */
    private static Path logFile(String table, long version, String extension) {
        return new Path(new Path(table, "_delta_log"), String.format("%020d.%s", version, extension));
    }

    /** The highest committed version, or empty when the folder holds no Delta log. */
    static OptionalLong latestVersion(Configuration conf, String table) {
        return head(conf, table).map(h -> OptionalLong.of(h.version())).orElseGet(OptionalLong::empty);
    }

    /** The latest commit, or empty when the folder holds no Delta log. */
    static Optional<Head> head(Configuration conf, String table) {
        return commits(conf, table).stream().findFirst();
    }

    /**
     * Every commit of the table's log (not its checkpoints, checksums or temporary files), newest first; empty when the
     * folder holds no Delta log.
     */
    private static java.util.List<Head> commits(Configuration conf, String table) {
        try {
            java.util.List<Head> commits = new java.util.ArrayList<>();
            for (FileStatus f : FileSystem.get(URI.create(table), conf).listStatus(new Path(table, "_delta_log"))) {
                String name = f.getPath().getName();
                if (COMMIT.matcher(name).matches()) {
                    commits.add(new Head(Long.parseLong(name.substring(0, 20)), f.getModificationTime()));
                }
            }
            commits.sort(java.util.Comparator.comparingLong(Head::version).reversed());
            return commits;
        } catch (FileNotFoundException e) {
            return java.util.List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Delta log of " + table, e);
        }
    }

    /** The {@code userMetadata} of a version's commit, empty when the commit carries none. */
    static Optional<String> userMetadata(Configuration conf, String table, long version) {
        Path commit = logFile(table, version, "json");
        try {
            FileSystem fs = FileSystem.get(URI.create(table), conf);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("{\"commitInfo\"")) {
                        JsonNode meta = JSON.readTree(line).path("commitInfo").path("userMetadata");
                        return meta.isTextual() ? Optional.of(meta.asText()) : Optional.empty();
                    }
                }
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version " + version + " of the Delta log of " + table, e);
        }
    }

    /**
     * Whether one of the table's newest commits names run {@code runId} in its {@code userMetadata}: whether that run
     * may already have rows in it. Read: every commit made at or after {@code sinceMillis} (its log file's time) and,
     * whatever their time, the {@value #NEWEST} newest. False when there is no table.
     */
    static boolean committedBy(Configuration conf, String table, String runId, long sinceMillis) {
        String named = "\"run_id\":\"" + runId + "\"";
        java.util.List<Head> commits = commits(conf, table);
        for (int i = 0; i < commits.size() && (i < NEWEST || commits.get(i).committedAtMillis() >= sinceMillis); i++) {
            if (userMetadata(conf, table, commits.get(i).version()).filter(m -> m.contains(named)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every commit after version {@code from} up to {@code to} only set table properties, adding and removing
     * no file: the table's rows at {@code to} are those of {@code from} (the commits of {@link TableWriter#stamp}).
     * False as soon as one of those commits does anything else, or cannot be read.
     */
    static boolean onlyPropertiesSince(Configuration conf, String table, long from, long to) {
        try {
            FileSystem fs = FileSystem.get(URI.create(table), conf);
            for (long version = from + 1; version <= to; version++) {
                Path commit = logFile(table, version, "json");
                boolean properties = false;
                try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("{\"add\"") || line.startsWith("{\"remove\"") || line.startsWith("{\"cdc\"")) {
                            return false;
                        }
                        if (line.startsWith("{\"commitInfo\"")) {
                            properties = "SET TBLPROPERTIES".equals(JSON.readTree(line).path("commitInfo").path("operation").asText());
                        }
                    }
                }
                if (!properties) {
                    return false;
                }
            }
            return from <= to;
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Delta log of " + table + " after version " + from, e);
        }
    }

    /**
     * The bytes of data files a version of the table holds, from the checksum file Delta writes beside each commit
     * ({@code tableSizeBytes}); empty when that version has no checksum file (or an unreadable one).
     */
    static OptionalLong tableSizeBytes(Configuration conf, String table, long version) {
        Path checksum = logFile(table, version, "crc");
        try {
            FileSystem fs = FileSystem.get(URI.create(table), conf);
            try (InputStream in = fs.open(checksum)) {
                JsonNode size = JSON.readTree(in).path("tableSizeBytes");
                return size.canConvertToLong() ? OptionalLong.of(size.asLong()) : OptionalLong.empty();
            }
        } catch (IOException e) {
            return OptionalLong.empty();   // no checksum file, or one cut short: the table is read as any other
        }
    }
}
