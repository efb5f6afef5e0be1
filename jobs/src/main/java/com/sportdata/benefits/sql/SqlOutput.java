package com.sportdata.benefits.sql;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * A query's rows as a terminal table (aligned columns, numbers to the right, at most {@code limit} rows with a note
 * of how many more), as CSV (RFC 4180: comma, dot decimals, a header — for pandas and scripts; the French CSV for
 * Excel is the BI export's) or as JSON lines (one object per row, Spark's own JSON of the row).
 */
public final class SqlOutput {
    public enum Format { TABLE, CSV, JSON;

        public static Format parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new LakeSql.Refused("--format expects table, csv or json, got '" + text + "'");
            }
        }
    }

    private SqlOutput() {
    }

    /** Writes the rows; returns how many were written. */
    /** Every row to {@code target} (a path or URI: local, shared or s3a://), replacing it; returns how many. */
    public static long toFile(org.apache.spark.sql.SparkSession spark, Dataset<Row> rows, Format format, String target) throws IOException {
        try (var stream = com.sportdata.benefits.catalog.LakeFiles.outputFileSystem(spark, target)
                .create(new org.apache.hadoop.fs.Path(target), true);
             var writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8))) {
            long n = write(rows, format, Integer.MAX_VALUE, writer);
            writer.flush();
            return n;
        }
    }

    public static long write(Dataset<Row> rows, Format format, int limit, Writer out) throws IOException {
        return switch (format) {
            case TABLE -> table(rows, limit, out);
            case CSV -> csv(rows, out);
            case JSON -> json(rows, out);
        };
    }

    private static long table(Dataset<Row> rows, int limit, Writer out) throws IOException {
        String[] columns = rows.columns();
        List<Row> taken = rows.limit(limit + 1).collectAsList();
        boolean more = taken.size() > limit;
        List<Row> shown = more ? taken.subList(0, limit) : taken;
        List<String[]> cells = new ArrayList<>();
        int[] width = new int[columns.length];
        boolean[] numeric = new boolean[columns.length];
        for (int c = 0; c < columns.length; c++) {
            width[c] = columns[c].length();
            numeric[c] = rows.schema().fields()[c].dataType() instanceof org.apache.spark.sql.types.NumericType;
        }
        for (Row row : shown) {
            String[] line = new String[columns.length];
            for (int c = 0; c < columns.length; c++) {
                line[c] = text(row, c).replace('\n', ' ');
                width[c] = Math.max(width[c], line[c].length());
            }
            cells.add(line);
        }
        out.write(line(columns, width, new boolean[columns.length]));
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < columns.length; c++) {
            rule.append(c == 0 ? "" : "-+-").append("-".repeat(width[c]));
        }
        out.write(rule.append('\n').toString());
        for (String[] line : cells) {
            out.write(line(line, width, numeric));
        }
        if (more) {
            out.write("(first " + limit + " rows shown; more with --limit N, or --format csv --output FILE for all)\n");
        } else {
            out.write("(" + shown.size() + (shown.size() == 1 ? " row)\n" : " rows)\n"));
        }
        return shown.size();
    }

    private static String line(String[] values, int[] width, boolean[] right) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < values.length; c++) {
            String pad = " ".repeat(width[c] - values[c].length());
            s.append(c == 0 ? "" : " | ").append(right[c] ? pad + values[c] : values[c] + pad);
        }
        return s.toString().stripTrailing() + "\n";
    }

    private static long csv(Dataset<Row> rows, Writer out) throws IOException {
        String[] columns = rows.columns();
        out.write(String.join(",", java.util.Arrays.stream(columns).map(SqlOutput::quote).toList()) + "\n");
        long n = 0;
        Iterator<Row> it = rows.toLocalIterator();
        while (it.hasNext()) {
            Row row = it.next();
            List<String> values = new ArrayList<>();
            for (int c = 0; c < columns.length; c++) {
                values.add(row.isNullAt(c) ? "" : quote(text(row, c)));
            }
            out.write(String.join(",", values) + "\n");
            n++;
        }
        return n;
    }

    private static long json(Dataset<Row> rows, Writer out) throws IOException {
        long n = 0;
        Iterator<String> it = rows.toJSON().toLocalIterator();
        while (it.hasNext()) {
            out.write(it.next() + "\n");
            n++;
        }
        return n;
    }

    /** A cell as text: arrays and maps through Spark's Java accessors (no Scala collection outside the adapters). */
    static String text(Row row, int c) {
        if (row.isNullAt(c)) {
            return "NULL";
        }
        org.apache.spark.sql.types.DataType type = row.schema().fields()[c].dataType();
        if (type instanceof org.apache.spark.sql.types.ArrayType) {
            return row.getList(c).toString();
        }
        if (type instanceof org.apache.spark.sql.types.MapType) {
            return new java.util.TreeMap<>(row.getJavaMap(c)).toString();
        }
        return text(row.get(c));
    }

    static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double d) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        return value.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
