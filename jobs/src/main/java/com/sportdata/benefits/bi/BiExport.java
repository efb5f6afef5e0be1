package com.sportdata.benefits.bi;

import com.sportdata.benefits.spark.JobLabels;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.config.AppConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.pipeline.TableWriter;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The BI snapshot: the current version of each gold table as plain Parquet and as CSV French Excel opens, with a
 * manifest naming the run and the Delta versions exported — for PowerBI's Parquet/folder connectors, a lake on S3
 * (PowerBI Desktop reads local or shared folders only) and tools without a Delta reader.
 *
 * <p>Layout of the target folder: {@code manifest.json}, {@code aggregate/parquet/<table>/},
 * {@code aggregate/csv/<table>.csv}, and the same under {@code personal/} for the tables with per-employee rows
 * (names, per-employee amounts): a folder that can be shared, and one that is granted separately.
 *
 * <p>Written atomically per folder: the whole snapshot is built in {@code .incoming-<id>/} beside the target; only when
 * every table is written do {@code aggregate/}, {@code personal/} and then {@code manifest.json} replace the previous
 * ones (a rename each: atomic on a local or shared folder; on S3 a rename is a copy, so a reader may see a half-moved
 * folder — compare its files with the manifest, which moves last). A failure before that leaves the previous
 * snapshot untouched. A rerun replaces, never appends.
 *
 * <p>Parquet types: timestamps as INT96 (Spark's default; the type PowerBI's and Excel's Parquet readers have read
 * longest — int64 millisecond timestamps are reported to come back empty), decimals as the Parquet DECIMAL logical
 * type on INT32/INT64 (precision ≤ 18: every money column is decimal(12,2)), dates as DATE, booleans as BOOLEAN;
 * partition columns are ordinary columns of the files (no {@code benefit_year=…} folders to lose).
 * CSV: UTF-8 with a byte-order mark, {@code ;} between fields, CRLF lines, decimal comma, no thousands separator,
 * dates {@code yyyy-MM-dd}, timestamps {@code yyyy-MM-dd HH:mm:ss} in UTC, booleans VRAI/FAUX, fields quoted when they
 * hold {@code ;}, a quote or a line break.
 */
public final class BiExport {
    private static final Logger LOG = LoggerFactory.getLogger(BiExport.class);
    public static final String AGGREGATE = "aggregate";
    public static final String PERSONAL = "personal";
    public static final String MANIFEST = "manifest.json";

    /** The side where per-employee tables are keyed by a pseudonym instead of the employee id (only with a secret). */
    public static final String PSEUDONYMOUS = "pseudonymous";
    /** The environment variable holding the secret of the pseudonymous employee key (at least 16 characters). */
    public static final String PSEUDONYM_KEY_ENV = "SPORT_BENEFITS_PSEUDONYM_KEY";

    /**
     * A gold table of the snapshot, whether its rows are per employee (the catalogue's classification says), and
     * whether this copy is the pseudonymous one (employee id replaced by {@code employee_key}).
     */
    public record Item(TableId table, boolean personal, boolean pseudonymous) {
        public Item(TableId table, boolean personal) {
            this(table, personal, false);
        }

        Item(TableId table) {
            this(table, com.sportdata.benefits.catalog.PersonalData.of(table).perEmployee());
        }

        String folder() {
            return pseudonymous ? PSEUDONYMOUS : personal ? PERSONAL : AGGREGATE;
        }
    }

    /**
     * The per-employee tables BI may study without knowing who is who: exported a second time under
     * {@code pseudonymous/} when {@value #PSEUDONYM_KEY_ENV} is set, {@code employee_id} replaced by {@code employee_key}
     * (HMAC-SHA256 of the id under that secret, 32 hex digits: the same employee has the same key in every export with
     * the same secret, and nobody without it can tell whose it is). Names ({@code dim_employee}) never go there.
     */
    public static final List<Item> PSEUDONYMOUS_ITEMS = List.of(new Item(Tables.FCT_EMPLOYEE_BENEFITS, true, true),
            new Item(Tables.DECLARATIONS_TO_REVIEW, true, true));

