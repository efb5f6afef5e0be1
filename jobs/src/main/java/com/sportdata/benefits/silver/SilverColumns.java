package com.sportdata.benefits.silver;

import com.sportdata.benefits.pipeline.TableJob;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.Arrays;
import org.apache.spark.sql.types.DataTypes;


import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

/** Column helpers shared by the silver tables: parsing what bronze kept as text, and reject reasons. */
final class SilverColumns {
    private SilverColumns() {
    }

    /** {@code columns} followed by the columns named in {@code keep}. */
    static Column[] plus(String[] keep, Column... columns) {
        Column[] all = Arrays.copyOf(columns, columns.length + keep.length);
        for (int i = 0; i < keep.length; i++) {
            all[columns.length + i] = col(keep[i]);
        }
        return all;
    }

    /** A reason for each condition that holds; empty array when the row is valid. */
    static Column reasons(Column... reasonsWhen) {
        return array_compact(array(reasonsWhen));
    }

    static Column reasonWhen(Column condition, Column reason) {
        return when(condition, reason);
    }

    static Column reasonWhen(Column condition, String reason) {
        return when(condition, lit(reason));
    }

    /** A whole positive number written as text ("59019.0" → 59019); null otherwise. */
    static Column wholeNumber(Column text) {
        Column d = trim(text).cast(DataTypes.DoubleType);
        return when(d.isNotNull().and(d.equalTo(floor(d))).and(d.gt(0)), d.cast(DataTypes.LongType));
    }

    /** An Excel serial date ("33060.0" → 1990-07-05), or an ISO / French text date. */
    static Column excelOrTextDate(Column text) {
        Column serial = trim(text).cast(DataTypes.DoubleType);
        Column fromSerial = when(serial.between(1, 2_958_465), date_add(lit("1899-12-30").cast(DataTypes.DateType),
                floor(serial).cast(DataTypes.IntegerType)));
        return coalesce(fromSerial, to_date(trim(text), "yyyy-MM-dd"), to_date(trim(text), "dd/MM/yyyy"));
    }

    /** A local date-time written in one of the accepted text shapes; null when none matches. */
    /**
     * Why a sport name is refused, naming the key to declare it under: {@code unknown sport 'Zumba fitness': not in the
     * sport catalogue; declare "zumbafitness" = <one of its sports> in activities.sport-aliases}.
     */
    static Column unknownSport(Column raw) {
        return concat(lit("unknown sport '"), coalesce(raw, lit("")), lit("': not in the sport catalogue; declare \""),
                coalesce(com.sportdata.benefits.spark.RuleUdfs.matchKey(raw), lit("")),
                lit("\" = <one of its sports> in activities.sport-aliases"));
    }

    static Column localDateTime(Column text) {
        Column t = trim(text);
        return coalesce(to_timestamp(t, "yyyy-MM-dd HH:mm:ss"), to_timestamp(t, "yyyy-MM-dd'T'HH:mm:ss"),
                to_timestamp(t, "yyyy-MM-dd HH:mm"), to_timestamp(t, "dd/MM/yyyy HH:mm:ss"), to_timestamp(t, "dd/MM/yyyy HH:mm"));
    }

    /**
     * Keeps the rows of the most recently ingested file only (newest {@code _ingested_at}, then file name):
     * for sources delivered as full snapshots (HR, declarations, reference data), where an employee missing
     * from the latest file is no longer there. Rows sharing a key inside that file are counted in
     * {@value #DUPLICATES_IN_FILE}, for the caller to reject.
     */
    static Dataset<Row> latestSnapshot(Dataset<Row> rows, Column... keys) {
        // A file is identified by its content and ingestion, not its name: a corrected file re-delivered
        // under the same name is a new snapshot.
        Dataset<Row> latestFile = rows.groupBy("_ingested_at", "_source_file", "_source_sha256").count()
                .orderBy(col("_ingested_at").desc(), col("_source_file").desc(), col("_source_sha256").desc()).limit(1)
                .select("_ingested_at", "_source_sha256");
        return rows.join(latestFile, new String[] {"_ingested_at", "_source_sha256"}, "left_semi")
                .withColumn(DUPLICATES_IN_FILE, count(lit(1)).over(Window.partitionBy(keys)));
    }

    /** Column holding, for each kept row, how many rows share its key in the same file. */
    static final String DUPLICATES_IN_FILE = "_duplicates_in_file";

    /**
     * Keeps, for each key, the rows of the most recently ingested file holding that key (newest
     * {@code _ingested_at}, then file name): a newer file supersedes an older one. Rows sharing a key
     * inside that file are all kept and counted in {@value #DUPLICATES_IN_FILE}, for the caller to reject.
     * A row without its key (null or blank: an unreadable line, an empty id cell) supersedes nothing and is
     * superseded by nothing: it is kept, alone, for the caller to reject — keyless rows of different files are not
     * versions of one another (ranking them together silently dropped all but the newest file's).
     */
    static Dataset<Row> latestFilePerKey(Dataset<Row> rows, Column... keys) {
        Column keyless = java.util.Arrays.stream(keys).map(k -> k.isNull().or(trim(k.cast("string")).equalTo("")))
                .reduce(Column::or).orElseThrow();
        return rows.withColumn("_keyless", keyless)
                .withColumn("_file_rank", when(col("_keyless"), lit(1)).otherwise(dense_rank().over(Window.partitionBy(keys)
                        .orderBy(col("_ingested_at").desc(), col("_source_file").desc()))))
                .filter(col("_file_rank").equalTo(1))
                .withColumn(DUPLICATES_IN_FILE, when(col("_keyless"), lit(1L)).otherwise(count(lit(1)).over(Window.partitionBy(keys))))
                .drop("_file_rank", "_keyless");
    }

    /** The bronze row as received (business columns, or the corrupt text), as JSON, for quarantine. */
    static Column rawRow(Dataset<Row> bronze) {
        Column[] business = Arrays.stream(bronze.columns())
                .filter(c -> !c.startsWith("_") || c.equals("_corrupt_record"))
                .map(c -> col(c)).toArray(Column[]::new);
        return to_json(struct(business)).as(TableJob.RAW_ROW);
    }

    /** Drops a trailing zone designator: Strava writes local times with a misleading "Z". */
    static Column stripZone(Column text) {
        return regexp_replace(trim(text), "(Z|[+-]\\d\\d:?\\d\\d)$", "");
    }
}
