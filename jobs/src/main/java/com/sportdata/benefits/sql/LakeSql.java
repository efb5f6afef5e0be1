package com.sportdata.benefits.sql;

import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.catalog.LakePaths;
import com.sportdata.benefits.catalog.Layer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark SQL over a lake, read-only. Every Delta table is known by {@code <layer>_<table>}
 * ({@code gold_fct_employee_benefits}, {@code ops_run_ledger}) and a scenario's by {@code scenario_<name>_<table>}.
 * A name is rewritten to {@code delta.`<path>`} before Spark sees the statement, so time travel works on it
 * ({@code gold_kpi_benefits_by_period VERSION AS OF 3}, {@code TIMESTAMP AS OF '2026-06-30'}) — Spark refuses time
 * travel on temporary views — and nothing is registered or written anywhere. A statement that would write (INSERT,
 * UPDATE, DELETE, MERGE, CREATE, DROP, ALTER, VACUUM, OPTIMIZE, RESTORE, SET, …) is refused before it runs;
 * DESCRIBE, SHOW and EXPLAIN are allowed.
 */
public final class LakeSql {
    /** A statement refused, or a name unknown: a usage problem, said in one line. */
    public static final class Refused extends IllegalArgumentException {
        public Refused(String message) {
            super(message);
        }
    }

    private static final Pattern QUOTED = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`");
    private static final Pattern LAKE_NAME = Pattern.compile("(?i)\\b((?:bronze|silver|gold|ops|scenario)_\\w+)\\b");

    private final SparkSession spark;
    private final LakePaths paths;
    private Map<String, String> tables;

    public LakeSql(SparkSession spark, LakePaths paths) {
        this.spark = spark;
        this.paths = paths;
    }

    /** Every table of the lake by its SQL name, sorted, with its location. */
    public Map<String, String> tables() {
        if (tables == null) {
            Map<String, String> found = new TreeMap<>();
            for (Layer layer : Layer.values()) {
                deltaFolders(paths.layerFolder(layer)).forEach((name, path) -> found.put(layer.folder() + "_" + name, path));
            }
            for (Map.Entry<String, String> scenario : folders(paths.scenarios()).entrySet()) {
                String prefix = "scenario_" + scenario.getKey().replaceAll("\\W", "_") + "_";
                deltaFolders(scenario.getValue()).forEach((name, path) -> found.put(prefix + name, path));
            }
            tables = found;
        }
        return tables;
    }

    /** The statement with lake names replaced by their Delta paths; refused when it names an unknown table or would write. */
    public String rewrite(String sql) {
        String statement = sql.trim().replaceAll(";\\s*$", "");
        if (statement.isEmpty()) {
            throw new Refused("no SQL statement given");
        }
        StringBuilder out = new StringBuilder();
        int last = 0;
        Matcher quoted = QUOTED.matcher(statement);
        while (quoted.find()) {
            out.append(replaceNames(statement.substring(last, quoted.start())));
            out.append(quoted.group());
            last = quoted.end();
        }
        out.append(replaceNames(statement.substring(last)));
        String rewritten = out.toString();
        LogicalPlan plan;
        try {
            plan = spark.sessionState().sqlParser().parsePlan(rewritten);
        } catch (Exception e) {   // ParseException: checked in Java's eyes
            throw new Refused("cannot parse the statement: " + firstLine(e.getMessage()));
        }
        String kind = plan.getClass().getSimpleName();
        boolean readOnlyCommand = kind.startsWith("Describe") || kind.startsWith("Show") || kind.startsWith("Explain");
        if ((plan instanceof Command && !readOnlyCommand) || plan instanceof InsertIntoStatement) {
            throw new Refused("refused: `sql` only reads the lake, and this statement would change something (" + kind
                    + "); use the product's commands to write");
        }
        return rewritten;
    }

    /** Runs a read-only statement over the lake. */
    public Dataset<Row> query(String sql) {
        String rewritten = rewrite(sql);
        try {
            spark.sparkContext().setJobDescription("sql: " + sql.trim());
            return spark.sql(rewritten);
        } catch (Exception e) {   // Spark's AnalysisException is checked in Java's eyes but undeclared
            if (e instanceof AnalysisException || e.getClass().getSimpleName().contains("Analysis")) {
                String message = firstLine(e.getMessage()).replace(paths.root() + "/", "");
                if (message.contains("TABLE_OR_VIEW_NOT_FOUND") || message.contains("cannot be found")) {
                    throw new Refused(message + " — the lake's tables: " + String.join(", ", tables().keySet()));
                }
                throw new Refused(message);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private String replaceNames(String text) {
        Matcher m = LAKE_NAME.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).toLowerCase(java.util.Locale.ROOT);
            String path = tables().get(name);
            if (path == null) {
                throw new Refused("unknown table " + m.group(1) + " — the lake's tables: " + String.join(", ", tables().keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement("delta.`" + path + "`"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Map<String, String> deltaFolders(String folder) {
        Map<String, String> found = new TreeMap<>();
        folders(folder).forEach((name, path) -> {
            if (LakeFiles.exists(spark, path + "/_delta_log")) {
                found.put(name, path);
            }
        });
        return found;
    }

    private Map<String, String> folders(String folder) {
        Map<String, String> found = new TreeMap<>();
        try {
            FileSystem fs = LakeFiles.fileSystem(spark, folder);
            Path dir = new Path(folder);
            if (!fs.exists(dir)) {
                return found;
            }
            for (FileStatus status : fs.listStatus(dir)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
                    found.put(name, folder + "/" + name);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        return found;
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
