package com.sportdata.benefits.bronze;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;

/**
 * Strava-shaped activities, one JSON object per line (the fields of Strava's {@code SummaryActivity}
 * that matter here). A line that is not valid JSON, or whose fields have the wrong type, is kept in
 * {@code _corrupt_record} so silver can quarantine it with its text: nothing is dropped.
 */
public final class StravaJsonSource implements BronzeSource {
    static final StructType FILE_SCHEMA = new StructType()
            .add("id", DataTypes.LongType)
            .add("athlete", new StructType().add("id", DataTypes.LongType))
            .add("name", DataTypes.StringType)
            .add("sport_type", DataTypes.StringType)
            .add("type", DataTypes.StringType)
            .add("start_date", DataTypes.StringType)
            .add("start_date_local", DataTypes.StringType)
            .add("timezone", DataTypes.StringType)
            .add("elapsed_time", DataTypes.LongType)
            .add("moving_time", DataTypes.LongType)
            .add("distance", DataTypes.DoubleType)
            .add("description", DataTypes.StringType)
            .add("commute", DataTypes.BooleanType)
            .add("manual", DataTypes.BooleanType)
            // a tombstone the webhook lands for an activity deleted on Strava: silver takes the activity out
            .add("deleted", DataTypes.BooleanType)
            .add("_corrupt_record", DataTypes.StringType);

    /** As in the file, with {@code athlete.id} flattened to {@code athlete_id}. */
    private static final StructType SCHEMA = flattened();

    private static StructType flattened() {
        StructType schema = new StructType();
        for (org.apache.spark.sql.types.StructField field : FILE_SCHEMA.fields()) {
            schema = field.name().equals("athlete") ? schema.add("athlete_id", DataTypes.LongType) : schema.add(field);
        }
        return schema;
    }

    @Override
    public TableId target() {
        return Tables.STRAVA_ACTIVITIES;
    }

    @Override
    public StructType schema() {
        return SCHEMA;
    }

    @Override
    public Dataset<Row> read(SparkSession spark, LandingZone zone, LandingFile file) {
        if (file.sizeBytes() == 0) {
            throw new UnreadableFileException(file.name(), "empty file (0 bytes)");
        }
        String first = DelimitedSource.headerLine(zone, file).trim();
        if (!first.startsWith("{")) {
            throw new UnreadableFileException(file.name(), "not JSON lines: the first line does not start with '{'");
        }
        Dataset<Row> rows = spark.read()
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", "_corrupt_record")
                .schema(FILE_SCHEMA)
                .json(file.path())
                .cache();
        return rows.select(col("id"), col("athlete.id").as("athlete_id"), col("name"), col("sport_type"), col("type"),
                col("start_date"), col("start_date_local"), col("timezone"), col("elapsed_time"), col("moving_time"),
                col("distance"), col("description"), col("commute"), col("manual"), col("deleted"), col("_corrupt_record"));
    }
}
