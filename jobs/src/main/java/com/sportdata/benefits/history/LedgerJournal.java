package com.sportdata.benefits.history;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sportdata.benefits.catalog.LakeFiles;
import com.sportdata.benefits.catalog.Record;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run ledger's rows as soon as an attempt ends, one small JSON file each in {@code ops/_ledger_journal/}: what lets
 * the ledger itself take a command's rows in one commit at its end. A process that dies before that commit leaves its
 * rows here, and the next command that holds the lake's lock appends them ({@link RunLedger#recover()}) before it reads
 * the ledger — so a killed run is resumed from what its finished stages committed, as when each row was its own commit.
 */
final class LedgerJournal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** A journaled row and the file that holds it. */
    record Journaled(RunLedger.Entry entry, Path file) {
    }

    private final SparkSession spark;
    private final String folder;

    LedgerJournal(SparkSession spark, String folder) {
        this.spark = spark;
        this.folder = folder;
    }

    /** Writes one row, whole (synced before it returns); its file's path. */
    Path write(RunLedger.Entry entry, Row row) {
        // names sort in the order the rows were written: time, then a per-process sequence
        Path file = new Path(folder, String.format("%019d-%09d-%s-%s-%d.json", System.currentTimeMillis(), SEQUENCE.incrementAndGet(),
                entry.runId(), entry.stage(), entry.attempt()));
        try (FSDataOutputStream out = fs().create(file, false)) {
            out.write(JSON.writeValueAsBytes(values(row)));
            out.hsync();
        } catch (IOException e) {
            throw new IllegalStateException("cannot journal the ledger row of " + entry.runId() + " " + entry.stage() + " in " + folder
                    + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Every journaled row, oldest first (a file cut short by a crash while it was written is skipped: its row was not ended). */
    List<Journaled> read() {
        List<Journaled> rows = new ArrayList<>();
        try {
            FileSystem fs = fs();
            Path dir = new Path(folder);
            if (!fs.exists(dir)) {
                return rows;
            }
            List<FileStatus> files = new ArrayList<>(Arrays.asList(fs.listStatus(dir, p -> p.getName().endsWith(".json"))));
            files.sort(Comparator.comparing(s -> s.getPath().getName()));
            for (FileStatus file : files) {
                try (InputStream in = fs.open(file.getPath())) {
                    Map<String, Object> values = JSON.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            new TypeReference<LinkedHashMap<String, Object>>() { });
                    rows.add(new Journaled(RunLedger.entry(new Record(typed(values))), file.getPath()));
                } catch (com.fasterxml.jackson.core.JsonProcessingException partial) {
                    rows.add(new Journaled(null, file.getPath()));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the run ledger's journal " + folder + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Removes journaled files whose rows the ledger now holds. */
    void delete(List<Path> files) {
        try {
            FileSystem fs = fs();
            for (Path file : files) {
                fs.delete(file, false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove files of the run ledger's journal " + folder + ": " + e.getMessage(), e);
        }
    }

    private FileSystem fs() {
        return LakeFiles.fileSystem(spark, folder);
    }

    /** A ledger row as JSON values: times and dates as ISO text. */
    private static Map<String, Object> values(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        StructField[] fields = RunLedger.SCHEMA.fields();
        for (int i = 0; i < fields.length; i++) {
            Object v = row.get(i);
            values.put(fields[i].name(), v instanceof Timestamp t ? t.toInstant().toString() : v instanceof Date d ? d.toLocalDate().toString() : v);
        }
        return values;
    }

    /** JSON values back as the ledger's column types (a Record as Spark would read it). */
    private static Map<String, Object> typed(Map<String, Object> json) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (StructField field : RunLedger.SCHEMA.fields()) {
            values.put(field.name(), typed(json.get(field.name()), field.dataType()));
        }
        return values;
    }

    private static Object typed(Object v, DataType type) {
        if (v == null) {
            return null;
        }
        if (type.equals(DataTypes.TimestampType)) {
            return Timestamp.from(Instant.parse((String) v));
        }
        if (type.equals(DataTypes.DateType)) {
            return Date.valueOf(LocalDate.parse((String) v));
        }
        if (type.equals(DataTypes.LongType)) {
            return ((Number) v).longValue();
        }
        if (type.equals(DataTypes.IntegerType)) {
            return ((Number) v).intValue();
        }
        if (type instanceof MapType map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> out.put(String.valueOf(k), typed(x, map.valueType())));
            return out;
        }
        if (type instanceof ArrayType array) {
            return ((List<?>) v).stream().map(x -> typed(x, array.elementType())).toList();
        }
        return v;
    }
}
