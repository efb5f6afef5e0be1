package com.sportdata.benefits.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;

import java.util.Map;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/** Looks a column's value up in a small Java map (enum codes → labels, limits, …), null when absent. */
public final class ColumnMaps {
    private ColumnMaps() {
    }

    public static Column lookup(Column key, Map<String, ?> values, DataType type) {
        Column result = lit(null).cast(type);
        for (Map.Entry<String, ?> e : values.entrySet()) {
            result = when(key.equalTo(e.getKey()), lit(e.getValue()).cast(type)).otherwise(result);
        }
        return result;
    }
}
