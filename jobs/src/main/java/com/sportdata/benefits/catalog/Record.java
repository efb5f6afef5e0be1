package com.sportdata.benefits.catalog;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a table as plain Java values by column name — String, Integer, Long, Double, Boolean, BigDecimal,
 * {@link Timestamp}, {@link Date}, {@link List}, {@link Map} — whether Spark read it ({@link #of(Row)}) or Delta Kernel
 * did ({@link DeltaRows}), so the code that turns rows into the product's records is written once for both. A column
 * the table does not have (rows written before it was added) reads as null.
 */
public record Record(Map<String, Object> values) {
    public Record {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A Spark row's values (its arrays and maps as Java lists and maps). */
    public static Record of(Row row) {
        Map<String, Object> values = new LinkedHashMap<>();
        StructField[] fields = row.schema().fields();
        for (int i = 0; i < fields.length; i++) {
            Object value;
            if (row.isNullAt(i)) {
                value = null;
            } else if (fields[i].dataType() instanceof MapType) {
                value = row.getJavaMap(i);
            } else if (fields[i].dataType() instanceof ArrayType) {
                value = row.getList(i);
            } else {
                value = row.get(i);
            }
            values.put(fields[i].name(), value);
        }
        return new Record(values);
    }

    public boolean has(String column) {
        return values.get(column) != null;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String column) {
        return (T) values.get(column);
    }

    public String string(String column) {
        Object v = values.get(column);
        return v == null ? null : v.toString();
    }

    public java.time.Instant instant(String column) {
        Timestamp t = get(column);
        return t == null ? null : t.toInstant();
    }

    public java.time.LocalDate date(String column) {
        Date d = get(column);
        return d == null ? null : d.toLocalDate();
    }

    public <V> Map<String, V> map(String column) {
        Map<String, V> m = get(column);
        return m == null ? Map.of() : m;
    }

    public <E> List<E> list(String column) {
        List<E> l = get(column);
        return l == null ? List.of() : l;
    }
}