    /** What is exported, in this order; a table that does not exist yet (no scenario run, say) is listed as absent. */
    public static final List<Item> ITEMS = java.util.stream.Stream.of(Tables.KPI_BENEFITS_BY_PERIOD, Tables.KPI_BENEFITS_BY_YEAR_BU,
            Tables.KPI_ACTIVITIES_BY_SPORT, Tables.QUALITY_CHECKS, Tables.QUARANTINE_SUMMARY, Tables.SCENARIO_COMPARISON, Tables.RUNS,
            Tables.FCT_EMPLOYEE_BENEFITS, Tables.DECLARATIONS_TO_REVIEW, Tables.DIM_EMPLOYEE).map(Item::new).toList();

    /** One exported table: its Delta version, rows and where its files are (relative to the target). */
    public record Exported(Item item, long deltaVersion, long rows, String parquet, String csv, org.apache.spark.sql.types.StructType schema) {
    }

    public record Result(String target, String runId, List<Exported> tables, List<TableId> absent) {
        public String render() {
            StringBuilder out = new StringBuilder("BI snapshot in " + target + (runId == null ? "" : " (gold of run " + runId + ")") + "\n");
            for (Exported e : tables) {
                out.append(String.format("  %-28s v%-4d %,9d rows  %s%n", e.item().table().name(), e.deltaVersion(), e.rows(),
                        e.item().folder()));
            }
            if (!absent.isEmpty()) {
                out.append("  not in this lake yet: ").append(absent.stream().map(TableId::name).toList()).append('\n');
            }
            return out.toString();
        }
    }

    private final SparkSession spark;
    private final TableWriter writer;
    /** The pseudonym secret, or null: no pseudonymous side. */
    private final byte[] pseudonymKey;

    /** An export whose pseudonym secret, if any, comes from this process's environment ({@value #PSEUDONYM_KEY_ENV}). */
    public BiExport(SparkSession spark, TableWriter writer) {
        this(spark, writer, System.getenv(PSEUDONYM_KEY_ENV));
    }

    /** @param pseudonymKey the secret of the pseudonymous side (null or blank: none) */
    public BiExport(SparkSession spark, TableWriter writer, String pseudonymKey) {
        this.spark = spark;
        this.writer = writer;
        if (pseudonymKey != null && !pseudonymKey.isBlank() && pseudonymKey.length() < 16) {
            // the value itself is never printed
            throw new IllegalArgumentException(PSEUDONYM_KEY_ENV + " is too short to key pseudonyms: use at least 16 characters");
        }
        this.pseudonymKey = pseudonymKey == null || pseudonymKey.isBlank() ? null : pseudonymKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The pseudonym of one employee id under a secret: HMAC-SHA256, the first 32 hex digits. */
    public static String employeeKey(byte[] secret, long employeeId) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(Long.toString(employeeId).getBytes(StandardCharsets.US_ASCII))).substring(0, 32);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows with {@code employee_key} first in place of {@code employee_id}. */
    private Dataset<Row> pseudonymised(Dataset<Row> rows) {
        byte[] secret = pseudonymKey;
        org.apache.spark.sql.expressions.UserDefinedFunction key = org.apache.spark.sql.functions.udf(
                (org.apache.spark.sql.api.java.UDF1<Long, String>) id -> id == null ? null : employeeKey(secret, id),
                org.apache.spark.sql.types.DataTypes.StringType);
        List<Column> columns = new ArrayList<>(List.of(key.apply(col("employee_id")).as("employee_key")));
        Arrays.stream(rows.columns()).filter(c -> !c.equals("employee_id")).forEach(c -> columns.add(col(c)));
        return rows.select(columns.toArray(Column[]::new));
    }

