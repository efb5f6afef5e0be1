package com.sportdata.benefits.history;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * An order-independent fingerprint of rows: SHA-256 over the sorted SHA-256 of each row's JSON (columns in
 * name order, so column order does not matter either). Equal hashes = the same multiset of rows.
 */
public record ContentHash(long rows, String sha256) {

    public static ContentHash of(Dataset<Row> rows, String... ignoredColumns) {
        List<String> ignored = Arrays.asList(ignoredColumns);
        Column[] kept = Arrays.stream(rows.columns()).filter(c -> !ignored.contains(c)).sorted().map(c -> col("`" + c + "`"))
                .toArray(Column[]::new);
        List<String> rowHashes = rows.select(sha2(to_json(struct(kept)), 256)).as(Encoders.STRING()).collectAsList()
                .stream().sorted().toList();
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            rowHashes.forEach(h -> digest.update(h.getBytes(StandardCharsets.US_ASCII)));
            return new ContentHash(rowHashes.size(), HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "161 rows, 3f2a…" for people. */
    public String shortText() {
        return rows + " rows, " + sha256.substring(0, 12);
    }
}
