package com.sportdata.benefits.history;

import com.sportdata.benefits.catalog.Record;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableWriter;
import com.sportdata.benefits.pipeline.WriteMode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * What people told the product they know about ({@code ops.acknowledgements}), so it stops repeating it: a rejected
 * landing file left in place ({@code landing ack}), defaults in {@code conf/} that differ from the parameters of
 * record on purpose ({@code rules ack}). An acknowledgement holds for one exact state — the file's content, the two
 * values — so anything new (another file, other content, another value) speaks again. Grain: one row per
 * acknowledgement; rows are only appended, so who acknowledged what, when and why stays readable.
 */
public final class Acknowledgements {
    public static final StructType SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("subject", DataTypes.StringType, false)
            .add("state", DataTypes.StringType, false)
            .add("detail", DataTypes.StringType)
            .add("reason", DataTypes.StringType)
            .add("acknowledged_by", DataTypes.StringType)
            .add("acknowledged_at", DataTypes.TimestampType)
            .add("run_id", DataTypes.StringType);

    /** What can be acknowledged. */
    public enum Kind {
        /** subject: the file's landing location; state: its content's SHA-256 */
        LANDING_FILE,
        /** subject: the parameter key; state: "value of record → value in the defaults" for the years named */
        RULES_DEFAULT
    }

    /** One thing acknowledged, in the state it was seen. */
    public record Item(Kind kind, String subject, String state, String detail) {
        String key() {
            return kind + "|" + subject + "|" + state;
        }
    }

    private final SparkSession spark;
    private final TableWriter writer;

    public Acknowledgements(SparkSession spark, TableWriter writer) {
        this.spark = spark;
        this.writer = writer;
    }

    /** The items among {@code items} acknowledged in exactly their state (one small read, only when asked). */
    public Set<Item> acknowledged(List<Item> items) {
        if (items.isEmpty() || !writer.exists(Tables.ACKNOWLEDGEMENTS)) {
            return Set.of();
        }
        return acknowledged(items, writer.read(Tables.ACKNOWLEDGEMENTS).filter(col("kind").isin(items.stream().map(i -> i.kind().name())
                .distinct().toArray())).select("kind", "subject", "state").collectAsList().stream().map(Record::of).toList());
    }

    /** The same, from the table's rows (read without Spark by a read-only command). */
    public static Set<Item> acknowledged(List<Item> items, List<Record> rows) {
        Set<String> keys = new HashSet<>();
        rows.forEach(r -> keys.add(r.string("kind") + "|" + r.string("subject") + "|" + r.string("state")));
        Set<Item> known = new HashSet<>();
        items.stream().filter(i -> keys.contains(i.key())).forEach(known::add);
        return known;
    }

    /** Records {@code items} as acknowledged by this command's user, for {@code reason}; returns how many were new. */
    public int record(List<Item> items, String reason, RunContext run) {
        Set<Item> already = acknowledged(items);
        List<Item> fresh = items.stream().filter(i -> !already.contains(i)).distinct().toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(Instant.now());
        String by = System.getProperty("user.name");
        List<Row> rows = fresh.stream().map(i -> RowFactory.create(i.kind().name(), i.subject(), i.state(), i.detail(), reason, by, now,
                run.runId())).toList();
        writer.write(spark.createDataFrame(rows, SCHEMA), Tables.ACKNOWLEDGEMENTS, new WriteMode.Append(List.of()), run,
                "acknowledged: " + reason);
        return fresh.size();
    }
}