    /** Where the snapshot goes: {@code export.to} (a path or a URI), else {@code <lake>/exports}. */
    public static String target(AppConfig config, LakePaths paths) {
        String to = config.export().to();
        return to.isEmpty() ? paths.exports() : LakePaths.location(to);
    }

    /** Exports every table of {@link #ITEMS} that exists into {@code target}, replacing the previous snapshot. */
    public Result run(String target, String runId) {
        String base = target.replaceAll("/+$", "");
        String id = Long.toString(System.currentTimeMillis(), 36);
        String incoming = base + "/.incoming-" + id;
        // on a local folder, no .crc side files for a folder connector to trip on
        FileSystem fs = LakeFiles.outputFileSystem(spark, base);
        removeLeftovers(fs, base);
        List<Exported> exported = new ArrayList<>();
        List<TableId> absent = new ArrayList<>();
        try {
            for (Item item : ITEMS) {
                if (!writer.exists(item.table())) {
                    absent.add(item.table());
                    continue;
                }
                try {
                    exported.add(exportTable(item, incoming, fs));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot export " + item.table() + " to " + base + " (the previous snapshot is kept): "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
                }
            }
            if (pseudonymKey != null) {
                for (Item item : PSEUDONYMOUS_ITEMS) {
                    if (writer.exists(item.table())) {
                        exported.add(exportTable(item, incoming, fs));
                    }
                }
            }
            try (var out = fs.create(new Path(incoming + "/" + MANIFEST), true)) {
                out.write(manifest(runId, exported, absent).getBytes(StandardCharsets.UTF_8));
            }
            publish(fs, base, incoming, id);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the BI snapshot in " + base + ": " + e.getMessage(), e);
        } finally {
            try {
                fs.delete(new Path(incoming), true);
            } catch (IOException e) {
                LOG.warn("could not remove {}: {}", incoming, e.getMessage());
            }
        }
        LOG.info("BI snapshot: {} tables in {}", exported.size(), base);
        return new Result(base, runId, exported, absent);
    }

