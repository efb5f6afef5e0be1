package com.sportdata.benefits.history;

import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;

/**
 * {@code purge}: personal data older than the retention horizon ({@code lake.retention.personal-data-years}) leaves
 * the lake. For every personal table, by the rule the catalogue gives it ({@link PersonalData#aging}): its rows past
 * the horizon are deleted in one commit; then every file of its Delta history (what time travel would read) that still
 * holds such a row is deleted too, so no older version can bring them back; then the landing files a later delivery
 * superseded before the horizon, and the personal dashboard. The aggregates (KPIs, quality results, run records) hold no
 * personal data and stay as they are.
 *
 * <p>A version of a purged table whose files are gone can no longer be read: a replay or backfill that needs it is
 * refused with the purge named ({@code TableWriter.requireReadable}). The Delta log's own JSON keeps per-file column
 * statistics (minimum and maximum values) until Delta's log retention drops those commits.
 */
public final class Purge {
    private final SparkSession spark;
    private final TableWriter writer;
    private final LakePaths paths;

    public Purge(SparkSession spark, TableWriter writer) {
        this.spark = spark;
        this.writer = writer;
        this.paths = writer.paths();
    }

    /** What the purge did (or, in a dry run, would do) to one table. */
    public record TableResult(String table, String rule, long rows, long historyFiles) {
    }

