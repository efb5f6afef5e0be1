package com.sportdata.benefits.catalog;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a small Delta table's current rows in this JVM with Delta Kernel — no Spark session, no job: what the
 * read-only commands use for the ops tables (the run ledger, the rules register), so a person asking `runs` or `rules`
 * waits for a JVM and one table, not for Spark. Large tables (bronze, silver, gold) are Spark's business.
 */
public final class DeltaRows {
    private final Engine engine;

    public DeltaRows(Configuration hadoop) {
        this.engine = DefaultEngine.create(hadoop);
    }

    /** Every row of the table at {@code path} (its latest version); empty when there is no table there. */
    public List<Record> read(String path) {
        Snapshot snapshot;
        try {
            snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
        } catch (TableNotFoundException e) {
            return List.of();
        }
        return read(path, snapshot);
    }

    /** Every row of the table at {@code path} as it was at {@code version}. */
    public List<Record> read(String path, long version) {
        return read(path, Table.forPath(engine, path).getSnapshotAsOfVersion(engine, version));
    }

    private List<Record> read(String path, Snapshot snapshot) {
        Scan scan = snapshot.getScanBuilder(engine).build();
        io.delta.kernel.data.Row state = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(engine, state);
        List<Record> out = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
                    while (fileRows.hasNext()) {
                        io.delta.kernel.data.Row file = fileRows.next();
                        CloseableIterator<ColumnarBatch> data = engine.getParquetHandler().readParquetFiles(
                                Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)), physical, Optional.empty());
                        try (CloseableIterator<FilteredColumnarBatch> logical = Scan.transformPhysicalData(engine, state, file, data)) {
                            while (logical.hasNext()) {
                                try (CloseableIterator<io.delta.kernel.data.Row> rows = logical.next().getRows()) {
                                    rows.forEachRemaining(r -> out.add(record(r)));
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Delta table " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The data files a version of the table references, as its log says (absolute paths), whether or not they are
     * still in storage, and whatever a Spark session keeps of that version in memory.
     */
    public List<String> files(String path, long version) {
        return files(path, Table.forPath(engine, path).getSnapshotAsOfVersion(engine, version));
    }

    /** The data files the table's latest version references (see {@link #files(String, long)}). */
    public List<String> files(String path) {
        return files(path, Table.forPath(engine, path).getLatestSnapshot(engine));
    }

    private List<String> files(String path, Snapshot snapshot) {
        Scan scan = snapshot.getScanBuilder(engine).build();
        List<String> out = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
            while (files.hasNext()) {
                try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
                    fileRows.forEachRemaining(file -> out.add(InternalScanFileUtils.getAddFileStatus(file).getPath()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files of the Delta table " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Record record(io.delta.kernel.data.Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<StructField> fields = row.getSchema().fields();
        for (int i = 0; i < fields.size(); i++) {
            values.put(fields.get(i).getName(), row.isNullAt(i) ? null : value(fields.get(i).getDataType(), row, i));
        }
        return new Record(values);
    }

    private static Object value(DataType type, io.delta.kernel.data.Row row, int i) {
        if (type instanceof ArrayType a) {
            ArrayValue array = row.getArray(i);
            List<Object> out = new ArrayList<>(array.getSize());
            for (int k = 0; k < array.getSize(); k++) {
                out.add(element(a.getElementType(), array.getElements(), k));
            }
            return out;
        }
        if (type instanceof MapType m) {
            MapValue map = row.getMap(i);
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int k = 0; k < map.getSize(); k++) {
                out.put(element(m.getKeyType(), map.getKeys(), k), element(m.getValueType(), map.getValues(), k));
            }
            return out;
        }
        return scalar(type, new Scalar() {
            public String string() { return row.getString(i); }
            public long int64() { return row.getLong(i); }
            public int int32() { return row.getInt(i); }
            public double float64() { return row.getDouble(i); }
            public boolean bool() { return row.getBoolean(i); }
            public BigDecimal decimal() { return row.getDecimal(i); }
        }, row.getSchema().fields().get(i).getName());
    }

    private static Object element(DataType type, ColumnVector vector, int k) {
        return vector.isNullAt(k) ? null : scalar(type, new Scalar() {
            public String string() { return vector.getString(k); }
            public long int64() { return vector.getLong(k); }
            public int int32() { return vector.getInt(k); }
            public double float64() { return vector.getDouble(k); }
            public boolean bool() { return vector.getBoolean(k); }
            public BigDecimal decimal() { return vector.getDecimal(k); }
        }, "an array or map element");
    }

    /** One non-null value, however Kernel holds it (a row's field, a vector's element). */
    private interface Scalar {
        String string();

        long int64();

        int int32();

        double float64();

        boolean bool();

        BigDecimal decimal();
    }

    private static Object scalar(DataType type, Scalar value, String what) {
        if (type instanceof StringType) {
            return value.string();
        } else if (type instanceof LongType) {
            return value.int64();
        } else if (type instanceof IntegerType) {
            return value.int32();
        } else if (type instanceof DoubleType) {
            return value.float64();
        } else if (type instanceof BooleanType) {
            return value.bool();
        } else if (type instanceof DecimalType) {
            return value.decimal();
        } else if (type instanceof TimestampType) {
            return timestamp(value.int64());
        } else if (type instanceof DateType) {
            return Date.valueOf(java.time.LocalDate.ofEpochDay(value.int32()));
        }
        throw new IllegalArgumentException(what + ": type " + type + " is not read without Spark");
    }

    /** Delta's timestamps are microseconds since the epoch (UTC). */
    private static Timestamp timestamp(long micros) {
        Timestamp t = new Timestamp(Math.floorDiv(micros, 1000));
        t.setNanos((int) Math.floorMod(micros, 1_000_000) * 1000);
        return t;
    }
}
