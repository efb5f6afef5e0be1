package com.sportdata.benefits.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

import java.util.Arrays;
import java.util.Set;

import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Content fingerprints of tables, whatever the row order: row count, sum and xor of a 64-bit row hash, xor of a
 * second 32-bit one, over the columns (sorted by name) that hold content. Distributed aggregates: nothing is
 * collected but one line per group.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** One fingerprint of the whole of {@code rows}, every column counted. */
    public static String of(Dataset<Row> rows) {
        return text(aggregate(rows.groupBy(), rows, Set.of()).first(), 0);
    }

    /** One line per group: the group's columns, then four aggregates ({@link #text} reads them). */
    public static Dataset<Row> aggregate(RelationalGroupedDataset groups, Dataset<Row> rows, Set<String> notContent) {
        Column[] content = Arrays.stream(rows.columns()).filter(c -> !notContent.contains(c)).sorted().map(c -> col("`" + c + "`"))
                .toArray(Column[]::new);
        Column h1 = xxhash64(content);
        Column h2 = hash(content);
        return groups.agg(count(lit(1)).as("n"), sum(h1.cast("decimal(38,0)")).as("s"), bit_xor(h1).as("x"), bit_xor(h2).as("y"));
    }

    /** The fingerprint held in a row of {@link #aggregate} from column {@code first} on. */
    public static String text(Row r, int first) {
        return r.get(first) + ":" + r.get(first + 1) + ":" + r.get(first + 2) + ":" + r.get(first + 3);
    }
}
