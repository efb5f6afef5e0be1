package com.sportdata.benefits.history;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.pipeline.TableWriter;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * A past point of the inputs, {@code --as-of VERSION|TIMESTAMP}: resolved to one Delta version per table read.
 * A VERSION applies to every input table (each run commits every silver table once); a TIMESTAMP picks, per
 * table, the last version committed at or before it (a date or local time is read in the office time zone).
 */
public final class InputPoint {
    private InputPoint() {
    }

    public static Map<TableId, Long> resolve(SparkSession spark, TableWriter writer, String spec, Collection<TableId> tables,
                                             ZoneId zone) {
        String text = spec.trim();
        Map<TableId, Long> versions = new LinkedHashMap<>();
        if (text.matches("\\d+")) {
            long version = Long.parseLong(text);
            for (TableId table : tables) {
                long latest = writer.latestVersion(table);
                if (version > latest) {
                    throw new IllegalArgumentException("--as-of " + version + ": " + table + " has no version " + version
                            + " (latest is " + latest + ")");
                }
                versions.put(table, version);
            }
            return versions;
        }
        Instant point = parse(text, zone);
        LakePaths paths = writer.paths();
        for (TableId table : tables) {
            List<Row> before = DeltaTable.forPath(spark, paths.table(table)).history()
                    .filter(col("timestamp").leq(new Timestamp(point.toEpochMilli())))
                    .orderBy(col("version").desc()).limit(1).select("version").collectAsList();
            if (before.isEmpty()) {
                throw new IllegalArgumentException("--as-of " + spec + ": " + table + " did not exist yet at " + point);
            }
            versions.put(table, before.get(0).getLong(0));
        }
        return versions;
    }

    static Instant parse(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // not an instant with an offset
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a local date-time
        }
        try {
            // a date alone means the end of that day
            return LocalDate.parse(text).plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--as-of expects a table version (e.g. 12) or a timestamp "
                    + "(2026-11-20, 2026-11-20T14:30, 2026-11-20T14:30:00+01:00), got '" + text + "'");
        }
    }
}