    public record Result(Instant cutoff, int years, boolean dryRun, List<TableResult> tables, List<String> landingFiles,
                         List<String> outputs) {
        public long rows() {
            return tables.stream().mapToLong(TableResult::rows).sum();
        }

        public long historyFiles() {
            return tables.stream().mapToLong(TableResult::historyFiles).sum();
        }

        public String render() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s personal data older than %s (%d years: lake.retention.personal-data-years)%n",
                    dryRun ? "Purge, dry run: would remove" : "Purge: removed", cutoff.toString(), years));
            out.append(String.format(Locale.ROOT, "  %-42s %10s %14s  %s%n", "table", "rows", "history files", "rule"));
            tables.forEach(t -> out.append(String.format(Locale.ROOT, "  %-42s %10d %14d  %s%n", t.table(), t.rows(), t.historyFiles(), t.rule())));
            out.append(String.format(Locale.ROOT, "  landing files: %d%s%n", landingFiles.size(),
                    landingFiles.isEmpty() ? "" : " (" + String.join(", ", landingFiles) + ")"));
            outputs.forEach(o -> out.append("  ").append(o).append('\n'));
            if (dryRun) {
                out.append("Nothing changed. Without --dry-run, runs that read these tables before the purge can no longer be replayed.\n");
            } else if (rows() + historyFiles() + landingFiles.size() > 0) {
                out.append("Runs that read these tables before the purge can no longer be replayed; the aggregates are unchanged.\n");
            } else {
                out.append("Nothing was older than the horizon.\n");
            }
            return out.toString();
        }
    }

    /** The horizon: {@code years} before {@code now}. */
    public static Instant cutoff(Instant now, int years) {
        return now.atOffset(ZoneOffset.UTC).minusYears(years).toInstant();
    }

    public Result run(Instant cutoff, int years, boolean dryRun, String commitMetadata) {
        List<TableResult> results = new ArrayList<>();
        for (Map.Entry<TableId, PersonalData.Aging> e : PersonalData.agingTables().entrySet()) {
            if (e.getValue().purged() && writer.exists(e.getKey())) {
                results.add(table(e.getKey(), writer, e.getKey().qualifiedName(), e.getValue(), cutoff, dryRun, commitMetadata));
            }
        }
        // a scenario's per-employee amounts age like the official ones
        for (String scenario : scenarios()) {
            TableWriter scenarioWriter = writer.at(paths.withGoldAt(paths.scenarioFolder(scenario)));
            if (scenarioWriter.exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
                results.add(table(Tables.FCT_EMPLOYEE_BENEFITS, scenarioWriter, "scenarios/" + scenario + "/" + Tables.FCT_EMPLOYEE_BENEFITS.name(),
                        PersonalData.aging(Tables.FCT_EMPLOYEE_BENEFITS), cutoff, dryRun, commitMetadata));
            }
        }
        List<String> landing = supersededLandingFiles(cutoff);
        List<String> outputs = new ArrayList<>();
        if (!dryRun) {
            for (String file : landing) {
                delete(paths.root() + "/" + file);
            }
            if (delete(paths.personalDashboard())) {
                outputs.add("removed " + PersonalData.OUTPUTS.stream().filter(o -> o.prefixes().contains("reports/dashboard-personal.html"))
                        .findFirst().map(PersonalData.Output::place).orElse("the personal dashboard") + ": `dashboard --with-personal-data` makes it again");
            }
        } else if (exists(paths.personalDashboard())) {
            outputs.add("would remove the personal dashboard (reports/dashboard-personal.html)");
        }
        return new Result(cutoff, years, dryRun, results, landing, outputs);
    }

    private TableResult table(TableId table, TableWriter tables, String name, PersonalData.Aging aging, Instant cutoff, boolean dryRun,
                              String metadata) {
        String path = tables.paths().table(table);
        String predicate = predicate(tables.read(table), aging, cutoff);
        long rows = predicate == null ? 0 : tables.read(table).filter(predicate).count();
        long files = 0;
        if (predicate != null) {
            if (!dryRun && rows > 0) {
                tables.delete(table, predicate, metadata);
            }
            files = historyFiles(path, predicate, dryRun);
        }
        return new TableResult(name, aging.rule(), rows, files);
    }

    /** The rows of a table past the horizon, as a Spark SQL predicate; null when none can be. */
    static String predicate(Dataset<Row> rows, PersonalData.Aging aging, Instant cutoff) {
        long micros = cutoff.getEpochSecond() * 1_000_000L + cutoff.getNano() / 1_000;
        switch (aging.kind()) {
            case BEFORE:
                return "unix_micros(`" + aging.column() + "`) < " + micros + (aging.condition().isEmpty() ? "" : " AND (" + aging.condition() + ")");
            case YEARS:
                return "`" + aging.column() + "` < " + cutoff.atOffset(ZoneOffset.UTC).getYear();
            case SUPERSEDED_FILES:
                Set<String> superseded = supersededFiles(rows, cutoff);
                return superseded.isEmpty() ? null : "`" + aging.column() + "` IN ("
                        + superseded.stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(", ")) + ")";
            default:
                return null;
        }
    }

    /**
     * The content hashes of a bronze table's deliveries that a later delivery superseded before the cut-off: each file is
     * in force from its ingestion until the next one's.
     */
    static Set<String> supersededFiles(Dataset<Row> bronze, Instant cutoff) {
        List<Row> deliveries = bronze.groupBy("_source_sha256").agg(org.apache.spark.sql.functions.min("_ingested_at").as("at"))
                .orderBy(col("at"), col("_source_sha256")).collectAsList();
        Set<String> superseded = new TreeSet<>();
        for (int i = 0; i + 1 < deliveries.size(); i++) {
            Timestamp next = deliveries.get(i + 1).getTimestamp(1);
            if (next.toInstant().isBefore(cutoff)) {
                superseded.add(deliveries.get(i).getString(0));
            }
        }
        return superseded;
    }

    /**
     * The files of a table's Delta history that the current version no longer reads and that hold a row matching
     * {@code predicate}: deleted (counted only, in a dry run). Files of the current version went through the delete.
     */
    private long historyFiles(String table, String predicate, boolean dryRun) {
        Set<String> current = new TreeSet<>();
        // the files the log names (Delta Kernel), not a Spark plan's: a command may keep that version in memory
        for (String file : new com.sportdata.benefits.catalog.DeltaRows(spark.sparkContext().hadoopConfiguration()).files(table)) {
            current.add(new Path(file).toUri().getPath());
        }
        List<String> older = new ArrayList<>();
        try {
            FileSystem fs = FileSystem.get(URI.create(table), spark.sparkContext().hadoopConfiguration());
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(table), true);
            while (files.hasNext()) {
                Path file = files.next().getPath();
                String relative = file.toUri().getPath();
                if (file.getName().endsWith(".parquet") && !relative.contains("/_delta_log/") && !current.contains(relative)) {
                    older.add(file.toString());
                }
            }
            if (older.isEmpty()) {
                return 0;
            }
            List<String> holding = spark.read().option("mergeSchema", "true").option("basePath", table).parquet(older.toArray(String[]::new))
                    .filter(predicate).select(input_file_name()).distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
            if (!dryRun) {
                for (String file : holding) {
                    fs.delete(new Path(URI.create(file)), false);
                }
            }
            return holding.size();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the history of " + table + ": " + e.getMessage(), e);
        }
    }

    /**
     * Landing files (relative to the lake root) of personal sources that a later delivery of the same source superseded
     * before the cut-off, still there with the content the ingestion log recorded (a file re-delivered under the same
     * name with other content is kept).
     */
    private List<String> supersededLandingFiles(Instant cutoff) {
        if (!writer.exists(Tables.INGESTION_LOG)) {
            return List.of();
        }
        // deliveries follow one another per target table (landing/reference/ holds two sources)
        Map<String, List<Row>> byTarget = new LinkedHashMap<>();
        writer.read(Tables.INGESTION_LOG).filter(col("status").equalTo("INGESTED").and(col("target_table").isNotNull()))
                .select("target_table", "source_file", "content_sha256", "logged_at").orderBy("logged_at", "source_file").collectAsList()
                .forEach(r -> byTarget.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r));
        List<String> files = new ArrayList<>();
        byTarget.forEach((target, deliveries) -> {
            for (int i = 0; i + 1 < deliveries.size(); i++) {
                Row delivery = deliveries.get(i);
                String file = delivery.getString(1);
                boolean personal = PersonalData.ofFile(file).map(PersonalData.Classification::personal).orElse(false);
                if (personal && deliveries.get(i + 1).getTimestamp(3).toInstant().isBefore(cutoff)
                        && delivery.getString(2).equals(sha256(paths.root() + "/" + file))) {
                    files.add(file);
                }
            }
        });
        return files;
    }

    /** The scenarios kept in the lake (folders under scenarios/). */
    private List<String> scenarios() {
        try {
            FileSystem fs = FileSystem.get(URI.create(paths.scenarios()), spark.sparkContext().hadoopConfiguration());
            Path root = new Path(paths.scenarios());
            if (!fs.exists(root)) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (org.apache.hadoop.fs.FileStatus s : fs.listStatus(root)) {
                if (s.isDirectory() && !s.getPath().getName().startsWith("_")) {
                    names.add(s.getPath().getName());
                }
            }
            names.sort(String::compareTo);
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the scenarios of " + paths.root() + ": " + e.getMessage(), e);
        }
    }

    private String sha256(String location) {
        try {
            Path file = new Path(location);
            return exists(location) ? com.sportdata.benefits.landing.LandingZone.sha256(file, spark.sparkContext().hadoopConfiguration()) : "";
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(String location) {
        return com.sportdata.benefits.catalog.LakeFiles.exists(spark, location);
    }

    /** Removes a file or folder; whether there was one. */
    private boolean delete(String location) {
        boolean there = exists(location);
        com.sportdata.benefits.catalog.LakeFiles.delete(spark, location);
        return there;
    }
}