    private Exported exportTable(Item item, String incoming, FileSystem fs) throws IOException {
        long version = writer.latestVersion(item.table());
        Dataset<Row> rows = writer.readAt(item.table(), version);
        if (item.pseudonymous()) {
            rows = pseudonymised(rows);
        }
        // rows in a stable order, so two exports of the same version are the same bytes
        rows = rows.orderBy(Arrays.stream(rows.columns()).map(c -> col(c).asc_nulls_first()).toArray(Column[]::new)).cache();
        // the labels before the first one set here are given back at the end
        List<JobLabels> labels = new java.util.ArrayList<>();
        try {
            String parquet = item.folder() + "/parquet/" + item.table().name();
            String csv = item.folder() + "/csv/" + item.table().name() + ".csv";
            String previous = spark.conf().get("spark.sql.parquet.outputTimestampType");
            spark.conf().set("spark.sql.parquet.outputTimestampType", "INT96");
            try {
                labels.add(JobLabels.describing(spark, "export " + item.table() + " v" + version + " as Parquet"));
                rows.coalesce(1).write().mode("overwrite").option("compression", "snappy").parquet(incoming + "/" + parquet);
            } finally {
                spark.conf().set("spark.sql.parquet.outputTimestampType", previous);
            }
            removeSideFiles(fs, new Path(incoming + "/" + parquet));
            labels.add(JobLabels.describing(spark, "export " + item.table() + " v" + version + " as CSV"));
            long count;
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(fs.create(new Path(incoming + "/" + csv), true),
                    StandardCharsets.UTF_8))) {
                count = FrenchCsv.write(rows.schema(), rows.toLocalIterator(), out);
            }
            return new Exported(item, version, count, parquet, csv, rows.schema());
        } finally {
            rows.unpersist();
            if (!labels.isEmpty()) {
                labels.get(0).close();
            }
        }
    }

    /** _SUCCESS and checksum files: a folder connector would try to read them as data. */
    private static void removeSideFiles(FileSystem fs, Path folder) throws IOException {
        for (FileStatus f : fs.listStatus(folder)) {
            String name = f.getPath().getName();
            if (!name.endsWith(".parquet")) {
                fs.delete(f.getPath(), false);
            }
        }
    }

    /** Moves the finished snapshot into place: each folder by one rename, the manifest last. */
    /**
     * The work folders of an export killed before it finished (the crash drill found one left on S3): a half-built
     * snapshot, or the previous one it was moving out. An export runs under the lake's writer lock, so none of them is
     * in use; they go before this one starts.
     */
    private static void removeLeftovers(FileSystem fs, String base) {
        try {
            Path folder = new Path(base);
            if (!fs.exists(folder)) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus child : fs.listStatus(folder)) {
                String name = child.getPath().getName();
                if (child.isDirectory() && (name.startsWith(".incoming-") || name.startsWith(".previous-"))) {
                    LOG.warn("removing {}, left by an export that did not finish", child.getPath());
                    fs.delete(child.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    private static void publish(FileSystem fs, String base, String incoming, String id) throws IOException {
        String old = base + "/.previous-" + id;
        fs.mkdirs(new Path(old));
        // a side the new snapshot lacks (pseudonymous, without a secret this time) leaves with the previous one
        for (String folder : List.of(AGGREGATE, PERSONAL, PSEUDONYMOUS)) {
            Path current = new Path(base + "/" + folder);
            Path fresh = new Path(incoming + "/" + folder);
            if (fs.exists(current)) {
                rename(fs, current, new Path(old + "/" + folder));
            }
            if (fs.exists(fresh)) {
                rename(fs, fresh, current);
            }
        }
        Path manifest = new Path(base + "/" + MANIFEST);
        if (fs.exists(manifest)) {
            rename(fs, manifest, new Path(old + "/" + MANIFEST));
        }
        rename(fs, new Path(incoming + "/" + MANIFEST), manifest);
        fs.delete(new Path(old), true);
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not move " + from + " to " + to);
        }
    }

    private String manifest(String runId, List<Exported> exported, List<TableId> absent) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "sport-benefits BI snapshot 1");
        doc.put("exported_at", Instant.now().toString());
        doc.put("lake", writer.paths().root());
        doc.put("run_id", runId);
        if (writer.exists(Tables.FCT_EMPLOYEE_BENEFITS)) {
            doc.put("rules_hashes", com.sportdata.benefits.gold.GoldFigures.rulesHashes(writer.read(Tables.FCT_EMPLOYEE_BENEFITS)));
        }
        List<Map<String, Object>> tables = new ArrayList<>();
        for (Exported e : exported) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("table", e.item().table().name());
            t.put("layer", e.item().table().layer().folder());
            t.put("side", e.item().folder());
            t.put("personal_data", e.item().personal() && !e.item().pseudonymous());
            t.put("delta_version", e.deltaVersion());
            t.put("rows", e.rows());
            t.put("parquet", e.parquet());
            t.put("csv", e.csv());
            List<Map<String, String>> columns = new ArrayList<>();
            for (StructField f : e.schema().fields()) {
                columns.add(Map.of("name", f.name(), "type", f.dataType().simpleString()));
            }
            t.put("columns", columns);
            tables.add(t);
        }
        doc.put("tables", tables);
        doc.put("absent", absent.stream().map(TableId::name).toList());
        doc.put("csv", "UTF-8 with BOM; separator ';'; CRLF; decimal comma; dates yyyy-MM-dd; timestamps yyyy-MM-dd HH:mm:ss UTC;"
                + " booleans VRAI/FAUX");
        doc.put("parquet", "one folder per table; timestamps INT96; decimals DECIMAL(p,s) on INT32/INT64; partition columns in the files");
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    }
}
