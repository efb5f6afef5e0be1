package com.sportdata.benefits.history;

import com.sportdata.benefits.catalog.LakePaths;
import io.delta.tables.DeltaTable;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vacuum [--retain-days N]}: removes the data files no table version of the last N days needs, in every
 * Delta table of the lake (layers, run ledger, scenarios), after setting each table's retention properties to
 * N. N defaults to the reproducibility window and may not be shorter: a run of the window must stay replayable.
 */
public final class Vacuum {
    private final SparkSession spark;
    private final LakePaths paths;
    private final int reproducibilityDays;

    public Vacuum(SparkSession spark, LakePaths paths, int reproducibilityDays) {
        this.spark = spark;
        this.paths = paths;
        this.reproducibilityDays = reproducibilityDays;
    }

    public record TableResult(String table, long filesRemoved) {
    }

    public List<TableResult> run(Integer retainDays) {
        int days = checkRetention(retainDays, reproducibilityDays);
        List<TableResult> results = new ArrayList<>();
        // the window is enforced above; Delta's own 7-day floor would refuse a deliberately shorter configured window
        String check = "spark.databricks.delta.retentionDurationCheck.enabled";
        String previous = spark.conf().get(check, "true");
        spark.conf().set(check, "false");
        // VACUUM lists files with this many tasks (default 10 000): minutes of task overhead on a small lake
        String listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
        String previousListing = spark.conf().get(listing, "10000");
        spark.conf().set(listing, String.valueOf(Math.max(2, spark.sparkContext().defaultParallelism())));
        try {
            List<String> tables = deltaTables();
            // tables are independent: vacuum a few at once (each is a handful of small Spark jobs)
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
            try {
                List<java.util.concurrent.Future<TableResult>> futures = tables.stream().map(table -> pool.submit(() -> {
                    setRetention(table, days);
                    long before = dataFiles(table);
                    DeltaTable.forPath(spark, table).vacuum(days * 24.0);
                    return new TableResult(relative(table), before - dataFiles(table));
                })).toList();
                for (java.util.concurrent.Future<TableResult> future : futures) {
                    results.add(future.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("vacuum interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
            }
            results.sort(java.util.Comparator.comparing(TableResult::table));
        } finally {
            spark.conf().set(check, previous);
            spark.conf().set(listing, previousListing);
        }
        return results;
    }

    /** The retention a vacuum will use (the window when not given); refused when shorter than the window. */
    public static int checkRetention(Integer retainDays, int reproducibilityDays) {
        int days = retainDays == null ? reproducibilityDays : retainDays;
        if (days < reproducibilityDays) {
            throw new IllegalArgumentException("vacuum refused: --retain-days " + days + " is shorter than the reproducibility window ("
                    + "lake.retention.reproducibility-days = " + reproducibilityDays + "); runs of the last " + reproducibilityDays
                    + " days must stay replayable. Shorten the window in the configuration first if that is really intended.");
        }
        return days;
    }

    /** Data files of a table (its Delta log aside). */
    private long dataFiles(String table) throws IOException {
        FileSystem fs = FileSystem.get(URI.create(table), spark.sparkContext().hadoopConfiguration());
        long count = 0;
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = fs.listFiles(new Path(table), true);
        while (files.hasNext()) {
            Path file = files.next().getPath();
            if (!file.toString().contains("/_delta_log/") && !file.getName().startsWith(".")) {
                count++;
            }
        }
        return count;
    }

    private String relative(String table) {
        String root = new Path(paths.root()).toUri().getPath();
        String path = new Path(table).toUri().getPath();
        return path.startsWith(root + "/") ? path.substring(root.length() + 1) : path;
    }

    /** Sets the table's retention properties to the window, only when they differ (each change is a commit). */
    private void setRetention(String table, int days) {
        Row detail = DeltaTable.forPath(spark, table).detail().first();
        Map<String, String> properties = detail.getJavaMap(detail.fieldIndex("properties"));
        String files = Retention.deletedFileRetention(days);
        String log = Retention.logRetention(days);
        if (!files.equals(properties.get("delta.deletedFileRetentionDuration")) || !log.equals(properties.get("delta.logRetentionDuration"))) {
            spark.sql("ALTER TABLE delta.`" + table + "` SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = '" + files
                    + "', 'delta.logRetentionDuration' = '" + log + "')");
        }
    }

    /** Every folder holding a Delta table: {@code <root>/<layer>/<table>} and {@code <root>/scenarios/<name>/<table>}. */
    List<String> deltaTables() {
        List<String> tables = new ArrayList<>();
        try {
            FileSystem fs = FileSystem.get(URI.create(paths.root()), spark.sparkContext().hadoopConfiguration());
            collect(fs, new Path(paths.root()), 0, tables);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the lake " + paths.root() + ": " + e.getMessage(), e);
        }
        return tables;
    }

    private static void collect(FileSystem fs, Path dir, int depth, List<String> tables) throws IOException {
        if (fs.exists(new Path(dir, "_delta_log"))) {
            tables.add(dir.toUri().toString().replaceAll("/+$", ""));
            return;
        }
        if (depth >= 3 || dir.getName().equals("landing") || dir.getName().equals("quality") || dir.getName().startsWith("_")) {
            return;
        }
        for (FileStatus child : fs.listStatus(dir)) {
            if (child.isDirectory()) {
                collect(fs, child.getPath(), depth + 1, tables);
            }
        }
    }

    public static String render(List<TableResult> results, int days) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "Vacuum, retaining %d days of history:%n", days));
        results.forEach(r -> out.append(String.format(Locale.ROOT, "  %-50s %5d files removed%n", r.table(), r.filesRemoved())));
        return out.toString();
    }
}
